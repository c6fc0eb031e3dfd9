/**
 * Reads of individual calls for the calls explorer, its CSV export and GET /api/v1/calls.
 *
 * Pages use keyset pagination on (sort column, id), served by the indexes (ts_ms, id), (cost_pico, id)
 * and (total_tokens, id): page N costs what page 1 costs, and nothing here counts the whole filtered
 * set. Totals come from daily_usage when only its dimensions are filtered (see getExplorerTotals).
 */
import {
  CALL_SORTS,
  type CallSort,
  type CallsCursor,
  type CsvCall,
  type ExplorerFilters,
  type SortDir,
  decodeCallsCursor,
  encodeCallsCursor,
  hasExplorerFilters,
  parseExplorerState,
  parseFlags,
} from "@/lib/core/calls-view";
import { parseFilters, parseRange } from "@/lib/server/api-params";
import { type Database, type Row, toBigInt } from "@/lib/server/db";
import { badRequest } from "@/lib/server/errors";
import { type DayRange, type UsageFilters, type UsageTotals, getUsageSummary } from "@/lib/server/queries";

export interface CallsQuery {
  range: DayRange;
  /** The dimensions daily_usage also has (model, feature, project, service tier). */
  filters: UsageFilters;
  explorer: ExplorerFilters;
  sort: CallSort;
  dir: SortDir;
}

export const NO_EXPLORER_FILTERS: ExplorerFilters = { user: null, stopReason: null, minCostPico: null, maxCostPico: null, unpricedOnly: false };

const SORT_COLUMNS: Record<CallSort, string> = { time: "ts_ms", cost: "cost_pico", tokens: "total_tokens" };

const DIMENSION_COLUMNS: [keyof UsageFilters, string][] = [
  ["model", "model"],
  ["feature", "feature"],
  ["project", "project"],
  ["serviceTier", "service_tier"],
];

/** Inclusive bounds on a sort column, merged from the range, the cost filters and a cursor. */
interface Bounds {
  lower: bigint | null;
  upper: bigint | null;
}

const INT32_MAX = 2n ** 31n - 1n;
const clampInt32 = (value: bigint) => (value > INT32_MAX ? INT32_MAX : value < -INT32_MAX - 1n ? -INT32_MAX - 1n : value);

const tighter = (a: bigint | null, b: bigint, pick: "min" | "max") => (a === null ? b : pick === "min" ? (a < b ? a : b) : a > b ? a : b);

/**
 * The WHERE clause of a query's filters and, when walking from a cursor, the keyset condition.
 *
 * Each bound on a sort column is merged into one `>=` and one `<=`, and the keyset is written as
 * `col <= key AND (col < key OR id < cursorId)` (mirrored when ascending), so the database seeks straight
 * to the cursor's row in the (col, id) index instead of reading the page's predecessors again.
 */
