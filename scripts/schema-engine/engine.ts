/**
 * Prisma's schema engine compiled to WebAssembly (@prisma/schema-engine-wasm), driven through driver
 * adapters. It stands in for the native schema-engine binary, which this project cannot download
 * (see /work/shared/reference/prisma-offline.md). Development tooling only: the app applies migrations
 * with lib/server/migrate.ts and never loads this.
 */
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import type { MigrationList, SchemaEngine } from "@prisma/schema-engine-wasm";
import pg from "pg";

export type Provider = "sqlite" | "postgresql";

export const PROVIDERS: readonly Provider[] = ["sqlite", "postgresql"];

/**
 * PostgreSQL server the tooling talks to (the engine needs a live server even for a diff); throwaway
 * shadow databases are created next to this database. Override with TALLY_DEV_PG_URL.
 */
export const DEV_PG_URL = process.env.TALLY_DEV_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/test";

type SchemaEngineClass = typeof SchemaEngine;

let engineClass: Promise<SchemaEngineClass> | undefined;

/**
 * Instantiates the wasm module by hand: the package's entry point imports a .wasm file as an ES module,
 * which Node 20 cannot do. Loaded once per process.
 */
function loadSchemaEngine(): Promise<SchemaEngineClass> {
  engineClass ??= (async () => {
    const gluePath = createRequire(import.meta.url).resolve("@prisma/schema-engine-wasm/schema_engine_bg");
    const glue = await import("@prisma/schema-engine-wasm/schema_engine_bg");
    // Without a registry the engine's panic hook fails first, hiding the panic behind
    // "Cannot read properties of undefined (reading 'set_message')".
    (globalThis as Record<string, unknown>).PRISMA_WASM_PANIC_REGISTRY = {
      set_message: (message: string) => console.error(`schema engine panic: ${message}`),
    };
    const module = new WebAssembly.Module(fs.readFileSync(path.join(path.dirname(gluePath), "schema_engine_bg.wasm")));
    const instance = new WebAssembly.Instance(module, {
      "./schema_engine_bg.js": glue as unknown as WebAssembly.ModuleImports,
    });
    (glue as unknown as { __wbg_set_wasm(exports: WebAssembly.Exports): void }).__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    return glue.SchemaEngine;
  })();
  return engineClass;
}

type Adapter = SqlDriverAdapter & Record<string, unknown>;

/**
 * The engine replays whole migration files through executeRaw, and better-sqlite3 refuses more than
 * one statement per call ("The supplied SQL string contains more than one statement"): fall back to
 * executeScript for those.
 */
function allowMultipleStatements(adapter: Adapter): Adapter {
  const executeRaw = adapter.executeRaw.bind(adapter);
  adapter.executeRaw = async (query) => {
    try {
      return await executeRaw(query);
    } catch (error) {
      if (!/more than one statement/.test(String((error as Error)?.message ?? error))) throw error;
      await adapter.executeScript(query.sql);
      return 0;
    }
  };
  return adapter;
}

/**
 * The engine's schema describer reads columns of PostgreSQL's internal "char" type (OID 18), which
 * @prisma/adapter-pg cannot decode ("Column type 'char' could not be deserialized"). Report them as
 * text (OID 25), which is what they hold. Patches a private method, on this tool's adapters only.
 */
function readCharAsText<T extends Record<string, unknown>>(queryable: T): T {
  const performIO = (queryable.performIO as (query: unknown) => Promise<{ fields?: { dataTypeID: number }[] }>).bind(
    queryable,
  );
  (queryable as Record<string, unknown>).performIO = async (query: unknown) => {
    const result = await performIO(query);
    for (const field of result.fields ?? []) if (field.dataTypeID === 18) field.dataTypeID = 25;
    return result;
  };
  return queryable;
}

function withDatabase(url: string, database: string): string {
  const target = new URL(url);
  target.pathname = `/${database}`;
  return target.toString();
}

/** Runs one statement on the server's maintenance database (CREATE/DROP DATABASE cannot run elsewhere). */
async function onServer(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: withDatabase(url, "postgres") });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * A migration-aware adapter factory, plus a cleanup that closes every connection it opened and drops
 * any shadow database. The shadow databases are ours rather than the adapters' own, because
 * @prisma/adapter-pg's points its shadow pool at the main database and drops the shadow database
 * before closing its pool.
 */
