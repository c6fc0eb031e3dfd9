/**
 * Writes to the calls ledger and its daily summary. Every write keeps the invariant
 * "each daily_usage row equals the sum of the calls it covers": the calls and the summary
 * deltas they cause are written in one transaction.
 */
import { weekStart } from "@/lib/core/chart-data";
import { bucketOf } from "@/lib/core/histogram";
import { defaultPriceBook } from "@/lib/core/pricing";
import { allPromptCuts, bandOf } from "@/lib/core/projection";
import type { CallCost, CostComponents, PricedCall, PricingInput, ServiceTier, Speed } from "@/lib/core/types";
import { type Database, type Executor, type Row, toBigInt } from "@/lib/server/db";

/** Columns of `calls` in insert order. */
export const CALL_COLUMNS = [
  "id", "ts_ms", "day", "model_raw", "model", "feature", "project", "user_id", "tags",
  "input_tokens", "output_tokens", "cache_read_tokens", "cache_write_5m_tokens", "cache_write_1h_tokens",
  "web_search_requests", "web_fetch_requests", "service_tier", "inference_geo", "speed", "stop_reason",
  "latency_ms", "priced", "cost_pico", "input_cost_pico", "output_cost_pico", "cache_write_5m_cost_pico",
  "cache_write_1h_cost_pico", "cache_read_cost_pico", "web_search_cost_pico", "cache_read_full_cost_pico",
  "price_entry_id", "pricing_tier", "quality", "source", "ingested_at_ms", "total_tokens",
] as const;

const SUMMARY_KEY = ["day", "model", "feature", "project", "service_tier"] as const;
/** Additive columns of `daily_usage` and of each of its rollups (SUMMARY_ROLLUPS), in the order of SummaryDelta.values. */
export const SUMMARY_VALUES = [
  "calls", "unpriced_calls", "input_tokens", "output_tokens", "cache_read_tokens", "cache_write_5m_tokens",
  "cache_write_1h_tokens", "web_search_requests", "cost_pico", "input_cost_pico", "output_cost_pico",
  "cache_write_5m_cost_pico", "cache_write_1h_cost_pico", "cache_read_cost_pico", "web_search_cost_pico",
  "cache_read_full_cost_pico", "stop_end_turn", "stop_tool_use", "stop_max_tokens", "stop_sequence", "stop_pause_turn",
  "stop_refusal", "stop_context_exceeded", "cache_split_missing",
] as const;

/**
 * daily_usage's rollups: the same values summed over fewer key columns (a prefix-free subset of
 * SUMMARY_KEY, day always kept), written in the same transaction as daily_usage. Reads take the smallest
 * one whose key covers what they filter and group on (lib/server/queries.ts).
 */
export const SUMMARY_ROLLUPS = [
  { table: "daily_model", key: ["day", "model"] },
  { table: "daily_feature", key: ["day", "feature"] },
  { table: "daily_model_feature", key: ["day", "model", "feature"] },
] as const;

/** Stop reasons counted in daily_usage, in SUMMARY_VALUES order; any other (or none) is calls minus their sum. */
export const COUNTED_STOP_REASONS = [
  "end_turn", "tool_use", "max_tokens", "stop_sequence", "pause_turn", "refusal", "model_context_window_exceeded",
] as const;

const MS_PER_DAY = 86_400_000;
const dayNames = new Map<number, string>();

/** UTC date of an epoch-ms timestamp, YYYY-MM-DD (memoised per day: it is on the ingest hot path). */
export function utcDay(timestampMs: number): string {
  const dayNumber = Math.floor(timestampMs / MS_PER_DAY);
  let name = dayNames.get(dayNumber);
  if (name === undefined) {
    name = new Date(dayNumber * MS_PER_DAY).toISOString().slice(0, 10);
    if (dayNames.size > 100_000) dayNames.clear();
    dayNames.set(dayNumber, name);
  }
  return name;
}

/** The summary key a call is counted under: its canonical model when priced, else the raw id. */
function summaryModel(call: PricedCall): string {
  return call.cost.resolvedModel ?? call.record.model;
}

/** Values of one calls row in CALL_COLUMNS order; `priced` as 1/0 on SQLite, boolean on PostgreSQL. */
export function callRow(call: PricedCall, source: string, ingestedAtMs: bigint, booleansAsIntegers: boolean): unknown[] {
  const { record: r, cost: c } = call;
  const flags = c.flags.length === 0 ? r.flags.join(",") : [...new Set([...r.flags, ...c.flags])].join(",");
  return [
    r.id, BigInt(r.timestampMs), utcDay(r.timestampMs), r.model, summaryModel(call), r.feature, r.project,
    r.user, r.tags.length ? JSON.stringify(r.tags) : null,
    r.inputTokens, r.outputTokens, r.cacheReadTokens, r.cacheWrite5mTokens, r.cacheWrite1hTokens,
    r.webSearchRequests, r.webFetchRequests, r.serviceTier, r.inferenceGeo, r.speed, r.stopReason,
    r.latencyMs, booleansAsIntegers ? (c.priced ? 1 : 0) : c.priced, c.totalPico, c.components.inputPico, c.components.outputPico,
    c.components.cacheWrite5mPico, c.components.cacheWrite1hPico, c.components.cacheReadPico,
    c.components.webSearchPico, c.cacheReadFullPricePico, c.priceEntryId, c.pricingTier,
    flags, source, ingestedAtMs, totalTokens(r),
  ];
}

