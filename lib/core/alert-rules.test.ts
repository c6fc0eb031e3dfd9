/**
 * Alert rules on synthetic daily traffic: a prompt change that doubles one feature's input tokens on
 * 2026-10-15, a feature whose traffic grows 5% a day at a steady mix, and a feature with steady spend.
 */
import { describe, expect, it } from "vitest";
import { type AlertRuleInput, type DayMetrics, type RuleSeries, backtestRule, evaluateRule, ruleInputSchema } from "@/lib/core/alert-rules";
import { shiftDay } from "@/lib/core/chart-data";

const CHANGE_DAY = "2026-10-15";
const USD = 1_000_000_000_000n;

function traffic(from: string, to: string): DayMetrics[] {
  const rows: DayMetrics[] = [];
  let i = 0;
  for (let day = from; day <= to; day = shiftDay(day, 1), i++) {
    // summarize: 100 calls a day of 2,000 input tokens ($0.006 each on Sonnet), doubled from CHANGE_DAY.
    const doubled = day >= CHANGE_DAY;
    const input = 100 * (doubled ? 4000 : 2000);
    rows.push({ day, group: "summarize", calls: 100, costPico: (BigInt(input) * 3_000_000n) + 100n * 500n * 15_000_000n, inputTokens: input, outputTokens: 50_000, cacheReadTokens: 0, cacheWriteTokens: 0, stopMaxTokens: 1, unpricedCalls: 0 });
    // chat: grows 5% a day, same tokens per call.
    const calls = Math.round(200 * 1.05 ** i);
    rows.push({ day, group: "chat", calls, costPico: BigInt(calls) * 9_000_000_000n, inputTokens: calls * 1500, outputTokens: calls * 300, cacheReadTokens: calls * 6000, cacheWriteTokens: calls * 100, stopMaxTokens: 0, unpricedCalls: 0 });
  }
  return rows;
}

const series = (from = "2026-09-20", to = "2026-10-31"): RuleSeries => ({ byGroup: traffic(from, to), byModel: [] });
const rule = (input: unknown): AlertRuleInput => ruleInputSchema.parse(input);

describe("regression rules", () => {
  const regression = rule({ name: "input per call", kind: "regression", scope: { groupBy: "feature" }, params: { metric: "input_tokens_per_call", risePercent: 50 } });

  it("fire on the day a prompt change doubles a feature's input tokens per call, and not before", () => {
    const before = evaluateRule(regression, series(), shiftDay(CHANGE_DAY, -1));
    expect(before.filter((f) => f.firing)).toEqual([]);
    const on = evaluateRule(regression, series(), CHANGE_DAY).filter((f) => f.firing);
    expect(on.map((f) => [f.key, f.change, f.observed, f.baseline])).toEqual([["summarize", "+100%", "4,000 input tokens per call", "2,000 input tokens per call"]]);
    expect(on[0].title).toBe("feature summarize: input tokens per call +100% vs its 7-day baseline");
  });

  it("stay quiet for a feature whose traffic grows but whose calls do not change", () => {
    const growing = evaluateRule(regression, series(), "2026-10-31").find((f) => f.key === "chat")!;
    expect(growing.firing).toBe(false);
    expect(growing.change).toBe("+0%");
  });

  it("need enough calls on the day and in the baseline", () => {
    const strict = rule({ name: "x", kind: "regression", scope: { groupBy: "feature" }, params: { metric: "input_tokens_per_call", risePercent: 50, minCalls: 101 } });
    expect(evaluateRule(strict, series(), CHANGE_DAY).map((f) => f.key)).toEqual(["chat"]);
  });

  it("backtest: on which days of the range it would have fired", () => {
    const days = backtestRule(regression, series(), "2026-10-01", "2026-10-31").map((d) => d.day);
    // Fires from the change until the 7-day baseline has absorbed enough of it: on Oct 17 two of its seven
    // days are doubled (4,000 against 2,571: +56%); on Oct 18 three (4,000 against 2,857: +40%).
    expect(days).toEqual(["2026-10-15", "2026-10-16", "2026-10-17"]);
  });
});

describe("spike rules", () => {
  it("fire on spend far outside its robust spread, not on steady growth", () => {
    const spike = rule({ name: "spike", kind: "spike", scope: { groupBy: "feature" }, params: { sensitivity: 5 } });
    const rows = traffic("2026-09-20", "2026-10-31").map((r) => (r.group === "summarize" && r.day === "2026-10-20" ? { ...r, costPico: r.costPico * 6n } : r));
    const findings = evaluateRule(spike, { byGroup: rows, byModel: [] }, "2026-10-20");
    expect(findings.find((f) => f.key === "summarize")?.firing).toBe(true);
    expect(findings.find((f) => f.key === "chat")?.firing).toBe(false);
  });
});

