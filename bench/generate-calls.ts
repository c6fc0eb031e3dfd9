/**
 * Synthetic call history for the dashboard benchmark, written directly in SQL (the ingest path does
 * ~18k calls/s; this does 10 million in minutes). Every value is a deterministic function of the row
 * number n, so SQLite and PostgreSQL hold the same calls.
 *
 * Shape: calls spread evenly over 90 days ending now; 8 models (Sonnet 4.6 the most used), 30 features,
 * 5 projects and 200 users with skewed popularity; 10% batch tier; stop reasons mostly end_turn/tool_use.
 * Token counts are log-triangular (most prompts a few thousand tokens, a tail to ~200k); costs use the
 * models' list prices from the price book (batch halves), including every cost component.
 *
 * Then the summary tables are filled the way ingest would leave them: daily_usage with one
 * INSERT ... SELECT ... GROUP BY, daily_histograms with lib/core/histogram.ts's bucketOf written in SQL
 * (checked against bucketOf on sample values before use), and meta histograms_version = "1".
 */
import fs from "node:fs";
import path from "node:path";
import BetterSqlite3 from "better-sqlite3";
import pg from "pg";
import { bucketOf } from "@/lib/core/histogram";
import { parseUsdToPico } from "@/lib/core/money";
import priceBook from "@/lib/core/price-book.json";
import { sqlitePath } from "@/lib/server/database-url";
import { migrateDatabase } from "@/lib/server/migrate";
import { CALL_COLUMNS, PROJECTION_CUTS, projectionRebuildSql } from "@/lib/server/store";

type Dialect = "sqlite" | "postgres";

/** Models with their share of calls in percent (sums to 100). */
const MODEL_SHARES: [string, number][] = [
  ["claude-sonnet-4-6", 35],
  ["claude-haiku-4-5", 20],
  ["claude-opus-4-6", 12],
  ["claude-sonnet-4-5", 10],
  ["claude-sonnet-5", 8],
  ["claude-opus-4-5", 6],
  ["claude-3-5-haiku-latest", 5],
  ["claude-opus-5", 4],
];

export const FEATURES = [
  "chat", "code-review", "search", "summarize", "support-bot", "agent-loop", "classify", "extract-invoices",
  "translate", "email-draft", "sql-assistant", "doc-qa", "meeting-notes", "onboarding", "moderation",
  "tagging", "release-notes", "test-writer", "incident-triage", "sales-research", "contract-review",
  "data-cleaning", "spec-writer", "pr-describe", "faq", "voice-transcripts", "recommendations",
  "ticket-routing", "changelog", "eval-grader",
];
export const PROJECTS = ["web-app", "internal-tools", "mobile", "data-platform", "support"];
export const USER_COUNT = 200;
export const DAYS = 90;

/** A model's list prices in pico-USD per token (USD per MTok x 1e6), standard tier. */
interface TokenPrices {
  input: bigint;
  output: bigint;
  cacheRead: bigint;
  cacheWrite5m: bigint;
  cacheWrite1h: bigint;
}

function listPrices(modelId: string): TokenPrices {
  const model = priceBook.models.find((m) => m.id === modelId);
  if (!model) throw new Error(`${modelId} is not in the price book`);
  const prices = model.periods[model.periods.length - 1].prices;
  const perToken = (usdPerMTok: string) => parseUsdToPico(usdPerMTok) / 1_000_000n;
  return {
    input: perToken(prices.input),
    output: perToken(prices.output),
    cacheRead: perToken(prices.cacheRead),
    cacheWrite5m: perToken(prices.cacheWrite5m),
    cacheWrite1h: perToken(prices.cacheWrite1h),
  };
}

const quote = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** CASE expr WHEN 0 THEN values[0] ... END */
function pick(expr: string, values: string[]): string {
  return `CASE ${expr} ${values.map((v, i) => `WHEN ${i} THEN ${v}`).join(" ")} END`;
}

/**
 * A pseudo-random integer in [0, 1024) from the row number: the top 10 bits of a multiplicative hash
 * (n x odd constant mod 2^32). One stream per constant; cheap and identical in both dialects.
 */
