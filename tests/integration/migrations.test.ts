/** Migrations: committed files match the schema for both providers, apply once, and drift is caught. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import BetterSqlite3 from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { migrateDatabase } from "@/lib/server/migrate";
import { findDrift } from "@/scripts/db";
import { postgresSchemaFrom } from "@/scripts/schema-engine/schemas";
import { PG_SERVER_URL } from "@/tests/helpers/databases";

const TABLES = ["calls", "daily_usage", "ingest_keys", "meta", "price_overrides", "reprice_runs"];

describe("schema and migrations", () => {
  it("agree for SQLite and PostgreSQL", async () => {
    expect(await findDrift()).toEqual([]);
  });

  it("a drift is reported for both providers", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tally-drift-"));
    const schema = fs.readFileSync("prisma/schema.prisma", "utf8").replace("  quality ", "  newColumn String?\n  quality ");
    fs.writeFileSync(path.join(dir, "schema.prisma"), schema);
    fs.writeFileSync(path.join(dir, "pg.prisma"), postgresSchemaFrom(schema));
    const problems = await findDrift({ schemaPath: path.join(dir, "schema.prisma"), postgresSchemaPath: path.join(dir, "pg.prisma") });
    fs.rmSync(dir, { recursive: true, force: true });
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^sqlite: .*newColumn/s);
    expect(problems[1]).toMatch(/^postgresql: .*newColumn/s);
  });
});

describe("migrateDatabase", () => {
  it("creates the tables in a new SQLite file (and its folder), once", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tally-mig-"));
    const url = `file:${path.join(dir, "nested", "tally.db")}`;
    expect((await migrateDatabase(url)).applied).toHaveLength(1);
    expect((await migrateDatabase(url)).applied).toEqual([]);
    const db = new BetterSqlite3(path.join(dir, "nested", "tally.db"));
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[];
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
    expect(tables.map((t) => t.name)).toEqual(expect.arrayContaining([...TABLES, "_prisma_migrations"]));
  });

  it("applies each migration exactly once when two instances start together on PostgreSQL", async () => {
    const name = `tally_mig_${Date.now().toString(36)}`;
    const admin = new pg.Client({ connectionString: `${PG_SERVER_URL}/postgres` });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    try {
      const url = `${PG_SERVER_URL}/${name}`;
      const [a, b] = await Promise.all([migrateDatabase(url), migrateDatabase(url)]);
      expect(a.applied.length + b.applied.length).toBe(1);
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      const tables = await client.query("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename");
      const recorded = await client.query(`SELECT migration_name FROM "_prisma_migrations"`);
      await client.end();
      expect(tables.rows.map((r) => r.tablename)).toEqual(expect.arrayContaining(TABLES));
      expect(recorded.rowCount).toBe(1);
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    }
  });

  it("refuses a migration that was edited after it was applied", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tally-mig-"));
    fs.cpSync("prisma/migrations", path.join(dir, "migrations"), { recursive: true });
    const url = `file:${path.join(dir, "tally.db")}`;
    await migrateDatabase(url, { migrationsRoot: path.join(dir, "migrations") });
    const [folder] = fs.readdirSync(path.join(dir, "migrations", "sqlite")).filter((f) => f.includes("_"));
    fs.appendFileSync(path.join(dir, "migrations", "sqlite", folder, "migration.sql"), "\n-- edited\n");
    await expect(migrateDatabase(url, { migrationsRoot: path.join(dir, "migrations") })).rejects.toThrow(/changed after it was applied/);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
