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
import { type DayRange, type UsageFilters, getSpendByDayAndModel, getUsageSummary } from "@/lib/server/queries";

export interface CardQuery {
  range: DayRange;
  filters: UsageFilters;
}

const keyOf = (query: CardQuery) => JSON.stringify([query.range, query.filters]);
const fromKey = (key: string): CardQuery => {
  const [range, filters] = JSON.parse(key) as [DayRange, UsageFilters];
  return { range, filters };
};

const totalsByKey = cache(async (key: string) => {
  const { db } = await getApp();
  const { range, filters } = fromKey(key);
  return (await getUsageSummary(db, range, filters)).total;
});

const groupsByKey = cache(async (key: string, groupBy: "model" | "feature") => {
  const { db } = await getApp();
  const { range, filters } = fromKey(key);
  return (await getUsageSummary(db, range, filters, groupBy)).groups;
});

const dailyByKey = cache(async (key: string) => {
  const { db } = await getApp();
  const { range, filters } = fromKey(key);
  return getSpendByDayAndModel(db, range, filters);
});

export const getTotals = (query: CardQuery) => totalsByKey(keyOf(query));
export const getGroups = (query: CardQuery, groupBy: "model" | "feature") => groupsByKey(keyOf(query), groupBy);
export const getDailySpend = (query: CardQuery) => dailyByKey(keyOf(query));

/** Filter options and whether anything is stored at all. */
export const getOptions = cache(async () => getOverviewOptions((await getApp()).db));

export const getDemoCallCount = cache(async () => countDemoCalls((await getApp()).db));
