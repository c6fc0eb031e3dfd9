/**
 * Named dashboard and API reads. Aggregates read only the summary tables (never raw calls), so their cost
 * depends on the number of days x models x features, not on the number of calls.
 */
import { splitIntoWeeks } from "@/lib/core/chart-data";
import { formatUsdExact } from "@/lib/core/money";
import { type Database, type Row, toBigInt } from "@/lib/server/db";
import { SUMMARY_ROLLUPS } from "@/lib/server/store";

export const GROUP_BY = ["day", "model", "feature", "project", "service_tier"] as const;
export type GroupBy = (typeof GROUP_BY)[number];

export interface DayRange {
  /** Inclusive UTC day, YYYY-MM-DD. */
  from: string;
  /** Inclusive UTC day, YYYY-MM-DD. */
  to: string;
}

/** Each filter matches any of its values; empty means no filter. */
export interface UsageFilters {
  model?: string[];
  feature?: string[];
  project?: string[];
  serviceTier?: string[];
}

export interface UsageTotals {
  costPico: bigint;
  calls: number;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWrite5mTokens: number;
  cacheWrite1hTokens: number;
  webSearchRequests: number;
  unpricedCalls: number;
  cacheReadCostPico: bigint;
  /** What the cache reads would have cost at the uncached input price. */
  cacheReadFullCostPico: bigint;
  inputCostPico: bigint;
  outputCostPico: bigint;
  cacheWrite5mCostPico: bigint;
  cacheWrite1hCostPico: bigint;
  webSearchCostPico: bigint;
  /** Calls by stop reason (the rest had another reason or none). */
  stopEndTurn: number;
  stopToolUse: number;
  stopMaxTokens: number;
  stopSequence: number;
  stopPauseTurn: number;
  stopRefusal: number;
  stopContextExceeded: number;
}

const COUNT_COLUMNS = {
  calls: "calls",
  inputTokens: "input_tokens",
  outputTokens: "output_tokens",
  cacheReadTokens: "cache_read_tokens",
  cacheWrite5mTokens: "cache_write_5m_tokens",
  cacheWrite1hTokens: "cache_write_1h_tokens",
  webSearchRequests: "web_search_requests",
  unpricedCalls: "unpriced_calls",
  stopEndTurn: "stop_end_turn",
  stopToolUse: "stop_tool_use",
  stopMaxTokens: "stop_max_tokens",
  stopSequence: "stop_sequence",
  stopPauseTurn: "stop_pause_turn",
  stopRefusal: "stop_refusal",
  stopContextExceeded: "stop_context_exceeded",
} as const;

const MONEY_COLUMNS = {
  costPico: "cost_pico",
  cacheReadCostPico: "cache_read_cost_pico",
  cacheReadFullCostPico: "cache_read_full_cost_pico",
  inputCostPico: "input_cost_pico",
  outputCostPico: "output_cost_pico",
  cacheWrite5mCostPico: "cache_write_5m_cost_pico",
  cacheWrite1hCostPico: "cache_write_1h_cost_pico",
  webSearchCostPico: "web_search_cost_pico",
} as const;

/** A field of UsageTotals; reads may ask for only some of them (the rest read as zero). */
export type TotalsField = keyof UsageTotals;

/** Pico-USD per whole micro-USD: past 2^63 pico-USD (~$9.2M) SQLite's SUM fails, and money is summed in two parts. */
const SPLIT = 1_000_000n;

const COUNT_ENTRIES = Object.entries(COUNT_COLUMNS);
const MONEY_ENTRIES = Object.entries(MONEY_COLUMNS).map(([name, column]) => [name, column, `${column}_hi`, `${column}_lo`] as const);

/**
 * The select list for `fields` (all when omitted): plain sums, exact on PostgreSQL (SUM of bigint is
 * numeric) and on SQLite until a sum passes 2^63; the same with money split in two for that case; and,
 * when each group is one stored row, the columns as stored. Each column costs time per summary row, so a
 * read that needs three fields asks for three.
 */
function selectFor(fields: readonly TotalsField[] | undefined, mode: "plain" | "split" | "direct"): string {
  const wanted = <T extends Record<string, string>>(columns: T) =>
    Object.entries(columns).filter(([name]) => !fields || fields.includes(name as TotalsField)).map(([, column]) => column);
  const counts = wanted(COUNT_COLUMNS);
  const money = wanted(MONEY_COLUMNS);
  if (mode === "direct") return [...counts, ...money].join(", ");
  const sums = counts.map((c) => `SUM(${c}) AS ${c}`);
  if (mode === "plain") return [...sums, ...money.map((c) => `SUM(${c}) AS ${c}`)].join(", ");
  return [...sums, ...money.flatMap((c) => [`SUM(${c} / ${SPLIT}) AS ${c}_hi`, `SUM(${c} % ${SPLIT}) AS ${c}_lo`])].join(", ");
}

/** A summary table and its key columns. */
interface SummarySource {
  table: string;
  key: readonly string[];
}

