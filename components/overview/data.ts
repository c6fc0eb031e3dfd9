/**
 * Per-request reads for the overview's cards. Several cards show parts of the same totals; React's
 * cache() runs each query once per request however many cards ask. Keys are strings because cache()
 * compares arguments by identity.
 */
import "server-only";
import { cache } from "react";
import { getApp } from "@/lib/server/app";
import { getOverviewOptions } from "@/lib/server/dashboard";
import { countDemoCalls } from "@/lib/server/demo";
import { previousPeriod } from "@/lib/core/chart-data";
import { type DayRange, type UsageFilters, getUsageByDay, getUsageSummary, sumTotals } from "@/lib/server/queries";

export interface CardQuery {
  range: DayRange;
  filters: UsageFilters;
}

const keyOf = (query: CardQuery) => JSON.stringify([query.range, query.filters]);
const fromKey = (key: string): CardQuery => {
  const [range, filters] = JSON.parse(key) as [DayRange, UsageFilters];
  return { range, filters };
};

/** Totals are the sum of the per-model groups, which the overview and Models page read anyway: one scan for both. */
const totalsByKey = cache(async (key: string) => sumTotals(await groupsByKey(key, "model")));

const dayUsageByKey = cache(async (key: string, split: SpendSplit) => {
  const { db } = await getApp();
  const { range, filters } = fromKey(key);
  return getUsageByDay(db, range, filters, split);
});

const groupsByKey = cache(async (key: string, groupBy: SpendSplit) => {
  const { db } = await getApp();
  const { range, filters } = fromKey(key);
  return (await getUsageSummary(db, range, filters, groupBy)).groups;
});

/** How the spend-by-day chart is split (URL parameter `split`). */
export type SpendSplit = "model" | "feature" | "project" | "service_tier";
export const SPEND_SPLITS: { id: SpendSplit; label: string; noun: string }[] = [
  { id: "model", label: "Model", noun: "models" },
  { id: "feature", label: "Feature", noun: "features" },
  { id: "project", label: "Project", noun: "projects" },
  { id: "service_tier", label: "Tier", noun: "tiers" },
];

/** The same filters over the previous period of equal length (for period-over-period deltas). */
export function previousQuery(query: CardQuery): CardQuery {
  return { range: previousPeriod(query.range), filters: query.filters };
}

export const getTotals = (query: CardQuery) => totalsByKey(keyOf(query));
export const getDayUsage = (query: CardQuery, split: SpendSplit) => dayUsageByKey(keyOf(query), split);
export const getGroups = (query: CardQuery, groupBy: SpendSplit) => groupsByKey(keyOf(query), groupBy);

/** Filter options and whether anything is stored at all. */
export const getOptions = cache(async () => getOverviewOptions((await getApp()).db));

export const getDemoCallCount = cache(async () => countDemoCalls((await getApp()).db));
