/**
 * Database tooling (run with tsx; npm scripts db:migrate, db:new-migration, db:check):
 *   migrate               apply pending migrations to DATABASE_URL (default file:./data/tally.db)
 *   new-migration <name>  regenerate the PostgreSQL schema and clients, then write, for each provider,
 *                         the migration that takes its migrations folder to prisma/schema.prisma
 *   check [--root DIR]    exit 1 when the migrations or the PostgreSQL schema copy drift from the schema
 *                         (DIR: another project root, e.g. a copy in a temporary folder)
 * new-migration and check replay migrations with the wasm schema engine: SQLite in memory, PostgreSQL in
 * throwaway databases on TALLY_DEV_PG_URL's server (default postgresql://postgres@127.0.0.1:5432/test).
 */
import { execFileSync } from "node:child_process";
import path from "node:path";
import { getEnv } from "../lib/server/env";
import { migrateDatabase } from "../lib/server/migrate";
import { PROJECT_ROOT } from "./schema-engine/postgres-schema.mjs";
import { createMigration, findDrift, pathsUnder } from "./schema-engine/workflow";

const USAGE = "usage: tsx scripts/db.ts migrate | new-migration <name> | check [--root DIR]";

async function migrate() {
  const { DATABASE_URL } = getEnv();
  const { applied } = await migrateDatabase(DATABASE_URL);
  console.log(applied.length ? `Applied ${applied.length} migration(s): ${applied.join(", ")}.` : "Database is up to date.");
}

async function newMigration(name: string | undefined) {
  if (!name) throw new Error("usage: npm run db:new-migration -- <name>");
  // Regenerates prisma/postgresql/schema.prisma and both clients, so code and migrations move together.
  execFileSync(process.execPath, [path.join(PROJECT_ROOT, "scripts", "prisma-generate.mjs")], { stdio: "inherit" });
  for (const { provider, folder } of await createMigration(name)) {
    console.log(folder ? `${provider}: wrote ${path.relative(process.cwd(), folder)}/migration.sql` : `${provider}: no changes`);
  }
}

async function check(args: string[]) {
  const rootFlag = args.indexOf("--root");
  const paths = rootFlag >= 0 && args[rootFlag + 1] ? pathsUnder(path.resolve(args[rootFlag + 1])) : {};
  const problems = await findDrift(paths);
  if (problems.length === 0) {
    console.log("Schema and migrations agree for SQLite and PostgreSQL.");
    return;
  }
  console.error(`Schema drift (${problems.length} problem(s)):\n\n${problems.map((p) => p.message).join("\n\n")}`);
  process.exitCode = 1;
}

async function main([command, ...args]: string[]) {
  if (command === "migrate") await migrate();
  else if (command === "new-migration") await newMigration(args[0]);
  else if (command === "check") await check(args);
  else throw new Error(USAGE);
}

main(process.argv.slice(2)).catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