function whereClause(
  query: CallsQuery,
  seek?: { cursor: CallsCursor; descending: boolean },
  part: "all" | "walk" | "residual" = "all",
): { sql: string; params: unknown[] } {
  const bounds: Record<CallSort, Bounds> = {
    time: { lower: BigInt(Date.parse(`${query.range.from}T00:00:00Z`)), upper: BigInt(Date.parse(`${query.range.to}T00:00:00Z`) + 86_400_000 - 1) },
    cost: { lower: query.explorer.minCostPico, upper: query.explorer.maxCostPico },
    tokens: { lower: null, upper: null },
  };
  const parts: string[] = [];
  const params: unknown[] = [];
  // total_tokens is a 32-bit column on PostgreSQL; no call comes near the limit, so a key beyond it is clamped.
  const key = query.sort === "tokens" && seek ? clampInt32(seek.cursor.key) : seek?.cursor.key;
  if (seek && key !== undefined) {
    const b = bounds[query.sort];
    if (seek.descending) b.upper = tighter(b.upper, key, "min");
    else b.lower = tighter(b.lower, key, "max");
  }
  const walk = part !== "residual";
  const residual = part !== "walk";
  for (const sort of CALL_SORTS) {
    if (sort === query.sort ? !walk : !residual) continue;
    const { lower, upper } = bounds[sort];
    if (lower !== null) {
      parts.push(`${SORT_COLUMNS[sort]} >= ?`);
      params.push(lower);
    }
    if (upper !== null) {
      parts.push(`${SORT_COLUMNS[sort]} <= ?`);
      params.push(upper);
    }
  }
  if (seek && walk) {
    const op = seek.descending ? "<" : ">";
    parts.push(`(${SORT_COLUMNS[query.sort]} ${op} ? OR id ${op} ?)`);
    params.push(key, seek.cursor.id);
  }
  if (!residual) return { sql: parts.join(" AND ") || "1 = 1", params };
  for (const [field, column] of DIMENSION_COLUMNS) {
    const values = query.filters[field];
    if (!values?.length) continue;
    parts.push(`${column} IN (${values.map(() => "?").join(", ")})`);
    params.push(...values);
  }
  const e = query.explorer;
  if (e.user !== null) {
    parts.push("user_id = ?");
    params.push(e.user);
  }
  if (e.stopReason === "none") parts.push("stop_reason IS NULL");
  else if (e.stopReason !== null) {
    parts.push("stop_reason = ?");
    params.push(e.stopReason);
  }
  if (e.unpricedOnly) {
    parts.push("priced = ?");
    params.push(false);
  }
  return { sql: parts.join(" AND ") || "1 = 1", params };
}

/** SQLite's (column, id) index per sort, named by Prisma's migration. */
const SQLITE_SORT_INDEXES: Record<CallSort, string> = { time: "calls_ts_ms_id_idx", cost: "calls_cost_pico_id_idx", tokens: "calls_total_tokens_id_idx" };
/** With a user filter: the same orders within one user's calls. */
const SQLITE_USER_SORT_INDEXES: Record<CallSort, string> = { time: "calls_user_id_ts_ms_idx", cost: "calls_user_id_cost_pico_id_idx", tokens: "calls_user_id_total_tokens_id_idx" };

/**
 * Which index SQLite must walk. Without statistics its planner prefers the time range or a model /
 * feature equality and then sorts every matching call, which at millions of calls is the slow path;
 * walking the sort's own index and stopping after a page is bounded. With a user filter it walks the
 * (user_id, sort column) index instead: one user's calls, already in order. PostgreSQL plans with statistics.
 */
function indexHint(db: Database, query: CallsQuery): string {
  if (db.dialect !== "sqlite") return "";
  return ` INDEXED BY ${(query.explorer.user !== null ? SQLITE_USER_SORT_INDEXES : SQLITE_SORT_INDEXES)[query.sort]}`;
}

export interface CallsPage {
  calls: Row[];
  /** Cursor of the page after this one, or null on the last page. */
  nextCursor: string | null;
  /** Cursor of the page before this one, or null on the first page. */
  prevCursor: string | null;
  /**
   * Set when the page stopped at the scan budget with fewer matches than asked for: how many calls it
   * searched. The cursors continue the search from where it stopped.
   */
  searched: number | null;
}

/**
 * Most calls one page reads through the sort's index when other filters decide which of them match
 * (a stop reason, unpriced only, a model, or the time range when sorted by cost): a rare match then
 * costs a bounded read per page, and the next page carries on, instead of one page scanning millions.
 */
export const SCAN_BUDGET = 10_000;

/**
 * At most this many calls in the range (by daily_usage), a page reads the range through (ts_ms, id)
 * and sorts what matches instead: cheaper than walking a sort index through calls outside the range.
 */
export const DIRECT_RANGE_CALLS = 20_000;