/** Every token the call was billed for: input, output, cache reads and cache writes. */
export function totalTokens(r: PricingInput): number {
  return r.inputTokens + r.outputTokens + r.cacheReadTokens + r.cacheWrite5mTokens + r.cacheWrite1hTokens;
}

/** The data-quality flag counted in daily_usage.cache_split_missing (a record flag: re-pricing keeps it). */
const CACHE_SPLIT_MISSING = "cache_split_missing";

/** What one call adds to its summary row, as bigints in SUMMARY_VALUES order. */
function callContribution(r: PricingInput, stopReason: string | null, cost: CallCost, flags: readonly string[]): bigint[] {
  return [
    1n, cost.priced ? 0n : 1n, BigInt(r.inputTokens), BigInt(r.outputTokens), BigInt(r.cacheReadTokens),
    BigInt(r.cacheWrite5mTokens), BigInt(r.cacheWrite1hTokens), BigInt(r.webSearchRequests), cost.totalPico,
    cost.components.inputPico, cost.components.outputPico, cost.components.cacheWrite5mPico,
    cost.components.cacheWrite1hPico, cost.components.cacheReadPico, cost.components.webSearchPico,
    cost.cacheReadFullPricePico, ...COUNTED_STOP_REASONS.map((reason) => (reason === stopReason ? 1n : 0n)),
    flags.includes(CACHE_SPLIT_MISSING) ? 1n : 0n,
  ];
}

/** Accumulates signed changes to summary rows, keyed by the summary key. */
export class SummaryDeltas {
  private readonly rows = new Map<string, { key: (string | number)[]; values: bigint[] }>();

  /** `width`: how many values a row has (SUMMARY_VALUES by default). */
  constructor(private readonly width: number = SUMMARY_VALUES.length) {}

  add(key: (string | number)[], values: bigint[], sign: 1n | -1n = 1n): void {
    const id = key.join("\u0000");
    let row = this.rows.get(id);
    if (!row) {
      row = { key, values: new Array<bigint>(this.width).fill(0n) };
      this.rows.set(id, row);
    }
    for (let i = 0; i < values.length; i++) row.values[i] += sign * values[i];
  }

  get size(): number {
    return this.rows.size;
  }

  entries(): { key: (string | number)[]; values: bigint[] }[] {
    return [...this.rows.values()].filter((row) => row.values.some((v) => v !== 0n));
  }
}

// ---------------------------------------------------------------------------------------------------
// The projection summary

/** Key of daily_projection; daily_projection_model_feature is the same without project. */
const PROJECTION_KEY = ["day", "model", "feature", "project", "service_tier", "us", "speed", "priced", "band"] as const;
const PROJECTION_VALUES = [
  "calls", "input_tokens", "output_tokens", "cache_read_tokens", "cache_write_5m_tokens", "cache_write_1h_tokens", "web_search_requests", "cost_pico",
] as const;
export const PROJECTION_TABLES = [
  { table: "daily_projection", key: PROJECTION_KEY },
  { table: "daily_projection_model_feature", key: PROJECTION_KEY.filter((column) => column !== "project") },
] as const;

/** The cuts the projection summary's bands are counted against (lib/core/projection.ts allPromptCuts). */
export const PROJECTION_CUTS: readonly number[] = allPromptCuts(defaultPriceBook);
const PROJECTION_CUTS_KEY = "projection_cuts";

/** Input + cache reads + cache writes: the whole prompt. */
const promptOf = (r: PricingInput) => r.inputTokens + r.cacheReadTokens + r.cacheWrite5mTokens + r.cacheWrite1hTokens;

/** Adds one call (or, with sign -1, takes it out) of the projection summary. */
function addProjection(deltas: SummaryDeltas, day: string, model: string, feature: string, project: string, r: PricingInput, cost: CallCost, sign: 1n | -1n = 1n) {
  deltas.add(
    [day, model, feature, project, r.serviceTier, r.inferenceGeo === "us" ? 1 : 0, r.speed ?? "", cost.priced ? 1 : 0, bandOf(promptOf(r), PROJECTION_CUTS)],
    [1n, BigInt(r.inputTokens), BigInt(r.outputTokens), BigInt(r.cacheReadTokens), BigInt(r.cacheWrite5mTokens), BigInt(r.cacheWrite1hTokens), BigInt(r.webSearchRequests), cost.totalPico],
    sign,
  );
}

/** Where each projection table's key columns sit in PROJECTION_KEY. */
const PROJECTION_POSITIONS = PROJECTION_TABLES.map(({ key }) => key.map((column) => PROJECTION_KEY.indexOf(column)));

