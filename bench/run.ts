/**
 * The ingest benchmarks, each printed as a table:
 *  - ingest: the full path (validate with the zod schema, price, store, summarise) against a raw baseline
 *    that inserts the same, already-priced rows, in the same run on fresh databases (SQLite: a
 *    better-sqlite3 prepared single-row INSERT loop in one transaction per batch; PostgreSQL: a pg
 *    multi-row INSERT per batch); rows/s and the ratio (target: full path >= 1/3 of the baseline);
 *  - http: records per second POSTed to a running server (bench/http-ingest.ts);
 *  - import: a JSONL file of --import-gb gigabytes through `tally import`, with its memory (bench/import-rss.ts).
 *
 *   npm run bench                                  # all three, SQLite and PostgreSQL
 *   npm run bench -- --records 20000 --only sqlite --parts ingest
 *   npm run bench -- --parts import --import-gb 3
 */
import os from "node:os";
import { generateDemoRecords } from "@/lib/core/demo-data";
import { defaultPriceBook, priceCall } from "@/lib/core/pricing";
import { parseUsageRecord } from "@/lib/core/usage-record";
import type { PricedCall } from "@/lib/core/types";
import { ingestItems } from "@/lib/server/ingest";
import { getPricingContext } from "@/lib/server/pricing-context";
import { CALL_COLUMNS, callRow } from "@/lib/server/store";
import { createPostgresDatabase, createSqliteDatabase } from "@/tests/helpers/databases";
import { httpIngest } from "./http-ingest";
import { importRss } from "./import-rss";
import { markdownTable } from "./table";

const args = process.argv.slice(2);
const arg = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const RECORDS = Number(arg("records", "100000"));
const BATCH = Number(arg("batch", "1000"));
const ONLY = arg("only", "all");

/** Unique records in the ingest API's shape: demo traffic repeated with fresh ids. */
function makeRecords(n: number): Record<string, unknown>[] {
  const base = generateDemoRecords(Date.parse("2026-11-20T00:00:00Z"), 30, 11);
  return Array.from({ length: n }, (_, i) => ({ ...base[i % base.length], id: `bench_${i}` }));
}

function pricedRows(records: Record<string, unknown>[]): PricedCall[] {
  const nowMs = Date.now();
  return records.map((raw) => {
    const parsed = parseUsageRecord(raw, { nowMs });
    if (!parsed.ok) throw new Error(parsed.errors.join("; "));
    return { record: parsed.record, cost: priceCall(parsed.record, defaultPriceBook) };
  });
}

/** Fresh, migrated databases: the same helpers the integration tests use. */
const freshSqlite = async () => {
  const t = await createSqliteDatabase();
  return { db: t.db, cleanup: t.drop };
};
const freshPostgres = async () => {
  const t = await createPostgresDatabase();
  return { db: t.db, cleanup: t.drop };
};

async function timeIt(fn: () => Promise<void>): Promise<number> {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e9;
}

async function baselineSqlite(rows: PricedCall[]): Promise<number> {
  const { db, cleanup } = await freshSqlite();
  const sqlite = db.sqlite!;
  const insert = sqlite.prepare(`INSERT INTO calls (${CALL_COLUMNS.join(", ")}) VALUES (${CALL_COLUMNS.map(() => "?").join(", ")})`);
  const values = rows.map((row) => callRow(row, "bench", 0n, true));
  const batchInsert = sqlite.transaction((chunk: unknown[][]) => {
    for (const v of chunk) insert.run(...v);
  });
  const seconds = await timeIt(async () => {
    for (let i = 0; i < values.length; i += BATCH) batchInsert(values.slice(i, i + BATCH));
  });
  await cleanup();
  return rows.length / seconds;
}

async function baselinePostgres(rows: PricedCall[]): Promise<number> {
  const { db, cleanup } = await freshPostgres();
  const width = CALL_COLUMNS.length;
  const seconds = await timeIt(async () => {
    for (let i = 0; i < rows.length; i += BATCH) {
      const chunk = rows.slice(i, i + BATCH);
      const tuples = chunk.map((_, r) => `(${CALL_COLUMNS.map((__, c) => `$${r * width + c + 1}`).join(", ")})`);
      await db.pool!.query(`INSERT INTO calls (${CALL_COLUMNS.join(", ")}) VALUES ${tuples.join(", ")}`, chunk.flatMap((row) => callRow(row, "bench", 0n, false)));
    }
  });
  await cleanup();
  return rows.length / seconds;
}

