// npm postinstall: writes prisma/postgresql/schema.prisma from prisma/schema.prisma, then generates the
// SQLite and PostgreSQL Prisma clients into lib/generated/. Works offline (see
// scripts/schema-engine/generate-only-engine.mjs for why the CLI needs PRISMA_SCHEMA_ENGINE_BINARY).
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import {
  POSTGRES_SCHEMA_FILE,
  PROJECT_ROOT,
  SCHEMA_FILE,
  postgresSchemaFrom,
} from "./schema-engine/postgres-schema.mjs";

const prismaCli = path.join(PROJECT_ROOT, "node_modules", "prisma", "build", "index.js");
if (!fs.existsSync(prismaCli)) {
  console.error("prisma-generate: the `prisma` package is not installed; run `npm install` (with dev dependencies).");
  process.exit(1);
}

const source = fs.readFileSync(path.join(PROJECT_ROOT, SCHEMA_FILE), "utf8");
const postgresPath = path.join(PROJECT_ROOT, POSTGRES_SCHEMA_FILE);
const postgres = postgresSchemaFrom(source);
// Rewrite only on change, so an unchanged schema does not look modified to editors and watchers.
if (!fs.existsSync(postgresPath) || fs.readFileSync(postgresPath, "utf8") !== postgres) {
  fs.mkdirSync(path.dirname(postgresPath), { recursive: true });
  fs.writeFileSync(postgresPath, postgres);
}

const env = {
  ...process.env,
  PRISMA_SCHEMA_ENGINE_BINARY: path.join(PROJECT_ROOT, "scripts", "schema-engine", "generate-only-engine.mjs"),
  PRISMA_HIDE_UPDATE_MESSAGE: "1",
  // No version-check request to Prisma's servers: offline it can only cost time.
  CHECKPOINT_DISABLE: "1",
};

/** Runs `prisma generate` for one schema; output is shown only when it fails. */
function generate(schema) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [prismaCli, "generate", "--schema", schema], { cwd: PROJECT_ROOT, env });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    child.on("error", reject);
    child.on("close", (code) =>
      code === 0 ? resolve() : reject(new Error(`prisma generate --schema ${schema} failed (exit ${code}):\n${output}`)),
    );
  });
}

try {
  // In parallel: each run is mostly CLI start-up, and the two are independent.
  await Promise.all([generate(SCHEMA_FILE), generate(POSTGRES_SCHEMA_FILE)]);
  console.log("prisma-generate: generated the SQLite and PostgreSQL clients in lib/generated/.");
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