async function applyProjectionDeltas(tx: Executor, deltas: SummaryDeltas): Promise<void> {
  const entries = deltas.entries();
  for (const [i, { table, key }] of PROJECTION_TABLES.entries()) {
    let changes = entries;
    if (key.length < PROJECTION_KEY.length) {
      const rows = new SummaryDeltas(PROJECTION_VALUES.length);
      for (const entry of entries) rows.add(PROJECTION_POSITIONS[i].map((p) => entry.key[p]), entry.values);
      changes = rows.entries();
    }
    await addToRows(tx, table, key, PROJECTION_VALUES, changes.map((row) => [...row.key, ...row.values]));
    if (changes.some((row) => row.values[0] < 0n)) await tx.run(`DELETE FROM ${table} WHERE calls = 0`);
  }
}

/** SQL that counts a call's band among PROJECTION_CUTS from its token columns. */
function bandSql(): string {
  const prompt = "(input_tokens + cache_read_tokens + cache_write_5m_tokens + cache_write_1h_tokens)";
  return `CASE ${PROJECTION_CUTS.map((cut, i) => `WHEN ${prompt} > ${cut} THEN ${i + 1}`).reverse().join(" ")} ELSE 0 END`;
}

/** The statements that fill the projection summary from the calls (after emptying it). */
export function projectionRebuildSql(): string[] {
  const sums = PROJECTION_VALUES.map((c) => (c === "calls" ? "COUNT(*)" : `SUM(${c})`)).join(", ");
  const [full, narrow] = PROJECTION_TABLES;
  return [
    `DELETE FROM ${full.table}`,
    `DELETE FROM ${narrow.table}`,
    `INSERT INTO ${full.table} (${[...full.key, ...PROJECTION_VALUES].join(", ")})
     SELECT day, model, feature, project, service_tier, CASE WHEN inference_geo = 'us' THEN 1 ELSE 0 END, COALESCE(speed, ''),
       CASE WHEN priced THEN 1 ELSE 0 END, ${bandSql()}, ${sums}
     FROM calls GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9`,
    `INSERT INTO ${narrow.table} (${[...narrow.key, ...PROJECTION_VALUES].join(", ")})
     SELECT ${narrow.key.join(", ")}, ${PROJECTION_VALUES.map((c) => `SUM(${c})`).join(", ")}
     FROM ${full.table} GROUP BY ${narrow.key.join(", ")}`,
  ];
}

/**
 * Makes the projection summary count every stored call against the current PROJECTION_CUTS; returns
 * whether it had to be rebuilt. Needed once after upgrading, and when a new price book brings other
 * context windows or long-context thresholds. One transaction: ingestion waits rather than races.
 * Bands can only be counted from calls, so after retention the rebuilt summary holds the calls kept:
 * days before the horizon lose their projection rows (README, "Retention").
 */
export async function ensureProjectionSummary(db: Database): Promise<boolean> {
  const wanted = PROJECTION_CUTS.join(",");
  const [meta] = await db.all("SELECT value FROM meta WHERE key = ?", [PROJECTION_CUTS_KEY]);
  if (meta && String(meta.value) === wanted) return false;
  await db.transaction(async (tx) => {
    for (const sql of projectionRebuildSql()) await tx.run(sql);
    await tx.run("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value", [PROJECTION_CUTS_KEY, wanted]);
  });
  return true;
}

/** Whether the projection summary counts the current cuts (else projections read the calls). */
export async function projectionSummaryReady(db: Database): Promise<boolean> {
  const [meta] = await db.all("SELECT value FROM meta WHERE key = ?", [PROJECTION_CUTS_KEY]);
  return Boolean(meta) && String(meta.value) === PROJECTION_CUTS.join(",");
}

/**
 * Accumulates signed changes to daily_histograms: one call per (day, model, metric, bucket). The same
 * changes, keyed by the day's week, go to weekly_histograms.
 */
export class HistogramDeltas {
  private readonly counts = new Map<string, { key: [string, string, string, number]; calls: bigint }>();

  /** Counts one call's cost and total tokens under its day and model. */
  add(day: string, model: string, costPico: bigint, tokens: number, sign: 1n | -1n = 1n): void {
    this.bump([day, model, "cost", bucketOf(costPico)], sign);
    this.bump([day, model, "tokens", bucketOf(tokens)], sign);
  }

  /** The same counts with each day replaced by the Monday of its week. */
  weekly(): HistogramDeltas {
    const weeks = new HistogramDeltas();
    const mondays = new Map<string, string>();
    for (const { key, calls } of this.counts.values()) {
      const [day, model, metric, bucket] = key;
      let monday = mondays.get(day);
      if (monday === undefined) mondays.set(day, (monday = weekStart(day)));
      weeks.bump([monday, model, metric, bucket], calls);
    }
    return weeks;
  }