const STREAM_MULTIPLIERS = [2654435761, 2246822519, 3266489917, 668265263, 374761393, 3550635139, 1181783497, 2870177451, 1597334677, 3812015801];
function uniform(stream: number): string {
  return `((((n + ${stream * 7919}) * ${STREAM_MULTIPLIERS[stream]}) % 4294967296) >> 22)`;
}

/** Index 0..count-1 skewed towards 0: floor(count * u^2) for u uniform in [0, 1). */
function skewedIndex(stream: number, count: number): string {
  return `((${uniform(stream)} * ${uniform(stream)} * ${count}) >> 20)`;
}

/** floor(e^(low + (u1 + u2) / 2048 * (high - low))): log-triangular between e^low and e^high. */
function logTriangular(streamA: number, streamB: number, low: number, high: number): string {
  return `CAST(floor(exp(CAST(${low} + (${uniform(streamA)} + ${uniform(streamB)}) * ${(high - low) / 2048} AS DOUBLE PRECISION))) AS BIGINT)`;
}

/**
 * SELECT producing CALL_COLUMNS for row numbers n from `numbers` (a FROM clause yielding column n),
 * timestamps n * spanMs / total after startMs.
 */
function callsSelect(dialect: Dialect, numbers: string, startMs: number, spanMs: number, total: number): string {
  const models = MODEL_SHARES.map(([id]) => id);
  const prices = models.map(listPrices);
  let cumulative = 0;
  const modelIndex = `CASE ${MODEL_SHARES.slice(0, -1)
    .map(([, share], i) => `WHEN ${uniform(0)} * 100 < ${(cumulative += share) * 1024} THEN ${i}`)
    .join(" ")} ELSE ${models.length - 1} END`;
  const price = (key: keyof TokenPrices) => pick("m", prices.map((p) => String(p[key])));
  const day = dialect === "sqlite" ? "date(ts_ms / 1000, 'unixepoch')" : "to_char(DATE '1970-01-01' + CAST(ts_ms / 86400000 AS INTEGER), 'YYYY-MM-DD')";
  const id = dialect === "sqlite" ? "'bench_' || printf('%09d', n)" : "'bench_' || lpad(n::text, 9, '0')";
  const user = dialect === "sqlite" ? "'user-' || printf('%03d', u)" : "'user-' || lpad(u::text, 3, '0')";
  const priced = dialect === "sqlite" ? "1" : "true";
  // Batch calls pay half of every token price (all list prices in pico per token are even).
  const cost = (tokens: string, key: keyof TokenPrices) => `(${tokens} * ${price(key)} / CASE WHEN tier = 'batch' THEN 2 ELSE 1 END)`;
  const stopReason = `CASE WHEN s < 560 THEN 'end_turn' WHEN s < 950 THEN 'tool_use' WHEN s < 990 THEN 'max_tokens'
    WHEN s < 1000 THEN 'refusal' WHEN s < 1010 THEN 'pause_turn' WHEN s < 1018 THEN 'stop_sequence' ELSE NULL END`;
  const values: Record<(typeof CALL_COLUMNS)[number], string> = {
    id,
    ts_ms: "ts_ms",
    day,
    model_raw: pick("m", models.map(quote)),
    model: pick("m", models.map(quote)),
    feature: pick("f", FEATURES.map(quote)),
    project: pick("p", PROJECTS.map(quote)),
    user_id: user,
    tags: "NULL",
    input_tokens: "input_tokens",
    output_tokens: "output_tokens",
    cache_read_tokens: "cache_read_tokens",
    cache_write_5m_tokens: "cache_write_5m_tokens",
    cache_write_1h_tokens: "cache_write_1h_tokens",
    web_search_requests: "web_search_requests",
    web_fetch_requests: "0",
    service_tier: "tier",
    inference_geo: "NULL",
    speed: "NULL",
    stop_reason: stopReason,
    latency_ms: `300 + output_tokens * 12 + s`,
    priced,
    cost_pico: `${cost("input_tokens", "input")} + ${cost("output_tokens", "output")} + ${cost("cache_read_tokens", "cacheRead")}
      + ${cost("cache_write_5m_tokens", "cacheWrite5m")} + ${cost("cache_write_1h_tokens", "cacheWrite1h")} + web_search_requests * 10000000000`,
    input_cost_pico: cost("input_tokens", "input"),
    output_cost_pico: cost("output_tokens", "output"),
    cache_write_5m_cost_pico: cost("cache_write_5m_tokens", "cacheWrite5m"),
    cache_write_1h_cost_pico: cost("cache_write_1h_tokens", "cacheWrite1h"),
    cache_read_cost_pico: cost("cache_read_tokens", "cacheRead"),
    web_search_cost_pico: "web_search_requests * 10000000000",
    cache_read_full_cost_pico: cost("cache_read_tokens", "input"),
    price_entry_id: `${pick("m", models.map(quote))} || '@2026-02-01'`,
    pricing_tier: "'standard'",
    quality: "''",
    source: "'api'",
    ingested_at_ms: "ts_ms + 2000",
    total_tokens: "input_tokens + output_tokens + cache_read_tokens + cache_write_5m_tokens + cache_write_1h_tokens",
  };
  // Cache use: ~59% of calls read the cache (0.8x-8.8x their input), ~20% write 5-minute entries, ~4% 1-hour ones.
  const tokens = `SELECT n, ts_ms, m, f, p, u, s, tier, input_tokens, output_tokens, web_search_requests,
      CASE WHEN c < 600 THEN input_tokens * (${uniform(6)} + 100) / 128 ELSE 0 END AS cache_read_tokens,
      CASE WHEN c >= 600 AND c < 810 THEN input_tokens * (${uniform(6)} + 50) / 512 ELSE 0 END AS cache_write_5m_tokens,
      CASE WHEN c >= 980 THEN input_tokens * (${uniform(6)} + 50) / 512 ELSE 0 END AS cache_write_1h_tokens
    FROM (SELECT n, ${startMs} + n * ${spanMs} / ${total} AS ts_ms, ${modelIndex} AS m, ${skewedIndex(1, FEATURES.length)} AS f,
        ${skewedIndex(2, PROJECTS.length)} AS p, ${skewedIndex(3, USER_COUNT)} AS u, ${uniform(4)} AS s, ${uniform(5)} AS c,
        CASE WHEN ${uniform(7)} < 102 THEN 'batch' ELSE 'standard' END AS tier,
        ${logTriangular(8, 9, 4.6, 12.2)} AS input_tokens,
        CASE WHEN ${uniform(4)} >= 950 AND ${uniform(4)} < 990 THEN 8192 ELSE ${logTriangular(9, 2, 3, 8.3)} END AS output_tokens,
        CASE WHEN ${uniform(7)} % 50 = 1 THEN 1 + ${uniform(3)} % 3 ELSE 0 END AS web_search_requests
      FROM ${numbers}) AS drawn`;
  return `SELECT ${CALL_COLUMNS.map((c) => `${values[c]} AS ${c}`).join(",\n  ")} FROM (${tokens}) AS calls_source`;
}

