/**
 * Applies the committed migrations for the provider of a database URL. Used on server start and by
 * the CLI; loads no schema engine, so start-up stays fast and works offline. Bookkeeping uses Prisma's
 * standard `_prisma_migrations` table (checksum = SHA-256 of migration.sql), so `prisma migrate status`
 * reads the result as up to date.
 */
import { createHash, randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import BetterSqlite3 from "better-sqlite3";
import pg from "pg";
import { dialectOf, sqlitePath } from "@/lib/server/db";

interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

/** Folder holding prisma/migrations/<provider>/ for this project. */
export function defaultMigrationsRoot(): string {
  return path.resolve(process.cwd(), "prisma", "migrations");
}

function readMigrationFolder(dir: string): Migration[] {
  if (!fs.existsSync(dir)) throw new Error(`no migrations folder at ${dir}`);
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(dir, d.name, "migration.sql")))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = fs.readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

const CREATE_TABLE_SQLITE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id" TEXT PRIMARY KEY NOT NULL,
    "checksum" TEXT NOT NULL,
    "finished_at" DATETIME,
    "migration_name" TEXT NOT NULL,
    "logs" TEXT,
    "rolled_back_at" DATETIME,
    "started_at" DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count" INTEGER UNSIGNED NOT NULL DEFAULT 0
)`;

const CREATE_TABLE_PG = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id" VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum" VARCHAR(64) NOT NULL,
    "finished_at" TIMESTAMPTZ,
    "migration_name" VARCHAR(255) NOT NULL,
    "logs" TEXT,
    "rolled_back_at" TIMESTAMPTZ,
    "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

interface AppliedRow {
  migration_name: string;
  checksum: string;
  finished_at: unknown;
  rolled_back_at: unknown;
}

/** Which migrations still need applying; throws if history was edited or a migration failed before. */
function pending(migrations: Migration[], applied: AppliedRow[]): Migration[] {
  const done = new Map<string, AppliedRow>();
  for (const row of applied) {
    if (row.rolled_back_at) continue;
    if (!row.finished_at) {
      throw new Error(`migration ${row.migration_name} failed or was interrupted earlier; fix the database, then mark it rolled back`);
    }
    done.set(row.migration_name, row);
  }
  for (const migration of migrations) {
    const row = done.get(migration.name);
    if (row && row.checksum !== migration.checksum) {
      throw new Error(`migration ${migration.name} was changed after it was applied (checksum differs)`);
    }
  }
  return migrations.filter((m) => !done.has(m.name));
}

function migrateSqlite(url: string, migrations: Migration[]): string[] {
  const file = sqlitePath(url);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new BetterSqlite3(file, { timeout: 10_000 });
  try {
    db.pragma("journal_mode = WAL");
    db.exec(CREATE_TABLE_SQLITE);
    const applied: string[] = [];
    // IMMEDIATE: a second process starting at the same moment waits here, then sees nothing to do.
    db.exec("BEGIN IMMEDIATE");
    try {
      const rows = db.prepare(`SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations"`).all() as AppliedRow[];
      for (const migration of pending(migrations, rows)) {
        db.exec(migration.sql);
        db.prepare(
          `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, started_at, applied_steps_count)
           VALUES (?, ?, ?, ?, ?, 1)`,
        ).run(randomUUID(), migration.checksum, Date.now(), migration.name, Date.now());
        applied.push(migration.name);
      }
      db.exec("COMMIT");
    } catch (error) {
      db.exec("ROLLBACK");
      throw error;
    }
    return applied;
  } finally {
    db.close();
  }
}

/** Arbitrary constant key for pg_advisory_lock: one migrator at a time per database. */
const MIGRATION_LOCK_KEY = 72_616_803;

async function migratePostgres(url: string, migrations: Migration[]): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK_KEY]);
    await client.query(CREATE_TABLE_PG);
    const { rows } = await client.query<AppliedRow>(
      `SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations"`,
    );
    const applied: string[] = [];
    for (const migration of pending(migrations, rows)) {
      await client.query("BEGIN");
      try {
        await client.query(migration.sql);
        await client.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, started_at, applied_steps_count)
           VALUES ($1, $2, now(), $3, now(), 1)`,
          [randomUUID(), migration.checksum, migration.name],
        );
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK");
        throw new Error(`migration ${migration.name} failed: ${(error as Error).message}`);
      }
      applied.push(migration.name);
    }
    return applied;
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await client.end();
  }
}

/** Applies pending migrations to the database at url; returns the names applied (none when up to date). */
export async function migrateDatabase(url: string, options: { migrationsRoot?: string } = {}): Promise<{ applied: string[] }> {
  const root = options.migrationsRoot ?? defaultMigrationsRoot();
  const dialect = dialectOf(url);
  const migrations = readMigrationFolder(path.join(root, dialect === "sqlite" ? "sqlite" : "postgresql"));
  const applied = dialect === "sqlite" ? migrateSqlite(url, migrations) : await migratePostgres(url, migrations);
  return { applied };
}
