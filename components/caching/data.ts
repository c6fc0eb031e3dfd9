/**
 * Per-request reads for the Caching page, all from the daily_usage summary. Cards share reads through
 * React's cache(); keys are strings because cache() compares arguments by identity.
 */
import "server-only";
import { cache } from "react";
import type { CardQuery } from "@/components/overview/data";
import { getApp } from "@/lib/server/app";
import { CACHE_FIELDS } from "@/lib/server/models-caching-queries";
import { type DayRange, type UsageFilters, getUsageByDay, getUsageByPair } from "@/lib/server/queries";

export type { CardQuery };

/** "model" or "feature": how the hit-ratio chart splits its lines (?by= in the URL). */
export type RatioSplit = "model" | "feature";

export function parseRatioSplit(value: string): RatioSplit {
  return value === "feature" ? "feature" : "model";
}

const fromKey = (key: string) => {
  const [range, filters] = JSON.parse(key) as [DayRange, UsageFilters];
  return { range, filters };
};
const keyOf = (query: CardQuery) => JSON.stringify([query.range, query.filters]);

const byDayByKey = cache(async (key: string, split: RatioSplit) => {
  const { db } = await getApp();
  const { range, filters } = fromKey(key);
  return getUsageByDay(db, range, filters, split, CACHE_FIELDS);
});

const pairsByKey = cache(async (key: string, first: "feature" | "model") => {
  const { db } = await getApp();
  const { range, filters } = fromKey(key);
  return getUsageByPair(db, range, filters, first, "model", CACHE_FIELDS);
});

/** Totals per day, split by model or feature. */
export const getPromptByDay = (query: CardQuery, split: RatioSplit) => byDayByKey(keyOf(query), split);

/** Totals per (feature or model) x model, so each model's write premium applies to its own writes. */
export const getCachePairs = (query: CardQuery, first: "feature" | "model") => pairsByKey(keyOf(query), first);
