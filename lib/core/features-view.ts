/**
 * The Features pages' data, prepared from summary totals: one row per feature with spend, calls, cost
 * per call, the change against the previous period, a daily sparkline, the model mix, the cache hit
 * ratio and the truncation rate; a feature's per-day charts; its page's path. Pure; the pages only draw.
 */
import { attributionLabel, cacheHitRatio, daysInRange, formatUsdTick, modelColor, picoToUsd, shareOf } from "@/lib/core/chart-data";
import { type DailyChartData, buildDailyChart } from "@/lib/core/daily-series";
import { filterValueFromParam, filterValueToParam } from "@/lib/core/filter-values";
import { formatUsdExact, formatUsdShort } from "@/lib/core/money";
import { type Delta, costPerCall, delta } from "@/lib/core/period-compare";
import { truncationRate } from "@/lib/core/stop-reasons-view";

/** The summary fields these views read (a subset of the server's UsageTotals). */
export interface FeatureTotals {
  costPico: bigint;
  calls: number;
  inputTokens: number;
  cacheReadTokens: number;
  cacheWrite5mTokens: number;
  cacheWrite1hTokens: number;
  stopEndTurn: number;
  stopToolUse: number;
  stopMaxTokens: number;
  stopSequence: number;
  stopPauseTurn: number;
  stopRefusal: number;
  stopContextExceeded: number;
}

export interface MixSegment {
  model: string;
  costPico: bigint;
  /** Share of the feature's spend, 0..1. */
  share: number;
  color: string;
}

export interface FeatureRow {
  key: string;
  label: string;
  costPico: bigint;
  calls: number;
  perCallPico: bigint | null;
  previousCostPico: bigint;
  previousPerCallPico: bigint | null;
  spendChange: Delta;
  perCallChange: Delta;
  hitRatio: number | null;
  /** Share of calls that ended at max_tokens, 0..1; null without calls. */
  truncationRate: number | null;
  /** Spend per day in USD (geometry only), every day of the range. */
  sparkline: number[];
  mix: MixSegment[];
}

export type FeatureSort = "spend" | "calls" | "per-call" | "change" | "truncation";
export const FEATURE_SORTS: readonly FeatureSort[] = ["spend", "calls", "per-call", "change", "truncation"];


export function buildFeatureRows(input: {
  range: { from: string; to: string };
  current: readonly (FeatureTotals & { key: string })[];
  previous: readonly { key: string; costPico: bigint; calls: number }[];
  daily: readonly { day: string; key: string; costPico: bigint }[];
  /** feature x model spend. */
  pairs: readonly { first: string; second: string; costPico: bigint }[];
  modelColors: Record<string, string>;
}): FeatureRow[] {
  const days = daysInRange(input.range.from, input.range.to);
  const dayIndex = new Map(days.map((day, i) => [day, i]));
  const previous = new Map(input.previous.map((p) => [p.key, p]));
  const spark = new Map<string, number[]>();
  for (const row of input.daily) {
    const i = dayIndex.get(row.day);
    if (i === undefined) continue;
    let series = spark.get(row.key);
    if (!series) spark.set(row.key, (series = days.map(() => 0)));
    series[i] += picoToUsd(row.costPico);
  }
  const mixes = new Map<string, { model: string; costPico: bigint }[]>();
  for (const pair of input.pairs) mixes.set(pair.first, [...(mixes.get(pair.first) ?? []), { model: pair.second, costPico: pair.costPico }]);

  return input.current.map((feature) => {
    const before = previous.get(feature.key) ?? { costPico: 0n, calls: 0 };
    const perCall = costPerCall(feature.costPico, feature.calls);
    const previousPerCall = costPerCall(before.costPico, before.calls);
    const mix = (mixes.get(feature.key) ?? [])
      .filter((m) => m.costPico > 0n)
      .sort((a, b) => (a.costPico === b.costPico ? a.model.localeCompare(b.model) : a.costPico > b.costPico ? -1 : 1))
      .map((m) => ({ ...m, share: shareOf(m.costPico, feature.costPico), color: modelColor(m.model, input.modelColors) }));
    return {
      key: feature.key,
      label: attributionLabel(feature.key, "feature"),
      costPico: feature.costPico,
      calls: feature.calls,
      perCallPico: perCall,
      previousCostPico: before.costPico,
      previousPerCallPico: previousPerCall,
      spendChange: delta(feature.costPico, before.costPico),
      perCallChange: perCall === null || previousPerCall === null ? { direction: "none", ratio: null, label: "—" } : delta(perCall, previousPerCall),
      hitRatio: cacheHitRatio(feature),
      truncationRate: truncationRate(feature),
      sparkline: spark.get(feature.key) ?? days.map(() => 0),
      mix,
    };
  });
}

const cmpBigint = (a: bigint, b: bigint) => (a === b ? 0 : a > b ? 1 : -1);
const cmpNullable = (a: number | null, b: number | null) => (a === b ? 0 : a === null ? -1 : b === null ? 1 : a - b);

/** Rows sorted by `sort` (largest first for "desc"), ties broken by spend and then name. */
export function sortFeatureRows(rows: readonly FeatureRow[], sort: FeatureSort, dir: "asc" | "desc" = "desc"): FeatureRow[] {
  const by: Record<FeatureSort, (a: FeatureRow, b: FeatureRow) => number> = {
    spend: (a, b) => cmpBigint(a.costPico, b.costPico),
    calls: (a, b) => a.calls - b.calls,
    "per-call": (a, b) => cmpBigint(a.perCallPico ?? -1n, b.perCallPico ?? -1n),
    change: (a, b) => cmpBigint(a.costPico - a.previousCostPico, b.costPico - b.previousCostPico),
    truncation: (a, b) => cmpNullable(a.truncationRate, b.truncationRate),
  };
  const sign = dir === "desc" ? -1 : 1;
  return [...rows].sort((a, b) => sign * by[sort](a, b) || -cmpBigint(a.costPico, b.costPico) || a.key.localeCompare(b.key));
}

