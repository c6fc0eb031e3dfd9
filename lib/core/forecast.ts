/**
 * Month-end spend forecast from the month so far, by weekday: each remaining day of the month is
 * projected as the latest week's spend times its weekday's share of the previous four weeks' spend; the
 * band moves that level up and down by its largest distance from any of those four weeks. The shape keeps a Monday-heavy workload from
 * being projected as an average day; the latest week as the level follows growth and step changes.
 * A backtest replays the forecast on past months as of day 7, 14 and 21 and says how far off it was.
 * Money is pico-USD throughout; pure, so the page, the API and the CLI share it.
 */
import { shiftDay } from "@/lib/core/chart-data";

/** How many weeks before the as-of day give the week's shape and the range. */
export const FORECAST_WEEKS = 4;

const weekday = (day: string) => new Date(`${day}T00:00:00Z`).getUTCDay();

/** One day of the forecast month: what was spent (up to asOf) or what is projected (after it). */
export interface ForecastDay {
  /** YYYY-MM-DD. */
  day: string;
  /** Spend on a day up to asOf (0 when nothing was spent); null on a projected day. */
  actualPico: bigint | null;
  /** The latest week's spend x the day's weekday share; null on an actual day. */
  projectedPico: bigint | null;
  /** The same from the level less its largest distance from the four weeks; null on an actual day. */
  lowPico: bigint | null;
  /** The same from the level plus that distance; null on an actual day. */
  highPico: bigint | null;
  /** How many whole weeks of history a projected day rests on (0 to FORECAST_WEEKS; 0 on an actual day). */
  samples: number;
}

export interface MonthForecast {
  /** YYYY-MM. */
  month: string;
  /** Last day counted as actual (inclusive). */
  asOf: string;
  actualToDatePico: bigint;
  /** actual to date + projected remaining days. */
  projectedPico: bigint;
  lowPico: bigint;
  highPico: bigint;
  remainingDays: number;
  /** Remaining days projected from fewer than FORECAST_WEEKS whole weeks of history (thin history). */
  thinDays: number;
  /** Every day of the month in order: actual through asOf, projected after it. */
  days: ForecastDay[];
}

/** The last day (YYYY-MM-DD) of a month given as YYYY-MM. */
export function lastDayOfMonth(month: string): string {
  const [year, m] = month.split("-").map(Number);
  return new Date(Date.UTC(year, m, 0)).toISOString().slice(0, 10);
}

/**
 * Forecast for the month of `asOf`, given spend per UTC day (days absent from `daily` count as $0 once
 * they are on or before `asOf` and on or after the earliest day in `daily`). Days after asOf are ignored.
 */