const STOP_COLUMNS: [string, string][] = [
  ["stop_end_turn", "end_turn"],
  ["stop_tool_use", "tool_use"],
  ["stop_max_tokens", "max_tokens"],
  ["stop_sequence", "stop_sequence"],
  ["stop_pause_turn", "pause_turn"],
  ["stop_refusal", "refusal"],
  ["stop_context_exceeded", "model_context_window_exceeded"],
];

const SUMMARY_SQL = (dialect: Dialect) => `INSERT INTO daily_usage (day, model, feature, project, service_tier, calls, unpriced_calls,
  input_tokens, output_tokens, cache_read_tokens, cache_write_5m_tokens, cache_write_1h_tokens, web_search_requests, cost_pico,
  input_cost_pico, output_cost_pico, cache_write_5m_cost_pico, cache_write_1h_cost_pico, cache_read_cost_pico, web_search_cost_pico,
  cache_read_full_cost_pico, ${STOP_COLUMNS.map(([c]) => c).join(", ")})
SELECT day, model, feature, project, service_tier, COUNT(*), SUM(CASE WHEN priced ${dialect === "sqlite" ? "= 1" : ""} THEN 0 ELSE 1 END),
  SUM(input_tokens), SUM(output_tokens), SUM(cache_read_tokens), SUM(cache_write_5m_tokens), SUM(cache_write_1h_tokens),
  SUM(web_search_requests), SUM(cost_pico), SUM(input_cost_pico), SUM(output_cost_pico), SUM(cache_write_5m_cost_pico),
  SUM(cache_write_1h_cost_pico), SUM(cache_read_cost_pico), SUM(web_search_cost_pico), SUM(cache_read_full_cost_pico),
  ${STOP_COLUMNS.map(([, reason]) => `SUM(CASE WHEN stop_reason = '${reason}' THEN 1 ELSE 0 END)`).join(", ")}
FROM calls GROUP BY day, model, feature, project, service_tier`;