/** "claude-opus-4-6 62.5% ($1.25), claude-haiku-4-5 37.5% ($0.75)": the mix in words, for titles and screen readers. */
export function describeMix(mix: readonly MixSegment[]): string {
  if (mix.length === 0) return "no priced spend";
  return mix.map((m) => `${m.model} ${(m.share * 100).toFixed(1)}% ($${formatUsdExact(m.costPico)})`).join(", ");
}

/** "summarize: daily spend from $0 to $0.024": the sparkline's range for screen readers and the hover title. */
export function describeSparkline(label: string, values: readonly number[]): string {
  if (values.length === 0) return `${label}: no days in range`;
  return `${label}: daily spend from ${formatUsdTick(Math.min(...values))} to ${formatUsdTick(Math.max(...values))}`;
}

/**
 * The feature a /features/[feature] path segment names: "(none)" is calls sent without a feature ("").
 * Next.js hands the segment over decoded; a segment that still carries percent-escapes (a link built
 * by hand) is decoded once more, and a malformed escape is taken literally rather than failing the page.
 */
export function featureFromSegment(segment: string): string {
  let value = segment;
  if (/%[0-9a-fA-F]{2}/.test(segment)) {
    try {
      value = decodeURIComponent(segment);
    } catch {
      value = segment;
    }
  }
  return filterValueFromParam(value);
}

/** The path of a feature's page: "/features/summarize", "/features/(none)" for calls without a feature. */
export function featurePath(feature: string): string {
  return `/features/${encodeURIComponent(filterValueToParam(feature))}`;
}

/** One feature's totals on one day, split by model (a row of the summary per day x model). */
export interface FeatureDayModel {
  day: string;
  /** The model. */
  key: string;
  costPico: bigint;
  calls: number;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWrite5mTokens: number;
  cacheWrite1hTokens: number;
}

/** Token types in the tokens-per-call chart, bottom of the stack first. */
export const TOKEN_TYPES = [
  { key: "input", label: "Input", color: "#2563eb" },
  { key: "output", label: "Output", color: "#7c3aed" },
  { key: "cache-read", label: "Cache read", color: "#0d9488" },
  { key: "cache-write", label: "Cache write", color: "#d97706" },
] as const;

/**
 * A feature's per-day charts: cost per call (a line; no point on days without calls, so the line has a
 * gap rather than a fake $0), average tokens per call by type (stacked) and calls per model (stacked).
 */
export function buildFeatureDailyCharts(
  range: { from: string; to: string },
  rows: readonly FeatureDayModel[],
  modelColors: Record<string, string>,
): { perCall: DailyChartData; tokens: DailyChartData; mix: DailyChartData } {
  const byDay = new Map<string, { costPico: bigint; calls: number; tokens: [number, number, number, number] }>();
  const callsByModel = new Map<string, number>();
  const dayModel = new Map<string, number>();
  for (const r of rows) {
    const day = byDay.get(r.day) ?? { costPico: 0n, calls: 0, tokens: [0, 0, 0, 0] };
    day.costPico += r.costPico;
    day.calls += r.calls;
    day.tokens[0] += r.inputTokens;
    day.tokens[1] += r.outputTokens;
    day.tokens[2] += r.cacheReadTokens;
    day.tokens[3] += r.cacheWrite5mTokens + r.cacheWrite1hTokens;
    byDay.set(r.day, day);
    callsByModel.set(r.key, (callsByModel.get(r.key) ?? 0) + r.calls);
    dayModel.set(`${r.day}\u0000${r.key}`, (dayModel.get(`${r.day}\u0000${r.key}`) ?? 0) + r.calls);
  }
  const callsOn = (day: string) => byDay.get(day)?.calls ?? 0;
  const noteOf = (day: string) => {
    const calls = callsOn(day);
    return calls ? `${calls.toLocaleString("en-US")} ${calls === 1 ? "call" : "calls"}` : "No calls this day";
  };

  const perCall = buildDailyChart({
    range,
    kind: "lines",
    unit: "usd",
    series: [{ key: "per-call", label: "Cost per call", color: "var(--color-accent-600)" }],
    valueOf: (day) => {
      const d = byDay.get(day);
      return d && d.calls ? { pico: d.costPico / BigInt(d.calls) } : null;
    },
    noteOf,
    emptyText: "No calls in this range.",
  });
  const tokens = buildDailyChart({
    range,
    kind: "bars",
    unit: "tokens",
    series: TOKEN_TYPES.map((t) => ({ ...t })),
    valueOf: (day, i) => {
      const d = byDay.get(day);
      return d && d.calls ? { count: Math.round(d.tokens[i] / d.calls) } : null;
    },
    noteOf,
    emptyText: "No calls in this range.",
  });
  const models = [...callsByModel.keys()].sort((a, b) => callsByModel.get(b)! - callsByModel.get(a)! || a.localeCompare(b));
  const mix = buildDailyChart({
    range,
    kind: "bars",
    unit: "tokens",
    series: models.map((model) => ({ key: model, label: model, color: modelColor(model, modelColors), total: `${callsByModel.get(model)!.toLocaleString("en-US")} ${callsByModel.get(model) === 1 ? "call" : "calls"}` })),
    valueOf: (day, i) => ({ count: dayModel.get(`${day}\u0000${models[i]}`) ?? 0 }),
    noteOf,
    emptyText: "No calls in this range.",
  });
  return { perCall, tokens, mix };
}
