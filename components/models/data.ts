/**
 * Per-request reads for the Models page. Cards share reads through React's cache(); keys are strings
 * because cache() compares arguments by identity.
 */
import "server-only";
import { cache } from "react";
import { type CardQuery, getGroups } from "@/components/overview/data";
import { getApp } from "@/lib/server/app";
import { getRawModelIds } from "@/lib/server/models-caching-queries";
import { type DayRange, getHistograms } from "@/lib/server/queries";

const histogramsByKey = cache(async (key: string, metric: "cost" | "tokens") => {
  const { db } = await getApp();
  const [range, models] = JSON.parse(key) as [DayRange, string[]];
  return getHistograms(db, range, metric, models);
});

const rawIdsByKey = cache(async (key: string) => {
  const { db } = await getApp();
  const [range, models] = JSON.parse(key) as [DayRange, string[]];
  return getRawModelIds(db, range, models);
});

/** Per-model histograms over the range; of the filters only `model` applies (they are per day x model). */
export const getModelHistograms = (query: CardQuery, metric: "cost" | "tokens") =>
  histogramsByKey(JSON.stringify([query.range, query.filters.model ?? []]), metric);

/** Raw ids sent for each model, from a bounded sample of recent calls. */
export const getModelRawIds = (range: DayRange, models: string[]) => rawIdsByKey(JSON.stringify([range, [...models].sort()]));

export { type CardQuery, getGroups };
