/**
 * Applies the committed migrations (prisma/migrations/<provider>/) to a database, on server start and
 * from the CLI. Loads no schema engine and no Prisma CLI, so start-up stays fast and works offline.
 * Bookkeeping is Prisma's own `_prisma_migrations` table (checksum = SHA-256 hex of migration.sql,
 * applied_steps_count = 1, finished_at set), so the real `prisma migrate status` / `migrate deploy`
 * read the database as up to date.
 *
 * Plain Node: importable from tsx scripts and from Next.js server code alike.
 */
import { createHash, randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import BetterSqlite3 from "better-sqlite3";
import pg from "pg";
import { dialectOf, sqlitePath } from "@/lib/server/database-url";

type Provider = "sqlite" | "postgresql";

interface Migration {
  /** Folder name, e.g. 20261123051957_init; also its migration_name in _prisma_migrations. */
  name: string;
  sql: string;
  /** SHA-256 hex of migration.sql, as Prisma computes it. */
  checksum: string;
}

export interface MigrateOptions {
  /**
   * The migrations folder: either the one holding a sub-folder per provider (`sqlite/`, `postgresql/`),
   * or one provider's folder (holding migration_lock.toml). Default: `prisma/migrations` under
   * process.cwd(), the project root for `next start`, npm scripts and tests.
   */
  migrationsDir?: string;
}

/** The migrations provider a DATABASE_URL selects. */
function providerOf(url: string): Provider {
  return dialectOf(url) === "postgres" ? "postgresql" : "sqlite";
}

function readLockProvider(dir: string): string | undefined {
  const lockPath = path.join(dir, "migration_lock.toml");
  if (!fs.existsSync(lockPath)) return undefined;
  return /^provider\s*=\s*"([^"]+)"/m.exec(fs.readFileSync(lockPath, "utf8"))?.[1];
}

/** The provider's migrations, in the order they apply; throws when there are none to be found. */
function readMigrations(provider: Provider, migrationsDir: string): Migration[] {
  const dir = readLockProvider(migrationsDir) ? migrationsDir : path.join(migrationsDir, provider);
  const lockProvider = readLockProvider(dir);
  if (lockProvider !== provider) {
    throw new Error(
      lockProvider
        ? `the migrations in ${dir} are for ${lockProvider}, but DATABASE_URL is a ${provider} database`
        : `no ${provider} migrations found at ${dir} (expected migration_lock.toml and <timestamp>_<name>/migration.sql folders)`,
    );
  }
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && fs.existsSync(path.join(dir, entry.name, "migration.sql")))
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const sql = fs.readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

// Prisma's own definitions of the table, so the native engine accepts it as its own.
const CREATE_MIGRATIONS_TABLE: Record<Provider, string> = {
  sqlite: `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    TEXT PRIMARY KEY NOT NULL,
    "checksum"              TEXT NOT NULL,
    "finished_at"           DATETIME,
    "migration_name"        TEXT NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        DATETIME,
    "started_at"            DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count"   INTEGER UNSIGNED NOT NULL DEFAULT 0
)`,
  postgresql: `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`,
};

const SELECT_HISTORY = `SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations" ORDER BY started_at`;

interface HistoryRow {
  migration_name: string;
  checksum: string;
  finished_at: unknown;
  rolled_back_at: unknown;
}

/**
 * The migrations still to apply, in order. Throws, naming the migration, when the recorded history
 * cannot be trusted: a migration that failed (or was interrupted) and was not marked rolled back, or
 * a migration whose migration.sql changed after it was applied.
 */
function pendingMigrations(migrations: Migration[], history: HistoryRow[]): Migration[] {
  const applied = new Map<string, HistoryRow>();
  for (const row of history) {
    // Prisma's convention: a rolled-back attempt no longer counts, and may be retried.
    if (row.rolled_back_at != null) continue;
    if (row.finished_at == null) {
      throw new Error(
        `Migration ${row.migration_name} failed or was interrupted in an earlier run. Repair the database by hand, ` +
          `then mark it rolled back (UPDATE "_prisma_migrations" SET rolled_back_at = CURRENT_TIMESTAMP ` +
          `WHERE migration_name = '${row.migration_name}' AND finished_at IS NULL) so it is applied again.`,
      );
    }
    applied.set(row.migration_name, row);
  }
  for (const migration of migrations) {
    const row = applied.get(migration.name);
    if (row && row.checksum !== migration.checksum) {
      throw new Error(
        `Migration ${migration.name} was modified after it was applied (checksum ${row.checksum.slice(0, 12)}… in the ` +
          `database, ${migration.checksum.slice(0, 12)}… on disk). Restore its migration.sql and put changes in a new migration.`,
      );
    }
  }
  return migrations.filter((migration) => !applied.has(migration.name));
}