/**
 * The backfill that ends the migration named `name`, so the generator and an upgrade fill a summary with
 * one piece of SQL: "rollups" fills daily_model_feature and dimension_values from daily_usage;
 * "narrow_rollups" fills daily_model and daily_feature from daily_usage and weekly_histograms from
 * daily_histograms.
 */
function backfillSql(provider: "sqlite" | "postgresql", name: string): string {
  const folder = path.join(process.cwd(), "prisma", "migrations", provider);
  const migration = fs.readdirSync(folder).find((folderName) => folderName.endsWith(`_${name}`))!;
  const sql = fs.readFileSync(path.join(folder, migration, "migration.sql"), "utf8");
  return sql.slice(sql.indexOf("-- Backfill"));
}

/**
 * FROM-clause subquery adding column `bucket` = lib/core/histogram.ts bucketOf(v) to the rows of
 * `source` (a parenthesised subquery with an integer column v >= 0). The exponent is floor(log2 v) from
 * floating point, then corrected by one either way with exact integer shifts, so the bucket is exact for
 * any v below 2^62.
 */
function withBucket(source: string): string {
  const one = "CAST(1 AS BIGINT)";
  const approx = `CASE WHEN v > 0 THEN CAST(floor(ln(CAST(v AS DOUBLE PRECISION)) / ln(2.0)) AS INTEGER) ELSE 0 END`;
  const exponent = `e0 - CASE WHEN (${one} << e0) > v THEN 1 ELSE 0 END + CASE WHEN (${one} << (e0 + 1)) <= v THEN 1 ELSE 0 END`;
  const bucket = `CASE WHEN v = 0 THEN 0 WHEN e >= 4 THEN 1 + 16 * e + ((v - (${one} << e)) >> (e - 4))
    ELSE 1 + 16 * e + (((v - (${one} << e)) * 16) >> e) END`;
  return `(SELECT *, ${bucket} AS bucket FROM (SELECT *, ${exponent} AS e FROM (SELECT *, ${approx} AS e0 FROM ${source} AS s0) AS s1) AS s2)`;
}

function histogramSql(metric: "cost" | "tokens"): string {
  const column = metric === "cost" ? "cost_pico" : "total_tokens";
  return `INSERT INTO daily_histograms (day, model, metric, bucket, calls)
SELECT day, model, '${metric}', bucket, COUNT(*) FROM ${withBucket(`(SELECT day, model, ${column} AS v FROM calls)`)} AS b
GROUP BY day, model, bucket`;
}

/** Values around every power of two up to 2^50, small integers and the stored calls' own values. */
function bucketProbeValues(sample: bigint[]): bigint[] {
  const values = new Set<bigint>(sample);
  for (let i = 0n; i < 40n; i++) values.add(i);
  for (let e = 1n; e <= 50n; e++) for (const d of [-1n, 0n, 1n]) values.add((1n << e) + d);
  return [...values].filter((v) => v >= 0n);
}

function mismatches(values: bigint[], buckets: unknown[]): string[] {
  return values.flatMap((v, i) => (Number(buckets[i]) === bucketOf(v) ? [] : [`${v}: SQL ${buckets[i]}, bucketOf ${bucketOf(v)}`]));
}

export interface GenerateOptions {
  calls: number;
  /** Epoch ms the history ends at (exclusive); it starts DAYS UTC days earlier, at midnight. */
  endMs: number;
  log: (message: string) => void;
}

function startOf(endMs: number): number {
  const today = Math.floor(endMs / 86_400_000) * 86_400_000;
  return today - (DAYS - 1) * 86_400_000;
}

