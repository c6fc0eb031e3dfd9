/**
 * Data preparation for the dashboard: every decision a chart or card would otherwise make (which days
 * exist, which models get their own series, colours, units, derived ratios) is made here, in plain
 * functions, so the components only draw. Money arrives as pico-USD bigints; what leaves is plain
 * numbers for geometry (recharts needs numbers) plus exact decimal strings for tooltips and tests.
 */
import { formatUsdExact, formatUsdShort } from "@/lib/core/money";

const DAY_MS = 86_400_000;

// ---------------------------------------------------------------------------------------------------
// Days and ranges
// ---------------------------------------------------------------------------------------------------

function dayToMs(day: string): number {
  return Date.parse(`${day}T00:00:00Z`);
}

function msToDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The UTC day `days` after `day` (negative goes back). Days are YYYY-MM-DD. */
export function shiftDay(day: string, days: number): string {
  return msToDay(dayToMs(day) + days * DAY_MS);
}

/** The Monday of the (Monday to Sunday) week a UTC day falls in, YYYY-MM-DD. */
export function weekStart(day: string): string {
  const weekday = (new Date(dayToMs(day)).getUTCDay() + 6) % 7;
  return shiftDay(day, -weekday);
}

/**
 * A day range cut into the whole weeks it contains (Monday to Sunday) and the days left at either end,
 * so a read can take the weeks from a weekly table and only the edges from a daily one.
 * `weeks` is null when the range holds no whole week; `days` are at most two ranges of at most six days.
 */
export function splitIntoWeeks(range: { from: string; to: string }): { weeks: { from: string; to: string } | null; days: { from: string; to: string }[] } {
  if (range.from > range.to) return { weeks: null, days: [] };
  const start = weekStart(range.from) === range.from ? range.from : shiftDay(weekStart(range.from), 7);
  const lastMonday = shiftDay(weekStart(range.to), shiftDay(weekStart(range.to), 6) === range.to ? 0 : -7);
  if (start > lastMonday) return { weeks: null, days: [range] };
  const days = [];
  if (range.from < start) days.push({ from: range.from, to: shiftDay(start, -1) });
  const end = shiftDay(lastMonday, 6);
  if (end < range.to) days.push({ from: shiftDay(end, 1), to: range.to });
  return { weeks: { from: start, to: lastMonday }, days };
}

/** Every UTC day from `from` to `to`, both included, in order; empty when from > to. */
export function daysInRange(from: string, to: string): string[] {
  const days: string[] = [];
  const end = dayToMs(to);
  for (let ms = dayToMs(from); ms <= end; ms += DAY_MS) days.push(msToDay(ms));
  return days;
}

export type RangePresetId = "today" | "7d" | "30d" | "mtd" | "last-month";

export interface RangePreset {
  id: RangePresetId;
  label: string;
  /** Inclusive UTC day. */
  from: string;
  /** Inclusive UTC day. */
  to: string;
}

/** The quick ranges offered next to the date inputs, relative to `today` (a UTC day). */
export function rangePresets(today: string): RangePreset[] {
  const monthStart = `${today.slice(0, 7)}-01`;
  const lastMonthEnd = shiftDay(monthStart, -1);
  return [
    { id: "today", label: "Today", from: today, to: today },
    { id: "7d", label: "7 days", from: shiftDay(today, -6), to: today },
    { id: "30d", label: "30 days", from: shiftDay(today, -29), to: today },
    { id: "mtd", label: "Month to date", from: monthStart, to: today },
    { id: "last-month", label: "Last month", from: `${lastMonthEnd.slice(0, 7)}-01`, to: lastMonthEnd },
  ];
}

/** Number of days in an inclusive range. */
export function rangeLength(range: { from: string; to: string }): number {
  return Math.round((dayToMs(range.to) - dayToMs(range.from)) / DAY_MS) + 1;
}