  private bump(key: [string, string, string, number], sign: bigint): void {
    const id = key.join("\u0000");
    const entry = this.counts.get(id);
    if (entry) entry.calls += sign;
    else this.counts.set(id, { key, calls: sign });
  }

  entries(): { key: [string, string, string, number]; calls: bigint }[] {
    return [...this.counts.values()].filter((entry) => entry.calls !== 0n);
  }
}

/** Rows per multi-row upsert statement (kept well under both databases' parameter limits). */
const UPSERT_CHUNK = 500;

function compareKeyPart(a: unknown, b: unknown): number {
  if (typeof a === "string" && typeof b === "string") return a < b ? -1 : a > b ? 1 : 0;
  const x = a as number | bigint;
  const y = b as number | bigint;
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * Sorts rows by their first `length` values (their key), in place. Every transaction that writes a
 * table writes its rows in this one order, so two transactions touching the same rows (two app
 * instances ingesting overlapping batches) wait for each other instead of deadlocking: a transaction
 * that waits on a row only holds rows ordered before it.
 */
function sortByKey<T extends readonly unknown[]>(rows: T[], length: number): T[] {
  return rows.sort((a, b) => {
    for (let i = 0; i < length; i++) {
      const order = compareKeyPart(a[i], b[i]);
      if (order !== 0) return order;
    }
    return 0;
  });
}

/**
 * Adds `rows` (key columns then value columns) to `table`, one multi-row statement per chunk, in key
 * order: a row that exists gets the values added, a new one is inserted. Keys within `rows` are
 * distinct (the delta classes merge them), as a multi-row upsert may touch each row once.
 */
async function addToRows(tx: Executor, table: string, keys: readonly string[], values: readonly string[], rows: unknown[][]): Promise<void> {
  const tuple = `(${[...keys, ...values].map(() => "?").join(", ")})`;
  sortByKey(rows, keys.length);
  for (let start = 0; start < rows.length; start += UPSERT_CHUNK) {
    const chunk = rows.slice(start, start + UPSERT_CHUNK);
    await tx.run(
      `INSERT INTO ${table} (${[...keys, ...values].join(", ")}) VALUES ${chunk.map(() => tuple).join(", ")}
       ON CONFLICT (${keys.join(", ")}) DO UPDATE SET ${values.map((c) => `${c} = ${table}.${c} + excluded.${c}`).join(", ")}`,
      chunk.flat(),
    );
  }
}

async function applyHistogramDeltas(tx: Executor, deltas: HistogramDeltas): Promise<void> {
  for (const [table, keyColumn, changes] of [["daily_histograms", "day", deltas], ["weekly_histograms", "week", deltas.weekly()]] as const) {
    const entries = changes.entries();
    await addToRows(tx, table, [keyColumn, "model", "metric", "bucket"], ["calls"], entries.map(({ key, calls }) => [...key, calls]));
    if (entries.some((entry) => entry.calls < 0n)) await tx.run(`DELETE FROM ${table} WHERE calls <= 0`);
  }
}

/** The filter dimensions, in SUMMARY_KEY positions, listed in dimension_values. */
const DIMENSIONS = [
  ["model", 1],
  ["feature", 2],
  ["project", 3],
  ["service_tier", 4],
] as const;

/** monthly_usage's key: SUMMARY_KEY with the UTC month in place of the day. */
const MONTHLY_KEY = ["month", ...SUMMARY_KEY.slice(1)] as const;

/** Where each rollup's key columns sit in SUMMARY_KEY. */
const ROLLUP_POSITIONS = SUMMARY_ROLLUPS.map(({ key }) => key.map((column) => SUMMARY_KEY.indexOf(column)));

/**
 * Applies summary deltas inside a transaction: daily_usage, its rollups, and the filter values of rows
 * that gained calls; then drops rows that no longer count any call.
 */
async function applySummaryDeltas(tx: Executor, deltas: SummaryDeltas): Promise<void> {
  const entries = deltas.entries();
  await addToRows(tx, "daily_usage", SUMMARY_KEY, SUMMARY_VALUES, entries.map(({ key, values }) => [...key, ...values]));
  for (const [i, { table, key: columns }] of SUMMARY_ROLLUPS.entries()) {
    const rollup = new SummaryDeltas();
    for (const { key, values } of entries) rollup.add(ROLLUP_POSITIONS[i].map((p) => key[p]), values);
    await addToRows(tx, table, columns, SUMMARY_VALUES, rollup.entries().map(({ key, values }) => [...key, ...values]));
  }
  // Months: the day's first seven characters (YYYY-MM) in place of the day.
  const months = new SummaryDeltas();
  for (const { key, values } of entries) months.add([String(key[0]).slice(0, 7), ...key.slice(1)], values);
  await addToRows(tx, "monthly_usage", MONTHLY_KEY, SUMMARY_VALUES, months.entries().map(({ key, values }) => [...key, ...values]));
  const added = new Set<string>();
  for (const { key, values } of entries) if (values[0] > 0n) for (const [dimension, i] of DIMENSIONS) added.add(`${dimension}\u0000${key[i]}`);
  const dimensionRows = sortByKey([...added].map((pair) => pair.split("\u0000")), 2);
  for (let start = 0; start < dimensionRows.length; start += UPSERT_CHUNK) {
    const chunk = dimensionRows.slice(start, start + UPSERT_CHUNK);
    await tx.run(
      `INSERT INTO dimension_values (dimension, value) VALUES ${chunk.map(() => "(?, ?)").join(", ")} ON CONFLICT (dimension, value) DO NOTHING`,
      chunk.flat(),
    );
  }
  if (entries.some(({ values }) => values[0] < 0n)) {
    for (const table of ["daily_usage", "monthly_usage", ...SUMMARY_ROLLUPS.map((r) => r.table)]) await tx.run(`DELETE FROM ${table} WHERE calls = 0`);
  }
}

/** Rebuilds dimension_values from the summary: after calls were deleted or moved to another model. */
async function rebuildDimensions(db: Database): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.run("DELETE FROM dimension_values");
    await tx.run(
      `INSERT INTO dimension_values (dimension, value)
       ${DIMENSIONS.map(([dimension]) => `SELECT DISTINCT '${dimension}', ${dimension} FROM daily_usage`).join(" UNION ")}`,
    );
  });
}

