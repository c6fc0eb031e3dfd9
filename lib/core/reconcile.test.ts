import { describe, expect, it } from "vitest";
import type { AdminReportLine } from "@/lib/core/admin-reports";
import { defaultPriceBook } from "@/lib/core/pricing";
import { type TallyDayTotals, beyondTolerance, parseTolerance, percentOf, percentToBasisPoints, reconcile } from "@/lib/core/reconcile";

const USD = 1_000_000_000_000n;
const CENT = USD / 100n;

function tallyRow(day: string, model: string, serviceTier: string, over: Partial<TallyDayTotals>): TallyDayTotals {
  return {
    day, model, serviceTier, calls: 1n, unpricedCalls: 0n,
    inputTokens: 0n, outputTokens: 0n, cacheReadTokens: 0n, cacheWrite5mTokens: 0n, cacheWrite1hTokens: 0n, webSearchRequests: 0n,
    inputCostPico: 0n, outputCostPico: 0n, cacheReadCostPico: 0n, cacheWrite5mCostPico: 0n, cacheWrite1hCostPico: 0n, webSearchCostPico: 0n,
    ...over,
  };
}
const line = (day: string, model: string, serviceTier: string, tokenType: AdminReportLine["tokenType"], value: bigint): AdminReportLine => ({ day, model, serviceTier, tokenType, value });
const DAYS = new Set(["2026-10-01", "2026-10-02", "2026-10-03"]);

describe("reconcile (cost)", () => {
  // Sonnet 4.6 at list: 1M input = $3, 100K output = $1.50, 1M cache read = $0.30. Haiku 4.5: 1M input = $1.
  const tally = [
    tallyRow("2026-10-01", "claude-sonnet-4-6", "standard", { inputCostPico: 3n * USD, outputCostPico: 150n * CENT, cacheReadCostPico: 30n * CENT }),
    tallyRow("2026-10-02", "claude-sonnet-4-6", "standard", { outputCostPico: 150n * CENT }),
    tallyRow("2026-10-03", "claude-sonnet-4-6", "standard", { outputCostPico: 150n * CENT }),
    tallyRow("2026-10-03", "claude-haiku-4-5", "standard", { inputCostPico: USD }),
  ];
  const anthropic = [
    line("2026-10-01", "claude-sonnet-4-6", "standard", "uncached_input", 3n * USD),
    line("2026-10-01", "claude-sonnet-4-6", "standard", "output", 150n * CENT),
    line("2026-10-01", "claude-sonnet-4-6", "standard", "cache_read", 30n * CENT),
    // $0.00005 over: within the $0.01 tolerance.
    line("2026-10-02", "claude-sonnet-4-6", "standard", "output", 150n * CENT + 50_000_000n),
    // The deliberate gap: $2.50 billed, $1.50 recorded.
    line("2026-10-03", "claude-sonnet-4-6", "standard", "output", 250n * CENT),
    // Dated id on Anthropic's side, alias on Tally's: one model.
    line("2026-10-03", "claude-haiku-4-5-20251001", "standard", "uncached_input", USD),
  ];

  it("flags exactly the deliberate gap, with exact variance and totals that are sums of lines", () => {
    const r = reconcile({ source: "cost", anthropic, tally, days: DAYS, book: defaultPriceBook });
    expect(r.lines).toHaveLength(6);
    expect(r.lines.filter((l) => l.flagged)).toEqual([
      {
        day: "2026-10-03", model: "claude-sonnet-4-6", modelIds: ["claude-sonnet-4-6"], serviceTier: "standard", tokenType: "output",
        anthropic: 250n * CENT, tally: 150n * CENT, variance: USD, variancePct: "40.00", flagged: true, cause: "unknown",
        explanation: expect.stringContaining("Anthropic billed more than Tally recorded"),
      },
    ]);
    expect(r.lines[0].flagged).toBe(true);
    const haiku = r.lines.find((l) => l.model === "claude-haiku-4-5");
    expect(haiku).toMatchObject({ modelIds: ["claude-haiku-4-5", "claude-haiku-4-5-20251001"], anthropic: USD, tally: USD, variance: 0n, variancePct: "0.00" });
    // $3 + $1.50 + $0.30 + $1.50005 + $2.50 + $1 = $9.80005; Tally $8.80.
    expect(r.totals).toEqual({ anthropic: 980_005n * 10_000_000n, tally: 880n * CENT, variance: 100_005n * 10_000_000n, variancePct: "10.20", flaggedLines: 1 });
  });

  it("explains known causes: priority tier, unpriced models, calls Tally never saw, days not covered", () => {
    const r = reconcile({
      source: "cost",
      book: defaultPriceBook,
      days: new Set(["2026-10-01"]),
      anthropic: [
        line("2026-10-01", "claude-mystery-9", "standard", "output", 2n * USD),
        line("2026-10-01", "claude-opus-4-6", "batch", "output", 5n * USD),
        line("2026-10-01", "claude-opus-4-6", "standard", "code_execution", 10n * CENT),
        line("2026-10-02", "claude-opus-4-6", "standard", "output", 5n * USD),
      ],
      tally: [
        tallyRow("2026-10-01", "claude-sonnet-4-6", "priority", { outputCostPico: 3n * USD }),
        tallyRow("2026-10-01", "claude-mystery-9", "standard", { unpricedCalls: 1n, outputTokens: 1000n }),
        tallyRow("2026-10-02", "claude-opus-4-6", "standard", { outputCostPico: USD }),
      ],
    });
    const causes = Object.fromEntries(r.lines.map((l) => [`${l.model} ${l.serviceTier} ${l.tokenType}`, l.cause]));
    expect(causes).toEqual({
      "claude-mystery-9 standard output": "unpriced_in_tally",
      "claude-opus-4-6 batch output": "not_in_tally",
      "claude-opus-4-6 standard code_execution": "not_tracked_by_tally",
      "claude-sonnet-4-6 priority output": "priority_not_in_cost_report",
    });
    expect(r.lines.find((l) => l.cause === "unpriced_in_tally")?.explanation).toContain("1 unpriced call(s) of claude-mystery-9");
    expect(r.lines.find((l) => l.cause === "priority_not_in_cost_report")).toMatchObject({ anthropic: 0n, tally: 3n * USD, variance: -3n * USD, variancePct: null });
  });

  it("needs both the absolute and the percentage tolerance exceeded", () => {
    expect(beyondTolerance(CENT / 2n, CENT, CENT, 100n)).toBe(false); // $0.005 of $0.01: 50%, but under $0.01
    expect(beyondTolerance(50n * CENT, 100n * USD, CENT, 100n)).toBe(false); // $0.50 of $100: 0.5%
    expect(beyondTolerance(2n * USD, 100n * USD, CENT, 100n)).toBe(true);
    expect(beyondTolerance(-2n * USD, 100n * USD, CENT, percentToBasisPoints("2.5"))).toBe(false);
    expect(beyondTolerance(2n * CENT, 0n, CENT, 100n)).toBe(true);
  });
});