describe("thresholds and budgets", () => {
  it("a budget fires each level as it is crossed, keyed by month and level", () => {
    // summarize alone: $1.35 a day before the change ($0.60 input + $0.75 output), $1.95 after.
    const budget = rule({ name: "budget", kind: "budget", scope: { feature: ["summarize"] }, params: { monthlyUsd: "40", forecast: false } });
    const rows = traffic("2026-09-20", "2026-10-31").filter((r) => r.group === "summarize").map((r) => ({ ...r, group: "" }));
    const firingOn = (day: string) => evaluateRule(budget, { byGroup: rows, byModel: [] }, day).filter((f) => f.firing).map((f) => f.key);
    // Oct 1-14: 14 x $1.35 = $18.90; Oct 15: +$1.95 = $20.85 >= $20 (50%).
    expect(firingOn("2026-10-14")).toEqual([]);
    expect(firingOn("2026-10-15")).toEqual(["|2026-10|50%"]);
    // 80% = $32: $20.85 + 6 x $1.95 = $32.55 on Oct 21.
    expect(firingOn("2026-10-21")).toEqual(["|2026-10|50%", "|2026-10|80%"]);
    expect(firingOn("2026-11-01")).toEqual([]);
    // The backtest counts each level once, on the day it was crossed.
    expect(backtestRule(budget, { byGroup: rows, byModel: [] }, "2026-10-01", "2026-10-31").map((d) => [d.day, d.findings.map((f) => f.key)])).toEqual([
      ["2026-10-15", ["|2026-10|50%"]],
      ["2026-10-21", ["|2026-10|80%"]],
      ["2026-10-25", ["|2026-10|100%"]], // $20.85 + 10 x $1.95 = $40.35
    ]);
  });

  it("a daily threshold compares the day's spend with the amount", () => {
    const threshold = rule({ name: "t", kind: "threshold", params: { period: "day", amountUsd: "1.5" } });
    const rows = traffic("2026-10-10", "2026-10-20").filter((r) => r.group === "summarize").map((r) => ({ ...r, group: "" }));
    expect(evaluateRule(threshold, { byGroup: rows, byModel: [] }, "2026-10-14")[0].firing).toBe(false);
    expect(evaluateRule(threshold, { byGroup: rows, byModel: [] }, "2026-10-15")[0]).toMatchObject({ firing: true, key: "|2026-10-15", observed: "$1.95" });
  });
});

describe("quality-of-spend rules", () => {
  it("truncation rate above a level", () => {
    const truncation = rule({ name: "t", kind: "truncation", scope: { groupBy: "feature" }, params: { maxRatePercent: 0.5 } });
    expect(evaluateRule(truncation, series(), "2026-10-01").map((f) => [f.key, f.firing, f.observed])).toEqual([
      ["summarize", true, "1.0% truncated"],
      ["chat", false, "0.0% truncated"],
    ]);
  });

  it("a cache hit ratio that drops sharply", () => {
    const drop = rule({ name: "c", kind: "cache_drop", scope: { groupBy: "feature" }, params: { dropPercent: 50 } });
    const rows = traffic("2026-09-20", "2026-10-31").map((r) => (r.group === "chat" && r.day === "2026-10-25" ? { ...r, inputTokens: r.inputTokens + r.cacheReadTokens, cacheReadTokens: 0 } : r));
    const finding = evaluateRule(drop, { byGroup: rows, byModel: [] }, "2026-10-25").find((f) => f.key === "chat")!;
    expect(finding).toMatchObject({ firing: true, observed: "0.0% hit ratio", baseline: "78.9% hit ratio", change: "−100%" });
  });

  it("a new unpriced model, once", () => {
    const unpriced = rule({ name: "u", kind: "unpriced_model", params: {} });
    const byModel = [
      { day: "2026-10-10", model: "claude-nova", family: null, calls: 3, costPico: 0n, unpricedCalls: 3 },
      { day: "2026-10-11", model: "claude-nova", family: null, calls: 3, costPico: 0n, unpricedCalls: 3 },
    ];
    expect(evaluateRule(unpriced, { byGroup: [], byModel }, "2026-10-10").map((f) => f.firing)).toEqual([true]);
    expect(evaluateRule(unpriced, { byGroup: [], byModel }, "2026-10-11").map((f) => f.firing)).toEqual([false]);
  });

  it("the expensive model's share of spend rising", () => {
    const share = rule({ name: "s", kind: "model_share", params: { model: "opus", risePoints: 10, minCalls: 1 } });
    const day = (d: string, opus: bigint) => [
      { day: d, model: "claude-opus-4-6", family: "opus", calls: 10, costPico: opus * USD, unpricedCalls: 0 },
      { day: d, model: "claude-sonnet-4-6", family: "sonnet", calls: 90, costPico: 9n * USD, unpricedCalls: 0 },
    ];
    const byModel = [...["2026-10-01", "2026-10-02", "2026-10-03", "2026-10-04", "2026-10-05", "2026-10-06", "2026-10-07"].flatMap((d) => day(d, 1n)), ...day("2026-10-08", 6n)];
    // Before: $1 of $10 = 10%; Oct 8: $6 of $15 = 40%: +30 points.
    expect(evaluateRule(share, { byGroup: [], byModel }, "2026-10-08")[0]).toMatchObject({ firing: true, change: "+30.0 points" });
  });
});

describe("rule validation", () => {
  it("names the field at fault", () => {
    const result = ruleInputSchema.safeParse({ name: "", kind: "regression", params: { metric: "cost", risePercent: -1 } });
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => `${i.path.join(".")}: ${i.message}`)).toEqual(["name: is required"]);
    const params = ruleInputSchema.safeParse({ name: "x", kind: "regression", params: { metric: "cost", risePercent: -1 } });
    expect(params.error!.issues.map((i) => i.path.join("."))).toEqual(["params.metric", "params.risePercent"]);
  });
});
