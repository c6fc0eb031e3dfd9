/**
 * Fresh, migrated databases for integration tests: a SQLite file in a temporary folder, and a new
 * database on the local PostgreSQL server (dropped afterwards). Both are real, never mocked.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { type Database, openDatabase } from "@/lib/server/db";
import { migrateDatabase } from "@/lib/server/migrate";

import { createEmptyPostgresDatabase } from "./pg-server";

export { createEmptyPostgresDatabase, PG_SERVER_URL } from "./pg-server";

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
  const empty = await createEmptyPostgresDatabase("tally_test");
  await migrateDatabase(empty.url);
  const db = openDatabase(empty.url);
  return {
    provider: "postgres",
    url: empty.url,
    db,
    async drop() {
      await db.close();
      await empty.drop();
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
