/**
 * Dashboard benchmark: server-side time of each page's reads (bench/dashboard-pages.ts) on a database
 * of generated calls (bench/generate-calls.ts), SQLite and PostgreSQL. Target: every page under 100 ms
 * at 10 million calls.
 *
 * Each measurement warms up once, then times `--runs` runs (at least 7; fewer for reads whose warm-up took
 * over 1.5 s, clear misses: see runsAfter) and reports the median and p95 (nearest rank).
 * Machines are noisy, so each page is also given as a ratio to a baseline measured in the same run on the
 * same database: the naive way to draw the spend-by-day chart, GROUP BY day over the raw calls in the
 * range (what the summary tables exist to avoid).
 *
 * The generated databases are kept (bench/.data/dashboard.db, PostgreSQL database tally_bench_dashboard)
 * and reused while they hold the requested number of calls; generating 10 million takes minutes.
 *
 *   npm run bench:dashboard                           # 10,000,000 calls, SQLite and PostgreSQL
 *   npm run bench:dashboard -- --calls 1000000 --only sqlite --runs 7
 *   npm run bench:dashboard -- --regenerate           # generate again even when the data is there
 *   npm run bench:dashboard -- --pages calls --out bench/results/dashboard-calls.md
 *                                                     # only pages whose name contains "calls"
 *   npm run bench:dashboard -- --drop                 # remove both benchmark databases afterwards
 */
import { migrateDatabase } from "@/lib/server/migrate";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { shiftDay } from "@/lib/core/chart-data";
import { type Database, openDatabase } from "@/lib/server/db";
import type { DayRange } from "@/lib/server/queries";
import { PG_SERVER_URL } from "@/tests/helpers/databases";
import { type BenchCase, DASHBOARD_PAGES, type FilterVariant } from "./dashboard-pages";
import { FEATURES, generatePostgres, generateSqlite } from "./generate-calls";
import { markdownTable } from "./table";

const args = process.argv.slice(2);
const arg = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const CALLS = Number(arg("calls", "10000000"));
const RUNS = Math.max(7, Number(arg("runs", "9")));
const ONLY = arg("only", "all");
const PAGES = arg("pages", "");
const REGENERATE = args.includes("--regenerate");
const DROP = args.includes("--drop");

const SQLITE_URL = `file:${path.resolve("bench/.data/dashboard.db")}`;
const PG_DATABASE = "tally_bench_dashboard";
const PG_URL = `${PG_SERVER_URL}/${PG_DATABASE}`;
const RESULTS = path.resolve(arg("out", "bench/results/dashboard.md"));
const BUDGET_MS = 100;
/**
 * A read whose warm-up takes over ten times the budget is a clear miss, and at 10 million calls some take
 * many seconds: those get 3 timed runs instead of RUNS (1 when the warm-up took over 5 s), so that the
 * benchmark finishes in minutes. The table's "runs" column says how many.
 */
const SLOW_MS = 10 * BUDGET_MS;
const VERY_SLOW_MS = 5000;
const runsAfter = (warmUpMs: number) => (warmUpMs > VERY_SLOW_MS ? 1 : warmUpMs > SLOW_MS ? 3 : RUNS);

/** Values the filtered measurements use: a mid-popularity feature (~3% of calls), model (12%) and user (~0.5%). */
const FILTER_VALUES = { feature: FEATURES[10], model: "claude-opus-4-6", user: "user-050" };

/** Meta key recording what was generated: {"calls": N, "lastDay": "YYYY-MM-DD"}. */
const GENERATED_KEY = "bench_generated";

interface Generated {
  calls: number;
  lastDay: string;
}

const log = (message: string) => console.log(message);

async function readGenerated(url: string): Promise<Generated | null> {
  if (url.startsWith("file:") && !fs.existsSync(url.slice(5))) return null;
  if (!url.startsWith("file:")) {
    const admin = new pg.Client({ connectionString: `${PG_SERVER_URL}/postgres` });
    await admin.connect();
    const { rowCount } = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [PG_DATABASE]);
    await admin.end();
    if (!rowCount) return null;
  }
  const db = openDatabase(url);
  try {
    const [row] = await db.all("SELECT value FROM meta WHERE key = ?", [GENERATED_KEY]);
    return row ? (JSON.parse(String(row.value)) as Generated) : null;
  } catch {
    return null;
  } finally {
    await db.close();
  }
}

