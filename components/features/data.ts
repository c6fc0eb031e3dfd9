/**
 * Per-request reads for the Features pages and the Stop reasons page. React's cache() runs each read
 * once per request however many cards ask; keys are strings because cache() compares by identity.
 */
import "server-only";
import { cache } from "react";
import { getOptions } from "@/components/overview/data";
import type { CardQuery } from "@/components/overview/data";
import { assignModelColors } from "@/lib/core/chart-data";
import { getApp } from "@/lib/server/app";
import { getFeatureDays, getFeatureRows, getStopRatesByDay, getStopReasonRows, getWatchedRates } from "@/lib/server/features-queries";
import type { DayRange, UsageFilters } from "@/lib/server/queries";

const keyOf = (query: CardQuery) => JSON.stringify([query.range, query.filters]);
const fromKey = (key: string) => {
  const [range, filters] = JSON.parse(key) as [DayRange, UsageFilters];
  return { range, filters };
};

/** Colours per model, assigned over every model stored, so a model has the same colour on every page. */
export const getModelColors = cache(async () => assignModelColors((await getOptions()).options.model));

const featureRowsByKey = cache(async (key: string) => {
  const { range, filters } = fromKey(key);
  const [{ db }, colors] = await Promise.all([getApp(), getModelColors()]);
  return getFeatureRows(db, range, filters, colors);
});

const featureDaysByKey = cache(async (key: string, feature: string) => {
  const { range, filters } = fromKey(key);
  return getFeatureDays((await getApp()).db, range, filters, feature);
});

const watchedRatesByKey = cache(async (key: string) => {
  const { range, filters } = fromKey(key);
  return getWatchedRates((await getApp()).db, range, filters);
});

const stopRatesByDayByKey = cache(async (key: string) => {
  const { range, filters } = fromKey(key);
  return getStopRatesByDay((await getApp()).db, range, filters);
});

const stopReasonRowsByKey = cache(async (key: string) => {
  const { range, filters } = fromKey(key);
  return getStopReasonRows((await getApp()).db, range, filters);
});

export const loadFeatureRows = (query: CardQuery) => featureRowsByKey(keyOf(query));
/** One feature's rows per day and model; the query's own feature filter is replaced by `feature`. */
export const loadFeatureDays = (query: CardQuery, feature: string) => featureDaysByKey(keyOf(query), feature);
export const loadWatchedRates = (query: CardQuery) => watchedRatesByKey(keyOf(query));
export const loadStopRatesByDay = (query: CardQuery) => stopRatesByDayByKey(keyOf(query));
export const loadStopReasonRows = (query: CardQuery) => stopReasonRowsByKey(keyOf(query));
