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
import { CALLS_PAGE_SIZE, type CallSort } from "@/lib/core/calls-view";
import { getFeatureRows, getStopRatesByDay, getStopReasonRows, getWatchedRates } from "@/lib/server/features-queries";
import { CACHE_FIELDS, getRawModelIds } from "@/lib/server/models-caching-queries";
import { getChargeback } from "@/lib/server/chargeback";
import { getMonthlyReport } from "@/lib/server/monthly-report";

/** YYYY-MM of the month before the one `day` is in. */
const previousMonth = (day: string) => {
  const [y, m] = day.split("-").map(Number);
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, "0")}`;
};
import { type CallsQuery, NO_EXPLORER_FILTERS, getCall, getExplorerTotals, listCallsPage } from "@/lib/server/calls-queries";
import type { Database } from "@/lib/server/db";
import { countDemoCalls } from "@/lib/server/demo";
import { getPricingContext } from "@/lib/server/pricing-context";
import { getProjection, scopeToSource } from "@/lib/server/projections";
import { DEFAULT_ASSUMPTIONS } from "@/lib/core/projection";
import { currentModel, parseScenario } from "@/lib/core/scenario";
import { type DayRange, type UsageFilters, getDimensionValues, getHistograms, getUsageByDay, getUsageByPair, getUsageSummary } from "@/lib/server/queries";

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

/** The calls explorer's view of a bench case: its range and filters, a user when the variant has one, a sort. */
function explorerQuery(c: BenchCase, sort: CallSort): CallsQuery {
  return { range: c.range, filters: c.filters, explorer: { ...NO_EXPLORER_FILTERS, user: c.user ?? null }, sort, dir: "desc" };
}

/** The cursor of page `page` of the explorer in `sort` order (walked page by page, as a user would). */
async function cursorOfPage(c: BenchCase, sort: CallSort, page: number): Promise<string | null> {
  let cursor: string | null = null;
  for (let i = 1; i < page; i++) cursor = (await listCallsPage(c.db, explorerQuery(c, sort), { limit: CALLS_PAGE_SIZE, cursor })).nextCursor;
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
          // KPI totals are the sum of the per-model groups (components/overview/data.ts), current and previous.
          getUsageSummary(c.db, c.range, c.filters, "model"),
          getUsageSummary(c.db, c.range, c.filters, "feature"),
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
      const [options, summary, ...rest] = await Promise.all([
        header(c),
        getUsageSummary(c.db, c.range, c.filters, "model"),
        getHistograms(c.db, c.range, "cost", models),
        getHistograms(c.db, c.range, "tokens", models),
        getUsageByDay(c.db, c.range, c.filters, "model"),
      ]);
      // The raw ids sent per model, for the models the page lists (components/models/data.ts).
      const rawIds = await getRawModelIds(c.db, c.range, summary.groups.map((g) => g.key));
      return rowsOf([options, summary, ...rest]) + rawIds.size;
    },
  },
  {
    name: "features",
    async load(c) {
      return rowsOf(await Promise.all([header(c), getFeatureRows(c.db, c.range, c.filters, {})]));
    },
  },
  {
    // The Caching page's cards (components/caching): KPIs from the per-model totals and pairs, the hit
    // ratio per day split by model (its default), and the table by feature.
    name: "caching",
    async load(c) {
      return rowsOf(
        await Promise.all([
          header(c),
          getUsageSummary(c.db, c.range, c.filters, "model"),
          getUsageByDay(c.db, c.range, c.filters, "model", CACHE_FIELDS),
          getUsageByPair(c.db, c.range, c.filters, "model", "model", CACHE_FIELDS),
          getUsageByPair(c.db, c.range, c.filters, "feature", "model", CACHE_FIELDS),
        ]),
      );
    },
  },
  {
    // The Stop reasons page's cards: watched rates against the previous period, rates per day, per feature.
    name: "stop reasons",
    async load(c) {
      return rowsOf(
        await Promise.all([header(c), getWatchedRates(c.db, c.range, c.filters), getStopRatesByDay(c.db, c.range, c.filters), getStopReasonRows(c.db, c.range, c.filters)]),
      );
    },
  },
  ...(["time", "cost", "tokens"] as const).flatMap((sort): DashboardPage[] => [
    {
      name: `calls explorer: by ${sort}, page 1`,
      variants: ALL_CALL_FILTERS,
      async load(c) {
        const query = explorerQuery(c, sort);
        return rowsOf(await Promise.all([header(c), listCallsPage(c.db, query, { limit: CALLS_PAGE_SIZE }), getExplorerTotals(c.db, query, false)]));
      },
    },
    {
      name: `calls explorer: by ${sort}, page 20`,
      variants: ALL_CALL_FILTERS,
      setup: (c) => cursorOfPage(c, sort, 20),
      async load(c, cursor) {
        const query = explorerQuery(c, sort);
        return rowsOf(
          await Promise.all([header(c), listCallsPage(c.db, query, { limit: CALLS_PAGE_SIZE, cursor: cursor as string | null }), getExplorerTotals(c.db, query, false)]),
        );
      },
    },
  ]),
  {
    // Finance: the monthly report of the month before the range's last day, in UTC (Anthropic's months).
    name: "monthly report (UTC month)",
    variants: ["none"],
    load: async (c) => (await getMonthlyReport(c.db, previousMonth(c.range.to), "UTC")).lines.feature.length,
  },
  {
    // Finance: chargeback of the same month (needs each call's tags, so it reads the month's calls).
    name: "chargeback (UTC month)",
    variants: ["none"],
    load: async (c) => (await getChargeback(c.db, previousMonth(c.range.to), "UTC")).centres.length + 1,
  },
  {
    name: "call detail (by id)",
    variants: ["none"],
    async load(c) {
      return rowsOf(await Promise.all([header(c), getCall(c.db, c.callId)]));
    },
  },
  {
    // The What-if page without a move chosen: its two default projections, each a grouped read of the calls.
    name: "what-if (Opus -> Sonnet and Sonnet -> Opus)",
    load: async (c) => {
      const { book } = await getPricingContext(c.db);
      const assumptions = DEFAULT_ASSUMPTIONS;
      const run = (source: string, target: string) => {
        const scenario = parseScenario({ source, target }, book, assumptions);
        return getProjection(c.db, { range: c.range, filters: scopeToSource(c.filters, scenario, book), plan: scenario.plan, assumptions });
      };
      const results = await Promise.all([header(c), run("opus", currentModel(book, "sonnet")!), run("sonnet", currentModel(book, "opus")!)]);
      return rowsOf([results[0]]) + results[1].features.length + results[2].features.length;
    },
  },
  {
    // A routing scenario over all traffic: one feature split 90/10, another on batch, a cache target.
    name: "scenario (split, batch and cache target over all traffic)",
    variants: ["none"],
    load: async (c) => {
      const { book } = await getPricingContext(c.db);
      const scenario = parseScenario({ "route.chat": "claude-sonnet-4-6:90,claude-opus-4-6:10", batch: "summarize", "cache.search": "80" }, book);
      const projection = await getProjection(c.db, { range: c.range, filters: c.filters, plan: scenario.plan, assumptions: scenario.assumptions });
      return projection.features.length;
    },
  },
];

export function registerPage(page: DashboardPage): void {
  DASHBOARD_PAGES.push(page);
}
