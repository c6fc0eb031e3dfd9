/**
 * What each dashboard page reads, as named async functions the dashboard benchmark times. A page runs the
 * same lib/server reads its server components run, concurrently as its cards stream (Promise.all), plus
 * the header's filter options that every page loads (components/dashboard/view.ts).
 *
 * To benchmark a new page or query, add an entry to DASHBOARD_PAGES (or call registerPage from another
 * module imported by bench/dashboard.ts): `load` returns how many rows it read back, `setup` (untimed)
 * prepares what a page needs first, e.g. the cursor a user reaches after 19 clicks on "next".
 */
import { previousPeriod } from "@/lib/core/chart-data";
import { type Database, type Row, toBigInt } from "@/lib/server/db";
import { countDemoCalls } from "@/lib/server/demo";
import { type DayRange, type UsageFilters, getDimensionValues, getHistograms, getUsageByDay, getUsageByPair, getUsageSummary, listCalls } from "@/lib/server/queries";

/** Which filter a measurement applies: none, or one value of a dimension (chosen by the benchmark). */
export type FilterVariant = "none" | "feature" | "model" | "user";

export interface BenchCase {
  db: Database;
  range: DayRange;
  /** The header's filters (model, feature, ...), as the URL would give them. */
  filters: UsageFilters;
  /** The calls explorer's user filter, when the variant is "user". */
  user?: string;
  /** An existing call id, for the call detail page. */
  callId: string;
}

export interface DashboardPage {
  name: string;
  /** Filter variants to measure; default ["none", "feature"]. */
  variants?: FilterVariant[];
  /** Untimed preparation; its result is passed to every load. */
  setup?: (c: BenchCase) => Promise<unknown>;
  /** The page's reads; returns the number of rows they returned. */
  load: (c: BenchCase, prepared: unknown) => Promise<number>;
}

/** Rows a set of concurrent reads returned (arrays count their length, objects with groups their groups + 1). */
function rowsOf(results: unknown[]): number {
  let rows = 0;
  for (const result of results) {
    if (Array.isArray(result)) rows += result.length;
    else if (result && typeof result === "object" && "groups" in result) rows += 1 + (result as { groups: unknown[] }).groups.length;
    else if (result && typeof result === "object" && "calls" in result) rows += (result as { calls: unknown[] }).calls.length;
    else if (result && typeof result === "object" && "options" in result) {
      rows += Object.values((result as { options: Record<string, string[]> }).options).reduce((n, v) => n + v.length, 0);
    } else rows += 1;
  }
  return rows;
}

/**
 * Every dashboard page loads the filter pickers' options first (loadView -> getOverviewOptions, which is
 * getDimensionValues; called directly because lib/server/dashboard.ts imports "server-only").
 */
const header = async (c: BenchCase) => ({ options: await getDimensionValues(c.db) });

/** Page size of the calls explorer; keyset queries fetch one more to know whether there is a next page. */
export const CALLS_PAGE_SIZE = 50;

export type CallSort = "ts_ms" | "cost_pico" | "total_tokens";

export interface Keyset {
  value: bigint;
  id: string;
}

/**
 * How a keyset query bounds the range and resumes after the previous page.
 *  "or": `ts_ms >= ? AND ts_ms < ?` and `(sort < ? OR (sort = ? AND id < ?))`, the form listCalls uses.
 *  "row-value": the range written `+ts_ms` (so SQLite, which has no statistics, cannot pick the ts_ms index and
 *  sort every call in the range) and the cursor as `(sort, id) < (?, ?)`, which both databases turn into an
 *  index bound instead of a filter (see the README's benchmark section).
 */
export type KeysetForm = "or" | "row-value";

/**
 * One page of calls in the range sorted by `sort` descending (ties by id descending), after `after`:
 * the keyset queries the calls explorer runs, served by the (ts_ms, id), (cost_pico, id) and
 * (total_tokens, id) indexes. Filters: model, feature, user (at most one value each here).
 */
export async function callsByKeyset(c: BenchCase, sort: CallSort, after?: Keyset, form: KeysetForm = "or"): Promise<Row[]> {
  const ts = form === "or" || sort === "ts_ms" ? "ts_ms" : "+ts_ms";
  const parts = [`${ts} >= ?`, `${ts} < ?`];
  const params: unknown[] = [BigInt(Date.parse(`${c.range.from}T00:00:00Z`)), BigInt(Date.parse(`${c.range.to}T00:00:00Z`) + 86_400_000)];
  for (const [column, value] of [["model", c.filters.model?.[0]], ["feature", c.filters.feature?.[0]], ["user_id", c.user]] as const) {
    if (value === undefined) continue;
    parts.push(`${column} = ?`);
    params.push(value);
  }
  if (after && form === "or") {
    parts.push(`(${sort} < ? OR (${sort} = ? AND id < ?))`);
    params.push(after.value, after.value, after.id);
  } else if (after) {
    parts.push(`(${sort}, id) < (?, ?)`);
    params.push(after.value, after.id);
  }
  return c.db.all(`SELECT * FROM calls WHERE ${parts.join(" AND ")} ORDER BY ${sort} DESC, id DESC LIMIT ${CALLS_PAGE_SIZE + 1}`, params);
}