const INSERT_CALL_SQLITE = `INSERT INTO calls (${CALL_COLUMNS.join(", ")}) VALUES (${CALL_COLUMNS.map(() => "?").join(", ")})
ON CONFLICT (id) DO NOTHING`;

/** Rows per multi-VALUES statement on PostgreSQL (35 columns x 1,000 rows stays under 65,535 parameters). */
const PG_INSERT_CHUNK = 1000;

function multiRowInsertSql(rows: number): string {
  const tuple = `(${CALL_COLUMNS.map(() => "?").join(", ")})`;
  const values = Array.from({ length: rows }, () => tuple).join(",\n");
  return `INSERT INTO calls (${CALL_COLUMNS.join(", ")}) VALUES ${values} ON CONFLICT (id) DO NOTHING RETURNING id`;
}

export interface InsertResult {
  /** Ids stored by this call (new to the ledger), in input order. */
  inserted: string[];
  /** Ids already stored (or repeated within the batch), in input order. */
  duplicates: string[];
  /** Ids not stored because their time is before the retention horizon, in input order. */
  beforeHorizon: string[];
  /** The retention horizon the batch was checked against (epoch ms; 0 when retention never deleted a call). */
  horizonMs: number;
}

/**
 * meta key of the retention horizon: calls with ts_ms before it (epoch ms, as text) were deleted by
 * retention (lib/server/retention.ts); "0" or absent when none were.
 */
export const RETENTION_HORIZON_KEY = "retention_horizon_ms";

/**
 * The retention horizon as this transaction sees it. On PostgreSQL the row is read FOR SHARE: a
 * retention batch updates it before it deletes, so that batch and this insert wait for each other, and
 * a call cannot be deleted by one and stored again by the other (counted twice in the summaries). On
 * SQLite transactions are serial.
 */
async function horizonWithin(tx: Executor, dialect: Database["dialect"]): Promise<number> {
  const [row] = await tx.all(`SELECT value FROM meta WHERE key = ?${dialect === "postgres" ? " FOR SHARE" : ""}`, [RETENTION_HORIZON_KEY]);
  return row ? Number(row.value) : 0;
}

/**
 * Stores priced calls and their summary deltas in one transaction. A call whose id is already stored
 * is reported as a duplicate and changes nothing, even when another process inserts it concurrently.
 * Calls are inserted in id order and summary rows in key order, so concurrent batches with the same
 * ids or days never lock rows in opposite orders. Calls older than the retention horizon are not stored.
 */
