/** The PostgreSQL schema is derived from prisma/schema.prisma: only the provider and client output differ. */
import fs from "node:fs";
import path from "node:path";

export const ROOT = path.resolve(import.meta.dirname, "..", "..");
export const SQLITE_SCHEMA = path.join(ROOT, "prisma", "schema.prisma");
export const POSTGRES_SCHEMA = path.join(ROOT, "prisma", "postgresql", "schema.prisma");
export const MIGRATIONS_ROOT = path.join(ROOT, "prisma", "migrations");

const HEADER = "// GENERATED from prisma/schema.prisma by scripts/prisma-generate.mjs: edit that file, not this one.\n";

/** The PostgreSQL schema text for a given source schema text. */
export function postgresSchemaFrom(source: string): string {
  const replaced = source
    .replace(/provider\s*=\s*"sqlite"/, 'provider = "postgresql"')
    .replace('output       = "../lib/generated/prisma-sqlite"', 'output       = "../../lib/generated/prisma-postgresql"');
  if (replaced === source || !replaced.includes("prisma-postgresql")) {
    throw new Error("prisma/schema.prisma no longer has the expected provider/output lines");
  }
  return HEADER + replaced;
}

export function readSchemas(sqliteSchemaPath = SQLITE_SCHEMA) {
  const sqlite = fs.readFileSync(sqliteSchemaPath, "utf8");
  return { sqlite, postgresql: postgresSchemaFrom(sqlite) };
}
