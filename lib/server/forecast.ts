/**
 * Reads for the spend forecast: spend per UTC day from the first stored day up to a given day, and the
 * month's forecast with its backtest, as the page, the API and the CLI all show them.
 */
import { type BacktestPoint, type MonthForecast, backtest, forecastMonth, meanAbsoluteError } from "@/lib/core/forecast";
import { shiftDay } from "@/lib/core/chart-data";
import { formatUsdExact } from "@/lib/core/money";
import type { Database } from "@/lib/server/db";
import { type UsageFilters, getUsageByDay } from "@/lib/server/queries";

/**
 * Spend per UTC day (pico-USD) from the first day anything was stored up to `to` (inclusive), of the
 * calls matching `filters`. Days without matching calls are absent, so with a filter the history starts
 * at the first day that filter matched (a feature launched last week has a week of history, not a year of $0).
 */
export async function getDailySpend(db: Database, to: string, filters: UsageFilters = {}): Promise<Map<string, bigint>> {
  const [row] = await db.all<{ first: string | null }>("SELECT MIN(day) AS first FROM daily_model");
  if (!row?.first || String(row.first) > to) return new Map();
  const days = await getUsageByDay(db, { from: String(row.first), to }, filters, undefined, ["costPico"]);
  return new Map(days.map((day) => [day.day, day.costPico]));
}

export interface ForecastReport {
  forecast: MonthForecast;
  /** Every complete month before asOf's, as of day 7, 14 and 21. */
  backtest: BacktestPoint[];
  /** Mean |error| of the backtest, or null when it has no month with spend. */
  meanAbsoluteError: number | null;
  /** First day with matching spend on or before asOf, or null when there is none. */
  firstDay: string | null;
}

/** This month's forecast as of `asOf` and the backtest over the complete months before it, from one read. */
export async function getForecastReport(db: Database, asOf: string, filters: UsageFilters = {}): Promise<ForecastReport> {
  const daily = await getDailySpend(db, asOf, filters);
  const points = backtest(daily, shiftDay(asOf, 1));
  const firstDay = [...daily.keys()].reduce<string | null>((min, day) => (min === null || day < min ? day : min), null);
  return { forecast: forecastMonth(daily, asOf), backtest: points, meanAbsoluteError: meanAbsoluteError(points), firstDay };
}

const usd = (pico: bigint | null) => (pico === null ? null : formatUsdExact(pico));

/** API form of a forecast report: exact decimal USD strings (as the summary API gives money), errors as fractions. */
export function forecastToJson({ forecast: f, backtest: points, meanAbsoluteError: mae }: ForecastReport) {
  return {
    month: f.month,
    asOf: f.asOf,
    actualToDate: formatUsdExact(f.actualToDatePico),
    projected: formatUsdExact(f.projectedPico),
    low: formatUsdExact(f.lowPico),
    high: formatUsdExact(f.highPico),
    remainingDays: f.remainingDays,
    thinDays: f.thinDays,
    days: f.days.map((d) => ({ day: d.day, actual: usd(d.actualPico), projected: usd(d.projectedPico), low: usd(d.lowPico), high: usd(d.highPico), samples: d.samples })),
    backtest: points.map((p) => ({
      month: p.month,
      dayOfMonth: p.dayOfMonth,
      forecast: formatUsdExact(p.forecastPico),
      actual: formatUsdExact(p.actualPico),
      error: p.error,
      withinBand: p.withinBand,
    })),
    // The mean of six-decimal errors, to six decimals like them (without float noise such as 0.11627899999999998).
    meanAbsoluteError: mae === null ? null : Math.round(mae * 1_000_000) / 1_000_000,
  };
}
