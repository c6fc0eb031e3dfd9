/**
 * Data preparation for the Models page: one row per model (names, raw ids, spend, tokens by type,
 * averages and histogram percentiles per call) and the share of spend per day. Money arrives as
 * pico-USD bigints; rows carry exact decimal strings for tooltips and tests, short strings for the eye.
 */
import { type SpendByDayChart, formatInteger, shareOf } from "@/lib/core/chart-data";
import { type BucketCount, percentile } from "@/lib/core/histogram";
import { formatCount, formatUsdExact, formatUsdPerCall, formatUsdShort, parseUsdToPico } from "@/lib/core/money";
import { type PriceBook, resolveModel } from "@/lib/core/pricing";
import { rational, roundHalfUp } from "@/lib/core/rational";

// ---------------------------------------------------------------------------------------------------
// Percentiles read from histogram buckets
// ---------------------------------------------------------------------------------------------------

export interface PercentileDisplay {
  /** "≈ $0.0042" or "≈ 12.3K": the bucket's midpoint, marked as an estimate. */
  short: string;
  /** Exact lower bound of the bucket (inclusive): USD decimal string for cost, integer for tokens. */
  low: string;
  /** Exact upper bound of the bucket (exclusive), same unit as `low`. */
  high: string;
  /** Sentence for the hover title: where the true percentile lies. */
  title: string;
}

/**
 * The p-th percentile (0 < p <= 1) of a model's histogram, for display. The true value lies in
 * [low, high): a bucket is at most 6.25% of its lower bound wide, so the midpoint is within ~3%.
 * `unit` "usd" reads buckets as pico-USD per call, "tokens" as tokens per call. Null when empty.
 */
export function percentileDisplay(buckets: readonly BucketCount[], p: number, unit: "usd" | "tokens"): PercentileDisplay | null {
  const estimate = percentile(buckets, p);
  if (!estimate) return null;
  const name = `p${Math.round(p * 100)}`;
  if (unit === "usd") {
    const low = formatUsdExact(BigInt(estimate.low));
    const high = formatUsdExact(BigInt(estimate.high));
    return {
      short: `≈ ${formatUsdPerCall(BigInt(Math.round(estimate.value)))}`,
      low,
      high,
      title: `${name} cost per call is at least $${low} and below $${high} (a histogram bucket; the midpoint is within about 3%)`,
    };
  }
  return {
    short: `≈ ${formatCount(Math.round(estimate.value))}`,
    low: String(estimate.low),
    high: String(estimate.high),
    title: `${name} tokens per call is at least ${formatInteger(estimate.low)} and below ${formatInteger(estimate.high)} (a histogram bucket; the midpoint is within about 3%)`,
  };
}

// ---------------------------------------------------------------------------------------------------
// One row per model
// ---------------------------------------------------------------------------------------------------

/** A model's totals over the range (the fields of the summary's UsageTotals this page reads). */
export interface ModelTotals {
  key: string;
  costPico: bigint;
  calls: number;
  unpricedCalls: number;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWrite5mTokens: number;
  cacheWrite1hTokens: number;
}

export interface ModelHistogramRow {
  model: string;
  bucket: number;
  calls: number;
}

/** Raw ids sent for a model, from a bounded sample of its most recent calls in the range. */
export interface RawIdSample {
  ids: { id: string; calls: number }[];
  /** Calls looked at. */
  sampled: number;
  /** True when the sample held every call of the model in the range (fewer than the limit). */
  complete: boolean;
}

export interface ModelRow {
  /** The canonical model id (calls.model): the price-book id, or the raw id when unpriced. */
  model: string;
  displayName: string;
  /** Price-book family ("sonnet"), or null when the model is unpriced. */
  family: string | null;
  priced: boolean;
  unpricedCalls: number;
  rawIds: RawIdSample | null;
  color: string;
  spendExact: string;
  spendShort: string;
  /** Share of the spend of all rows, 0..1 (0 when nothing was spent). */
  share: number;
  calls: number;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  cacheWrite5mTokens: number;
  cacheWrite1hTokens: number;
  totalTokens: number;
  /** Spend / calls, rounded half up to a whole pico-USD, as an exact USD string; null without calls. */
  avgCostExact: string | null;
  avgCostShort: string | null;
  /** Tokens / calls, to one decimal; null without calls. */
  avgTokens: number | null;
  p50Cost: PercentileDisplay | null;
  p95Cost: PercentileDisplay | null;
  p50Tokens: PercentileDisplay | null;
  p95Tokens: PercentileDisplay | null;
}

function bucketsOf(rows: readonly ModelHistogramRow[]): Map<string, BucketCount[]> {
  const byModel = new Map<string, BucketCount[]>();
  for (const row of rows) byModel.set(row.model, [...(byModel.get(row.model) ?? []), { bucket: row.bucket, calls: row.calls }]);
  return byModel;
}