export async function insertCalls(
  db: Database,
  calls: readonly PricedCall[],
  options: { source: string; ingestedAtMs?: number },
): Promise<InsertResult> {
  const ingestedAtMs = BigInt(options.ingestedAtMs ?? Date.now());
  if (calls.length === 0) return { inserted: [], duplicates: [], beforeHorizon: [], horizonMs: 0 };
  const sorted = [...calls].sort((a, b) => compareKeyPart(a.record.id, b.record.id));

  // Built inside the transaction: PostgreSQL may run it again after a deadlock, and a second run must
  // not see the first run's ids.
  const { stored: insertedIds, horizonMs } = await db.transaction(async (tx) => {
    const stored = new Set<string>();
    // A call older than the horizon may be one retention deleted: storing it again would count it twice.
    const horizonMs = await horizonWithin(tx, db.dialect);
    const ordered = horizonMs > 0 ? sorted.filter((call) => call.record.timestampMs >= horizonMs) : sorted;
    if (db.sqlite) {
      const insert = db.sqlite.prepare(INSERT_CALL_SQLITE);
      for (const call of ordered) {
        if (insert.run(...callRow(call, options.source, ingestedAtMs, true)).changes === 1) stored.add(call.record.id);
      }
    } else {
      for (let start = 0; start < ordered.length; start += PG_INSERT_CHUNK) {
        const chunk = ordered.slice(start, start + PG_INSERT_CHUNK);
        const params = chunk.flatMap((call) => callRow(call, options.source, ingestedAtMs, false));
        const rows = await tx.all<{ id: string }>(multiRowInsertSql(chunk.length), params);
        for (const row of rows) stored.add(row.id);
      }
    }
    const deltas = new SummaryDeltas();
    const histograms = new HistogramDeltas();
    const counted = new Set<string>();
    const projection = new SummaryDeltas(PROJECTION_VALUES.length);
    for (const call of ordered) {
      const { record } = call;
      if (!stored.has(record.id) || counted.has(record.id)) continue;
      counted.add(record.id);
      const day = utcDay(record.timestampMs);
      deltas.add([day, summaryModel(call), record.feature, record.project, record.serviceTier], callContribution(record, record.stopReason, call.cost, record.flags));
      histograms.add(day, summaryModel(call), call.cost.totalPico, totalTokens(record));
      addProjection(projection, day, summaryModel(call), record.feature, record.project, record, call.cost);
    }
    await applySummaryDeltas(tx, deltas);
    await applyHistogramDeltas(tx, histograms);
    await applyProjectionDeltas(tx, projection);
    return { stored, horizonMs };
  });

  const inserted: string[] = [];
  const duplicates: string[] = [];
  const beforeHorizon: string[] = [];
  const seen = new Set<string>();
  for (const call of calls) {
    const id = call.record.id;
    if (call.record.timestampMs < horizonMs) beforeHorizon.push(id);
    else if (insertedIds.has(id) && !seen.has(id)) inserted.push(id);
    else duplicates.push(id);
    seen.add(id);
  }
  return { inserted, duplicates, beforeHorizon, horizonMs };
}

/** A stored call, read back as the cost engine's input plus what re-pricing needs. */
export interface StoredCallRow {
  id: string;
  day: string;
  model: string;
  feature: string;
  project: string;
  serviceTier: ServiceTier;
  stopReason: string | null;
  /** Data-quality flags as stored. */
  quality: string[];
  input: PricingInput;
  cost: CallCost;
}

const STORED_CALL_SELECT = `SELECT id, ts_ms, day, model_raw, model, feature, project, input_tokens, output_tokens,
cache_read_tokens, cache_write_5m_tokens, cache_write_1h_tokens, web_search_requests, web_fetch_requests,
service_tier, inference_geo, speed, stop_reason, priced, cost_pico, input_cost_pico, output_cost_pico, cache_write_5m_cost_pico,
cache_write_1h_cost_pico, cache_read_cost_pico, web_search_cost_pico, cache_read_full_cost_pico, price_entry_id,
pricing_tier, quality FROM calls`;

function toStoredCall(row: Row): StoredCallRow {
  const n = (key: string) => Number(row[key] as bigint | number);
  const b = (key: string) => toBigInt(row[key]);
  const input: PricingInput = {
    model: String(row.model_raw),
    timestampMs: n("ts_ms"),
    serviceTier: row.service_tier as ServiceTier,
    inferenceGeo: (row.inference_geo as string | null) ?? null,
    speed: (row.speed as Speed | null) ?? null,
    inputTokens: n("input_tokens"),
    outputTokens: n("output_tokens"),
    cacheReadTokens: n("cache_read_tokens"),
    cacheWrite5mTokens: n("cache_write_5m_tokens"),
    cacheWrite1hTokens: n("cache_write_1h_tokens"),
    webSearchRequests: n("web_search_requests"),
    webFetchRequests: n("web_fetch_requests"),
  };
  const priced = row.priced === true || row.priced === 1n || row.priced === 1;
  return {
    id: String(row.id),
    day: String(row.day),
    model: String(row.model),
    feature: String(row.feature),
    project: String(row.project),
    serviceTier: row.service_tier as ServiceTier,
    stopReason: (row.stop_reason as string | null) ?? null,
    quality: String(row.quality ?? "").split(",").filter(Boolean),
    input,
    cost: {
      priced,
      resolvedModel: priced ? String(row.model) : null,
      priceEntryId: (row.price_entry_id as string | null) ?? null,
      pricingTier: (row.pricing_tier as CallCost["pricingTier"]) ?? null,
      components: {
        inputPico: b("input_cost_pico"),
        outputPico: b("output_cost_pico"),
        cacheWrite5mPico: b("cache_write_5m_cost_pico"),
        cacheWrite1hPico: b("cache_write_1h_cost_pico"),
        cacheReadPico: b("cache_read_cost_pico"),
        webSearchPico: b("web_search_cost_pico"),
      },
      totalPico: b("cost_pico"),
      cacheReadFullPricePico: b("cache_read_full_cost_pico"),
      flags: [],
    },
  };
}

/** Rows read and written per transaction when re-pricing or deleting history. */
const HISTORY_CHUNK = 5000;