async function fullPath(records: Record<string, unknown>[], open: typeof freshSqlite): Promise<number> {
  const { db, cleanup } = await open();
  // Steady state: a server loads its prices (and starts Prisma's query engine) once, at start.
  await getPricingContext(db);
  const seconds = await timeIt(async () => {
    for (let i = 0; i < records.length; i += BATCH) {
      const result = await ingestItems(db, records.slice(i, i + BATCH), { source: "api" });
      if (result.rejected.length) throw new Error(`bench records rejected: ${JSON.stringify(result.rejected[0])}`);
    }
  });
  await cleanup();
  return records.length / seconds;
}

function fmt(n: number): string {
  return Math.round(n).toLocaleString("en-US");
}

const HTTP_RECORDS = Number(arg("http-records", "200000"));
const HTTP_CONCURRENCY = Number(arg("http-concurrency", "4"));
const IMPORT_GB = Number(arg("import-gb", "1"));
const PARTS = arg("parts", "ingest,http,import").split(",");
const PORT = Number(arg("port", "3180"));

const providers = () => [...(ONLY === "all" || ONLY === "sqlite" ? (["sqlite"] as const) : []), ...(ONLY === "all" || ONLY === "postgres" ? (["postgres"] as const) : [])];
const providerName = (p: "sqlite" | "postgres") => (p === "sqlite" ? "SQLite" : "PostgreSQL");

async function ingestRatios() {
  const records = makeRecords(RECORDS);
  const rows = pricedRows(records);
  console.log(`\nIngest path against a raw insert of the same rows: ${RECORDS.toLocaleString("en-US")} records, batches of ${BATCH}`);
  const table: string[][] = [["database", "baseline", "baseline rows/s", "full ingest path rows/s", "ratio", "target"]];
  for (const provider of providers()) {
    const raw = provider === "sqlite" ? await baselineSqlite(rows) : await baselinePostgres(rows);
    const full = await fullPath(records, provider === "sqlite" ? freshSqlite : freshPostgres);
    table.push([providerName(provider), provider === "sqlite" ? "better-sqlite3 prepared insert loop" : "pg multi-row INSERT", fmt(raw), fmt(full), (full / raw).toFixed(2), ">= 0.33"]);
  }
  console.log(markdownTable(table));
}

async function httpThroughput() {
  const records = makeRecords(HTTP_RECORDS).map((r, i) => ({ ...r, id: `http_${i}` }));
  console.log(`\nIngest over HTTP: ${HTTP_RECORDS.toLocaleString("en-US")} records in batches of ${BATCH}, ${HTTP_CONCURRENCY} clients at once, next start on loopback`);
  const table: string[][] = [["database", "records", "seconds", "records/s", "target"]];
  for (const provider of providers()) {
    const result = await httpIngest({ provider, records, batch: BATCH, concurrency: HTTP_CONCURRENCY, port: PORT });
    table.push([providerName(provider), fmt(result.records), result.seconds.toFixed(1), fmt(result.recordsPerSecond), "tens of thousands"]);
  }
  console.log(markdownTable(table));
}

async function importMemory() {
  const base = generateDemoRecords(Date.parse("2026-11-20T00:00:00Z"), 30, 11);
  console.log(`\nImporting a ${IMPORT_GB} GB JSONL file with tally import (SQLite), resident memory read every 100 ms`);
  const result = await importRss({ gigabytes: IMPORT_GB, makeRecord: (i) => ({ ...base[i % base.length], id: `import_${i}` }) });
  console.log(
    markdownTable([
      ["file", "records", "seconds", "records/s", "RSS at 10%", "RSS at 90%", "peak RSS"],
      [`${(result.fileBytes / 1024 ** 3).toFixed(2)} GB`, fmt(result.records), result.seconds.toFixed(0), fmt(result.recordsPerSecond), `${result.earlyRssMb.toFixed(0)} MB`, `${result.lateRssMb.toFixed(0)} MB`, `${result.peakRssMb.toFixed(0)} MB`],
    ]),
  );
}

async function main() {
  console.log(`Tally benchmarks: Node ${process.version}, ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? "?"}), load average ${os.loadavg()[0].toFixed(1)} at start`);
  if (PARTS.includes("ingest")) await ingestRatios();
  if (PARTS.includes("http")) await httpThroughput();
  if (PARTS.includes("import")) await importMemory();
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
