import { describe, expect, it } from "vitest";
import { buildFeatureRows, describeMix, sortFeatureRows, stopReasonCounts } from "@/lib/core/features-view";

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

describe("stopReasonCounts", () => {
  it("counts calls without a reported stop reason as not reported", () => {
    const counts = stopReasonCounts({ costPico: 0n, calls: 10, ...tokens, ...zeroStops, stopMaxTokens: 2, stopEndTurn: 5 });
    expect(counts.find((c) => c.id === "max_tokens")).toMatchObject({ calls: 2, rate: 0.2 });
    expect(counts.find((c) => c.id === "unknown")).toMatchObject({ calls: 3, rate: 0.3 });
  });
});
