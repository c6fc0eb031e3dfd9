/**
 * Reads of individual calls for the calls explorer, its CSV export and GET /api/v1/calls.
 *
 * Pages use keyset pagination on (sort column, id), served by the indexes (ts_ms, id), (cost_pico, id)
 * and (total_tokens, id): page N costs what page 1 costs, and nothing here counts the whole filtered
 * set. Totals come from daily_usage when only its dimensions are filtered (see getExplorerTotals).
 */
import {
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

/** The WHERE clause of a query's filters (without any cursor). */
function filterClause(query: CallsQuery): { parts: string[]; params: unknown[] } {
  const parts = ["ts_ms >= ?", "ts_ms < ?"];
  const params: unknown[] = [BigInt(Date.parse(`${query.range.from}T00:00:00Z`)), BigInt(Date.parse(`${query.range.to}T00:00:00Z`) + 86_400_000)];
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
  if (e.minCostPico !== null) {
    parts.push("cost_pico >= ?");
    params.push(e.minCostPico);
  }
  if (e.maxCostPico !== null) {
    parts.push("cost_pico <= ?");
    params.push(e.maxCostPico);
  }
  if (e.unpricedOnly) {
    parts.push("priced = ?");
    params.push(false);
  }
  return { parts, params };
}

export interface CallsPage {
  calls: Row[];
  /** Cursor of the page after this one, or null on the last page. */
  nextCursor: string | null;
  /** Cursor of the page before this one, or null on the first page. */
  prevCursor: string | null;
}

function cursorOf(query: CallsQuery, row: Row, before: boolean): string {
  return encodeCallsCursor({ sort: query.sort, dir: query.dir, key: toBigInt(row[SORT_COLUMNS[query.sort]]), id: String(row.id), before });
}

/**
 * One page of calls in the query's order. `cursor` (from nextCursor or prevCursor) must belong to the
 * same sort and direction, else a CursorError says so. Rows come back as stored (SELECT *).
 */
export async function listCallsPage(db: Database, query: CallsQuery, page: { limit: number; cursor?: string | null }): Promise<CallsPage> {
  const cursor: CallsCursor | null = page.cursor ? decodeCallsCursor(page.cursor, query) : null;
  const rows = await selectPage(db, query, cursor, page.limit + 1, "*");
  const more = rows.length > page.limit;
  const calls = more ? rows.slice(0, page.limit) : rows;
  if (cursor?.before) {
    // Walked backwards from the cursor's row: the rows are in reverse, one extra means a page before.
    calls.reverse();
    return {
      calls,
      prevCursor: more && calls.length ? cursorOf(query, calls[0], true) : null,
      nextCursor: calls.length ? cursorOf(query, calls[calls.length - 1], false) : null,
    };
  }
  return {
    calls,
    nextCursor: more && calls.length ? cursorOf(query, calls[calls.length - 1], false) : null,
    prevCursor: cursor && calls.length ? cursorOf(query, calls[0], true) : null,
  };
}

/** Rows after (or, for a `before` cursor, before and in reverse order) the cursor's row in the query's order. */
async function selectPage(db: Database, query: CallsQuery, cursor: CallsCursor | null, limit: number, columns: string): Promise<Row[]> {
  const { parts, params } = filterClause(query);
  const column = SORT_COLUMNS[query.sort];
  // Walking backwards flips both the comparison and the order.
  const descending = (query.dir === "desc") !== Boolean(cursor?.before);
  if (cursor) {
    parts.push(`(${column}, id) ${descending ? "<" : ">"} (?, ?)`);
    params.push(cursor.key, cursor.id);
  }
  const order = descending ? "DESC" : "ASC";
  return db.all(`SELECT ${columns} FROM calls WHERE ${parts.join(" AND ")} ORDER BY ${column} ${order}, id ${order} LIMIT ${Math.trunc(limit)}`, params);
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
    const rows = await selectPage(db, query, cursor, chunk, CSV_COLUMNS);
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
  const { parts, params } = filterClause(query);
  const rows = await db.all(`SELECT cost_pico FROM calls WHERE ${parts.join(" AND ")} LIMIT ${MATCH_COUNT_CAP + 1}`, params);
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
