import { describe, expect, it } from "vitest";
import {
  type StopCounts,
  buildStopRatesByDay,
  buildStopReasonRows,
  describeStopReasons,
  rate,
  stopReasonCounts,
  truncationRate,
  watchedRates,
} from "@/lib/core/stop-reasons-view";

const none: StopCounts = { calls: 0, stopEndTurn: 0, stopToolUse: 0, stopMaxTokens: 0, stopSequence: 0, stopPauseTurn: 0, stopRefusal: 0, stopContextExceeded: 0 };

describe("rates", () => {
  it("are shares of calls, and none without calls", () => {
    expect(rate(3, 39)).toBeCloseTo(0.0769, 4);
    expect(rate(0, 10)).toBe(0);
    expect(rate(0, 0)).toBeNull();
    expect(truncationRate({ ...none, calls: 20, stopMaxTokens: 2 })).toBe(0.1);
  });
});

describe("stopReasonCounts", () => {
  it("counts calls without a counted stop reason as unknown", () => {
    const counts = stopReasonCounts({ ...none, calls: 10, stopMaxTokens: 2, stopEndTurn: 5 });
    expect(counts.find((c) => c.id === "max_tokens")).toMatchObject({ calls: 2, rate: 0.2 });
    expect(counts.find((c) => c.id === "unknown")).toMatchObject({ calls: 3, rate: 0.3 });
    expect(counts.reduce((sum, c) => sum + c.calls, 0)).toBe(10);
    expect(describeStopReasons(counts)).toBe("max_tokens 20.0% (2), end_turn 50.0% (5), unknown 30.0% (3)");
  });
});

describe("watchedRates", () => {
  it("gives truncation, refusal and pause_turn rates with their change in points", () => {
    const [truncation, refusal, pause] = watchedRates(
      { ...none, calls: 39, stopMaxTokens: 3, stopRefusal: 1, stopPauseTurn: 1 },
      { ...none, calls: 7, stopEndTurn: 7 },
    );
    expect(truncation).toMatchObject({ id: "max_tokens", count: 3, calls: 39, previousRate: 0 });
    expect(truncation.change.label).toBe("+7.7 pp");
    expect(refusal.change.label).toBe("+2.6 pp");
    expect(pause.rate).toBeCloseTo(1 / 39, 10);
  });

  it("has no change when the previous period had no calls", () => {
    const [truncation] = watchedRates({ ...none, calls: 4, stopMaxTokens: 1 }, none);
    expect(truncation.rate).toBe(0.25);
    expect(truncation.previousRate).toBeNull();
    expect(truncation.change.label).toBe("—");
  });
});

describe("buildStopRatesByDay", () => {
  const chart = buildStopRatesByDay({ from: "2026-09-13", to: "2026-09-15" }, [
    { ...none, day: "2026-09-13", calls: 2, stopMaxTokens: 1 },
    { ...none, day: "2026-09-13", calls: 3, stopMaxTokens: 1, stopRefusal: 1 },
    { ...none, day: "2026-09-15", calls: 4, stopEndTurn: 4 },
  ]);

  it("adds up split rows per day and gives the rates of that day's calls", () => {
    expect(chart.series.map((s) => s.key)).toEqual(["max_tokens", "refusal", "pause_turn"]);
    expect(chart.points[0].values).toEqual([0.4, 0.2, 0]);
    expect(chart.points[0].exact).toEqual(["40.0%", "20.0%", "0%"]);
    expect(chart.points[0].note).toBe("5 calls: 2 max_tokens, 1 refusal, 0 pause_turn");
  });

  it("is zero on days with calls and a gap on days without", () => {
    expect(chart.points[1].values).toEqual([null, null, null]);
    expect(chart.points[1].note).toBe("No calls this day");
    expect(chart.points[2].values).toEqual([0, 0, 0]);
  });
});

describe("buildStopReasonRows", () => {
  it("sorts by truncation rate, then by calls, and flags features above 5%", () => {
    const rows = buildStopReasonRows([
      { ...none, key: "chat", calls: 15, stopToolUse: 10, stopRefusal: 1, stopPauseTurn: 1, stopEndTurn: 2, stopSequence: 1 },
      { ...none, key: "summarize", calls: 20, stopMaxTokens: 2, stopEndTurn: 18 },
      { ...none, key: "", calls: 4, stopMaxTokens: 1 },
      { ...none, key: "tiny", calls: 5 },
      { ...none, key: "small", calls: 50, stopMaxTokens: 1 },
    ]);
    expect(rows.map((r) => [r.label, r.truncationRate, r.flagged])).toEqual([
      ["(no feature)", 0.25, true],
      ["summarize", 0.1, true],
      ["small", 0.02, false],
      ["chat", 0, false],
      ["tiny", 0, false],
    ]);
    expect(rows.find((r) => r.key === "chat")!.watched.map((w) => [w.id, w.count])).toEqual([
      ["max_tokens", 0],
      ["refusal", 1],
      ["pause_turn", 1],
    ]);
  });
});