function failure(migration: Migration, error: unknown): Error {
  return new Error(
    `Migration ${migration.name} failed and was rolled back (nothing of it was applied): ${(error as Error)?.message ?? error}`,
  );
}

function migrateSqlite(url: string, migrations: Migration[]): string[] {
  const file = sqlitePath(url);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  // A generous busy timeout: another process may be applying the same migrations right now.
  const db = new BetterSqlite3(file, { timeout: 30_000 });
  try {
    db.pragma("journal_mode = WAL");
    db.exec(CREATE_MIGRATIONS_TABLE.sqlite);
    const record = db.prepare(
      `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count)
       VALUES (?, ?, ?, ?, NULL, NULL, ?, 1)`,
    );
    const applied: string[] = [];
    for (;;) {
      // IMMEDIATE takes the write lock before reading the history, so two processes starting together
      // cannot both decide to apply the same migration: the second waits, then sees it recorded.
      db.exec("BEGIN IMMEDIATE");
      let next: Migration | undefined;
      try {
        next = pendingMigrations(migrations, db.prepare(SELECT_HISTORY).all() as HistoryRow[])[0];
        if (next) {
          // Prisma's native engine stores SQLite timestamps as Unix milliseconds.
          const startedAt = Date.now();
          db.exec(next.sql);
          record.run(randomUUID(), next.checksum, Date.now(), next.name, startedAt);
        }
        db.exec("COMMIT");
      } catch (error) {
        if (db.inTransaction) db.exec("ROLLBACK");
        throw next ? failure(next, error) : error;
      }
      if (!next) return applied;
      applied.push(next.name);
    }
  } finally {
    db.close();
  }
}

/**
 * The key Prisma's native engine locks during migrate deploy/dev, so this migrator, other app instances
 * and a real `prisma migrate deploy` all wait for each other. Advisory locks are per database.
 */
const PRISMA_MIGRATE_LOCK_KEY = 72707369;

async function migratePostgres(url: string, migrations: Migration[]): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    // Held for the whole run: instances starting together apply each migration exactly once.
    await client.query("SELECT pg_advisory_lock($1)", [PRISMA_MIGRATE_LOCK_KEY]);
    try {
      await client.query(CREATE_MIGRATIONS_TABLE.postgresql);
      const { rows } = await client.query<HistoryRow>(SELECT_HISTORY);
      const applied: string[] = [];
      for (const migration of pendingMigrations(migrations, rows)) {
        await client.query("BEGIN");
        try {
          await client.query(migration.sql);
          // now() is the transaction's start, clock_timestamp() the moment the migration finished.
          await client.query(
            `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count)
             VALUES ($1, $2, clock_timestamp(), $3, NULL, NULL, now(), 1)`,
            [randomUUID(), migration.checksum, migration.name],
          );
          await client.query("COMMIT");
        } catch (error) {
          await client.query("ROLLBACK").catch(() => undefined);
          throw failure(migration, error);
        }
        applied.push(migration.name);
      }
      return applied;
    } finally {
      await client.query("SELECT pg_advisory_unlock($1)", [PRISMA_MIGRATE_LOCK_KEY]).catch(() => undefined);
    }
  } finally {
    await client.end();
  }
}

/**
 * Applies the pending migrations for the database at `url` (`file:` for SQLite, with its folder
 * created if missing; `postgres://` or `postgresql://` for PostgreSQL), each in its own transaction
 * and recorded in `_prisma_migrations`. Idempotent: returns the names applied, none when up to date.
 * Throws, naming the migration, if one fails, was edited after being applied, or failed in an
 * earlier run.
 */
export async function migrateDatabase(url: string, options: MigrateOptions = {}): Promise<{ applied: string[] }> {
  const provider = providerOf(url);
  const migrations = readMigrations(provider, options.migrationsDir ?? path.resolve(/* turbopackIgnore: true */ process.cwd(), "prisma", "migrations"));
  const applied = provider === "sqlite" ? migrateSqlite(url, migrations) : await migratePostgres(url, migrations);
  return { applied };
}