/**
 * Walks stored calls in id order, one chunk per transaction, so ingestion is never blocked for long.
 * `handle` returns what its chunk adds up to; `committed` receives it once the chunk's transaction has
 * committed (a transaction retried after a deadlock runs `handle` again, and only the run that
 * committed counts).
 */
async function forEachCallChunk<R>(
  db: Database,
  where: { sql: string; params: unknown[] },
  handle: (tx: Executor, rows: StoredCallRow[]) => Promise<R>,
  committed: (result: R) => void,
): Promise<void> {
  let after = "";
  for (;;) {
    const chunk = await db.transaction(async (tx) => {
      const rows = await tx.all(
        `${STORED_CALL_SELECT} WHERE id > ? ${where.sql ? `AND (${where.sql})` : ""} ORDER BY id LIMIT ${HISTORY_CHUNK}`,
        [after, ...where.params],
      );
      if (rows.length === 0) return null;
      const calls = rows.map(toStoredCall);
      return { result: await handle(tx, calls), last: calls[calls.length - 1].id, full: rows.length === HISTORY_CHUNK };
    });
    if (!chunk) return;
    committed(chunk.result);
    after = chunk.last;
    if (!chunk.full) return;
  }
}

function sameComponents(a: CostComponents, b: CostComponents): boolean {
  return (Object.keys(a) as (keyof CostComponents)[]).every((key) => a[key] === b[key]);
}

export interface RepriceReport {
  calls: bigint;
  changedCalls: bigint;
  oldCostPico: bigint;
  newCostPico: bigint;
}

/**
 * Re-prices stored calls with `price` and moves the difference into the summary in the same
 * transaction as each chunk of calls. Returns the totals before and after.
 */
export async function repriceCalls(
  db: Database,
  price: (input: PricingInput) => CallCost,
  where: { sql: string; params: unknown[] } = { sql: "", params: [] },
): Promise<RepriceReport> {
  const report: RepriceReport = { calls: 0n, changedCalls: 0n, oldCostPico: 0n, newCostPico: 0n };
  await forEachCallChunk(db, where, async (tx, rows) => {
    const chunk: RepriceReport = { calls: 0n, changedCalls: 0n, oldCostPico: 0n, newCostPico: 0n };
    const deltas = new SummaryDeltas();
    const histograms = new HistogramDeltas();
    const projection = new SummaryDeltas(PROJECTION_VALUES.length);
    for (const row of rows) {
      const next = price(row.input);
      const nextModel = next.resolvedModel ?? row.input.model;
      const same =
        next.priced === row.cost.priced &&
        next.priceEntryId === row.cost.priceEntryId &&
        next.pricingTier === row.cost.pricingTier &&
        nextModel === row.model &&
        next.cacheReadFullPricePico === row.cost.cacheReadFullPricePico &&
        sameComponents(next.components, row.cost.components);
      if (same) {
        chunk.calls += 1n;
        chunk.oldCostPico += row.cost.totalPico;
        chunk.newCostPico += next.totalPico;
        continue;
      }
      const c = next.components;
      const flags = new Set(row.quality);
      for (const flag of ["unpriced_model", "fast_mode_unpriced"]) flags.delete(flag);
      for (const flag of next.flags) flags.add(flag);
      const updated = await tx.run(
        `UPDATE calls SET model = ?, priced = ?, cost_pico = ?, input_cost_pico = ?, output_cost_pico = ?,
         cache_write_5m_cost_pico = ?, cache_write_1h_cost_pico = ?, cache_read_cost_pico = ?, web_search_cost_pico = ?,
         cache_read_full_cost_pico = ?, price_entry_id = ?, pricing_tier = ?, quality = ? WHERE id = ?`,
        [
          nextModel, db.dialect === "sqlite" ? (next.priced ? 1 : 0) : next.priced, next.totalPico, c.inputPico,
          c.outputPico, c.cacheWrite5mPico, c.cacheWrite1hPico, c.cacheReadPico, c.webSearchPico,
          next.cacheReadFullPricePico, next.priceEntryId, next.pricingTier, [...flags].join(","), row.id,
        ],
      );
      // Gone since it was read (retention deleted it): its summary rows keep the price they had.
      if (updated === 0) continue;
      chunk.calls += 1n;
      chunk.oldCostPico += row.cost.totalPico;
      chunk.newCostPico += next.totalPico;
      chunk.changedCalls += 1n;
      deltas.add([row.day, row.model, row.feature, row.project, row.serviceTier], callContribution(row.input, row.stopReason, row.cost, row.quality), -1n);
      deltas.add([row.day, nextModel, row.feature, row.project, row.serviceTier], callContribution(row.input, row.stopReason, next, row.quality));
      histograms.add(row.day, row.model, row.cost.totalPico, totalTokens(row.input), -1n);
      histograms.add(row.day, nextModel, next.totalPico, totalTokens(row.input));
      addProjection(projection, row.day, row.model, row.feature, row.project, row.input, row.cost, -1n);
      addProjection(projection, row.day, nextModel, row.feature, row.project, row.input, next);
    }
    await applySummaryDeltas(tx, deltas);
    await applyHistogramDeltas(tx, histograms);
    await applyProjectionDeltas(tx, projection);
    return chunk;
  }, (chunk) => {
    report.calls += chunk.calls;
    report.changedCalls += chunk.changedCalls;
    report.oldCostPico += chunk.oldCostPico;
    report.newCostPico += chunk.newCostPico;
  });
  if (report.changedCalls > 0n) await rebuildDimensions(db);
  return report;
}