describe("reconcile (usage)", () => {
  it("compares tokens per type, flagging missing tokens", () => {
    const r = reconcile({
      source: "usage",
      book: defaultPriceBook,
      days: new Set(["2026-10-01"]),
      anthropic: [line("2026-10-01", "claude-sonnet-4-6", "standard", "uncached_input", 1_000_000n), line("2026-10-01", "claude-sonnet-4-6", "standard", "output", 100_000n)],
      tally: [tallyRow("2026-10-01", "claude-sonnet-4-6", "standard", { inputTokens: 1_000_000n, outputTokens: 90_000n })],
    });
    expect(r.lines.map((l) => [l.tokenType, l.variance, l.variancePct, l.flagged])).toEqual([
      ["output", 10_000n, "10.00", true],
      ["uncached_input", 0n, "0.00", false],
    ]);
  });
});

describe("percentOf / percentToBasisPoints", () => {
  it("rounds half away from zero to two decimals", () => {
    expect(percentOf(1n, 3n)).toBe("33.33");
    expect(percentOf(-2n, 3n)).toBe("-66.67");
    expect(percentOf(1n, 0n)).toBeNull();
    expect(percentToBasisPoints("1")).toBe(100n);
    expect(percentToBasisPoints("0.5")).toBe(50n);
    expect(() => percentToBasisPoints("-1")).toThrow();
  });
});

describe("parseTolerance", () => {
  it("reads USD, percent and tokens, defaulting each, and names a bad one", () => {
    expect(parseTolerance({})).toEqual({ absPico: 10_000_000_000n, pctBasisPoints: 100n, absTokens: 0n });
    expect(parseTolerance({ usd: "0.5", percent: "2.05", tokens: "10" })).toEqual({ absPico: 500_000_000_000n, pctBasisPoints: 205n, absTokens: 10n });
    expect(() => parseTolerance({ usd: "-1" })).toThrow('tolerance-usd: "-1" is not a non-negative number');
    expect(() => parseTolerance({ tokens: "1.5" }, { usd: "u", percent: "p", tokens: "tolTokens" })).toThrow('tolTokens: "1.5"');
  });
});
