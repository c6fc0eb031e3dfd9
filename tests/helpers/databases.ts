/**
 * Fresh, migrated databases for integration tests: a SQLite file in a temporary folder, and a new
 * database on the local PostgreSQL server (dropped afterwards). Both are real, never mocked.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { type Database, openDatabase } from "@/lib/server/db";
import { migrateDatabase } from "@/lib/server/migrate";

/** The PostgreSQL server tests use; override with TALLY_TEST_PG_URL (a URL without the database name). */
export const PG_SERVER_URL = process.env.TALLY_TEST_PG_URL ?? "postgresql://postgres@127.0.0.1:5432";

export interface TestDatabase {
  provider: "sqlite" | "postgres";
  url: string;
  db: Database;
  drop(): Promise<void>;
}

export async function createSqliteDatabase(): Promise<TestDatabase> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tally-test-"));
  const url = `file:${path.join(dir, "tally.db")}`;
  await migrateDatabase(url);
  const db = openDatabase(url);
  return {
    provider: "sqlite",
    url,
    db,
    async drop() {
      await db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function createPostgresDatabase(): Promise<TestDatabase> {
  const name = `tally_test_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: `${PG_SERVER_URL}/postgres` });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = `${PG_SERVER_URL}/${name}`;
  await migrateDatabase(url);
  const db = openDatabase(url);
  return {
    provider: "postgres",
    url,
    db,
    async drop() {
      await db.close();
      const client = new pg.Client({ connectionString: `${PG_SERVER_URL}/postgres` });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

export const PROVIDERS = [
  ["sqlite", createSqliteDatabase],
  ["postgres", createPostgresDatabase],
] as const;

/**
 * A new, empty PostgreSQL database on the test server (no migrations applied): its URL, and a drop that
 * removes it even while connections are open.
 */
export async function createEmptyPostgresDatabase(prefix = "tally_empty"): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `${prefix}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: `${PG_SERVER_URL}/postgres` });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  return {
    url: `${PG_SERVER_URL}/${name}`,
    drop: async () => {
      const client = new pg.Client({ connectionString: `${PG_SERVER_URL}/postgres` });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}