/** How many calls daily_usage counts in the query's range and summary dimensions (an upper bound on its matches). */
async function callsInRange(db: Database, query: CallsQuery): Promise<number> {
  const parts = ["day >= ?", "day <= ?"];
  const params: unknown[] = [query.range.from, query.range.to];
  for (const [field, column] of DIMENSION_COLUMNS) {
    const values = query.filters[field];
    if (!values?.length) continue;
    parts.push(`${column} IN (${values.map(() => "?").join(", ")})`);
    params.push(...values);
  }
  const [row] = await db.all(`SELECT SUM(calls) AS n FROM daily_usage WHERE ${parts.join(" AND ")}`, params);
  return Number(toBigInt(row?.n));
}

/** Whether any filter is checked row by row rather than by the index the page walks. */
function hasResidualFilters(query: CallsQuery): boolean {
  const e = query.explorer;
  if (e.user !== null) return false;
  return (
    query.sort !== "time" ||
    DIMENSION_COLUMNS.some(([field]) => query.filters[field]?.length) ||
    e.stopReason !== null ||
    e.unpricedOnly ||
    // Sorted by time here, so a cost range is checked row by row.
    e.minCostPico !== null ||
    e.maxCostPico !== null
  );
}

interface Position {
  key: bigint;
  id: string;
}

function cursorAt(query: CallsQuery, at: Position, before: boolean): string {
  return encodeCallsCursor({ sort: query.sort, dir: query.dir, key: at.key, id: at.id, before });
}

const positionOf = (query: CallsQuery, row: Row): Position => ({ key: toBigInt(row[SORT_COLUMNS[query.sort]]), id: String(row.id) });

/**
 * One page of calls in the query's order. `cursor` (from nextCursor or prevCursor) must belong to the
 * same sort and direction, else a CursorError says so. Rows come back as stored (SELECT *).
 * `scanBudget` is for tests; pages use SCAN_BUDGET.
 */
export async function listCallsPage(
  db: Database,
  query: CallsQuery,
  page: { limit: number; cursor?: string | null; scanBudget?: number },
): Promise<CallsPage> {
  const cursor: CallsCursor | null = page.cursor ? decodeCallsCursor(page.cursor, query) : null;
  const scanBudget = page.scanBudget ?? SCAN_BUDGET;
  let budget: number | null = null;
  let walkRange = false;
  if (hasResidualFilters(query)) {
    walkRange = (await callsInRange(db, query)) <= (page.scanBudget ?? DIRECT_RANGE_CALLS);
    if (!walkRange) budget = scanBudget;
  }
  const { rows, frontier } = await selectPage(db, query, cursor, page.limit + 1, "*", budget, walkRange);
  const more = rows.length > page.limit;
  const calls = more ? rows.slice(0, page.limit) : rows;
  // Where the walk stopped: the last row shown, or the budget's frontier when the page is not full.
  const stop = more ? positionOf(query, calls[calls.length - 1]) : frontier;
  const searched = !more && frontier ? budget : null;
  if (cursor?.before) {
    // Walked backwards from the cursor's row: the rows are in reverse.
    calls.reverse();
    const last = calls.length ? positionOf(query, calls[calls.length - 1]) : frontier;
    return { calls, prevCursor: stop ? cursorAt(query, stop, true) : null, nextCursor: last ? cursorAt(query, last, false) : null, searched };
  }
  const first = calls.length ? positionOf(query, calls[0]) : frontier;
  return { calls, nextCursor: stop ? cursorAt(query, stop, false) : null, prevCursor: cursor && first ? cursorAt(query, first, true) : null, searched };
}

/**
 * Rows after (or, for a `before` cursor, before and in reverse order) the cursor's row in the query's
 * order. With a budget, only the next `budget` calls along the sort's index are read; when that window
 * is full, `frontier` is its last call, where the next page resumes.
 */
