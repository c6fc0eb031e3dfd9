#!/usr/bin/env node
// Stand-in for Prisma's native schema-engine binary, for `prisma generate` only: the CLI refuses to run
// until PRISMA_SCHEMA_ENGINE_BINARY names an existing file (it would otherwise download the binary,
// which is impossible offline), but `generate` never starts it. Should anything start it, fail loudly
// rather than answer like /bin/true, which makes `migrate deploy` report success and do nothing.
console.error(
  "scripts/schema-engine/generate-only-engine.mjs only satisfies `prisma generate`. " +
    "Use `npm run db:migrate`, `npm run db:new-migration -- <name>` or `npm run db:check` for migrations.",
);
process.exit(1);