function adapterFactory(provider: Provider, url: string) {
  const opened: Adapter[] = [];
  const shadowDatabases: string[] = [];
  const open = async (connect: () => Promise<SqlDriverAdapter>, patch: (adapter: Adapter) => Adapter) => {
    const adapter = patch((await connect()) as Adapter);
    opened.push(adapter);
    return adapter;
  };

  const pgAdapter = (connectionString: string) =>
    open(
      () => new PrismaPg({ connectionString }).connect(),
      (adapter) => {
        readCharAsText(adapter);
        const startTransaction = adapter.startTransaction.bind(adapter);
        adapter.startTransaction = async (...args) =>
          readCharAsText((await startTransaction(...args)) as unknown as Record<string, unknown>) as never;
        return adapter;
      },
    );

  const factory: SqlMigrationAwareDriverAdapterFactory =
    provider === "sqlite"
      ? {
          provider: "sqlite",
          adapterName: "@prisma/adapter-better-sqlite3",
          connect: () => open(() => new PrismaBetterSqlite3({ url }).connect(), allowMultipleStatements),
          connectToShadowDb: () =>
            open(() => new PrismaBetterSqlite3({ url: ":memory:" }).connect(), allowMultipleStatements),
        }
      : {
          provider: "postgres",
          adapterName: "@prisma/adapter-pg",
          connect: () => pgAdapter(url),
          connectToShadowDb: async () => {
            const name = `tally_shadow_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
            await onServer(url, `CREATE DATABASE "${name}"`);
            shadowDatabases.push(name);
            return pgAdapter(withDatabase(url, name));
          },
        };

  async function cleanup() {
    for (const adapter of opened.splice(0)) await adapter.dispose().catch(() => undefined);
    for (const name of shadowDatabases.splice(0)) {
      await onServer(url, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch((error) =>
        console.error(`could not drop shadow database ${name}: ${(error as Error).message}`),
      );
    }
  }
  return { factory, cleanup };
}

/** Turns what the engine throws (a plain object with a message, or an Error) into one readable Error. */
function engineError(context: string, error: unknown, logs: string[]): Error {
  const message =
    error instanceof Error
      ? error.message
      : typeof error === "object" && error && "message" in error
        ? String((error as { message: unknown }).message)
        : JSON.stringify(error);
  const tail = logs.length ? `\nengine log:\n${logs.slice(-5).join("\n")}` : "";
  return new Error(`${context}: ${message}${tail}`);
}

/**
 * Runs fn with a schema engine connected to `url` (SQLite: a file path or ":memory:"; PostgreSQL: a
 * database URL), then closes its connections and drops any shadow database it created.
 */
export async function withSchemaEngine<T>(
  provider: Provider,
  url: string,
  fn: (engine: SchemaEngine) => Promise<T>,
): Promise<T> {
  const SchemaEngineClass = await loadSchemaEngine();
  const { factory, cleanup } = adapterFactory(provider, url);
  const logs: string[] = [];
  let engine: SchemaEngine | undefined;
  try {
    // `datamodels: undefined`, never []: an empty list panics in psl::validate_multi_file().
    engine = await SchemaEngineClass.new({ datamodels: undefined }, (log: string) => logs.push(log), bindMigrationAwareSqlAdapterFactory(factory));
    return await fn(engine);
  } catch (error) {
    throw engineError(`schema engine (${provider})`, error, logs);
  } finally {
    engine?.free();
    await cleanup();
  }
}

export interface MigrationFolder {
  /** Folder name, which is also the migration's name in _prisma_migrations, e.g. 20261123051957_init. */
  name: string;
  sql: string;
}

/** The migration folders of one provider (those holding a migration.sql), in the order they apply. */
export function readMigrationFolders(dir: string): MigrationFolder[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && fs.existsSync(path.join(dir, entry.name, "migration.sql")))
    .map((entry) => entry.name)
    .sort()
    .map((name) => ({ name, sql: fs.readFileSync(path.join(dir, name, "migration.sql"), "utf8") }));
}

/** A provider's migrations folder in the shape the engine expects (Prisma's standard layout). */
export function migrationList(dir: string): MigrationList {
  const lockfile = path.join(dir, "migration_lock.toml");
  return {
    baseDir: dir,
    lockfile: { path: "migration_lock.toml", content: fs.existsSync(lockfile) ? fs.readFileSync(lockfile, "utf8") : null },
    shadowDbInitScript: "",
    migrationDirectories: readMigrationFolders(dir).map((migration) => ({
      path: migration.name,
      migrationFile: { path: "migration.sql", content: { tag: "ok", value: migration.sql } },
    })),
  };
}

/**
 * What `prisma migrate status` reports for the database at `url` against the migrations in
 * `migrationsDir` (the same engine call: diagnoseMigrationHistory without a shadow database).
 */
export function migrationStatus(provider: Provider, url: string, migrationsDir: string) {
  return withSchemaEngine(provider, url, (engine) =>
    engine.diagnoseMigrationHistory({
      migrationsList: migrationList(migrationsDir),
      optInToShadowDatabase: false,
      filters: { externalTables: [], externalEnums: [] },
    }),
  );
}

const EMPTY_MIGRATION = "-- This is an empty migration.";

/**
 * The SQL that takes a database built by replaying the migrations in `migrationsDir` (or an empty
 * database, when there are none) to the schema text `schema`; "" when they already agree. The
 * migrations are replayed in memory (SQLite) or in a throwaway database on `postgresUrl`'s server.
 */
export async function diffMigrationsToSchema(options: {
  provider: Provider;
  schema: string;
  migrationsDir: string;
  postgresUrl?: string;
}): Promise<string> {
  const { provider, schema, migrationsDir } = options;
  const url = provider === "sqlite" ? ":memory:" : (options.postgresUrl ?? DEV_PG_URL);
  const hasMigrations = readMigrationFolders(migrationsDir).length > 0;
  const result = await withSchemaEngine(provider, url, (engine) =>
    engine.diff({
      from: hasMigrations ? { tag: "migrations", ...migrationList(migrationsDir) } : { tag: "empty" },
      to: { tag: "schemaDatamodel", files: [{ path: "schema.prisma", content: schema }] },
      script: true,
      exitCode: null,
      filters: { externalTables: [], externalEnums: [] },
    }),
  );
  const sql = (result.stdout ?? "").trim();
  return sql === EMPTY_MIGRATION ? "" : sql;
}
