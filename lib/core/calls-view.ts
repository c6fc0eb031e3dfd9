/**
 * The calls explorer's pure parts: its URL state (explorer filters, sort, opaque keyset cursors), the
 * CSV rows of an export, the words for data-quality flags, and the small formats of a call's numbers.
 */
import { formatUsdExact, parseUsdToPico } from "./money";

// ---------------------------------------------------------------------------------------------------
// Sorting and cursors

export const CALL_SORTS = ["time", "cost", "tokens"] as const;
export type CallSort = (typeof CALL_SORTS)[number];
export const SORT_DIRS = ["desc", "asc"] as const;
export type SortDir = (typeof SORT_DIRS)[number];

/** Rows per explorer page. */
export const CALLS_PAGE_SIZE = 50;

/** Where a page starts: strictly after (or, for a previous page, strictly before) the row (key, id) in the sort order. */
export interface CallsCursor {
  sort: CallSort;
  dir: SortDir;
  /** The row's sort value (ts_ms, cost_pico or total_tokens) as a decimal integer. */
  key: bigint;
  id: string;
  /** True for "the page before this row" (a previous-page link), false for "the page after it". */
  before: boolean;
}

/** A cursor that is not one this app issued, or that belongs to another sort; the message says which. */
export class CursorError extends Error {
  constructor(message: string) {
    super(`cursor: ${message}`);
    this.name = "CursorError";
  }
}

function toBase64Url(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64Url(text: string): string {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new Error("not base64url");
  const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
  return new TextDecoder("utf-8", { fatal: true }).decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
}

/** Sort keys are 64-bit integers in both databases. */
const INT64_LIMIT = 2n ** 63n;

/** The opaque form of a cursor: base64url of a small JSON object. */
export function encodeCallsCursor(cursor: CallsCursor): string {
  return toBase64Url(JSON.stringify({ s: cursor.sort, d: cursor.dir, k: cursor.key.toString(), i: cursor.id, ...(cursor.before ? { b: 1 } : {}) }));
}

/**
 * Reads a cursor and checks it belongs to the sort it is used with. Also accepts the `[ts, id]` cursors
 * GET /api/v1/calls issued before sorting existed (newest first). Throws CursorError with a sentence.
 */
export function decodeCallsCursor(text: string, expected: { sort: CallSort; dir: SortDir }): CallsCursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(fromBase64Url(text));
  } catch {
    throw new CursorError("not a cursor issued by Tally (it may have been cut short when copied); start again from the first page");
  }
  let cursor: CallsCursor | null = null;
  if (Array.isArray(parsed) && parsed.length === 2 && typeof parsed[0] === "string" && /^\d+$/.test(parsed[0]) && typeof parsed[1] === "string") {
    cursor = { sort: "time", dir: "desc", key: BigInt(parsed[0]), id: parsed[1], before: false };
  } else if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) {
    const o = parsed as Record<string, unknown>;
    if (
      CALL_SORTS.includes(o.s as CallSort) &&
      SORT_DIRS.includes(o.d as SortDir) &&
      typeof o.k === "string" &&
      /^-?\d{1,19}$/.test(o.k) &&
      BigInt(o.k) >= -INT64_LIMIT &&
      BigInt(o.k) < INT64_LIMIT &&
      typeof o.i === "string" &&
      (o.b === undefined || o.b === 1)
    ) {
      cursor = { sort: o.s as CallSort, dir: o.d as SortDir, key: BigInt(o.k), id: o.i, before: o.b === 1 };
    }
  }
  if (!cursor) throw new CursorError("not a cursor issued by Tally; start again from the first page");
  if (cursor.sort !== expected.sort || cursor.dir !== expected.dir) {
    throw new CursorError(
      `this cursor pages calls sorted by ${cursor.sort} (${cursor.dir}), not by ${expected.sort} (${expected.dir}); start again from the first page`,
    );
  }
  return cursor;
}

// ---------------------------------------------------------------------------------------------------
// Explorer filters in the URL