async function selectPage(
  db: Database,
  query: CallsQuery,
  cursor: CallsCursor | null,
  limit: number,
  columns: string,
  budget: number | null = null,
  walkRange = false,
): Promise<{ rows: Row[]; frontier: Position | null }> {
  // Walking backwards flips both the comparison and the order.
  const descending = (query.dir === "desc") !== Boolean(cursor?.before);
  const seek = cursor ? { cursor, descending } : undefined;
  const column = SORT_COLUMNS[query.sort];
  // Reading a small range directly: SQLite is told to use (ts_ms, id); PostgreSQL is kept off the sort
  // index (which it would walk through calls outside the range) by ordering on an expression of it.
  const orderBy = walkRange && query.sort !== "time" && db.dialect === "postgres" ? `(${column} + 0)` : column;
  const order = `ORDER BY ${orderBy} ${descending ? "DESC" : "ASC"}, id ${descending ? "DESC" : "ASC"}`;
  const from = `calls${walkRange ? (db.dialect === "sqlite" ? ` INDEXED BY ${SQLITE_SORT_INDEXES.time}` : "") : indexHint(db, query)}`;
  if (budget === null) {
    const where = whereClause(query, seek);
    return { rows: await db.all(`SELECT ${columns} FROM ${from} WHERE ${where.sql} ${order} LIMIT ${Math.trunc(limit)}`, where.params), frontier: null };
  }
  const walk = whereClause(query, seek, "walk");
  const residual = whereClause(query, seek, "residual");
  const rows = await db.all(
    `SELECT ${columns} FROM (SELECT * FROM ${from} WHERE ${walk.sql} ${order} LIMIT ${Math.trunc(budget)}) AS window_calls
     WHERE ${residual.sql} ${order} LIMIT ${Math.trunc(limit)}`,
    [...walk.params, ...residual.params],
  );
  if (rows.length >= limit) return { rows, frontier: null };
  const [edge] = await db.all(`SELECT ${column} AS k, id FROM ${from} WHERE ${walk.sql} ${order} LIMIT 1 OFFSET ${Math.trunc(budget) - 1}`, walk.params);
  return { rows, frontier: edge ? { key: toBigInt(edge.k), id: String(edge.id) } : null };
}

/** The columns an export reads; they include every sort column, which the keyset walk needs. */
const CSV_COLUMNS = [
  "id", "ts_ms", "model_raw", "model", "priced", "feature", "project", "user_id", "service_tier", "stop_reason", "input_tokens",
  "output_tokens", "cache_read_tokens", "cache_write_5m_tokens", "cache_write_1h_tokens", "web_search_requests", "total_tokens",
  "cost_pico", "input_cost_pico", "output_cost_pico", "cache_write_5m_cost_pico", "cache_write_1h_cost_pico", "cache_read_cost_pico",
  "web_search_cost_pico", "price_entry_id", "quality",
].join(", ");

const isPriced = (value: unknown) => value === true || Number(value) === 1;

function csvCallOf(row: Row): CsvCall {
  return {
    id: String(row.id),
    tsMs: Number(row.ts_ms),
    modelRaw: String(row.model_raw),
    resolvedModel: isPriced(row.priced) ? String(row.model) : null,
    feature: String(row.feature),
    project: String(row.project),
    user: (row.user_id as string | null) ?? null,
    serviceTier: String(row.service_tier),
    stopReason: (row.stop_reason as string | null) ?? null,
    inputTokens: Number(row.input_tokens),
    outputTokens: Number(row.output_tokens),
    cacheReadTokens: Number(row.cache_read_tokens),
    cacheWrite5mTokens: Number(row.cache_write_5m_tokens),
    cacheWrite1hTokens: Number(row.cache_write_1h_tokens),
    webSearchRequests: Number(row.web_search_requests),
    totalTokens: Number(row.total_tokens),
    costPico: toBigInt(row.cost_pico),
    inputCostPico: toBigInt(row.input_cost_pico),
    outputCostPico: toBigInt(row.output_cost_pico),
    cacheWrite5mCostPico: toBigInt(row.cache_write_5m_cost_pico),
    cacheWrite1hCostPico: toBigInt(row.cache_write_1h_cost_pico),
    cacheReadCostPico: toBigInt(row.cache_read_cost_pico),
    webSearchCostPico: toBigInt(row.web_search_cost_pico),
    priceEntryId: (row.price_entry_id as string | null) ?? null,
    quality: parseFlags(row.quality as string | null),
  };
}

