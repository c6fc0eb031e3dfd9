/**
 * Migrations: the committed files produce the schema for both providers (and the check fails when they
 * do not), and migrateDatabase applies them once, with bookkeeping Prisma itself accepts, on real
 * SQLite files and real PostgreSQL databases.
 */
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import BetterSqlite3 from "better-sqlite3";
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { sqlitePath } from "@/lib/server/db";
import { migrateDatabase } from "@/lib/server/migrate";
import { migrationStatus } from "@/scripts/schema-engine/engine";
import { postgresSchemaFrom } from "@/scripts/schema-engine/postgres-schema.mjs";
import { createMigration, findDrift, pathsUnder } from "@/scripts/schema-engine/workflow";
import { createEmptyPostgresDatabase } from "@/tests/helpers/databases";

const ROOT = path.resolve(import.meta.dirname, "..", "..");
const MIGRATIONS = path.join(ROOT, "prisma", "migrations");
const TABLES = ["admin_report_imports", "admin_report_lines", "alert_deliveries", "alert_destinations", "alert_rules", "alerts", "budgets", "calls", "chargeback_rules", "daily_histograms", "daily_usage", "ingest_keys", "meta", "month_closes", "price_overrides", "report_deliveries", "report_recipients", "reprice_runs", "scenarios"];

const committed = (provider: "sqlite" | "postgresql") =>
  fs
    .readdirSync(path.join(MIGRATIONS, provider))
    .filter((name) => fs.existsSync(path.join(MIGRATIONS, provider, name, "migration.sql")))
    .sort();

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A copy of the project's prisma/ folder in a temporary root, with its schema edited. */
function projectCopy(editSchema: (schema: string) => string): string {
  const root = tempDir("tally-drift-");
  fs.cpSync(path.join(ROOT, "prisma"), path.join(root, "prisma"), { recursive: true });
  const schema = editSchema(fs.readFileSync(path.join(root, "prisma", "schema.prisma"), "utf8"));
  fs.writeFileSync(path.join(root, "prisma", "schema.prisma"), schema);
  fs.writeFileSync(path.join(root, "prisma", "postgresql", "schema.prisma"), postgresSchemaFrom(schema));
  return root;
}

const addMetaColumn = (schema: string) => schema.replace('  @@map("meta")', '  note String? @map("drift_note")\n\n  @@map("meta")');

async function freshPostgresDatabase(): Promise<string> {
  const { url, drop } = await createEmptyPostgresDatabase("tally_mig");
  cleanups.push(drop);
  return url;
}

async function queryPostgres<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

describe("schema and committed migrations", () => {
  it("agree for SQLite and PostgreSQL, and the PostgreSQL schema copy is current", async () => {
    expect(await findDrift()).toEqual([]);
  });

  it("report drift for both providers when the schema gains a column the migrations lack", async () => {
    const problems = await findDrift(pathsUnder(projectCopy(addMetaColumn)));
    expect(problems.map((p) => p.source)).toEqual(["sqlite", "postgresql"]);
    for (const problem of problems) expect(problem.message).toMatch(/ADD COLUMN\s+"drift_note"/);
  });

  it("agree again once new-migration has written the missing migration for both providers", async () => {
    const root = projectCopy(addMetaColumn);
    const written = await createMigration("add note", { ...pathsUnder(root), now: new Date("2999-01-01T00:00:00Z") });
    expect(written.map((w) => path.relative(root, w.folder ?? ""))).toEqual([
      "prisma/migrations/sqlite/29990101000000_add_note",
      "prisma/migrations/postgresql/29990101000000_add_note",
    ]);
    expect(await createMigration("again", pathsUnder(root))).toEqual([{ provider: "sqlite" }, { provider: "postgresql" }]);
    expect(await findDrift(pathsUnder(root))).toEqual([]);
  });

  it("report a PostgreSQL schema copy that was not regenerated", async () => {
    const root = projectCopy((schema) => schema);
    fs.appendFileSync(path.join(root, "prisma", "postgresql", "schema.prisma"), "\n// edited by hand\n");
    const problems = await findDrift(pathsUnder(root));
    expect(problems.map((p) => p.source)).toEqual(["schema-copy"]);
  });

  it("make `db.ts check` exit 1 with the missing SQL", async () => {
    const root = projectCopy(addMetaColumn);
    const tsx = path.join(ROOT, "node_modules", ".bin", "tsx");
    const run = promisify(execFile)(tsx, [path.join(ROOT, "scripts", "db.ts"), "check", "--root", root], { cwd: ROOT });
    const failure = await run.then(() => undefined, (error: { code: number; stderr: string }) => error);
    expect(failure?.code).toBe(1);
    expect(failure?.stderr).toMatch(/sqlite: the migrations .* do not produce the schema/);
    expect(failure?.stderr).toMatch(/postgresql: the migrations .* do not produce the schema/);
  });
});

