/**
 * Per-day series for the DailyChart component: every day of the range present, one value per series
 * per day, null where a day has no value (a rate or a cost per call on a day without calls is a gap,
 * not zero), exact strings for tooltips and the table view.
 */
import { daysInRange, formatDayLong, formatDayShort, formatPercent, formatUsdTick, picoToUsd } from "@/lib/core/chart-data";
import { formatCount, formatUsdExact } from "@/lib/core/money";

export type DailyUnit = "usd" | "percent" | "tokens";

export interface DailySeries {
  key: string;
  label: string;
  color: string;
  /** Range total or overall value for the legend's title ("$12.34", "4.2%"), when meaningful. */
  total?: string;
}

export interface DailyPoint {
  day: string;
  label: string;
  longLabel: string;
  values: (number | null)[];
  exact: string[];
  /** Extra line in the tooltip, e.g. "no calls this day". */
  note?: string;
}

export interface DailyChartData {
  kind: "lines" | "bars";
  unit: DailyUnit;
  series: DailySeries[];
  points: DailyPoint[];
  /** One sentence for screen readers, e.g. "from 0.2% to 4.1% per day". */
  summary: string;
  emptyText?: string;
}

/** An exact value of one series on one day: pico-USD, a ratio 0..1, or a token count; null for none. */
export type DailyValue = { pico: bigint } | { ratio: number } | { count: number } | null;

function numberOf(value: DailyValue): number | null {
  if (value === null) return null;
  if ("pico" in value) return picoToUsd(value.pico);
  if ("ratio" in value) return value.ratio;
  return value.count;
}

function exactOf(value: DailyValue): string {
  if (value === null) return "—";
  if ("pico" in value) return `$${formatUsdExact(value.pico)}`;
  if ("ratio" in value) return formatPercent(value.ratio);
  return value.count.toLocaleString("en-US");
}

/** Axis tick text for a value in the chart's unit. */
export function formatAxisValue(value: number, unit: DailyUnit): string {
  if (unit === "usd") return formatUsdTick(value);
  if (unit === "percent") return formatPercent(value);
  return formatCount(Math.round(value));
}

/**
 * Builds the chart from a value function: `valueOf(day, seriesIndex)` gives the exact value (or null) of
 * a series on a day; `noteOf(day)` an optional tooltip line.
 */
export function buildDailyChart(options: {
  range: { from: string; to: string };
  kind: "lines" | "bars";
  unit: DailyUnit;
  series: DailySeries[];
  valueOf: (day: string, series: number) => DailyValue;
  noteOf?: (day: string) => string | undefined;
  emptyText?: string;
}): DailyChartData {
  const points = daysInRange(options.range.from, options.range.to).map((day) => {
    const raw = options.series.map((_, i) => options.valueOf(day, i));
    return {
      day,
      label: formatDayShort(day),
      longLabel: formatDayLong(day),
      values: raw.map(numberOf),
      exact: raw.map(exactOf),
      note: options.noteOf?.(day),
    };
  });
  const numbers = points.flatMap((p) => p.values.filter((v): v is number => v !== null));
  const min = numbers.length ? Math.min(...numbers) : null;
  const max = numbers.length ? Math.max(...numbers) : null;
  const summary =
    min === null || max === null ? "no values in this range" : `values from ${formatAxisValue(min, options.unit)} to ${formatAxisValue(max, options.unit)} per day`;
  return { kind: options.kind, unit: options.unit, series: options.series, points, summary, emptyText: options.emptyText };
}
