import { formatUsdPerCall } from "@/lib/core/money";
import { describe, expect, it } from "vitest";
import {
  buildFeatureDailyCharts,
  buildFeatureRows,
  describeMix,
  describeSparkline,
  featureFromSegment,
  featurePath,
  sortFeatureRows,
} from "@/lib/core/features-view";

const USD = 1_000_000_000_000n;
const zeroStops = { stopEndTurn: 0, stopToolUse: 0, stopMaxTokens: 0, stopSequence: 0, stopPauseTurn: 0, stopRefusal: 0, stopContextExceeded: 0 };
const tokens = { inputTokens: 1000, cacheReadTokens: 3000, cacheWrite5mTokens: 0, cacheWrite1hTokens: 0 };

describe("buildFeatureRows", () => {
  const rows = buildFeatureRows({
    range: { from: "2026-09-01", to: "2026-09-03" },
    current: [
      { key: "chat", costPico: 3n * USD, calls: 100, ...tokens, ...zeroStops, stopMaxTokens: 7, stopEndTurn: 93 },
      { key: "", costPico: 1n * USD, calls: 10, ...tokens, ...zeroStops },
    ],
    previous: [{ key: "chat", costPico: 2n * USD, calls: 100 }],
    daily: [
      { day: "2026-09-01", key: "chat", costPico: 1n * USD },
      { day: "2026-09-03", key: "chat", costPico: 2n * USD },
      { day: "2026-08-31", key: "chat", costPico: 9n * USD },
    ],
    pairs: [
      { first: "chat", second: "claude-haiku-4-5", costPico: 1n * USD },
      { first: "chat", second: "claude-opus-4-6", costPico: 2n * USD },
    ],
    modelColors: {},
  });

  it("gives cost per call, the change, the truncation rate and the hit ratio", () => {
    const chat = rows[0];
    expect(chat.perCallPico).toBe(30_000_000_000n);
    expect(chat.spendChange.label).toBe("+50.0%");
    expect(chat.perCallChange.label).toBe("+50.0%");
    expect(chat.truncationRate).toBe(0.07);
    expect(chat.hitRatio).toBe(0.75);
  });

  it("zero-fills the sparkline over the range and ignores days outside it", () => {
    expect(rows[0].sparkline).toEqual([1, 0, 2]);
  });

  it("orders the model mix by spend with exact shares", () => {
    expect(rows[0].mix.map((m) => [m.model, m.share])).toEqual([
      ["claude-opus-4-6", 0.666666],
      ["claude-haiku-4-5", 0.333333],
    ]);
    expect(describeMix(rows[0].mix)).toBe("claude-opus-4-6 66.7% ($2), claude-haiku-4-5 33.3% ($1)");
  });

  it("labels calls without a feature and marks a feature new when it had no spend before", () => {
    expect(rows[1].label).toBe("(no feature)");
    expect(rows[1].spendChange.label).toBe("new");
  });

  it("sorts by any column, ties by spend", () => {
    expect(sortFeatureRows(rows, "calls", "asc").map((r) => r.key)).toEqual(["", "chat"]);
    expect(sortFeatureRows(rows, "per-call").map((r) => r.key)).toEqual(["", "chat"]);
    expect(sortFeatureRows(rows, "truncation").map((r) => r.key)).toEqual(["chat", ""]);
  });
});

describe("sorting by change", () => {
  it("puts the largest increase in spend first, and a fall last", () => {
    const row = (key: string, now: bigint, before: bigint) =>
      buildFeatureRows({
        range: { from: "2026-09-01", to: "2026-09-01" },
        current: [{ key, costPico: now, calls: 1, ...tokens, ...zeroStops }],
        previous: [{ key, costPico: before, calls: 1 }],
        daily: [],
        pairs: [],
        modelColors: {},
      })[0];
    const rows = [row("flat", 5n * USD, 5n * USD), row("up", 3n * USD, 1n * USD), row("down", 1n * USD, 4n * USD)];
    expect(sortFeatureRows(rows, "change").map((r) => r.key)).toEqual(["up", "flat", "down"]);
    expect(sortFeatureRows(rows, "change", "asc").map((r) => r.key)).toEqual(["down", "flat", "up"]);
  });
});