/** Deletes the calls that match `where` and takes them out of the summary. Returns how many were deleted. */
export async function deleteCalls(db: Database, where: { sql: string; params: unknown[] }): Promise<number> {
  let deleted = 0;
  // Each chunk deletes what it read, so the walk restarts from the beginning of what is left.
  for (;;) {
    const count = await db.transaction(async (tx) => {
      const rows = (await tx.all(`${STORED_CALL_SELECT} WHERE ${where.sql} ORDER BY id LIMIT ${HISTORY_CHUNK}`, where.params)).map(toStoredCall);
      if (rows.length === 0) return { read: 0, removed: 0 };
      // Only what this transaction deleted leaves the summary: a call retention deleted since it was read is already gone from calls alone.
      const removed = new Set<string>();
      for (let i = 0; i < rows.length; i += 500) {
        const ids = rows.slice(i, i + 500).map((row) => row.id);
        for (const row of await tx.all<{ id: string }>(`DELETE FROM calls WHERE id IN (${ids.map(() => "?").join(", ")}) RETURNING id`, ids)) removed.add(row.id);
      }
      const deltas = new SummaryDeltas();
      const histograms = new HistogramDeltas();
      const projection = new SummaryDeltas(PROJECTION_VALUES.length);
      for (const row of rows) {
        if (!removed.has(row.id)) continue;
        deltas.add([row.day, row.model, row.feature, row.project, row.serviceTier], callContribution(row.input, row.stopReason, row.cost, row.quality), -1n);
        histograms.add(row.day, row.model, row.cost.totalPico, totalTokens(row.input), -1n);
        addProjection(projection, row.day, row.model, row.feature, row.project, row.input, row.cost, -1n);
      }
      await applySummaryDeltas(tx, deltas);
      await applyHistogramDeltas(tx, histograms);
      await applyProjectionDeltas(tx, projection);
      return { read: rows.length, removed: removed.size };
    });
    deleted += count.removed;
    if (count.read < HISTORY_CHUNK) {
      if (deleted > 0) await rebuildDimensions(db);
      return deleted;
    }
  }
}

const HISTOGRAM_VERSION_KEY = "histograms_version";
/** Bump when bucketOf changes: the server then rebuilds daily_histograms from the stored calls. */
const HISTOGRAM_VERSION = "1";

/**
 * Makes daily_histograms count every stored call; returns how many calls it counted (0 when up to date).
 * Needed once after upgrading from a version without it, or after the bucket scheme changes. Runs in one
 * transaction, so ingestion waits rather than races. Days that retention emptied, wholly or in part,
 * cannot be recounted from the calls: their rows are kept as they are (a change of bucket scheme would
 * have to convert them).
 */
export async function ensureHistograms(db: Database): Promise<number> {
  const [meta] = await db.all("SELECT value FROM meta WHERE key = ?", [HISTOGRAM_VERSION_KEY]);
  if (meta && String(meta.value) === HISTOGRAM_VERSION) return 0;
  let counted = 0;
  await db.transaction(async (tx) => {
    // The first UTC day retention has left whole: from it on every call is still stored.
    const horizonMs = await horizonWithin(tx, db.dialect);
    const firstWholeDay = utcDay(Math.ceil(horizonMs / MS_PER_DAY) * MS_PER_DAY);
    const firstWeek = weekStart(firstWholeDay);
    await tx.run("DELETE FROM daily_histograms WHERE day >= ?", [firstWholeDay]);
    await tx.run("DELETE FROM weekly_histograms WHERE week >= ?", [firstWeek]);
    // The week firstWholeDay falls in gets back the kept counts of its days before it; the calls add the rest.
    await tx.run(
      `INSERT INTO weekly_histograms (week, model, metric, bucket, calls)
       SELECT ?, model, metric, bucket, SUM(calls) FROM daily_histograms WHERE day >= ? AND day < ? GROUP BY model, metric, bucket`,
      [firstWeek, firstWeek, firstWholeDay],
    );
    const rows = await tx.all("SELECT day, model, cost_pico, total_tokens FROM calls WHERE day >= ?", [firstWholeDay]);
    const histograms = new HistogramDeltas();
    counted = rows.length;
    for (const row of rows) histograms.add(String(row.day), String(row.model), toBigInt(row.cost_pico), Number(toBigInt(row.total_tokens)));
    await applyHistogramDeltas(tx, histograms);
    await tx.run(
      "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
      [HISTOGRAM_VERSION_KEY, HISTOGRAM_VERSION],
    );
  });
  return counted;
}