/** Stop reasons the explorer offers; "none" means the record carried no stop reason. */
export const STOP_REASON_CHOICES = [
  { value: "end_turn", label: "end_turn" },
  { value: "tool_use", label: "tool_use" },
  { value: "max_tokens", label: "max_tokens" },
  { value: "stop_sequence", label: "stop_sequence" },
  { value: "pause_turn", label: "pause_turn" },
  { value: "refusal", label: "refusal" },
  { value: "model_context_window_exceeded", label: "model_context_window_exceeded" },
  { value: "none", label: "(none reported)" },
] as const;

export type StopReasonChoice = (typeof STOP_REASON_CHOICES)[number]["value"];

/** Filters only the calls table can answer (daily_usage has no user, cost range or per-call flags). */
export interface ExplorerFilters {
  /** Exact user id. */
  user: string | null;
  stopReason: StopReasonChoice | null;
  /** Inclusive bounds on a call's cost, pico-USD. */
  minCostPico: bigint | null;
  maxCostPico: bigint | null;
  unpricedOnly: boolean;
}

export interface ExplorerState {
  filters: ExplorerFilters;
  sort: CallSort;
  dir: SortDir;
  cursor: string | null;
  /** What is wrong with a field, by URL parameter name (the field is ignored and the page still renders). */
  problems: Partial<Record<"user" | "stop_reason" | "min_cost" | "max_cost" | "sort" | "dir", string>>;
  /** The fields as typed, for refilling the form (a bad cost stays visible next to its message). */
  raw: { user: string; stop_reason: string; min_cost: string; max_cost: string; unpriced: boolean };
}

/** URL parameter names of the explorer's own state (the shared header owns range, model, feature, project, tier). */
export const EXPLORER_PARAMS = ["user", "stop_reason", "min_cost", "max_cost", "unpriced", "sort", "dir"] as const;

/**
 * A cost bound typed by a person: "0.05", "$1.20", "  2 ". Empty means no bound. Converted exactly to
 * pico-USD; negative numbers, more than 12 decimals and anything else are refused with a sentence.
 */
export function parseCostBound(text: string): { ok: true; pico: bigint | null } | { ok: false; message: string } {
  const trimmed = text.trim().replace(/^\$\s*/, "").replace(/,/g, "");
  if (trimmed === "") return { ok: true, pico: null };
  if (trimmed.startsWith("-")) return { ok: false, message: "Enter an amount of zero or more." };
  if (/^\d*\.\d{13,}$/.test(trimmed)) return { ok: false, message: "Use at most 12 decimal places (a pico-dollar)." };
  if (trimmed.startsWith(".")) return parseCostBound(`0${trimmed}`);
  try {
    return { ok: true, pico: parseUsdToPico(trimmed) };
  } catch {
    return { ok: false, message: `"${text.trim()}" is not an amount in US dollars, e.g. 0.05.` };
  }
}

/** The explorer's state from the query string; `get` returns a parameter's first value or undefined. */
export function parseExplorerState(get: (name: string) => string | undefined): ExplorerState {
  const problems: ExplorerState["problems"] = {};
  const raw = {
    user: get("user") ?? "",
    stop_reason: get("stop_reason") ?? "",
    min_cost: get("min_cost") ?? "",
    max_cost: get("max_cost") ?? "",
    unpriced: ["1", "true", "on", "yes"].includes((get("unpriced") ?? "").toLowerCase()),
  };
  const user = raw.user.trim() === "" ? null : raw.user.trim();
  let stopReason: StopReasonChoice | null = null;
  if (raw.stop_reason !== "") {
    const choice = STOP_REASON_CHOICES.find((c) => c.value === raw.stop_reason);
    if (choice) stopReason = choice.value;
    else problems.stop_reason = `Unknown stop reason "${raw.stop_reason}".`;
  }
  const min = parseCostBound(raw.min_cost);
  const max = parseCostBound(raw.max_cost);
  if (!min.ok) problems.min_cost = min.message;
  if (!max.ok) problems.max_cost = max.message;
  let minCostPico = min.ok ? min.pico : null;
  const maxCostPico = max.ok ? max.pico : null;
  if (minCostPico !== null && maxCostPico !== null && minCostPico > maxCostPico) {
    problems.min_cost = "The minimum is above the maximum.";
    minCostPico = null;
  }
  const sortRaw = get("sort") ?? "";
  const dirRaw = get("dir") ?? "";
  const sort = (CALL_SORTS as readonly string[]).includes(sortRaw) ? (sortRaw as CallSort) : "time";
  const dir = (SORT_DIRS as readonly string[]).includes(dirRaw) ? (dirRaw as SortDir) : "desc";
  if (sortRaw !== "" && sort !== sortRaw) problems.sort = `Cannot sort by "${sortRaw}"; sorted by time.`;
  if (dirRaw !== "" && dir !== dirRaw) problems.dir = `Unknown direction "${dirRaw}"; newest or largest first.`;
  const cursor = get("cursor");
  return {
    filters: { user, stopReason, minCostPico, maxCostPico, unpricedOnly: raw.unpriced },
    sort,
    dir,
    cursor: cursor === undefined || cursor === "" ? null : cursor,
    problems,
    raw,
  };
}

