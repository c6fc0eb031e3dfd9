/**
 * Per-request reads for the Forecast page. Its cards share one read (the matching spend per day, the
 * month's forecast and the backtest) through React's cache(); keys are strings because cache() compares
 * arguments by identity.
 */
import "server-only";
import { cache } from "react";
import { ZodError } from "zod";
import type { SearchParams } from "@/components/dashboard/view";
import { formatDayShort } from "@/lib/core/chart-data";
import { addDays, parseAsOf, todayUtc } from "@/lib/server/api-params";
import { getApp } from "@/lib/server/app";
import { getForecastReport } from "@/lib/server/forecast";
import type { UsageFilters } from "@/lib/server/queries";

export interface ForecastQuery {
  /** Last day counted as actual. */
  asOf: string;
  filters: UsageFilters;
}

const reportByKey = cache(async (key: string) => {
  const { asOf, filters } = JSON.parse(key) as ForecastQuery;
  return getForecastReport((await getApp()).db, asOf, filters);
});

export const loadForecast = (query: ForecastQuery) => reportByKey(JSON.stringify({ asOf: query.asOf, filters: query.filters }));

/**
 * The page's asOf from the URL (default yesterday, UTC). One that is not a day falls back to yesterday
 * with a sentence saying why, rather than failing the page.
 */
export function parseForecastDay(params: SearchParams, nowMs = Date.now()): { asOf: string; problem: string | null } {
  try {
    return { asOf: parseAsOf(params, nowMs), problem: null };
  } catch (error) {
    if (!(error instanceof ZodError)) throw error;
    const yesterday = addDays(todayUtc(nowMs), -1);
    const reason = error.issues.map((issue) => `${issue.path.join(".")} ${issue.message}`).join("; ");
    return { asOf: yesterday, problem: `Showing the forecast as of yesterday (${formatDayShort(yesterday)}) instead: ${reason}.` };
  }
}
