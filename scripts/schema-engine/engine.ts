/**
 * Prisma's schema engine, compiled to WebAssembly, driven through a driver adapter. Used offline by
 * the migration tooling (scripts/db.ts) where the native engine binary cannot be downloaded.
 */
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";

const require = createRequire(import.meta.url);

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Engine = any;

let loaded: Promise<{ SchemaEngine: Engine }> | undefined;

/** Instantiates the wasm module by hand: Node 20 cannot import .wasm files as ES modules. */
function loadWasm(): Promise<{ SchemaEngine: Engine }> {
  loaded ??= (async () => {
    // The package exports no subpaths; find its folder from the project's node_modules.
    const dir = path.join(path.dirname(require.resolve("@prisma/driver-adapter-utils")).replace(/driver-adapter-utils.*$/, ""), "schema-engine-wasm");
    const glue = await import(pathToFileURL(path.join(dir, "schema_engine_bg.js")).href);
    // Without this registry, a panic inside the engine surfaces as an unrelated TypeError.
    (globalThis as Record<string, unknown>).PRISMA_WASM_PANIC_REGISTRY = { set_message: (m: string) => console.error(m) };
    const module = new WebAssembly.Module(fs.readFileSync(path.join(dir, "schema_engine_bg.wasm")));
    const instance = new WebAssembly.Instance(module, { "./schema_engine_bg.js": glue });
    glue.__wbg_set_wasm(instance.exports);
    (instance.exports as { __wbindgen_start: () => void }).__wbindgen_start();
    return { SchemaEngine: glue.SchemaEngine };
  })();
  return loaded;
}

export type Provider = "sqlite" | "postgresql";

/**
 * better-sqlite3 refuses several statements in one call; the engine replays whole migration files
 * through executeRaw, so fall back to executeScript for those.
 */
function multiStatementSqlite(adapter: Record<string, unknown>) {
  const executeRaw = (adapter.executeRaw as (q: { sql: string }) => Promise<unknown>).bind(adapter);
  const executeScript = (adapter.executeScript as (s: string) => Promise<unknown>).bind(adapter);
  adapter.executeRaw = async (query: { sql: string; args: unknown[] }) => {
    try {
      return await executeRaw(query);
    } catch (error) {
      if (!/more than one statement/.test(String((error as Error)?.message ?? error))) throw error;
      await executeScript(query.sql);
      return 0;
    }
  };
  return adapter;
}

/** A SQLite adapter factory whose main and shadow databases are both in memory. */
function sqliteFactory() {
  const factory = new PrismaBetterSqlite3({ url: ":memory:" });
  return {
    provider: "sqlite",
    adapterName: "@prisma/adapter-better-sqlite3",
    connect: async () => multiStatementSqlite((await factory.connect()) as unknown as Record<string, unknown>),
    connectToShadowDb: async () =>
      multiStatementSqlite((await new PrismaBetterSqlite3({ url: ":memory:" }).connect()) as unknown as Record<string, unknown>),
  };
}

/**
 * A PostgreSQL adapter factory: the main connection goes to `url`; the shadow database is a fresh
 * database created on the same server and dropped afterwards.
 */
function postgresFactory(url: string, cleanups: (() => Promise<void>)[]) {
  const connect = async (connectionString: string) => {
    const adapter = (await new PrismaPg({ connectionString }).connect()) as unknown as Record<string, unknown>;
    // The engine's schema describer reads PostgreSQL's "char" type (OID 18), which the adapter cannot
    // decode: report such columns as text (OID 25). Only this migration tool sees the patch.
    const asText = (queryable: Record<string, unknown>) => {
      const performIO = (queryable.performIO as (q: unknown) => Promise<{ fields: { dataTypeID: number }[] }>).bind(queryable);
      queryable.performIO = async (query: unknown) => {
        const result = await performIO(query);
        for (const field of result.fields ?? []) if (field.dataTypeID === 18) field.dataTypeID = 25;
        return result;
      };
      return queryable;
    };
    asText(adapter);
    const startTransaction = (adapter.startTransaction as (...a: unknown[]) => Promise<Record<string, unknown>>).bind(adapter);
    adapter.startTransaction = async (...a: unknown[]) => asText(await startTransaction(...a));
    return adapter;
  };
  return {
    provider: "postgres",
    adapterName: "@prisma/adapter-pg",
    connect: () => connect(url),
    connectToShadowDb: async () => {
      const { default: pg } = await import("pg");
      const name = `tally_shadow_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 6)}`;
      const server = new URL(url);
      const adminUrl = new URL(url);
      adminUrl.pathname = "/postgres";
      const admin = new pg.Client({ connectionString: adminUrl.toString() });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${name}`);
      await admin.end();
      server.pathname = `/${name}`;
      cleanups.push(async () => {
        const c = new pg.Client({ connectionString: adminUrl.toString() });
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await c.end();
      });
      return connect(server.toString());
    },
  };
}

export interface MigrationDir {
  path: string;
  name: string;
  sql: string;
}

/** Migration folders of a provider, in order. */
export function readMigrations(dir: string): MigrationDir[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(dir, d.name, "migration.sql")))
    .map((d) => d.name)
    .sort()
    .map((name) => ({ name, path: path.join(dir, name), sql: fs.readFileSync(path.join(dir, name, "migration.sql"), "utf8") }));
}

function migrationList(dir: string, provider: Provider) {
  return {
    baseDir: dir,
    lockfile: { path: path.join(dir, "migration_lock.toml"), content: `provider = "${provider}"\n` },
    shadowDbInitScript: "",
    migrationDirectories: readMigrations(dir).map((m) => ({
      path: m.path,
      migrationFile: { path: "migration.sql", content: { tag: "ok", value: m.sql } },
    })),
  };
}

/**
 * SQL that takes a database built from the migrations in `migrationsDir` to the schema text
 * `schema` ("" when they agree).
 */
export async function diffMigrationsToSchema(options: {
  provider: Provider;
  schemaPath: string;
  schema: string;
  migrationsDir: string;
  /** PostgreSQL server database to connect to (the engine needs a live server). */
  postgresUrl?: string;
}): Promise<string> {
  const { SchemaEngine } = await loadWasm();
  const cleanups: (() => Promise<void>)[] = [];
  const factory =
    options.provider === "sqlite"
      ? sqliteFactory()
      : postgresFactory(options.postgresUrl ?? "postgresql://postgres@127.0.0.1:5432/test", cleanups);
  const logs: string[] = [];
  const engine = await SchemaEngine.new(
    { datamodels: undefined },
    (log: string) => logs.push(log),
    bindMigrationAwareSqlAdapterFactory(factory as never),
  );
  try {
    const from = readMigrations(options.migrationsDir).length
      ? { tag: "migrations", ...migrationList(options.migrationsDir, options.provider) }
      : { tag: "empty" };
    const result = await engine.diff({
      from,
      to: { tag: "schemaDatamodel", files: [{ path: options.schemaPath, content: options.schema }] },
      script: true,
      exitCode: null,
      filters: { externalTables: [], externalEnums: [] },
    });
    const sql = (result.stdout ?? "").trim();
    return sql === "-- This is an empty migration." ? "" : sql;
  } catch (error) {
    throw new Error(`schema engine diff failed for ${options.provider}: ${JSON.stringify(error)} ${logs.slice(-3).join(" ")}`);
  } finally {
    engine.free?.();
    for (const cleanup of cleanups) await cleanup().catch(() => undefined);
  }
}
