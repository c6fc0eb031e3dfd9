// npm postinstall: writes prisma/postgresql/schema.prisma from prisma/schema.prisma and generates both
// Prisma clients, offline. `prisma generate` insists on a schema-engine binary it would download; it
// does not use it, so any executable stands in for it here (migrations use scripts/db.ts instead).
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const source = fs.readFileSync(path.join(root, "prisma/schema.prisma"), "utf8");
const header = "// GENERATED from prisma/schema.prisma by scripts/prisma-generate.mjs: edit that file, not this one.\n";
const postgres =
  header +
  source
    .replace(/provider\s*=\s*"sqlite"/, 'provider = "postgresql"')
    .replace('output       = "../lib/generated/prisma-sqlite"', 'output       = "../../lib/generated/prisma-postgresql"');
fs.mkdirSync(path.join(root, "prisma/postgresql"), { recursive: true });
fs.writeFileSync(path.join(root, "prisma/postgresql/schema.prisma"), postgres);

const prisma = path.join(root, "node_modules/prisma/build/index.js");
const env = { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: process.execPath, PRISMA_HIDE_UPDATE_MESSAGE: "1" };
for (const schema of ["prisma/schema.prisma", "prisma/postgresql/schema.prisma"]) {
  execFileSync(process.execPath, [prisma, "generate", "--schema", schema], { cwd: root, env, stdio: ["ignore", "ignore", "inherit"] });
}
console.log("Generated Prisma clients for SQLite and PostgreSQL.");