const BATCH = 500_000;
const seconds = (startNs: bigint) => (Number(process.hrtime.bigint() - startNs) / 1e9).toFixed(1);

/** Fills a migrated SQLite file with options.calls calls and their summaries; returns seconds taken. */
export async function generateSqlite(url: string, options: GenerateOptions): Promise<number> {
  const file = sqlitePath(url);
  for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(file + suffix, { force: true });
  fs.mkdirSync(path.dirname(file), { recursive: true });
  await migrateDatabase(url);
  const t0 = process.hrtime.bigint();
  const db = new BetterSqlite3(file);
  db.defaultSafeIntegers(true);
  // Generation only: no rollback journal and no fsync. Migration left the file in WAL mode, which SQLite
  // only leaves for a rollback-journal mode; the app switches it back to WAL when it opens the file.
  // better-sqlite3 opens connections in defensive mode, which refuses journal_mode = OFF; unsafe mode lifts it.
  db.unsafeMode(true);
  db.pragma("journal_mode = DELETE");
  const mode = db.pragma("journal_mode = OFF", { simple: true });
  if (mode !== "off") throw new Error(`could not turn the journal off for generation (journal_mode is ${mode})`);
  db.pragma("synchronous = OFF");
  db.pragma("cache_size = -1000000");
  db.pragma("temp_store = MEMORY");
  const indexes = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'calls' AND sql IS NOT NULL").all() as { name: string; sql: string }[];
  const startMs = startOf(options.endMs);
  const spanMs = options.endMs - startMs;
  const insert = db.prepare(`WITH RECURSIVE seq(n) AS (SELECT ? UNION ALL SELECT n + 1 FROM seq WHERE n < ?)
    INSERT INTO calls (${CALL_COLUMNS.join(", ")}) ${callsSelect("sqlite", "seq", startMs, spanMs, options.calls)}`);
  db.exec("BEGIN");
  // Secondary indexes are built once at the end: sorting 10M keys once beats 10M random b-tree inserts.
  for (const index of indexes) db.exec(`DROP INDEX "${index.name}"`);
  for (let from = 0; from < options.calls; from += BATCH) {
    insert.run(BigInt(from), BigInt(Math.min(from + BATCH, options.calls) - 1));
    options.log(`  sqlite: ${Math.min(from + BATCH, options.calls).toLocaleString("en-US")} calls (${seconds(t0)} s)`);
  }
  for (const index of indexes) db.exec(index.sql);
  options.log(`  sqlite: indexes rebuilt (${seconds(t0)} s)`);
  db.exec(SUMMARY_SQL("sqlite"));
  db.exec(backfillSql("sqlite", "rollups"));
  options.log(`  sqlite: daily_usage, its rollup and the filter values filled (${seconds(t0)} s)`);
  checkBuckets(db.prepare("SELECT cost_pico AS a, total_tokens AS b FROM calls WHERE rowid % 997 = 0 LIMIT 2000").all() as { a: bigint; b: bigint }[], (values) => {
    const probe = db.prepare(`SELECT bucket FROM ${withBucket("(SELECT CAST(? AS INTEGER) AS v)")} AS b`);
    return values.map((v) => (probe.get(v) as { bucket: bigint }).bucket);
  });
  db.exec(histogramSql("cost"));
  db.exec(histogramSql("tokens"));
  db.exec(backfillSql("sqlite", "narrow_rollups"));
  db.exec(backfillSql("sqlite", "monthly_usage"));
  for (const sql of projectionRebuildSql()) db.exec(sql);
  db.prepare("INSERT INTO meta (key, value) VALUES ('projection_cuts', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value").run(PROJECTION_CUTS.join(","));
  db.prepare("INSERT INTO meta (key, value) VALUES ('histograms_version', '1') ON CONFLICT (key) DO UPDATE SET value = excluded.value").run();
  db.exec("COMMIT");
  options.log(`  sqlite: daily and weekly histograms, the narrow rollups and the projection summary filled (${seconds(t0)} s)`);
  db.close();
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

function checkBuckets(rows: { a: bigint | string; b: bigint | string }[], sqlBuckets: (values: bigint[]) => unknown[]): void {
  const values = bucketProbeValues(rows.flatMap((r) => [BigInt(r.a), BigInt(r.b)]));
  const wrong = mismatches(values, sqlBuckets(values));
  if (wrong.length) throw new Error(`SQL histogram buckets disagree with bucketOf: ${wrong.slice(0, 5).join("; ")}`);
}

/** Drops and recreates database `name` on the server, fills it; returns seconds taken. */
export async function generatePostgres(serverUrl: string, name: string, options: GenerateOptions): Promise<number> {
  const admin = new pg.Client({ connectionString: `${serverUrl}/postgres` });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = `${serverUrl}/${name}`;
  await migrateDatabase(url);
  const t0 = process.hrtime.bigint();
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query("SET synchronous_commit = off");
  await client.query("SET maintenance_work_mem = '512MB'");
  await client.query("SET work_mem = '256MB'");
  const { rows: indexes } = await client.query<{ name: string; sql: string }>(
    `SELECT indexname AS name, indexdef AS sql FROM pg_indexes WHERE tablename = 'calls' AND indexname <> 'calls_pkey'`,
  );
  const startMs = startOf(options.endMs);
  const spanMs = options.endMs - startMs;
  const insert = `INSERT INTO calls (${CALL_COLUMNS.join(", ")}) ${callsSelect("postgres", "generate_series($1::bigint, $2::bigint) AS seq(n)", startMs, spanMs, options.calls)}`;
  await client.query("BEGIN");
  for (const index of indexes) await client.query(`DROP INDEX "${index.name}"`);
  for (let from = 0; from < options.calls; from += BATCH) {
    await client.query(insert, [from, Math.min(from + BATCH, options.calls) - 1]);
    options.log(`  postgres: ${Math.min(from + BATCH, options.calls).toLocaleString("en-US")} calls (${seconds(t0)} s)`);
  }
  for (const index of indexes) await client.query(index.sql);
  options.log(`  postgres: indexes rebuilt (${seconds(t0)} s)`);
  await client.query(SUMMARY_SQL("postgres"));
  await client.query(backfillSql("postgresql", "rollups"));
  options.log(`  postgres: daily_usage, its rollup and the filter values filled (${seconds(t0)} s)`);
  const { rows: sample } = await client.query<{ a: string; b: string }>("SELECT cost_pico AS a, total_tokens AS b FROM calls TABLESAMPLE SYSTEM (1) LIMIT 2000");
  const values = bucketProbeValues(sample.flatMap((r) => [BigInt(r.a), BigInt(r.b)]));
  const { rows: probed } = await client.query<{ bucket: string }>(
    `SELECT bucket FROM ${withBucket("(SELECT v, ord FROM unnest($1::bigint[]) WITH ORDINALITY AS x(v, ord))")} AS b ORDER BY ord`,
    [values.map(String)],
  );
  const wrong = mismatches(values, probed.map((r) => r.bucket));
  if (wrong.length) throw new Error(`SQL histogram buckets disagree with bucketOf: ${wrong.slice(0, 5).join("; ")}`);
  await client.query(histogramSql("cost"));
  await client.query(histogramSql("tokens"));
  await client.query(backfillSql("postgresql", "narrow_rollups"));
  await client.query(backfillSql("postgresql", "monthly_usage"));
  for (const sql of projectionRebuildSql()) await client.query(sql);
  await client.query("INSERT INTO meta (key, value) VALUES ('projection_cuts', $1) ON CONFLICT (key) DO UPDATE SET value = excluded.value", [PROJECTION_CUTS.join(",")]);
  await client.query("INSERT INTO meta (key, value) VALUES ('histograms_version', '1') ON CONFLICT (key) DO UPDATE SET value = excluded.value");
  await client.query("COMMIT");
  options.log(`  postgres: daily and weekly histograms, the narrow rollups and the projection summary filled (${seconds(t0)} s)`);
  // What autovacuum does soon after a bulk load in production: planner statistics and the visibility map.
  await client.query("VACUUM ANALYZE");
  options.log(`  postgres: vacuum analyze (${seconds(t0)} s)`);
  await client.end();
  return Number(process.hrtime.bigint() - t0) / 1e9;
}
