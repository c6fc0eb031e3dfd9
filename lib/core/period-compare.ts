/**
 * Period-over-period comparison: how a number moved against the previous period of equal length, and
 * which features moved most. Pure, so the overview, the feature pages and alerts can share it.
 */
import { formatUsdExact } from "@/lib/core/money";

export type Direction = "up" | "down" | "flat" | "new" | "none";

export interface Delta {
  direction: Direction;
  /** Relative change (0.25 for +25%), or null when the previous value was zero. */
  ratio: number | null;
  /** "+25.0%", "−12.5%", "+<0.1%", "0%" (unchanged), "new" (previous was zero), "—" (both zero). */
  label: string;
}

function signedPercent(ratio: number): string {
  const pct = ratio * 100;
  if (Math.abs(pct) < 0.05) return pct > 0 ? "+<0.1%" : "−<0.1%";
  const digits = Math.abs(pct) >= 100 ? 0 : 1;
  return `${pct > 0 ? "+" : "−"}${Math.abs(pct).toFixed(digits)}%`;
}

/** The change from `previous` to `current` (money in pico-USD as bigints, counts as numbers). */
export function delta(current: bigint | number, previous: bigint | number): Delta {
  const cur = typeof current === "bigint" ? current : BigInt(Math.round(current));
  const prev = typeof previous === "bigint" ? previous : BigInt(Math.round(previous));
  if (prev === 0n) {
    return cur === 0n ? { direction: "none", ratio: null, label: "—" } : { direction: "new", ratio: null, label: "new" };
  }
  // Ratio in parts per million, computed on bigints so large pico sums keep their precision.
  const ratio = Number(((cur - prev) * 1_000_000n) / prev) / 1_000_000;
  const direction: Direction = cur === prev ? "flat" : cur > prev ? "up" : "down";
  return { direction, ratio, label: direction === "flat" ? "0%" : signedPercent(ratio) };
}

/** The change of a ratio (e.g. a cache hit ratio) in percentage points: "+3.1 pp". */
export function pointDelta(current: number | null, previous: number | null): Delta {
  if (current === null || previous === null) return { direction: "none", ratio: null, label: "—" };
  const points = (current - previous) * 100;
  if (Math.abs(points) < 0.05) return { direction: "flat", ratio: 0, label: "0 pp" };
  return { direction: points > 0 ? "up" : "down", ratio: current - previous, label: `${points > 0 ? "+" : "−"}${Math.abs(points).toFixed(1)} pp` };
}

/** Cost per call in pico-USD, rounded down; null without calls. */
export function costPerCall(costPico: bigint, calls: number): bigint | null {
  return calls > 0 ? costPico / BigInt(calls) : null;
}

export interface FeaturePeriod {
  key: string;
  costPico: bigint;
  calls: number;
}

export interface Mover {
  key: string;
  currentCostPico: bigint;
  previousCostPico: bigint;
  /** currentCostPico - previousCostPico. */
  changePico: bigint;
  spend: Delta;
  currentCalls: number;
  previousCalls: number;
  currentPerCallPico: bigint | null;
  previousPerCallPico: bigint | null;
  perCall: Delta;
  /** Exact strings for tooltips and tests. */
  exact: { current: string; previous: string; change: string; currentPerCall: string | null; previousPerCall: string | null };
}

function toMover(key: string, current: FeaturePeriod | undefined, previous: FeaturePeriod | undefined): Mover {
  const cur = current ?? { key, costPico: 0n, calls: 0 };
  const prev = previous ?? { key, costPico: 0n, calls: 0 };
  const curPer = costPerCall(cur.costPico, cur.calls);
  const prevPer = costPerCall(prev.costPico, prev.calls);
  return {
    key,
    currentCostPico: cur.costPico,
    previousCostPico: prev.costPico,
    changePico: cur.costPico - prev.costPico,
    spend: delta(cur.costPico, prev.costPico),
    currentCalls: cur.calls,
    previousCalls: prev.calls,
    currentPerCallPico: curPer,
    previousPerCallPico: prevPer,
    perCall: curPer === null || prevPer === null ? { direction: "none", ratio: null, label: "—" } : delta(curPer, prevPer),
    exact: {
      current: formatUsdExact(cur.costPico),
      previous: formatUsdExact(prev.costPico),
      change: formatUsdExact(cur.costPico - prev.costPico),
      currentPerCall: curPer === null ? null : formatUsdExact(curPer),
      previousPerCall: prevPer === null ? null : formatUsdExact(prevPer),
    },
  };
}

const abs = (v: bigint) => (v < 0n ? -v : v);

/**
 * Features whose spend changed most (by absolute dollars, either way) and whose cost per call changed
 * most (by relative change, among features with at least `minCalls` calls in both periods, so a feature
 * with two calls cannot top the list by chance). Ties break by name for a stable order.
 */
export function topMovers(
  current: readonly FeaturePeriod[],
  previous: readonly FeaturePeriod[],
  options: { limit?: number; minCalls?: number } = {},
): { bySpend: Mover[]; byCostPerCall: Mover[] } {
  const limit = options.limit ?? 5;
  const minCalls = options.minCalls ?? 10;
  const cur = new Map(current.map((f) => [f.key, f]));
  const prev = new Map(previous.map((f) => [f.key, f]));
  const movers = [...new Set([...cur.keys(), ...prev.keys()])].map((key) => toMover(key, cur.get(key), prev.get(key)));
  const byName = (a: Mover, b: Mover) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

  const bySpend = movers
    .filter((m) => m.changePico !== 0n)
    .sort((a, b) => (abs(a.changePico) === abs(b.changePico) ? byName(a, b) : abs(a.changePico) > abs(b.changePico) ? -1 : 1))
    .slice(0, limit);
  const byCostPerCall = movers
    .filter((m) => m.currentCalls >= minCalls && m.previousCalls >= minCalls && m.perCall.ratio !== null && m.perCall.ratio !== 0)
    .sort((a, b) => Math.abs(b.perCall.ratio!) - Math.abs(a.perCall.ratio!) || byName(a, b))
    .slice(0, limit);
  return { bySpend, byCostPerCall };
}