/**
 * Reads totals from `source` grouped by `groups` (column names, "day" included when wanted), as rows with
 * the group values under g0, g1, ... When the groups are the table's whole key, each group is one stored
 * row and is read as stored: no aggregation. Otherwise sums; SQLite refuses a 64-bit SUM that overflows
 * ("integer overflow") rather than rounding, so the rare range whose money passes ~$9.2M is re-read with
 * split sums, and everything else pays for one sum per column.
 */
async function summaryRows(
  db: Database,
  source: SummarySource,
  groups: readonly string[],
  where: { sql: string; params: unknown[] },
  fields: readonly TotalsField[] | undefined,
  orderBy = "",
): Promise<Row[]> {
  const keys = groups.map((g, i) => `${g} AS g${i}`).join(", ");
  const distinct = new Set(groups);
  const direct = distinct.size === source.key.length && source.key.every((k) => distinct.has(k));
  const sql = (mode: "plain" | "split" | "direct") =>
    `SELECT ${keys ? `${keys}, ` : ""}${selectFor(fields, mode)} FROM ${source.table} WHERE ${where.sql}` +
    `${groups.length && !direct ? ` GROUP BY ${groups.join(", ")}` : ""}${orderBy ? ` ORDER BY ${orderBy}` : ""}`;
  if (direct) return db.all(sql("direct"), where.params);
  try {
    return await db.all(sql("plain"), where.params);
  } catch (error) {
    if (db.dialect === "sqlite" && /integer overflow/i.test(String(error))) return db.all(sql("split"), where.params);
    throw error;
  }
}

function totalsFrom(row: Row | undefined): UsageTotals {
  const totals = {} as Record<string, unknown>;
  for (const [name, column] of COUNT_ENTRIES) totals[name] = Number(toBigInt(row?.[column]));
  const split = row !== undefined && MONEY_ENTRIES[0][2] in row;
  for (const [name, column, hi, lo] of MONEY_ENTRIES) totals[name] = split ? toBigInt(row[hi]) * SPLIT + toBigInt(row[lo]) : toBigInt(row?.[column]);
  return totals as unknown as UsageTotals;
}

const FILTER_COLUMNS: Record<keyof UsageFilters, string> = {
  model: "model",
  feature: "feature",
  project: "project",
  serviceTier: "service_tier",
};

const FULL_SUMMARY: SummarySource = { table: "daily_usage", key: ["day", "model", "feature", "project", "service_tier"] };

/**
 * The smallest summary table that can answer: the first rollup of daily_usage (SUMMARY_ROLLUPS, smallest
 * first) whose key holds every column filtered or grouped on, else daily_usage itself.
 */
function summarySource(filters: UsageFilters, ...dimensions: (string | undefined)[]): SummarySource {
  const needed = new Set<string>(dimensions.filter((d): d is string => d !== undefined && d !== "day"));
  for (const [name, column] of Object.entries(FILTER_COLUMNS) as [keyof UsageFilters, string][]) if (filters[name]?.length) needed.add(column);
  return SUMMARY_ROLLUPS.find(({ key }) => [...needed].every((column) => (key as readonly string[]).includes(column))) ?? FULL_SUMMARY;
}

function whereClause(range: DayRange, filters: UsageFilters): { sql: string; params: unknown[] } {
  const parts = ["day >= ?", "day <= ?"];
  const params: unknown[] = [range.from, range.to];
  for (const [name, column] of Object.entries(FILTER_COLUMNS) as [keyof UsageFilters, string][]) {
    const values = filters[name];
    if (!values?.length) continue;
    parts.push(`${column} IN (${values.map(() => "?").join(", ")})`);
    params.push(...values);
  }
  return { sql: parts.join(" AND "), params };
}

export interface UsageGroup extends UsageTotals {
  key: string;
}

/** Totals over the range and, when groupBy is given, one row per group ordered by cost (days in order). */
export async function getUsageSummary(
  db: Database,
  range: DayRange,
  filters: UsageFilters = {},
  groupBy?: GroupBy,
  /** Only these fields are summed; the others read as zero. */
  fields?: readonly TotalsField[],
): Promise<{ total: UsageTotals; groups: UsageGroup[] }> {
  const where = whereClause(range, filters);
  if (!groupBy) {
    const [totalRow] = await summaryRows(db, summarySource(filters), [], where, fields);
    return { total: totalsFrom(totalRow), groups: [] };
  }
  const rows = await summaryRows(db, summarySource(filters, groupBy), [groupBy], where, fields);
  const groups = rows.map((row) => ({ key: String(row.g0), ...totalsFrom(row) }));
  groups.sort((a, b) =>
    groupBy === "day" ? a.key.localeCompare(b.key) : a.costPico === b.costPico ? a.key.localeCompare(b.key) : a.costPico > b.costPico ? -1 : 1,
  );
  // The groups partition the range, so the total is their exact sum: one scan instead of two.
  return { total: sumTotals(groups), groups };
}

