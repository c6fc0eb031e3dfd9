/**
 * Reads for the Features pages and the Stop reasons page. Everything comes from the daily_usage summary
 * (day x model x feature x project x tier), so a page costs a handful of grouped reads whatever the
 * number of calls; the shaping is done by the pure helpers in lib/core.
 */
import { previousPeriod } from "@/lib/core/chart-data";
import { type FeatureRow, buildFeatureRows } from "@/lib/core/features-view";
import { type DailyChartData } from "@/lib/core/daily-series";
import { STOP_REASONS, type StopReasonFeatureRow, type WatchedRate, buildStopRatesByDay, buildStopReasonRows, watchedRates } from "@/lib/core/stop-reasons-view";
import type { Database } from "@/lib/server/db";
import { type DayRange, type DayUsage, type UsageFilters, getUsageByDay, type TotalsField, getUsageByPair, getUsageSummary, sumTotals } from "@/lib/server/queries";

/** What a features-table row shows: spend, calls, the cache hit ratio's tokens, truncations. */
const FEATURE_ROW_FIELDS: readonly TotalsField[] = [
  "costPico", "calls", "inputTokens", "outputTokens", "cacheReadTokens", "cacheWrite5mTokens", "cacheWrite1hTokens", "stopMaxTokens",
];

/** The calls and stop-reason counts, all the stop-reason views read. */
const STOP_FIELDS: readonly TotalsField[] = ["calls", ...STOP_REASONS.map((reason) => reason.field)];

/**
 * One row per feature over the range: its totals, the previous period's (for the changes), spend per
 * day (sparklines) and spend per model (model mix). Three grouped reads, run together; the range's
 * per-feature totals are summed from the per-day rows rather than read again.
 */
export async function getFeatureRows(db: Database, range: DayRange, filters: UsageFilters, modelColors: Record<string, string>): Promise<FeatureRow[]> {
  const [previous, daily, pairs] = await Promise.all([
    getUsageSummary(db, previousPeriod(range), filters, "feature", ["costPico", "calls"]),
    getUsageByDay(db, range, filters, "feature", FEATURE_ROW_FIELDS),
    getUsageByPair(db, range, filters, "feature", "model", ["costPico"]),
  ]);
  const byFeature = new Map<string, DayUsage[]>();
  for (const day of daily) byFeature.set(day.key, [...(byFeature.get(day.key) ?? []), day]);
  const current = [...byFeature].map(([key, days]) => ({ key, ...sumTotals(days) }));
  return buildFeatureRows({ range, current, previous: previous.groups, daily, pairs, modelColors });
}

/** The filters with the feature filter replaced by one feature (a feature page ignores `feature=`). */
export function featureFilters(filters: UsageFilters, feature: string): UsageFilters {
  return { ...filters, feature: [feature] };
}

/** One feature's totals per day and model (its daily charts). */
export async function getFeatureDays(db: Database, range: DayRange, filters: UsageFilters, feature: string): Promise<DayUsage[]> {
  return getUsageByDay(db, range, featureFilters(filters, feature), "model");
}

/** Truncation, refusal and pause_turn rates over the range, each against the previous period. */
export async function getWatchedRates(db: Database, range: DayRange, filters: UsageFilters): Promise<WatchedRate[]> {
  const [current, previous] = await Promise.all([
    getUsageSummary(db, range, filters, undefined, STOP_FIELDS),
    getUsageSummary(db, previousPeriod(range), filters, undefined, STOP_FIELDS),
  ]);
  return watchedRates(current.total, previous.total);
}

/** The watched rates per day of the range (gaps on days without calls). */
export async function getStopRatesByDay(db: Database, range: DayRange, filters: UsageFilters): Promise<DailyChartData> {
  return buildStopRatesByDay(range, await getUsageByDay(db, range, filters, undefined, STOP_FIELDS));
}

/** Stop reasons per feature, most truncated first. */
export async function getStopReasonRows(db: Database, range: DayRange, filters: UsageFilters): Promise<StopReasonFeatureRow[]> {
  return buildStopReasonRows((await getUsageSummary(db, range, filters, "feature", STOP_FIELDS)).groups);
}
