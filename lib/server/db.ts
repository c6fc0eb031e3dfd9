/**
 * The one place that opens databases. Each process holds one `Database` (cached on globalThis, since
 * Next.js bundles instrumentation, routes and pages separately) with:
 *  - a raw driver handle (better-sqlite3 or a pg Pool) for the ingest hot path and aggregate queries,
 *    where Prisma's query engine would cost most of the time (see README, "Architecture");
 *  - a Prisma client for ordinary reads and writes of small tables (keys, price overrides, meta).
 * The provider is chosen by the scheme of DATABASE_URL: file: (SQLite) or postgres(ql):// (PostgreSQL).
 */
import fs from "node:fs";
import path from "node:path";
import { type Dialect, dialectOf, sqlitePath } from "@/lib/server/database-url";
import BetterSqlite3 from "better-sqlite3";
import pg from "pg";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient as SqlitePrismaClient } from "@/lib/generated/prisma-sqlite/client";
import { PrismaClient as PostgresPrismaClient } from "@/lib/generated/prisma-postgresql/client";

export type { Dialect } from "@/lib/server/database-url";

/** Both generated clients expose the same models; the SQLite one's types stand for both. */
export type Prisma = SqlitePrismaClient;

export type Row = Record<string, unknown>;

/** A minimal SQL executor. Placeholders are written `?` for both dialects. */
export interface Executor {
  all<T = Row>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  /** Runs a statement and returns the number of rows it changed. */
  run(sql: string, params?: readonly unknown[]): Promise<number>;
}

export interface Database extends Executor {
  readonly dialect: Dialect;
  readonly url: string;
  readonly prisma: Prisma;
  /**
   * Runs fn in one transaction; on SQLite transactions are serialised within the process. On PostgreSQL
   * a transaction rolled back by a deadlock or a serialization failure is run again (a few times), so fn
   * must keep its state inside the call: anything it builds up outside is seen twice by a second run.
   */
  transaction<T>(fn: (tx: Executor) => Promise<T>): Promise<T>;
  /** The raw better-sqlite3 handle (SQLite only): synchronous prepared statements for bulk writes. */
  readonly sqlite?: BetterSqlite3.Database;
  readonly pool?: pg.Pool;
  close(): Promise<void>;
}

export { dialectOf, sqlitePath };

/** Converts `?` placeholders to PostgreSQL's `$1, $2, ...`. Our SQL never has `?` inside literals. */
export function toPgPlaceholders(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

/**
 * pg returns int8 and numeric as strings by default; Tally's own pool reads integral ones as bigint to
 * stay exact. Scoped to that pool: Prisma's adapter needs pg's defaults.
 */
const exactTypes = {
  getTypeParser(oid: number, format?: string) {
    if (oid === 20) return (v: string) => BigInt(v);
    if (oid === 1700) return (v: string) => (/^-?\d+$/.test(v) ? BigInt(v) : v);
    return pg.types.getTypeParser(oid, format as "text");
  },
};

function sqliteParam(value: unknown): unknown {
  if (typeof value === "boolean") return value ? 1 : 0;
  return value;
}

function openSqlite(url: string): Database {
  const file = sqlitePath(url);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new BetterSqlite3(file, { timeout: 5000 });
  db.pragma("journal_mode = WAL");
  // FULL: a record acknowledged over HTTP survives power loss, not only a process crash.
  db.pragma("synchronous = FULL");
  db.defaultSafeIntegers(true);
  const statements = new Map<string, BetterSqlite3.Statement>();
  const prepare = (sql: string) => {
    let statement = statements.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      statements.set(sql, statement);
    }
    return statement;
  };
  const executor: Executor = {
    async all<T>(sql: string, params: readonly unknown[] = []) {
      return prepare(sql).all(...params.map(sqliteParam)) as T[];
    },
    async run(sql: string, params: readonly unknown[] = []) {
      return prepare(sql).run(...params.map(sqliteParam)).changes;
    },
  };
  let queue: Promise<unknown> = Promise.resolve();
  const prisma = new SqlitePrismaClient({ adapter: new PrismaBetterSqlite3({ url: `file:${file}`, timeout: 5000 }) });
  return {
    dialect: "sqlite",
    url,
    prisma,
    sqlite: db,
    ...executor,
    transaction<T>(fn: (tx: Executor) => Promise<T>): Promise<T> {
      const result = queue.then(async () => {
        // IMMEDIATE takes the write lock up front, so a read-then-write transaction never fails
        // with SQLITE_BUSY_SNAPSHOT when the CLI writes to the same file.
        db.prepare("BEGIN IMMEDIATE").run();
        try {
          const value = await fn(executor);
          db.prepare("COMMIT").run();
          return value;
        } catch (error) {
          if (db.inTransaction) db.prepare("ROLLBACK").run();
          throw error;
        }
      });
      queue = result.catch(() => undefined);
      return result;
    },
    async close() {
      await prisma.$disconnect();
      db.close();
    },
  };
}