/** True when a filter that daily_usage cannot answer is in force (so totals are not precomputed). */
export function hasExplorerFilters(filters: ExplorerFilters): boolean {
  return filters.user !== null || filters.stopReason !== null || filters.minCostPico !== null || filters.maxCostPico !== null || filters.unpricedOnly;
}

/**
 * The explorer's parameters to carry in links and through the shared header (no cursor: changing the
 * view starts from the first page). Defaults are left out; valid cost bounds are written exactly.
 */
export function explorerParams(state: Pick<ExplorerState, "filters" | "sort" | "dir">): Record<string, string> {
  const { filters } = state;
  const params: Record<string, string> = {};
  if (filters.user !== null) params.user = filters.user;
  if (filters.stopReason !== null) params.stop_reason = filters.stopReason;
  if (filters.minCostPico !== null) params.min_cost = formatUsdExact(filters.minCostPico);
  if (filters.maxCostPico !== null) params.max_cost = formatUsdExact(filters.maxCostPico);
  if (filters.unpricedOnly) params.unpriced = "1";
  if (state.sort !== "time") params.sort = state.sort;
  if (state.dir !== "desc") params.dir = state.dir;
  return params;
}

/** Where a column header's sort link goes: the other direction when already sorted by it, else largest/newest first. */
export function nextSort(current: { sort: CallSort; dir: SortDir }, column: CallSort): { sort: CallSort; dir: SortDir } {
  if (current.sort === column) return { sort: column, dir: current.dir === "desc" ? "asc" : "desc" };
  return { sort: column, dir: "desc" };
}

// ---------------------------------------------------------------------------------------------------
// Formats

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const pad = (n: number) => String(n).padStart(2, "0");