describe("migrateDatabase on SQLite", () => {
  it("creates the tables in a new file (and its folder), records Prisma's bookkeeping, then applies nothing", async () => {
    const dir = tempDir("tally-mig-");
    const file = path.join(dir, "nested", "tally.db");
    const url = `file:${file}`;

    expect((await migrateDatabase(url)).applied).toEqual(committed("sqlite"));
    expect((await migrateDatabase(url)).applied).toEqual([]);

    const db = new BetterSqlite3(file, { readonly: true });
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[];
    const rows = db.prepare(`SELECT * FROM "_prisma_migrations" ORDER BY migration_name`).all() as Record<string, unknown>[];
    const journalMode = db.pragma("journal_mode", { simple: true });
    db.close();

    expect(tables.map((t) => t.name)).toEqual(expect.arrayContaining([...TABLES, "_prisma_migrations"]));
    expect(journalMode).toBe("wal");
    expect(rows.map((r) => r.migration_name)).toEqual(committed("sqlite"));
    const sql = fs.readFileSync(path.join(MIGRATIONS, "sqlite", committed("sqlite")[0], "migration.sql"));
    expect(rows[0]).toMatchObject({
      checksum: createHash("sha256").update(sql).digest("hex"),
      applied_steps_count: 1,
      logs: null,
      rolled_back_at: null,
    });
    expect(typeof rows[0].finished_at).toBe("number");
    expect(await migrationStatus("sqlite", file, path.join(MIGRATIONS, "sqlite"))).toEqual({
      editedMigrationNames: [],
      failedMigrationNames: [],
      hasMigrationsTable: true,
      history: null,
    });
  });

  it("resolves file: URLs against the working directory, dropping query options", () => {
    expect(sqlitePath("file:./data/tally.db")).toBe(path.join(process.cwd(), "data", "tally.db"));
    expect(sqlitePath("file:data/x.db?mode=rwc")).toBe(path.join(process.cwd(), "data", "x.db"));
    expect(sqlitePath("file:/var/tally.db")).toBe("/var/tally.db");
    expect(sqlitePath("file:///var/tally.db")).toBe("/var/tally.db");
  });

  it("refuses a migration edited after it was applied, naming it", async () => {
    const dir = tempDir("tally-mig-");
    fs.cpSync(MIGRATIONS, path.join(dir, "migrations"), { recursive: true });
    const url = `file:${path.join(dir, "tally.db")}`;
    await migrateDatabase(url, { migrationsDir: path.join(dir, "migrations") });
    const [first] = committed("sqlite");
    fs.appendFileSync(path.join(dir, "migrations", "sqlite", first, "migration.sql"), "\n-- edited\n");
    await expect(migrateDatabase(url, { migrationsDir: path.join(dir, "migrations") })).rejects.toThrow(
      new RegExp(`Migration ${first} was modified after it was applied`),
    );
  });

  it("refuses to continue after a failed migration, naming it", async () => {
    const dir = tempDir("tally-mig-");
    const url = `file:${path.join(dir, "tally.db")}`;
    await migrateDatabase(url);
    const db = new BetterSqlite3(path.join(dir, "tally.db"));
    db.prepare(
      `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count) VALUES ('x', 'y', '29990101000000_broken', 0, 0)`,
    ).run();
    db.close();
    await expect(migrateDatabase(url)).rejects.toThrow(/Migration 29990101000000_broken failed or was interrupted/);
  });

  it("rolls back a migration that fails, records nothing for it, and keeps the earlier ones", async () => {
    const dir = tempDir("tally-mig-");
    const migrations = path.join(dir, "sqlite");
    fs.cpSync(path.join(MIGRATIONS, "sqlite"), migrations, { recursive: true });
    fs.mkdirSync(path.join(migrations, "29990101000000_broken"));
    fs.writeFileSync(
      path.join(migrations, "29990101000000_broken", "migration.sql"),
      `CREATE TABLE "half_done" ("id" INTEGER);\nINSERT INTO "no_such_table" VALUES (1);\n`,
    );
    const file = path.join(dir, "tally.db");
    // A provider's own folder (with migration_lock.toml) is accepted as migrationsDir too.
    await expect(migrateDatabase(`file:${file}`, { migrationsDir: migrations })).rejects.toThrow(
      /Migration 29990101000000_broken failed and was rolled back.*no_such_table/,
    );
    const db = new BetterSqlite3(file, { readonly: true });
    const names = db.prepare(`SELECT migration_name FROM "_prisma_migrations"`).all() as { migration_name: string }[];
    const halfDone = db.prepare("SELECT name FROM sqlite_master WHERE name = 'half_done'").get();
    db.close();
    expect(names.map((r) => r.migration_name)).toEqual(committed("sqlite"));
    expect(halfDone).toBeUndefined();
  });
});

describe("migrateDatabase on PostgreSQL", () => {
  it("creates the tables in a fresh database, records Prisma's bookkeeping, then applies nothing", async () => {
    const url = await freshPostgresDatabase();

    expect((await migrateDatabase(url)).applied).toEqual(committed("postgresql"));
    expect((await migrateDatabase(url)).applied).toEqual([]);

    const tables = await queryPostgres<{ tablename: string }>(url, "SELECT tablename FROM pg_tables WHERE schemaname = 'public'");
    expect(tables.map((t) => t.tablename)).toEqual(expect.arrayContaining([...TABLES, "_prisma_migrations"]));
    expect(await migrationStatus("postgresql", url, path.join(MIGRATIONS, "postgresql"))).toEqual({
      editedMigrationNames: [],
      failedMigrationNames: [],
      hasMigrationsTable: true,
      history: null,
    });
  });

  it("applies each migration exactly once when two instances start at the same moment", async () => {
    const url = await freshPostgresDatabase();

    const [a, b] = await Promise.all([migrateDatabase(url), migrateDatabase(url)]);

    expect([...a.applied, ...b.applied].sort()).toEqual(committed("postgresql"));
    const recorded = await queryPostgres<{ migration_name: string; count: string }>(
      url,
      `SELECT migration_name, count(*) AS count FROM "_prisma_migrations" WHERE finished_at IS NOT NULL GROUP BY migration_name ORDER BY migration_name`,
    );
    expect(recorded).toEqual(committed("postgresql").map((migration_name) => ({ migration_name, count: "1" })));
  });
});