/**
 * Rows for the models table, largest spend first (then most calls, then id). Names come from the
 * price book (an unpriced model keeps its raw id as its name); percentiles come from the per-model
 * histograms, which cover every feature, project and tier of the model in the range.
 */
export function buildModelRows(
  groups: readonly ModelTotals[],
  book: PriceBook,
  options: {
    costHistograms?: readonly ModelHistogramRow[];
    tokenHistograms?: readonly ModelHistogramRow[];
    rawIds?: ReadonlyMap<string, RawIdSample>;
    color?: (model: string) => string;
  } = {},
): ModelRow[] {
  const costBuckets = bucketsOf(options.costHistograms ?? []);
  const tokenBuckets = bucketsOf(options.tokenHistograms ?? []);
  const total = groups.reduce((sum, g) => sum + g.costPico, 0n);
  const sorted = [...groups].sort((a, b) =>
    a.costPico !== b.costPico ? (a.costPico > b.costPico ? -1 : 1) : a.calls !== b.calls ? b.calls - a.calls : a.key < b.key ? -1 : a.key > b.key ? 1 : 0,
  );
  return sorted.map((g) => {
    const resolved = resolveModel(book, g.key);
    const cacheWriteTokens = g.cacheWrite5mTokens + g.cacheWrite1hTokens;
    const totalTokens = g.inputTokens + g.outputTokens + g.cacheReadTokens + cacheWriteTokens;
    const avgPico = g.calls > 0 ? roundHalfUp(rational(g.costPico, BigInt(g.calls))) : null;
    const cost = costBuckets.get(g.key) ?? [];
    const tokens = tokenBuckets.get(g.key) ?? [];
    return {
      model: g.key,
      displayName: resolved?.displayName ?? g.key,
      family: resolved?.family ?? null,
      priced: resolved !== null && g.unpricedCalls < g.calls,
      unpricedCalls: g.unpricedCalls,
      rawIds: options.rawIds?.get(g.key) ?? null,
      color: options.color?.(g.key) ?? "",
      spendExact: formatUsdExact(g.costPico),
      spendShort: formatUsdShort(g.costPico),
      share: shareOf(g.costPico, total),
      calls: g.calls,
      inputTokens: g.inputTokens,
      outputTokens: g.outputTokens,
      cacheReadTokens: g.cacheReadTokens,
      cacheWriteTokens,
      cacheWrite5mTokens: g.cacheWrite5mTokens,
      cacheWrite1hTokens: g.cacheWrite1hTokens,
      totalTokens,
      avgCostExact: avgPico === null ? null : formatUsdExact(avgPico),
      avgCostShort: avgPico === null ? null : formatUsdPerCall(avgPico),
      avgTokens: g.calls > 0 ? Math.round((totalTokens * 10) / g.calls) / 10 : null,
      p50Cost: percentileDisplay(cost, 0.5, "usd"),
      p95Cost: percentileDisplay(cost, 0.95, "usd"),
      p50Tokens: percentileDisplay(tokens, 0.5, "tokens"),
      p95Tokens: percentileDisplay(tokens, 0.95, "tokens"),
    };
  });
}

// ---------------------------------------------------------------------------------------------------
// Share of spend per day
// ---------------------------------------------------------------------------------------------------

export interface ShareDay {
  day: string;
  label: string;
  longLabel: string;
  /** Percent of the day's spend per series (0..100), in series order; all null on a day without spend. */
  shares: (number | null)[];
  /** Exact USD per series. */
  exact: string[];
  totalExact: string;
  /** True when nothing was spent that day (drawn empty, not as 0% of anything). */
  empty: boolean;
}

export interface ShareOfSpendChart {
  series: SpendByDayChart["series"];
  days: ShareDay[];
}

/**
 * Each day's spend as shares of that day's total, per series of a prepared spend-by-day chart (so the
 * same top-N and "Other" apply). Shares are computed on exact amounts; a day with no spend has no
 * shares at all rather than a division by zero.
 */
export function buildShareOfSpend(chart: SpendByDayChart): ShareOfSpendChart {
  return {
    series: chart.series,
    days: chart.days.map((day) => {
      const total = parseUsdToPico(day.totalExact);
      const empty = total === 0n;
      return {
        day: day.day,
        label: day.label,
        longLabel: day.longLabel,
        shares: day.exact.map((usd) => (empty ? null : Math.round(shareOf(parseUsdToPico(usd), total) * 1_000_000) / 10_000)),
        exact: day.exact,
        totalExact: day.totalExact,
        empty,
      };
    }),
  };
}