/** "Nov 3 14:05:12": a call's UTC time in the table (the ISO timestamp goes in the title). */
export function formatCallTime(tsMs: number): string {
  const d = new Date(tsMs);
  return `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

/**
 * The price per million tokens a component implies: cost / tokens x 1,000,000, in USD. Components are
 * rounded to whole pico-USD, so the result is marked approximate when the division is not exact.
 * Null when there were no tokens.
 */
export function impliedUsdPerMTok(costPico: bigint, tokens: number): { usd: string; exact: boolean } | null {
  if (tokens <= 0) return null;
  const scaled = costPico * 1_000_000n;
  const units = BigInt(tokens);
  const quotient = scaled / units;
  const exact = quotient * units === scaled;
  // Round half up to whole pico-USD per MTok when inexact.
  const rounded = exact ? quotient : (scaled * 2n + units) / (units * 2n);
  return { usd: formatUsdExact(rounded), exact };
}

/** `tally-calls_2026-09-01_2026-09-30.csv`: the export's file name names its range. */
export function exportFilename(range: { from: string; to: string }): string {
  return `tally-calls_${range.from}_${range.to}.csv`;
}

// ---------------------------------------------------------------------------------------------------
// Data-quality flags

export interface FlagExplanation {
  flag: string;
  /** A few words for a badge. */
  label: string;
  /** A sentence for the call's detail page. */
  explanation: string;
  tone: "warning" | "info";
}

const FLAG_EXPLANATIONS: Record<string, Omit<FlagExplanation, "flag">> = {
  cache_split_missing: {
    label: "cache split missing",
    explanation:
      "The record gave a cache-write total without the 5-minute / 1-hour split, so all cache writes were priced as 5-minute writes (what Anthropic bills when no split is reported). If some were 1-hour writes, the real cost is higher.",
    tone: "warning",
  },
  unpriced_model: {
    label: "unpriced model",
    explanation:
      "The model id matches no entry in the price book (and no near-miss is ever guessed), so this call counts as $0 and is listed as unpriced. Add the model to the price book, or fix the id the app sends.",
    tone: "warning",
  },
  fast_mode_unpriced: {
    label: "fast mode unpriced",
    explanation:
      "The call used fast mode (speed \"fast\") on a model the price book has no fast-mode prices for, so it was left unpriced ($0) rather than priced at standard rates.",
    tone: "warning",
  },
  stream_incomplete: {
    label: "stream incomplete",
    explanation:
      "The response was streamed and the stream ended before its last event (the caller aborted it, the connection was cut, or the API sent an error mid-stream). The tokens are the last counts the stream reported, so output tokens generated after that point are not counted.",
    tone: "warning",
  },
  derived_id: {
    label: "derived id",
    explanation:
      "The record had no message id, so Tally derived one from its content. Re-sending the identical record is still recognised as a duplicate, but two genuinely identical calls without ids count once.",
    tone: "info",
  },
};

/** Words for a stored data-quality flag; an unknown flag (from a newer version) is shown as is. */
export function explainFlag(flag: string): FlagExplanation {
  const known = FLAG_EXPLANATIONS[flag];
  if (known) return { flag, ...known };
  return { flag, label: flag.replace(/_/g, " "), explanation: `Data-quality flag "${flag}" (not described by this version of Tally).`, tone: "info" };
}

/** Flags as stored: a comma-separated list, empty when the call is clean. */
export function parseFlags(stored: string | null | undefined): string[] {
  return String(stored ?? "")
    .split(",")
    .map((f) => f.trim())
    .filter(Boolean);
}

// ---------------------------------------------------------------------------------------------------
// CSV export (RFC 4180)

/** One call as the export needs it: counts as integers, money as pico-USD. */
export interface CsvCall {
  id: string;
  tsMs: number;
  modelRaw: string;
  /** Canonical price-book id, or null when unpriced. */
  resolvedModel: string | null;
  feature: string;
  project: string;
  user: string | null;
  serviceTier: string;
  stopReason: string | null;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWrite5mTokens: number;
  cacheWrite1hTokens: number;
  webSearchRequests: number;
  totalTokens: number;
  costPico: bigint;
  inputCostPico: bigint;
  outputCostPico: bigint;
  cacheWrite5mCostPico: bigint;
  cacheWrite1hCostPico: bigint;
  cacheReadCostPico: bigint;
  webSearchCostPico: bigint;
  priceEntryId: string | null;
  quality: string[];
}

export const CSV_HEADER = [
  "id", "timestamp_utc", "model", "resolved_model", "feature", "project", "user", "service_tier", "stop_reason",
  "input_tokens", "output_tokens", "cache_read_tokens", "cache_write_5m_tokens", "cache_write_1h_tokens", "total_tokens",
  "web_search_requests", "cost_usd", "input_cost_usd", "output_cost_usd", "cache_write_5m_cost_usd", "cache_write_1h_cost_usd",
  "cache_read_cost_usd", "web_search_cost_usd", "price_entry_id", "quality_flags",
] as const;

/** Column of the total in the export's last row (its id column reads TOTAL). */
export const CSV_TOTAL_LABEL = "TOTAL";

/**
 * One RFC 4180 field: quoted when it holds a comma, quote, CR or LF, quotes doubled. Text that a
 * spreadsheet would run as a formula (starting with = + - @ or a tab/CR) is prefixed with an apostrophe;
 * numbers are passed with `text: false` and never touched.
 */
export function csvField(value: string, text = true): string {
  let v = value;
  if (text && /^[=+\-@\t\r]/.test(v)) v = `'${v}`;
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** A CSV record with its CRLF terminator. Each cell is [value, isText]. */
function csvLine(cells: [string, boolean][]): string {
  return `${cells.map(([value, text]) => csvField(value, text)).join(",")}\r\n`;
}

export function csvHeaderLine(): string {
  return csvLine(CSV_HEADER.map((name) => [name, false]));
}

/** One call as a CSV line: exact decimal USD for every cost, integers for every count. */
export function csvCallLine(c: CsvCall): string {
  const t = (v: string | null): [string, boolean] => [v ?? "", true];
  const n = (v: number | bigint): [string, boolean] => [String(v), false];
  const usd = (v: bigint): [string, boolean] => [formatUsdExact(v), false];
  return csvLine([
    t(c.id), [new Date(c.tsMs).toISOString(), false], t(c.modelRaw), t(c.resolvedModel), t(c.feature), t(c.project), t(c.user),
    t(c.serviceTier), t(c.stopReason), n(c.inputTokens), n(c.outputTokens), n(c.cacheReadTokens), n(c.cacheWrite5mTokens),
    n(c.cacheWrite1hTokens), n(c.totalTokens), n(c.webSearchRequests), usd(c.costPico), usd(c.inputCostPico), usd(c.outputCostPico),
    usd(c.cacheWrite5mCostPico), usd(c.cacheWrite1hCostPico), usd(c.cacheReadCostPico), usd(c.webSearchCostPico), t(c.priceEntryId),
    t(c.quality.join(" ")),
  ]);
}

/** Running sums of an export, for its final TOTAL line. */
export interface CsvTotals {
  calls: number;
  inputTokens: bigint;
  outputTokens: bigint;
  cacheReadTokens: bigint;
  cacheWrite5mTokens: bigint;
  cacheWrite1hTokens: bigint;
  totalTokens: bigint;
  webSearchRequests: bigint;
  costPico: bigint;
  inputCostPico: bigint;
  outputCostPico: bigint;
  cacheWrite5mCostPico: bigint;
  cacheWrite1hCostPico: bigint;
  cacheReadCostPico: bigint;
  webSearchCostPico: bigint;
}

export function emptyCsvTotals(): CsvTotals {
  return {
    calls: 0, inputTokens: 0n, outputTokens: 0n, cacheReadTokens: 0n, cacheWrite5mTokens: 0n, cacheWrite1hTokens: 0n, totalTokens: 0n,
    webSearchRequests: 0n, costPico: 0n, inputCostPico: 0n, outputCostPico: 0n, cacheWrite5mCostPico: 0n, cacheWrite1hCostPico: 0n,
    cacheReadCostPico: 0n, webSearchCostPico: 0n,
  };
}

/** Adds one call to the running totals (mutates and returns them). */
export function addToCsvTotals(totals: CsvTotals, c: CsvCall): CsvTotals {
  totals.calls += 1;
  totals.inputTokens += BigInt(c.inputTokens);
  totals.outputTokens += BigInt(c.outputTokens);
  totals.cacheReadTokens += BigInt(c.cacheReadTokens);
  totals.cacheWrite5mTokens += BigInt(c.cacheWrite5mTokens);
  totals.cacheWrite1hTokens += BigInt(c.cacheWrite1hTokens);
  totals.totalTokens += BigInt(c.totalTokens);
  totals.webSearchRequests += BigInt(c.webSearchRequests);
  totals.costPico += c.costPico;
  totals.inputCostPico += c.inputCostPico;
  totals.outputCostPico += c.outputCostPico;
  totals.cacheWrite5mCostPico += c.cacheWrite5mCostPico;
  totals.cacheWrite1hCostPico += c.cacheWrite1hCostPico;
  totals.cacheReadCostPico += c.cacheReadCostPico;
  totals.webSearchCostPico += c.webSearchCostPico;
  return totals;
}

/** The export's last line: TOTAL, the number of calls in the model column, and the exact sums. */
export function csvTotalLine(t: CsvTotals): string {
  const n = (v: number | bigint): [string, boolean] => [String(v), false];
  const usd = (v: bigint): [string, boolean] => [formatUsdExact(v), false];
  const blank: [string, boolean] = ["", false];
  return csvLine([
    [CSV_TOTAL_LABEL, false], blank, [`${t.calls} calls`, false], blank, blank, blank, blank, blank, blank,
    n(t.inputTokens), n(t.outputTokens), n(t.cacheReadTokens), n(t.cacheWrite5mTokens), n(t.cacheWrite1hTokens), n(t.totalTokens),
    n(t.webSearchRequests), usd(t.costPico), usd(t.inputCostPico), usd(t.outputCostPico), usd(t.cacheWrite5mCostPico),
    usd(t.cacheWrite1hCostPico), usd(t.cacheReadCostPico), usd(t.webSearchCostPico), blank, blank,
  ]);
}
