/**
 * Data preparation for the Forecast page: the month by day as chart rows (numbers for geometry, exact
 * strings for tooltips and tests), the backtest as table rows, and the words the page uses. Pure; the
 * page and its chart only draw.
 */
import { formatDayLong, formatDayShort, picoToUsd } from "@/lib/core/chart-data";
import { type BacktestPoint, FORECAST_WEEKS, type MonthForecast } from "@/lib/core/forecast";
import { formatUsdExact, formatUsdShort } from "@/lib/core/money";

const MONTHS_LONG = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
const WEEKDAYS_LONG = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

/** "November 2026" for "2026-11". */
export function formatMonthLong(month: string): string {
  return `${MONTHS_LONG[Number(month.slice(5, 7)) - 1]} ${month.slice(0, 4)}`;
}

/** "Nov 2026" for "2026-11". */
export function formatMonthShort(month: string): string {
  return `${MONTHS_LONG[Number(month.slice(5, 7)) - 1].slice(0, 3)} ${month.slice(0, 4)}`;
}

/** A forecast's miss as people read it: "+3.2%", "−12.5%" (a real minus sign), "0.0%"; "—" without one. */
export function formatMiss(error: number | null): string {
  if (error === null) return "—";
  const pct = Math.abs(error * 100).toFixed(1);
  if (pct === "0.0") return "0.0%";
  return `${error > 0 ? "+" : "−"}${pct}%`;
}

export interface ForecastChartDay {
  day: string;
  /** "Nov 3". */
  label: string;
  /** "Tue, Nov 3, 2026". */
  longLabel: string;
  kind: "actual" | "projected";
  /** USD for the bars (null on the other kind's days). */
  actual: number | null;
  projected: number | null;
  /** The low-high range as offsets below and above the projected bar (for an error bar); null on actual days and where low = high. */
  band: [number, number] | null;
  /** Exact decimal USD of the day's value, and of its range on a projected day. */
  exact: string;
  lowExact: string | null;
  highExact: string | null;
  /** What a projected day rests on: "latest week x Mondays' share of the last 4 weeks"; null on actual days. */
  basis: string | null;
}

/** The month's days as chart rows. */
export function buildForecastChart(forecast: MonthForecast): ForecastChartDay[] {
  return forecast.days.map((d) => {
    const common = { day: d.day, label: formatDayShort(d.day), longLabel: formatDayLong(d.day) };
    if (d.projectedPico === null) {
      const actual = d.actualPico ?? 0n;
      return { ...common, kind: "actual", actual: picoToUsd(actual), projected: null, band: null, exact: formatUsdExact(actual), lowExact: null, highExact: null, basis: null };
    }
    const projected = picoToUsd(d.projectedPico);
    const low = d.lowPico ?? d.projectedPico;
    const high = d.highPico ?? d.projectedPico;
    const weekday = WEEKDAYS_LONG[new Date(`${d.day}T00:00:00Z`).getUTCDay()];
    return {
      ...common,
      kind: "projected",
      actual: null,
      projected,
      band: low === high ? null : [projected - picoToUsd(low), picoToUsd(high) - projected],
      exact: formatUsdExact(d.projectedPico),
      lowExact: formatUsdExact(low),
      highExact: formatUsdExact(high),
      basis:
        d.projectedPico === 0n
          ? `nothing spent on a ${weekday} in the weeks before: counted as $0`
          : d.samples === 0
            ? `the days so far x ${weekday}s' share of them (less than a week of history)`
            : `latest week x ${weekday}s' share of the last ${d.samples === 1 ? "week" : `${d.samples} weeks`}`,
    };
  });
}

export interface BacktestRow {
  /** "2026-10-7": a stable key and test id. */
  key: string;
  /** "Oct 2026". */
  monthLabel: string;
  /** "day 7". */
  asOfLabel: string;
  forecastShort: string;
  forecastExact: string;
  actualShort: string;
  actualExact: string;
  /** "+3.2%", "−12.5%", "—" for a month without spend. */
  miss: string;
  error: number | null;
  withinBand: boolean;
}

export function buildBacktestRows(points: readonly BacktestPoint[]): BacktestRow[] {
  return points.map((p) => ({
    key: `${p.month}-${p.dayOfMonth}`,
    monthLabel: formatMonthShort(p.month),
    asOfLabel: `day ${p.dayOfMonth}`,
    forecastShort: formatUsdShort(p.forecastPico),
    forecastExact: formatUsdExact(p.forecastPico),
    actualShort: formatUsdShort(p.actualPico),
    actualExact: formatUsdExact(p.actualPico),
    miss: formatMiss(p.error),
    error: p.error,
    withinBand: p.withinBand,
  }));
}

/**
 * The plain sentence for a forecast resting on thin history, or null when every remaining day had
 * FORECAST_WEEKS whole weeks of history behind it.
 */
export function thinHistoryNote(forecast: MonthForecast, firstDay: string | null): string | null {
  if (forecast.thinDays === 0) return null;
  const days = `${forecast.thinDays} of the ${forecast.remainingDays} remaining day${forecast.remainingDays === 1 ? "" : "s"}`;
  const since = firstDay ? ` (spend for this view starts on ${formatDayShort(firstDay)}, ${firstDay.slice(0, 4)})` : "";
  return `${days} ${forecast.thinDays === 1 ? "is" : "are"} projected from less than ${FORECAST_WEEKS} weeks of history${since}, so the projection and its range are rougher than usual.`;
}