/** The period of equal length just before `range` (for period-over-period deltas). */
export function previousPeriod(range: { from: string; to: string }): { from: string; to: string } {
  const days = rangeLength(range);
  return { from: shiftDay(range.from, -days), to: shiftDay(range.from, -1) };
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

/** "Nov 3": axis label for a UTC day (no locale, so server and browser agree). */
export function formatDayShort(day: string): string {
  const date = new Date(dayToMs(day));
  return `${MONTHS[date.getUTCMonth()]} ${date.getUTCDate()}`;
}

/** "Tue, Nov 3, 2026": tooltip heading for a UTC day. */
export function formatDayLong(day: string): string {
  const date = new Date(dayToMs(day));
  return `${WEEKDAYS[date.getUTCDay()]}, ${MONTHS[date.getUTCMonth()]} ${date.getUTCDate()}, ${date.getUTCFullYear()}`;
}

/** "Nov 1 – Nov 30, 2026" (or across years "Dec 20, 2025 – Jan 3, 2026"). */
export function formatRangeLabel(from: string, to: string): string {
  const sameYear = from.slice(0, 4) === to.slice(0, 4);
  const start = sameYear ? formatDayShort(from) : `${formatDayShort(from)}, ${from.slice(0, 4)}`;
  return from === to ? `${formatDayShort(to)}, ${to.slice(0, 4)}` : `${start} – ${formatDayShort(to)}, ${to.slice(0, 4)}`;
}

// ---------------------------------------------------------------------------------------------------
// Numbers
// ---------------------------------------------------------------------------------------------------

/**
 * Pico-USD as a float number of USD, for chart geometry only (never for sums shown as exact).
 * Split in two so amounts beyond 2^53 pico-USD (~$9,007) keep their cents.
 */
export function picoToUsd(pico: bigint): number {
  return Number(pico / 1_000_000n) / 1e6 + Number(pico % 1_000_000n) / 1e12;
}

/** Axis tick for a USD number: "$0", "$0.005", "$0.25", "$28", "$2.50", "$1.5K" (no trailing zeros on round ticks). */
export function formatUsdTick(usd: number): string {
  if (!Number.isFinite(usd)) return "";
  if (usd === 0) return "$0";
  const abs = Math.abs(usd);
  if (abs >= 1000) return formatUsdShort(BigInt(Math.round(usd * 1e12)));
  if (abs >= 1) return Number.isInteger(usd) ? `$${usd}` : `$${usd.toFixed(2)}`;
  const decimals = Math.min(12, 1 - Math.floor(Math.log10(abs)));
  return `$${usd.toFixed(decimals).replace(/0+$/, "").replace(/\.$/, "")}`;
}

/** "1,234,567": exact integer with thousands separators (fixed locale, so server and browser agree). */
export function formatInteger(value: number | bigint): string {
  return value.toLocaleString("en-US");
}

/** "62.4%" for 0.624; "—" when there is no ratio. Small non-zero ratios keep one significant digit. */
export function formatPercent(ratio: number | null): string {
  if (ratio === null || !Number.isFinite(ratio)) return "—";
  const pct = ratio * 100;
  if (pct === 0) return "0%";
  if (pct < 0.1) return "<0.1%";
  return `${pct.toFixed(1)}%`;
}

// ---------------------------------------------------------------------------------------------------
// Derived metrics
// ---------------------------------------------------------------------------------------------------

export interface PromptTokenCounts {
  inputTokens: number;
  cacheReadTokens: number;
  cacheWrite5mTokens: number;
  cacheWrite1hTokens: number;
}

/** The whole prompt: uncached input + cache reads + cache writes (Anthropic counts them apart). */
export function promptTokens(t: PromptTokenCounts): number {
  return t.inputTokens + t.cacheReadTokens + t.cacheWrite5mTokens + t.cacheWrite1hTokens;
}

/** Share of the whole prompt served from the cache, 0..1; null when there were no prompt tokens. */
export function cacheHitRatio(t: PromptTokenCounts): number | null {
  const prompt = promptTokens(t);
  return prompt === 0 ? null : t.cacheReadTokens / prompt;
}

/** What caching saved: cache reads at the uncached input price minus what they cost (pico-USD). */
export function cacheSavingsPico(t: { cacheReadCostPico: bigint; cacheReadFullCostPico: bigint }): bigint {
  return t.cacheReadFullCostPico - t.cacheReadCostPico;
}

// ---------------------------------------------------------------------------------------------------
// Colours
// ---------------------------------------------------------------------------------------------------

export type ModelFamily = "opus" | "sonnet" | "haiku" | "fable" | "other";

const FAMILIES: readonly Exclude<ModelFamily, "other">[] = ["opus", "sonnet", "haiku", "fable"];

/** The family a model id belongs to; unknown (and unpriced) ids are "other". */
export function modelFamily(model: string): ModelFamily {
  const id = model.toLowerCase();
  return FAMILIES.find((family) => id.includes(family)) ?? "other";
}

/** Shades per family, the base colour first; a family's further models take the next shades. */
export const FAMILY_PALETTE: Record<ModelFamily, readonly string[]> = {
  opus: ["#7c3aed", "#a78bfa", "#5b21b6", "#c4b5fd"],
  sonnet: ["#2563eb", "#60a5fa", "#1e3a8a", "#93c5fd"],
  haiku: ["#0d9488", "#5eead4", "#115e59", "#2dd4bf"],
  fable: ["#d97706", "#fcd34d", "#92400e", "#f59e0b"],
  other: ["#64748b", "#cbd5e1", "#334155", "#94a3b8"],
};

/** The merged "Other" series in the spend-by-day chart. */
export const OTHER_SERIES_COLOR = "#d4d4d8";

/** Bars that are not about a model (features, projects). */
export const NEUTRAL_BAR_COLOR = "#4f46e5";

/** Series colours for categories that are not models (features, projects, tiers, stop reasons). */
export const CATEGORY_PALETTE = ["#4f46e5", "#0891b2", "#c026d3", "#ea580c", "#65a30d", "#db2777", "#0d9488", "#ca8a04", "#7c3aed", "#dc2626"] as const;

/**
 * A stable colour per category: keys are sorted and coloured in order, so the same set of keys always
 * gets the same colours on every page. Pass every key the store knows, not only those in view.
 */
export function assignCategoryColors(keys: Iterable<string>): Record<string, string> {
  const colors: Record<string, string> = {};
  [...new Set(keys)].sort().forEach((key, i) => (colors[key] = CATEGORY_PALETTE[i % CATEGORY_PALETTE.length]));
  return colors;
}

/**
 * A colour for each model: its family's hue, with a different shade for each model of the same family.
 * Within a family, ids sort newest-looking first (descending), so the current model gets the base
 * shade. Pass every model the store knows (not only those in view) so a model keeps its colour when
 * the range or filters change.
 */
export function assignModelColors(models: Iterable<string>): Record<string, string> {
  const byFamily = new Map<ModelFamily, string[]>();
  for (const model of new Set(models)) {
    const family = modelFamily(model);
    byFamily.set(family, [...(byFamily.get(family) ?? []), model]);
  }
  const colors: Record<string, string> = {};
  for (const [family, ids] of byFamily) {
    const palette = FAMILY_PALETTE[family];
    ids.sort((a, b) => (a < b ? 1 : a > b ? -1 : 0)).forEach((id, i) => (colors[id] = palette[i % palette.length]));
  }
  return colors;
}

/** The colour assigned to `model`, or its family's base colour when it has none. */
export function modelColor(model: string, colors: Record<string, string> = {}): string {
  return colors[model] ?? FAMILY_PALETTE[modelFamily(model)][0];
}

// ---------------------------------------------------------------------------------------------------
// Spend by day, stacked by model
// ---------------------------------------------------------------------------------------------------

export interface DayModelCost {
  day: string;
  model: string;
  costPico: bigint;
}

export interface SpendSeries {
  /** Stable key for the chart ("s0", "s1", ...): model ids may hold characters recharts reads as paths. */
  key: string;
  label: string;
  color: string;
  /** The models in this series (several for "Other"). */
  models: string[];
  totalUsd: number;
  totalExact: string;
}

export interface SpendDay {
  day: string;
  /** "Nov 3" */
  label: string;
  /** "Tue, Nov 3, 2026" */
  longLabel: string;
  /** USD per series, in the order of `series` (0 when the series has no spend that day). */
  values: number[];
  /** Exact USD per series (formatUsdExact), in the order of `series`. */
  exact: string[];
  totalUsd: number;
  totalExact: string;
}

export interface SpendByDayChart {
  series: SpendSeries[];
  days: SpendDay[];
  totalUsd: number;
  totalExact: string;
}

export const OTHER_LABEL = "Other";

function byCostThenName<T extends { costPico: bigint; name: string }>(a: T, b: T): number {
  if (a.costPico !== b.costPico) return a.costPico > b.costPico ? -1 : 1;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/**
 * Spend per day stacked by model, ready to draw: every day of the range is present (zero-filled),
 * the `topN` models by spend over the range keep their own series and the rest merge into "Other".
 * Rows whose day lies outside the range are ignored. Totals are exact (summed as bigints).
 */
export function buildSpendByDay(
  rows: readonly DayModelCost[],
  range: { from: string; to: string },
  options: {
    topN?: number;
    /** Colour per key (models: assignModelColors; other splits: assignCategoryColors). */
    colors?: Record<string, string>;
    /** How keys are named: "models" (default; colours fall back to the model's family), "features", ... */
    noun?: string;
    /** Display label of a key (default: the key itself). */
    label?: (key: string) => string;
  } = {},
): SpendByDayChart {
  const noun = options.noun ?? "models";
  const topN = options.topN ?? 6;
  const days = daysInRange(range.from, range.to);
  const dayIndex = new Map(days.map((day, i) => [day, i]));
  const inRange = rows.filter((row) => dayIndex.has(row.day));

  const modelTotals = new Map<string, bigint>();
  for (const row of inRange) modelTotals.set(row.model, (modelTotals.get(row.model) ?? 0n) + row.costPico);
  const ranked = [...modelTotals].map(([name, costPico]) => ({ name, costPico })).sort(byCostThenName);
  const own = ranked.length > topN ? ranked.slice(0, topN) : ranked;
  const merged = ranked.slice(own.length);

  const seriesOf = new Map<string, number>();
  own.forEach((model, i) => seriesOf.set(model.name, i));
  merged.forEach((model) => seriesOf.set(model.name, own.length));
  const seriesModels = [...own.map((m) => [m.name]), ...(merged.length ? [merged.map((m) => m.name)] : [])];

  const cells = days.map(() => seriesModels.map(() => 0n));
  for (const row of inRange) cells[dayIndex.get(row.day)!][seriesOf.get(row.model)!] += row.costPico;

  const seriesTotals = seriesModels.map((_, s) => cells.reduce((sum, day) => sum + day[s], 0n));
  const series: SpendSeries[] = seriesModels.map((models, s) => {
    const isOther = s === own.length;
    return {
      key: `s${s}`,
      label: isOther ? `${OTHER_LABEL} (${models.length} ${noun})` : (options.label?.(models[0]) ?? models[0]),
      color: isOther
        ? OTHER_SERIES_COLOR
        : noun === "models"
          ? modelColor(models[0], options.colors)
          : (options.colors?.[models[0]] ?? CATEGORY_PALETTE[s % CATEGORY_PALETTE.length]),
      models,
      totalUsd: picoToUsd(seriesTotals[s]),
      totalExact: formatUsdExact(seriesTotals[s]),
    };
  });

  let grandTotal = 0n;
  const spendDays: SpendDay[] = days.map((day, d) => {
    const total = cells[d].reduce((sum, v) => sum + v, 0n);
    grandTotal += total;
    return {
      day,
      label: formatDayShort(day),
      longLabel: formatDayLong(day),
      values: cells[d].map(picoToUsd),
      exact: cells[d].map(formatUsdExact),
      totalUsd: picoToUsd(total),
      totalExact: formatUsdExact(total),
    };
  });

  return { series, days: spendDays, totalUsd: picoToUsd(grandTotal), totalExact: formatUsdExact(grandTotal) };
}

// ---------------------------------------------------------------------------------------------------
// Ranked spend (by model, by feature, ...)
// ---------------------------------------------------------------------------------------------------

export interface SpendGroup {
  key: string;
  costPico: bigint;
  calls: number;
  unpricedCalls: number;
}

export interface RankedRow {
  key: string;
  label: string;
  /** Short money for the eye: "$1.2K". */
  short: string;
  /** Exact decimal USD (formatUsdExact). */
  exact: string;
  calls: number;
  unpricedCalls: number;
  /** Share of the total spend, 0..1 (0 when the total is 0). */
  share: number;
  /** Bar length relative to the largest row, 0..1. */
  barFraction: number;
  color: string;
}

/** "(no feature)" for the empty attribution, the key otherwise. */
export function attributionLabel(key: string, noun: string): string {
  return key === "" ? `(no ${noun})` : key;
}

/** part / whole as a float 0..1 to 6 decimal places, computed on bigints; 0 when whole is 0. */
export function shareOf(part: bigint, whole: bigint): number {
  if (whole <= 0n) return 0;
  return Number((part * 1_000_000n) / whole) / 1_000_000;
}

/** Ratio of two bigints as a float 0..1, to 4 decimal places (0 when the whole is 0). */
function fraction(part: bigint, whole: bigint): number {
  if (whole <= 0n) return 0;
  return Number((part * 10_000n) / whole) / 10_000;
}

/** Groups sorted by spend (then calls, then key), with labels, exact and short money, shares and bar lengths. */
export function rankSpend(
  groups: readonly SpendGroup[],
  options: { label?: (key: string) => string; color?: (key: string) => string } = {},
): RankedRow[] {
  const sorted = [...groups].sort((a, b) =>
    a.costPico !== b.costPico ? (a.costPico > b.costPico ? -1 : 1) : a.calls !== b.calls ? b.calls - a.calls : a.key < b.key ? -1 : a.key > b.key ? 1 : 0,
  );
  const total = sorted.reduce((sum, g) => sum + g.costPico, 0n);
  const max = sorted[0]?.costPico ?? 0n;
  return sorted.map((g) => ({
    key: g.key,
    label: options.label ? options.label(g.key) : g.key,
    short: formatUsdShort(g.costPico),
    exact: formatUsdExact(g.costPico),
    calls: g.calls,
    unpricedCalls: g.unpricedCalls,
    share: fraction(g.costPico, total),
    barFraction: fraction(g.costPico, max),
    color: options.color ? options.color(g.key) : NEUTRAL_BAR_COLOR,
  }));
}
