/**
 * How calls ended, prepared from summary totals: rates of the stop reasons worth watching (max_tokens:
 * answers silently cut off; refusal; pause_turn), their change against the previous period, a per-day
 * chart of those rates, and one row per feature sorted by truncation. Pure; the pages only draw.
 */
import { attributionLabel } from "@/lib/core/chart-data";
import { type DailyChartData, buildDailyChart } from "@/lib/core/daily-series";
import { type Delta, pointDelta } from "@/lib/core/period-compare";

/** Calls by stop reason, as in the summary tables (the rest of `calls` reported another reason or none). */
export interface StopCounts {
  calls: number;
  stopEndTurn: number;
  stopToolUse: number;
  stopMaxTokens: number;
  stopSequence: number;
  stopPauseTurn: number;
  stopRefusal: number;
  stopContextExceeded: number;
}

type StopField = Exclude<keyof StopCounts, "calls">;

/** Above this share of calls ending at max_tokens, a feature is flagged as cutting answers short. */
export const TRUNCATION_WARNING = 0.05;

/** Every stop reason the summary counts, the watched ones first, with a colour for distribution bars. */
export const STOP_REASONS = [
  { id: "max_tokens", field: "stopMaxTokens", label: "max_tokens", meaning: "answer cut off at the max_tokens limit", color: "#d97706" },
  { id: "refusal", field: "stopRefusal", label: "refusal", meaning: "the model declined", color: "#dc2626" },
  { id: "pause_turn", field: "stopPauseTurn", label: "pause_turn", meaning: "a long server-tool turn was paused", color: "#7c3aed" },
  {
    id: "model_context_window_exceeded",
    field: "stopContextExceeded",
    label: "model_context_window_exceeded",
    meaning: "the context window filled up",
    color: "#db2777",
  },
  { id: "end_turn", field: "stopEndTurn", label: "end_turn", meaning: "finished normally", color: "#0d9488" },
  { id: "tool_use", field: "stopToolUse", label: "tool_use", meaning: "stopped to call a tool", color: "#2563eb" },
  { id: "stop_sequence", field: "stopSequence", label: "stop_sequence", meaning: "hit a stop sequence", color: "#65a30d" },
] as const satisfies readonly { id: string; field: StopField; label: string; meaning: string; color: string }[];

export type StopReasonId = (typeof STOP_REASONS)[number]["id"] | "unknown";

/** Colour of the calls that reported no stop reason (or one the summary does not count). */
export const UNKNOWN_STOP_COLOR = "var(--color-zinc-300)";

/** Every reason with its colour, "unknown" last: the key to the distribution bars. */
export const STOP_REASON_KEY: readonly { id: StopReasonId; label: string; color: string }[] = [
  ...STOP_REASONS.map(({ id, label, color }) => ({ id, label, color })),
  { id: "unknown", label: "unknown", color: UNKNOWN_STOP_COLOR },
];

/** The reasons this dashboard watches: each one means a user may have got less than a full answer. */
export const WATCHED_STOP_REASONS = [
  { id: "max_tokens", field: "stopMaxTokens", label: "Truncation rate", short: "max_tokens", color: "#d97706", note: "answers cut off at the max_tokens limit" },
  { id: "refusal", field: "stopRefusal", label: "Refusal rate", short: "refusal", color: "#dc2626", note: "the model declined to answer" },
  { id: "pause_turn", field: "stopPauseTurn", label: "pause_turn rate", short: "pause_turn", color: "#7c3aed", note: "long server-tool turns paused, to be continued" },
] as const satisfies readonly { id: string; field: StopField; label: string; short: string; color: string; note: string }[];

/** `count` as a share of `calls`, 0..1; null without calls (a rate of nothing is not 0%). */
export function rate(count: number, calls: number): number | null {
  return calls > 0 ? count / calls : null;
}

/** Share of calls that ended at max_tokens; null without calls. */
export function truncationRate(t: StopCounts): number | null {
  return rate(t.stopMaxTokens, t.calls);
}

export interface StopReasonCount {
  id: StopReasonId;
  label: string;
  meaning: string;
  color: string;
  calls: number;
  rate: number | null;
}

/** Calls per stop reason, plus "unknown": the calls minus the counted ones (no stop reason sent, or another value). */
export function stopReasonCounts(t: StopCounts): StopReasonCount[] {
  const counted: StopReasonCount[] = STOP_REASONS.map((r) => ({ id: r.id, label: r.label, meaning: r.meaning, color: r.color, calls: t[r.field], rate: rate(t[r.field], t.calls) }));
  const unknown = Math.max(0, t.calls - counted.reduce((sum, r) => sum + r.calls, 0));
  return [...counted, { id: "unknown", label: "unknown", meaning: "no stop reason was reported", color: UNKNOWN_STOP_COLOR, calls: unknown, rate: rate(unknown, t.calls) }];
}