/** The exact sum of several totals (bigints for money, integers for counts). */
export function sumTotals(parts: readonly UsageTotals[]): UsageTotals {
  const total = totalsFrom(undefined) as unknown as Record<string, number | bigint>;
  for (const part of parts) {
    for (const name of Object.keys(COUNT_COLUMNS)) (total[name] as number) += (part as unknown as Record<string, number>)[name];
    for (const name of Object.keys(MONEY_COLUMNS)) (total[name] as bigint) += (part as unknown as Record<string, bigint>)[name];
  }
  return total as unknown as UsageTotals;
}

export interface DayUsage extends UsageTotals {
  day: string;
  /** The split's value (a model, feature, project or tier); "" for no split. */
  key: string;
}

/**
 * Totals per day, optionally split by one dimension, ordered by day then key. Days without calls are
 * absent (charts zero-fill them with lib/core/chart-data's daysInRange).
 */
export async function getUsageByDay(
  db: Database,
  range: DayRange,
  filters: UsageFilters = {},
  split?: Exclude<GroupBy, "day">,
  /** Only these fields are summed; the others read as zero. */
  fields?: readonly TotalsField[],
): Promise<DayUsage[]> {
  const where = whereClause(range, filters);
  const groups = split ? ["day", split] : ["day"];
  const rows = await summaryRows(db, summarySource(filters, split), groups, where, fields, groups.join(", "));
  return rows.map((row) => ({ day: String(row.g0), key: split ? String(row.g1) : "", ...totalsFrom(row) }));
}

/** Totals per group for two dimensions at once (e.g. feature x model for a model mix), ordered by cost. */
export async function getUsageByPair(
  db: Database,
  range: DayRange,
  filters: UsageFilters,
  first: Exclude<GroupBy, "day">,
  second: Exclude<GroupBy, "day">,
  /** Only these fields are summed; the others read as zero. */
  fields?: readonly TotalsField[],
): Promise<(UsageTotals & { first: string; second: string })[]> {
  const where = whereClause(range, filters);
  const rows = await summaryRows(db, summarySource(filters, first, second), [first, second], where, fields);
  return rows
    .map((row) => ({ first: String(row.g0), second: String(row.g1), ...totalsFrom(row) }))
    .sort((a, b) => (a.costPico === b.costPico ? 0 : a.costPico > b.costPico ? -1 : 1));
}

export interface HistogramRow {
  model: string;
  bucket: number;
  calls: number;
}

/**
 * Per-model histogram of cost per call (pico-USD) or total tokens per call over the range, from
 * weekly_histograms and daily_histograms (lib/core/histogram.ts reads percentiles from it). Keyed by day
 * (or week) and model only, so of the filters only `model` applies.
 */
export async function getHistograms(db: Database, range: DayRange, metric: "cost" | "tokens", models: string[] = []): Promise<HistogramRow[]> {
  // Whole weeks from weekly_histograms, the days at the range's ends from daily_histograms.
  const { weeks, days } = splitIntoWeeks(range);
  const byModel = models.length ? ` AND model IN (${models.map(() => "?").join(", ")})` : "";
  const parts: string[] = [];
  const params: unknown[] = [];
  if (days.length) {
    parts.push(`SELECT model, bucket, calls FROM daily_histograms WHERE metric = ? AND (${days.map(() => "(day >= ? AND day <= ?)").join(" OR ")})${byModel}`);
    params.push(metric, ...days.flatMap((d) => [d.from, d.to]), ...models);
  }
  if (weeks) {
    parts.push(`SELECT model, bucket, calls FROM weekly_histograms WHERE metric = ? AND week >= ? AND week <= ?${byModel}`);
    params.push(metric, weeks.from, weeks.to, ...models);
  }
  if (parts.length === 0) return [];
  const rows = await db.all(`SELECT model, bucket, SUM(calls) AS calls FROM (${parts.join(" UNION ALL ")}) AS h GROUP BY model, bucket`, params);
  return rows.map((row) => ({ model: String(row.model), bucket: Number(row.bucket), calls: Number(toBigInt(row.calls)) }));
}

/** Every value each filter can take, for the filter pickers (from dimension_values, kept with the summary). */
export async function getDimensionValues(db: Database): Promise<{ model: string[]; feature: string[]; project: string[]; serviceTier: string[] }> {
  const rows = await db.all<{ dimension: string; value: string }>("SELECT dimension, value FROM dimension_values ORDER BY dimension, value");
  const of = (dimension: string) => rows.filter((r) => r.dimension === dimension).map((r) => String(r.value));
  return { model: of("model"), feature: of("feature"), project: of("project"), serviceTier: of("service_tier") };
}

/** API form of totals: exact decimal USD strings, plain numbers for counts (the summary contract). */
export function totalsToJson(totals: UsageTotals) {
  return {
    costUsd: formatUsdExact(totals.costPico),
    calls: totals.calls,
    inputTokens: totals.inputTokens,
    outputTokens: totals.outputTokens,
    cacheReadTokens: totals.cacheReadTokens,
    cacheWrite5mTokens: totals.cacheWrite5mTokens,
    cacheWrite1hTokens: totals.cacheWrite1hTokens,
    webSearchRequests: totals.webSearchRequests,
    unpricedCalls: totals.unpricedCalls,
  };
}