/** The keyset after the 19th page, i.e. where page 20 starts. */
async function keysetOfPage(c: BenchCase, sort: CallSort, page: number, form: KeysetForm): Promise<Keyset | undefined> {
  let after: Keyset | undefined;
  for (let i = 1; i < page; i++) {
    const rows = (await callsByKeyset(c, sort, after, form)).slice(0, CALLS_PAGE_SIZE);
    const last = rows[rows.length - 1];
    if (!last) return after;
    after = { value: toBigInt(last[sort]), id: String(last.id) };
  }
  return after;
}

async function listCallsCursorOfPage(c: BenchCase, page: number): Promise<string | null> {
  let cursor: string | null = null;
  for (let i = 1; i < page; i++) cursor = (await listCalls(c.db, c.range, c.filters, { limit: CALLS_PAGE_SIZE, cursor })).nextCursor;
  return cursor;
}

const ALL_CALL_FILTERS: FilterVariant[] = ["none", "feature", "model", "user"];

export const DASHBOARD_PAGES: DashboardPage[] = [
  {
    name: "header alone (filter options, part of every page)",
    variants: ["none"],
    load: async (c) => rowsOf([await header(c)]),
  },
  {
    name: "overview",
    async load(c) {
      const previous = previousPeriod(c.range);
      return rowsOf(
        await Promise.all([
          header(c),
          countDemoCalls(c.db),
          getUsageSummary(c.db, c.range, c.filters),
          getUsageSummary(c.db, c.range, c.filters, "model"),
          getUsageSummary(c.db, c.range, c.filters, "feature"),
          getUsageSummary(c.db, previous, c.filters),
          getUsageSummary(c.db, previous, c.filters, "model"),
          getUsageSummary(c.db, previous, c.filters, "feature"),
          getUsageByDay(c.db, c.range, c.filters, "model"),
        ]),
      );
    },
  },
  {
    name: "models",
    async load(c) {
      const models = c.filters.model ?? [];
      return rowsOf(
        await Promise.all([
          header(c),
          getUsageSummary(c.db, c.range, c.filters, "model"),
          getHistograms(c.db, c.range, "cost", models),
          getHistograms(c.db, c.range, "tokens", models),
          getUsageByDay(c.db, c.range, c.filters, "model"),
        ]),
      );
    },
  },
  {
    name: "features",
    async load(c) {
      return rowsOf(
        await Promise.all([
          header(c),
          getUsageSummary(c.db, c.range, c.filters, "feature"),
          getUsageSummary(c.db, previousPeriod(c.range), c.filters, "feature"),
          getUsageByDay(c.db, c.range, c.filters, "feature"),
          getUsageByPair(c.db, c.range, c.filters, "feature", "model"),
        ]),
      );
    },
  },
  {
    name: "caching",
    async load(c) {
      return rowsOf(
        await Promise.all([
          header(c),
          getUsageByDay(c.db, c.range, c.filters, "feature"),
          getUsageSummary(c.db, c.range, c.filters, "feature"),
          getUsageSummary(c.db, c.range, c.filters, "model"),
        ]),
      );
    },
  },
  {
    name: "stop reasons",
    async load(c) {
      return rowsOf(
        await Promise.all([
          header(c),
          getUsageByDay(c.db, c.range, c.filters, "feature"),
          getUsageSummary(c.db, c.range, c.filters, "feature"),
          getUsageSummary(c.db, c.range, c.filters, "model"),
        ]),
      );
    },
  },
  {
    name: "calls: newest, page 1 (listCalls)",
    variants: ["none", "feature", "model"],
    async load(c) {
      return rowsOf(await Promise.all([header(c), listCalls(c.db, c.range, c.filters, { limit: CALLS_PAGE_SIZE })]));
    },
  },
  {
    name: "calls: newest, page 20 (listCalls)",
    variants: ["none", "feature", "model"],
    setup: (c) => listCallsCursorOfPage(c, 20),
    async load(c, cursor) {
      return rowsOf(await Promise.all([header(c), listCalls(c.db, c.range, c.filters, { limit: CALLS_PAGE_SIZE, cursor: cursor as string })]));
    },
  },
  ...(["or", "row-value"] as const).flatMap((form) =>
    (["ts_ms", "cost_pico", "total_tokens"] as const).flatMap((sort): DashboardPage[] => [
      {
        name: `calls: by ${sort} desc, page 1 (keyset SQL, ${form} form)`,
        variants: ALL_CALL_FILTERS,
        async load(c) {
          return rowsOf(await Promise.all([header(c), callsByKeyset(c, sort, undefined, form)]));
        },
      },
      {
        name: `calls: by ${sort} desc, page 20 (keyset SQL, ${form} form)`,
        variants: ALL_CALL_FILTERS,
        setup: (c) => keysetOfPage(c, sort, 20, form),
        async load(c, after) {
          return rowsOf(await Promise.all([header(c), callsByKeyset(c, sort, after as Keyset | undefined, form)]));
        },
      },
    ]),
  ),
  {
    name: "call detail (by id)",
    variants: ["none"],
    async load(c) {
      return rowsOf(await Promise.all([header(c), c.db.all("SELECT * FROM calls WHERE id = ?", [c.callId])]));
    },
  },
];

export function registerPage(page: DashboardPage): void {
  DASHBOARD_PAGES.push(page);
}