/** Generates the database unless it already holds CALLS calls; returns generation seconds (null when reused). */
async function ensureData(dialect: "sqlite" | "postgres"): Promise<{ generated: Generated; seconds: number | null }> {
  const url = dialect === "sqlite" ? SQLITE_URL : PG_URL;
  const existing = await readGenerated(url);
  if (existing && existing.calls === CALLS && !REGENERATE) {
    // Data kept from an earlier version: migrations added since then (and their backfills) apply to it.
    const { applied } = await migrateDatabase(url);
    if (applied.length) log(`${dialect}: applied ${applied.join(", ")} to the kept data`);
    log(`${dialect}: reusing ${CALLS.toLocaleString("en-US")} generated calls ending ${existing.lastDay}`);
    return { generated: existing, seconds: null };
  }
  log(`${dialect}: generating ${CALLS.toLocaleString("en-US")} calls`);
  const endMs = Date.now();
  const options = { calls: CALLS, endMs, log };
  const seconds = dialect === "sqlite" ? await generateSqlite(SQLITE_URL, options) : await generatePostgres(PG_SERVER_URL, PG_DATABASE, options);
  const generated = { calls: CALLS, lastDay: new Date(endMs).toISOString().slice(0, 10) };
  const db = openDatabase(url);
  await db.run("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value", [GENERATED_KEY, JSON.stringify(generated)]);
  await db.close();
  log(`${dialect}: generated in ${seconds.toFixed(1)} s (${Math.round(CALLS / seconds).toLocaleString("en-US")} calls/s)`);
  return { generated, seconds };
}

async function timeMs(fn: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** Nearest-rank percentile of a sample (p in (0, 1]). */
function percentileOf(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)];
}

interface Measurement {
  page: string;
  database: string;
  range: string;
  filter: string;
  runs: number;
  medianMs: number;
  p95Ms: number;
  rows: number;
  baselineMs: number;
}

function caseFor(db: Database, range: DayRange, variant: FilterVariant, callId: string): BenchCase {
  const c: BenchCase = { db, range, filters: {}, callId };
  if (variant === "feature") c.filters = { feature: [FILTER_VALUES.feature] };
  if (variant === "model") c.filters = { model: [FILTER_VALUES.model] };
  if (variant === "user") c.user = FILTER_VALUES.user;
  return c;
}

function filterLabel(variant: FilterVariant): string {
  return variant === "none" ? "none" : `${variant}=${FILTER_VALUES[variant]}`;
}

/** The naive spend-by-day read over raw calls: what a page without summary tables would run. */
async function naiveSpendByDay(db: Database, range: DayRange): Promise<number> {
  const from = BigInt(Date.parse(`${range.from}T00:00:00Z`));
  const to = BigInt(Date.parse(`${range.to}T00:00:00Z`) + 86_400_000);
  return (await db.all("SELECT day, SUM(cost_pico) AS cost FROM calls WHERE ts_ms >= ? AND ts_ms < ? GROUP BY day", [from, to])).length;
}

async function measureDatabase(dialect: "sqlite" | "postgres", generated: Generated, onMeasurement: (m: Measurement) => void): Promise<Measurement[]> {
  const db = openDatabase(dialect === "sqlite" ? SQLITE_URL : PG_URL);
  const database = dialect === "sqlite" ? "SQLite" : "PostgreSQL";
  const callId = `bench_${String(Math.floor(generated.calls / 2)).padStart(9, "0")}`;
  const ranges: [string, DayRange][] = [
    ["30 days", { from: shiftDay(generated.lastDay, -29), to: generated.lastDay }],
    ["90 days", { from: shiftDay(generated.lastDay, -89), to: generated.lastDay }],
  ];
  const results: Measurement[] = [];
  try {
    for (const [rangeName, range] of ranges) {
      await naiveSpendByDay(db, range);
      const baselineRuns: number[] = [];
      for (let i = 0; i < 3; i++) baselineRuns.push(await timeMs(() => naiveSpendByDay(db, range)));
      const baselineMs = percentileOf(baselineRuns, 0.5);
      log(`${database}, ${rangeName}: baseline (GROUP BY day over raw calls) ${baselineMs.toFixed(0)} ms`);
      for (const page of DASHBOARD_PAGES.filter((p) => p.name.includes(PAGES))) {
        for (const variant of page.variants ?? ["none", "feature"]) {
          const c = caseFor(db, range, variant, callId);
          const prepared = page.setup ? await page.setup(c) : undefined;
          let rows = 0;
          const warmUpMs = await timeMs(async () => (rows = await page.load(c, prepared)));
          const runs = runsAfter(warmUpMs);
          const samples: number[] = [];
          for (let i = 0; i < runs; i++) samples.push(await timeMs(async () => (rows = await page.load(c, prepared))));
          const m = { page: page.name, database, range: rangeName, filter: filterLabel(variant), runs, medianMs: percentileOf(samples, 0.5), p95Ms: percentileOf(samples, 0.95), rows, baselineMs };
          results.push(m);
          onMeasurement(m);
          log(`  ${m.page} | ${m.filter}: median ${m.medianMs.toFixed(1)} ms, p95 ${m.p95Ms.toFixed(1)} ms, ${rows} rows`);
        }
      }
    }
  } finally {
    await db.close();
  }
  return results;
}