/**
 * Every matching call in the query's order, fetched `chunk` rows at a time by the same keyset walk as
 * the pages, so an export of millions of calls holds one chunk in memory.
 */
export async function* walkCalls(db: Database, query: CallsQuery, chunk = 1000): AsyncGenerator<CsvCall[]> {
  let cursor: CallsCursor | null = null;
  const column = SORT_COLUMNS[query.sort];
  for (;;) {
    const { rows } = await selectPage(db, query, cursor, chunk, CSV_COLUMNS);
    if (rows.length === 0) return;
    yield rows.map(csvCallOf);
    if (rows.length < chunk) return;
    const last = rows[rows.length - 1];
    cursor = { sort: query.sort, dir: query.dir, key: toBigInt(last[column]), id: String(last.id), before: false };
  }
}

/** One call by id, or null. */
export async function getCall(db: Database, id: string): Promise<Row | null> {
  const [row] = await db.all("SELECT * FROM calls WHERE id = ?", [id]);
  return row ?? null;
}

/** Most calls the explorer counts on request when its filters are not in daily_usage. */
export const MATCH_COUNT_CAP = 10_000;

export type ExplorerTotals =
  /** Exact totals from daily_usage: only summary dimensions are filtered. */
  | { kind: "summary"; totals: UsageTotals }
  /** Counted from the calls table on request; `capped` when more than the cap matched (calls and cost then cover the first cap only). */
  | { kind: "counted"; calls: number; costPico: bigint; capped: boolean }
  /** Not counted: explorer filters are active and no count was asked for. */
  | { kind: "none" };

/**
 * Totals for the explorer's header. With only summary dimensions filtered they come from daily_usage
 * (a few hundred rows whatever the number of calls). Otherwise they are counted only when asked
 * (`count`), and at most MATCH_COUNT_CAP + 1 matching calls are read.
 */
export async function getExplorerTotals(db: Database, query: CallsQuery, count: boolean): Promise<ExplorerTotals> {
  if (!hasExplorerFilters(query.explorer)) return { kind: "summary", totals: (await getUsageSummary(db, query.range, query.filters)).total };
  if (!count) return { kind: "none" };
  const where = whereClause(query);
  const rows = await db.all(`SELECT cost_pico FROM calls WHERE ${where.sql} LIMIT ${MATCH_COUNT_CAP + 1}`, where.params);
  const capped = rows.length > MATCH_COUNT_CAP;
  const counted = capped ? rows.slice(0, MATCH_COUNT_CAP) : rows;
  return { kind: "counted", calls: counted.length, costPico: counted.reduce((sum, row) => sum + toBigInt(row.cost_pico), 0n), capped };
}

/**
 * A CallsQuery from an API query string: range and dimension filters as everywhere, plus `user`,
 * `stop_reason`, `min_cost`, `max_cost` (USD), `unpriced`, `sort` and `dir`. Any problem is a 400 naming the parameter.
 */
export function callsQueryFromParams(params: URLSearchParams): CallsQuery {
  const state = parseExplorerState((name) => params.get(name) ?? undefined);
  const problems = Object.entries(state.problems).map(([name, message]) => `${name}: ${message}`);
  if (problems.length) throw badRequest(problems.join("; "), problems);
  return { range: parseRange(params), filters: parseFilters(params), explorer: state.filters, sort: state.sort, dir: state.dir };
}
