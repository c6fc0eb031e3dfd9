/**
 * The Features table and the stop-reason rates, prepared from summary totals: one row per feature with
 * spend, calls, cost per call, the change against the previous period, a daily sparkline, the model
 * mix, the cache hit ratio and the truncation rate. Pure; the page only draws.
 */
import { attributionLabel, cacheHitRatio, daysInRange, modelColor, picoToUsd } from "@/lib/core/chart-data";
import { formatUsdExact } from "@/lib/core/money";
import { type Delta, costPerCall, delta } from "@/lib/core/period-compare";

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

/** Calls that ended at `count`'s stop reason as a share of all calls; null without calls. */
export function rate(count: number, calls: number): number | null {
  return calls > 0 ? count / calls : null;
}

function share(part: bigint, whole: bigint): number {
  return whole > 0n ? Number((part * 1_000_000n) / whole) / 1_000_000 : 0;
}

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
      .map((m) => ({ ...m, share: share(m.costPico, feature.costPico), color: modelColor(m.model, input.modelColors) }));
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
      truncationRate: rate(feature.stopMaxTokens, feature.calls),
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

// ---------------------------------------------------------------------------------------------------
// Stop reasons
// ---------------------------------------------------------------------------------------------------

export const STOP_REASONS = [
  { id: "max_tokens", field: "stopMaxTokens", label: "max_tokens", meaning: "answer cut off at the max_tokens limit" },
  { id: "refusal", field: "stopRefusal", label: "refusal", meaning: "the model declined" },
  { id: "pause_turn", field: "stopPauseTurn", label: "pause_turn", meaning: "a long server-tool turn was paused" },
  { id: "model_context_window_exceeded", field: "stopContextExceeded", label: "context exceeded", meaning: "the context window filled up" },
  { id: "end_turn", field: "stopEndTurn", label: "end_turn", meaning: "finished normally" },
  { id: "tool_use", field: "stopToolUse", label: "tool_use", meaning: "stopped to call a tool" },
  { id: "stop_sequence", field: "stopSequence", label: "stop_sequence", meaning: "hit a stop sequence" },
] as const satisfies readonly { id: string; field: keyof FeatureTotals; label: string; meaning: string }[];

export type StopReasonId = (typeof STOP_REASONS)[number]["id"] | "unknown";

/** Calls per stop reason, with "unknown" for calls whose stop reason was not sent (or another value). */
export function stopReasonCounts(t: FeatureTotals): { id: StopReasonId; label: string; meaning: string; calls: number; rate: number | null }[] {
  const counted = STOP_REASONS.map((r) => ({ id: r.id as StopReasonId, label: r.label, meaning: r.meaning, calls: t[r.field], rate: rate(t[r.field], t.calls) }));
  const unknown = t.calls - counted.reduce((sum, r) => sum + r.calls, 0);
  return [...counted, { id: "unknown", label: "not reported", meaning: "no stop reason was sent", calls: unknown, rate: rate(unknown, t.calls) }];
}

/** Above this share of calls ending at max_tokens, a feature is flagged as cutting answers short. */
export const TRUNCATION_WARNING = 0.05;