async function dropDatabases(): Promise<void> {
  for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(SQLITE_URL.slice(5) + suffix, { force: true });
  const admin = new pg.Client({ connectionString: `${PG_SERVER_URL}/postgres` });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${PG_DATABASE} WITH (FORCE)`);
  await admin.end();
}

/** Writes the Markdown report to RESULTS; returns its table. */
function writeReport(measurements: Measurement[], generation: string[], machine: string, complete: boolean): string {
  const table = markdownTable([
    ["page", "database", "range", "filter", "runs", "median ms", "p95 ms", "rows", "x baseline", `< ${BUDGET_MS} ms`],
    ...measurements.map((m) => [
      m.page,
      m.database,
      m.range,
      m.filter,
      String(m.runs),
      m.medianMs.toFixed(1),
      m.p95Ms.toFixed(1),
      String(m.rows),
      (m.medianMs / m.baselineMs).toFixed(4),
      m.medianMs < BUDGET_MS ? "yes" : "NO",
    ]),
  ]);
  const baselines = [...new Set(measurements.map((m) => `${m.database}, ${m.range}: ${m.baselineMs.toFixed(0)} ms`))];
  const report = [
    `# Dashboard page data at ${CALLS.toLocaleString("en-US")} calls${complete ? "" : " (run in progress or stopped part-way)"}`,
    "",
    `Generated by \`npm run bench:dashboard${args.length ? ` -- ${args.join(" ")}` : ""}\` on ${new Date().toISOString().slice(0, 10)}; ${machine}.`,
    `Each row: the page's reads (bench/dashboard-pages.ts) run concurrently as its cards do, warmed up once, then ${RUNS} timed runs`,
    `(3 when the warm-up took over ${SLOW_MS} ms, 1 when over ${VERY_SLOW_MS} ms: clear misses either way);`,
    "median and p95 (nearest rank) in milliseconds, rows read back. \"x baseline\" is the median divided by the baseline measured",
    "in the same run on the same database and range: GROUP BY day over the raw calls (the naive spend-by-day chart).",
    "",
    `Data: ${generation.join("; ")}.`,
    `Baselines (median of 3): ${baselines.join("; ")}.`,
    "",
    table,
    "",
  ].join("\n");
  fs.mkdirSync(path.dirname(RESULTS), { recursive: true });
  fs.writeFileSync(RESULTS, report);
  return table;
}

async function main() {
  const dialects = (["sqlite", "postgres"] as const).filter((d) => ONLY === "all" || ONLY === d);
  const machine = `Node ${process.version}, ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? "?"}), load average ${os.loadavg()[0].toFixed(1)} at start`;
  log(`Dashboard benchmark: ${CALLS.toLocaleString("en-US")} calls, ${RUNS} timed runs per measurement, ${machine}`);
  const measurements: Measurement[] = [];
  const generation: string[] = [];
  // Rewritten after every measurement, so a run stopped part-way still leaves its results.
  const onMeasurement = (m: Measurement) => {
    measurements.push(m);
    writeReport(measurements, generation, machine, false);
  };
  for (const dialect of dialects) {
    const { generated, seconds } = await ensureData(dialect);
    generation.push(
      `${dialect === "sqlite" ? "SQLite" : "PostgreSQL"}: ${seconds === null ? `reused (calls ending ${generated.lastDay})` : `generated in ${seconds.toFixed(0)} s (${Math.round(CALLS / seconds).toLocaleString("en-US")} calls/s)`}`,
    );
    await measureDatabase(dialect, generated, onMeasurement);
  }
  console.log(`\n${writeReport(measurements, generation, machine, true)}`);
  log(`\nwritten to ${path.relative(process.cwd(), RESULTS)}`);
  const misses = measurements.filter((m) => m.medianMs >= BUDGET_MS);
  if (misses.length) log(`${misses.length} measurement(s) at or over ${BUDGET_MS} ms`);
  if (DROP) await dropDatabases();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