describe("describeSparkline", () => {
  it("states the lowest and highest day", () => {
    expect(describeSparkline("summarize", [0, 0.018, 0.024])).toBe("summarize: daily spend from $0 to $0.024");
  });
});

describe("feature paths", () => {
  it("round-trip names, including calls without a feature and names that need escaping", () => {
    expect(featurePath("summarize")).toBe("/features/summarize");
    expect(featurePath("")).toBe("/features/(none)");
    expect(featurePath("a/b c")).toBe("/features/a%2Fb%20c");
    expect(featureFromSegment("(none)")).toBe("");
    expect(featureFromSegment("a%2Fb%20c")).toBe("a/b c");
    expect(featureFromSegment("a/b c")).toBe("a/b c");
  });

  it("takes a malformed escape literally instead of failing", () => {
    expect(featureFromSegment("100%")).toBe("100%");
    expect(featureFromSegment("%E0%A4%A")).toBe("%E0%A4%A");
  });
});

describe("buildFeatureDailyCharts", () => {
  const row = (day: string, key: string, costPico: bigint, calls: number, inputTokens: number) => ({
    day,
    key,
    costPico,
    calls,
    inputTokens,
    outputTokens: 200 * calls,
    cacheReadTokens: 0,
    cacheWrite5mTokens: 100 * calls,
    cacheWrite1hTokens: 0,
  });
  const charts = buildFeatureDailyCharts(
    { from: "2026-09-01", to: "2026-09-03" },
    [
      row("2026-09-01", "claude-haiku-4-5", 6_000_000_000n, 2, 2000),
      row("2026-09-01", "claude-opus-4-6", 15_000_000_000n, 1, 1000),
      row("2026-09-03", "claude-haiku-4-5", 9_000_000_000n, 1, 2000),
    ],
    { "claude-haiku-4-5": "#0d9488", "claude-opus-4-6": "#7c3aed" },
  );

  it("gives cost per call per day over all models, with a gap on a day without calls", () => {
    expect(charts.perCall.points.map((p) => p.values[0])).toEqual([0.007, null, 0.009]);
    expect(charts.perCall.points.map((p) => p.exact[0])).toEqual(["$0.007", "—", "$0.009"]);
    expect(charts.perCall.points[1].note).toBe("No calls this day");
  });

  it("averages tokens per call by type", () => {
    // Sep 1: (2,000 + 1,000) input / 3 calls = 1,000; 200 output; 0 cache read; 100 cache write.
    expect(charts.tokens.points[0].values).toEqual([1000, 200, 0, 100]);
    expect(charts.tokens.points[1].values).toEqual([null, null, null, null]);
    expect(charts.tokens.points[2].values).toEqual([2000, 200, 0, 100]);
  });

  it("counts calls per model per day, the busiest model first, in the model's colour", () => {
    expect(charts.mix.series.map((s) => [s.key, s.color, s.total])).toEqual([
      ["claude-haiku-4-5", "#0d9488", "3 calls"],
      ["claude-opus-4-6", "#7c3aed", "1 call"],
    ]);
    expect(charts.mix.points.map((p) => p.values)).toEqual([
      [2, 1],
      [0, 0],
      [1, 0],
    ]);
  });
});

describe("formatUsdPerCall", () => {
  it("keeps three significant digits under a dollar", () => {
    expect(formatUsdPerCall(10_500_000_000n)).toBe("$0.0105");
    expect(formatUsdPerCall(7_000_000_000n)).toBe("$0.007");
    expect(formatUsdPerCall(234_567_000n)).toBe("$0.000235");
    expect(formatUsdPerCall(0n)).toBe("$0");
    expect(formatUsdPerCall(1_500_000_000_000n)).toBe("$1.50");
  });
});