export function forecastMonth(daily: ReadonlyMap<string, bigint>, asOf: string): MonthForecast {
  const month = asOf.slice(0, 7);
  const first = `${month}-01`;
  const last = lastDayOfMonth(month);
  const earliest = [...daily.keys()].reduce((min, day) => (day < min ? day : min), asOf);
  const spendOn = (day: string) => daily.get(day) ?? 0n;

  const days: ForecastDay[] = [];
  let actual = 0n;
  for (let day = first; day <= asOf; day = shiftDay(day, 1)) {
    actual += spendOn(day);
    days.push({ day, actualPico: spendOn(day), projectedPico: null, lowPico: null, highPico: null, samples: 0 });
  }

  // The four weeks ending asOf (those within history): each weekday's share of their spend is the
  // week's shape; the latest week's spend is its level. A day is projected as level x its weekday's
  // share, so growth or a step change shows as soon as a week has passed, and a Monday-heavy workload is
  // not projected as an average day.
  const window: string[] = [];
  for (let k = 0; k < 7 * FORECAST_WEEKS; k++) {
    const day = shiftDay(asOf, -k);
    if (day < earliest) break;
    window.push(day);
  }
  const byWeekday = new Array<bigint>(7).fill(0n);
  let windowTotal = 0n;
  for (const day of window) {
    byWeekday[weekday(day)] += spendOn(day);
    windowTotal += spendOn(day);
  }
  const weeks: bigint[] = [];
  for (let w = 0; w * 7 < window.length; w++) weeks.push(window.slice(w * 7, w * 7 + 7).reduce((sum, day) => sum + spendOn(day), 0n));
  const fullWeeks = Math.floor(window.length / 7);
  // A partial oldest week would understate the range's low end: only whole weeks bound it.
  const bounds = fullWeeks > 0 ? weeks.slice(0, fullWeeks) : weeks;
  const level = weeks[0] ?? 0n;
  // The range: the latest week's level, give or take its largest distance from any of the weeks before.
  const spread = bounds.reduce((max, v) => (v - level > max ? v - level : level - v > max ? level - v : max), 0n);
  const lowest = level > spread ? level - spread : 0n;
  const highest = level + spread;
  const share = (week: bigint, day: string) => (windowTotal === 0n ? 0n : (week * byWeekday[weekday(day)]) / windowTotal);

  let projected = 0n;
  let low = 0n;
  let high = 0n;
  let remaining = 0;
  let thin = 0;
  for (let day = shiftDay(asOf, 1); day <= last; day = shiftDay(day, 1)) {
    remaining += 1;
    if (fullWeeks < FORECAST_WEEKS) thin += 1;
    // With no history at all a day adds nothing: $0, not a guess.
    const [p, l, h] = [share(level, day), share(lowest, day), share(highest, day)];
    projected += p;
    low += l;
    high += h;
    days.push({ day, actualPico: null, projectedPico: p, lowPico: l, highPico: h, samples: fullWeeks });
  }
  return {
    month,
    asOf,
    actualToDatePico: actual,
    projectedPico: actual + projected,
    lowPico: actual + low,
    highPico: actual + high,
    remainingDays: remaining,
    thinDays: thin,
    days,
  };
}

export interface BacktestPoint {
  month: string;
  /** Day of the month the forecast was made at (7, 14, 21). */
  dayOfMonth: number;
  forecastPico: bigint;
  actualPico: bigint;
  /** (forecast - actual) / actual, or null when the month had no spend. */
  error: number | null;
  /** Whether the month's actual total fell inside the forecast's low-high band. */
  withinBand: boolean;
}

/**
 * Replays the forecast on every complete month in `daily` that has FORECAST_WEEKS weeks of history
 * before its day 7, as of day 7, 14 and 21. `today` bounds "complete": the month must have ended before it.
 */
export function backtest(daily: ReadonlyMap<string, bigint>, today: string, days: readonly number[] = [7, 14, 21]): BacktestPoint[] {
  if (daily.size === 0) return [];
  const earliest = [...daily.keys()].reduce((min, day) => (day < min ? day : min));
  const points: BacktestPoint[] = [];
  for (let month = earliest.slice(0, 7); `${month}-01` < today; month = shiftDay(lastDayOfMonth(month), 1).slice(0, 7)) {
    const last = lastDayOfMonth(month);
    if (last >= today) break;
    let actual = 0n;
    for (let day = `${month}-01`; day <= last; day = shiftDay(day, 1)) actual += daily.get(day) ?? 0n;
    for (const dayOfMonth of days) {
      const asOf = `${month}-${String(dayOfMonth).padStart(2, "0")}`;
      if (shiftDay(asOf, -7 * FORECAST_WEEKS + 1) < earliest) continue;
      const f = forecastMonth(new Map([...daily].filter(([day]) => day <= asOf)), asOf);
      points.push({
        month,
        dayOfMonth,
        forecastPico: f.projectedPico,
        actualPico: actual,
        error: actual === 0n ? null : Number(((f.projectedPico - actual) * 1_000_000n) / actual) / 1_000_000,
        withinBand: f.lowPico <= actual && actual <= f.highPico,
      });
    }
  }
  return points;
}

/** Mean of |error| over the backtest points that have one (a month with spend), or null when none has. */
export function meanAbsoluteError(points: readonly BacktestPoint[]): number | null {
  const errors = points.filter((p) => p.error !== null).map((p) => Math.abs(p.error!));
  return errors.length ? errors.reduce((a, b) => a + b, 0) / errors.length : null;
}