/** "max_tokens 10.0% (2), end_turn 90.0% (18)": the non-empty reasons in words, for titles and screen readers. */
export function describeStopReasons(counts: readonly StopReasonCount[]): string {
  const present = counts.filter((c) => c.calls > 0);
  if (present.length === 0) return "no calls";
  return present.map((c) => `${c.label} ${formatRate(c.rate)} (${c.calls.toLocaleString("en-US")})`).join(", ");
}

function formatRate(r: number | null): string {
  if (r === null) return "—";
  const pct = r * 100;
  return pct === 0 ? "0%" : pct < 0.1 ? "<0.1%" : `${pct.toFixed(1)}%`;
}

export interface WatchedRate {
  id: (typeof WATCHED_STOP_REASONS)[number]["id"];
  label: string;
  note: string;
  count: number;
  calls: number;
  rate: number | null;
  previousCount: number;
  previousCalls: number;
  previousRate: number | null;
  /** Change in percentage points against the previous period. */
  change: Delta;
}

/** The watched rates over a range, each with its change (in points) against the previous period. */
export function watchedRates(current: StopCounts, previous: StopCounts): WatchedRate[] {
  return WATCHED_STOP_REASONS.map((w) => {
    const now = rate(current[w.field], current.calls);
    const before = rate(previous[w.field], previous.calls);
    return {
      id: w.id,
      label: w.label,
      note: w.note,
      count: current[w.field],
      calls: current.calls,
      rate: now,
      previousCount: previous[w.field],
      previousCalls: previous.calls,
      previousRate: before,
      change: pointDelta(now, before),
    };
  });
}

/**
 * The watched rates per day: every day of the range, 0% on days with calls and none of the reason,
 * a gap (null) on days without calls. `days` may hold several rows per day (split by a dimension).
 */
export function buildStopRatesByDay(range: { from: string; to: string }, days: readonly (StopCounts & { day: string })[]): DailyChartData {
  const byDay = new Map<string, StopCounts>();
  for (const d of days) {
    const sum = byDay.get(d.day) ?? { calls: 0, stopEndTurn: 0, stopToolUse: 0, stopMaxTokens: 0, stopSequence: 0, stopPauseTurn: 0, stopRefusal: 0, stopContextExceeded: 0 };
    sum.calls += d.calls;
    for (const r of STOP_REASONS) sum[r.field] += d[r.field];
    byDay.set(d.day, sum);
  }
  return buildDailyChart({
    range,
    kind: "lines",
    unit: "percent",
    series: WATCHED_STOP_REASONS.map((w) => ({ key: w.id, label: w.short, color: w.color })),
    valueOf: (day, i) => {
      const d = byDay.get(day);
      const r = d ? rate(d[WATCHED_STOP_REASONS[i].field], d.calls) : null;
      return r === null ? null : { ratio: r };
    },
    noteOf: (day) => {
      const d = byDay.get(day);
      if (!d || d.calls === 0) return "No calls this day";
      return `${d.calls.toLocaleString("en-US")} calls: ${WATCHED_STOP_REASONS.map((w) => `${d[w.field].toLocaleString("en-US")} ${w.short}`).join(", ")}`;
    },
    emptyText: "No calls in this range.",
  });
}

export interface StopReasonFeatureRow {
  key: string;
  label: string;
  calls: number;
  watched: { id: WatchedRate["id"]; count: number; rate: number | null }[];
  truncationRate: number | null;
  /** Truncation above TRUNCATION_WARNING. */
  flagged: boolean;
  counts: StopReasonCount[];
}

/** One row per feature, most truncated first (ties: more calls first, then name). */
export function buildStopReasonRows(groups: readonly (StopCounts & { key: string })[]): StopReasonFeatureRow[] {
  return groups
    .map((g) => {
      const truncation = truncationRate(g);
      return {
        key: g.key,
        label: attributionLabel(g.key, "feature"),
        calls: g.calls,
        watched: WATCHED_STOP_REASONS.map((w) => ({ id: w.id, count: g[w.field], rate: rate(g[w.field], g.calls) })),
        truncationRate: truncation,
        flagged: truncation !== null && truncation > TRUNCATION_WARNING,
        counts: stopReasonCounts(g),
      };
    })
    .sort((a, b) => (b.truncationRate ?? -1) - (a.truncationRate ?? -1) || b.calls - a.calls || a.key.localeCompare(b.key));
}