/**
 * SQLSTATEs after which PostgreSQL has rolled the whole transaction back and running it again can
 * succeed: 40P01 deadlock_detected (another transaction waited on our locks while we waited on its),
 * 40001 serialization_failure (CockroachDB and SERIALIZABLE isolation ask clients to retry with it).
 */
const RETRYABLE_SQLSTATES = new Set(["40P01", "40001"]);
/** Runs of one transaction before its error is passed on. */
const TRANSACTION_ATTEMPTS = 5;

/** True for a driver error PostgreSQL raised with a SQLSTATE that asks for the transaction to be retried. */
export function isRetryableTransactionError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && RETRYABLE_SQLSTATES.has(code);
}

/** Waits before retry `attempt` (1, 2, ...): 10-20 ms doubling each time, jittered so two victims do not collide again. */
function retryPause(attempt: number): Promise<void> {
  const ms = 10 * 2 ** (attempt - 1) * (1 + Math.random());
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function openPostgres(url: string): Database {
  const pool = new pg.Pool({ connectionString: url, max: 10, types: exactTypes as pg.CustomTypesConfig });
  pool.on("error", (error) => console.error("PostgreSQL pool error:", error.message));
  const on = (client: pg.Pool | pg.PoolClient): Executor => ({
    async all<T>(sql: string, params: readonly unknown[] = []) {
      return (await client.query(toPgPlaceholders(sql), params as unknown[])).rows as T[];
    },
    async run(sql: string, params: readonly unknown[] = []) {
      return (await client.query(toPgPlaceholders(sql), params as unknown[])).rowCount ?? 0;
    },
  });
  const prisma = new PostgresPrismaClient({ adapter: new PrismaPg({ connectionString: url }) });
  return {
    dialect: "postgres",
    url,
    prisma: prisma as unknown as Prisma,
    pool,
    ...on(pool),
    async transaction<T>(fn: (tx: Executor) => Promise<T>): Promise<T> {
      for (let attempt = 1; ; attempt++) {
        const client = await pool.connect();
        try {
          await client.query("BEGIN");
          const value = await fn(on(client));
          await client.query("COMMIT");
          return value;
        } catch (error) {
          await client.query("ROLLBACK").catch(() => undefined);
          if (attempt >= TRANSACTION_ATTEMPTS || !isRetryableTransactionError(error)) throw error;
        } finally {
          client.release();
        }
        await retryPause(attempt);
      }
    },
    async close() {
      // Closing twice is a no-op, as it is for SQLite: pg's pool throws on a second end().
      if (pool.ended || pool.ending) return;
      await prisma.$disconnect();
      await pool.end();
    },
  };
}

/** Opens a new connection to url. Callers own it and must close it (tests, CLI). */
export function openDatabase(url: string): Database {
  return dialectOf(url) === "postgres" ? openPostgres(url) : openSqlite(url);
}

const globalForDb = globalThis as unknown as { tallyDatabase?: Database };

/** The process-wide database for DATABASE_URL (the app server). */
export function getDatabase(url: string): Database {
  const existing = globalForDb.tallyDatabase;
  if (existing && existing.url === url) return existing;
  const db = openDatabase(url);
  globalForDb.tallyDatabase = db;
  return db;
}

/** Drops the cached process-wide database for url (after it was closed). */
export function forgetDatabase(url: string): void {
  if (globalForDb.tallyDatabase?.url === url) globalForDb.tallyDatabase = undefined;
}

/** Integer-valued column from either driver (bigint, number or numeric string) as bigint. */
export function toBigInt(value: unknown): bigint {
  if (typeof value === "bigint") return value;
  if (typeof value === "number") return BigInt(value);
  if (typeof value === "string" && /^-?\d+$/.test(value)) return BigInt(value);
  if (value === null || value === undefined) return 0n;
  throw new Error(`expected an integer from the database, got ${String(value)}`);
}
