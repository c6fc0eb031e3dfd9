import { describe, expect, it } from "vitest";
import {
  STANDARD_PREMIUM,
  buildCacheRows,
  buildHitRatioByDay,
  cacheEconomics,
  premiumFractions,
  writePremiumPico,
  writesNotReadBack,
} from "@/lib/core/caching-view";
import { defaultPriceBook } from "@/lib/core/pricing";
import { rational } from "@/lib/core/rational";

const NONE = {
  inputTokens: 0,
  cacheReadTokens: 0,
  cacheWrite5mTokens: 0,
  cacheWrite1hTokens: 0,
  cacheReadCostPico: 0n,
  cacheReadFullCostPico: 0n,
  cacheWrite5mCostPico: 0n,
  cacheWrite1hCostPico: 0n,
};

describe("write premium", () => {
  it("is 1/5 of a 5m write and 1/2 of a 1h write for models priced at 1.25x / 2x input", () => {
    expect(premiumFractions(defaultPriceBook, "claude-sonnet-4-6")).toEqual(STANDARD_PREMIUM);
    expect(premiumFractions(defaultPriceBook, "claude-opus-4-6")).toEqual(STANDARD_PREMIUM);
  });

  it("follows the model's own ratio where it differs (Claude 3 Haiku writes 5m at 1.2x: 1/6)", () => {
    expect(premiumFractions(defaultPriceBook, "claude-3-haiku-20240307")).toEqual({ fiveMinute: rational(1n, 6n), oneHour: rational(1n, 2n) });
  });

  it("falls back to the standard ratio for a model not in the price book", () => {
    expect(premiumFractions(defaultPriceBook, "claude-nova-preview")).toEqual(STANDARD_PREMIUM);
  });

  it("is exact for list prices and rounds half up otherwise", () => {
    // 4,000 Sonnet 4.6 5m tokens x $3.75/MTok = $0.015; as plain input $0.012; premium $0.003.
    expect(writePremiumPico(15_000_000_000n, STANDARD_PREMIUM.fiveMinute)).toBe(3_000_000_000n);
    // 2,000 Haiku 4.5 1h tokens x $2/MTok = $0.004; as input $0.002.
    expect(writePremiumPico(4_000_000_000n, STANDARD_PREMIUM.oneHour)).toBe(2_000_000_000n);
    expect(writePremiumPico(7n, STANDARD_PREMIUM.fiveMinute)).toBe(1n); // 1.4
    expect(writePremiumPico(8n, STANDARD_PREMIUM.fiveMinute)).toBe(2n); // 1.6
    expect(writePremiumPico(5n, STANDARD_PREMIUM.oneHour)).toBe(3n); // 2.5 -> 3
  });

  it("nets savings against the premium", () => {
    const economics = cacheEconomics({
      ...NONE,
      cacheReadTokens: 50_000,
      cacheReadCostPico: 15_000_000_000n, // 50,000 x $0.30
      cacheReadFullCostPico: 150_000_000_000n, // 50,000 x $3
      cacheWrite5mCostPico: 15_000_000_000n,
      cacheWrite1hCostPico: 4_000_000_000n,
    });
    expect(economics).toEqual({
      savedPico: 135_000_000_000n,
      write5mCostPico: 15_000_000_000n,
      write1hCostPico: 4_000_000_000n,
      premium5mPico: 3_000_000_000n,
      premium1hPico: 2_000_000_000n,
      netPico: 130_000_000_000n,
    });
  });
});

describe("writes not read back", () => {
  it("flags groups that read fewer tokens than they wrote", () => {
    expect(writesNotReadBack({ cacheReadTokens: 0, cacheWrite5mTokens: 1000, cacheWrite1hTokens: 0 })).toBe(true);
    expect(writesNotReadBack({ cacheReadTokens: 999, cacheWrite5mTokens: 500, cacheWrite1hTokens: 500 })).toBe(true);
    expect(writesNotReadBack({ cacheReadTokens: 1000, cacheWrite5mTokens: 500, cacheWrite1hTokens: 500 })).toBe(false);
    expect(writesNotReadBack({ cacheReadTokens: 0, cacheWrite5mTokens: 0, cacheWrite1hTokens: 0 })).toBe(false);
  });

  it("puts flagged rows first, then the lowest net saving, each model's writes at its own ratio", () => {
    const rows = buildCacheRows(
      [
        { ...NONE, key: "good", model: "claude-sonnet-4-6", cacheReadTokens: 10_000, cacheReadCostPico: 3_000_000_000n, cacheReadFullCostPico: 30_000_000_000n, cacheWrite5mTokens: 1000, cacheWrite5mCostPico: 3_750_000_000n },
        { ...NONE, key: "plain", model: "claude-sonnet-4-6", inputTokens: 5000 },
        { ...NONE, key: "never", model: "claude-haiku-4-5", cacheWrite1hTokens: 2000, cacheWrite1hCostPico: 4_000_000_000n },
        { ...NONE, key: "never", model: "claude-3-haiku-20240307", cacheWrite5mTokens: 1000, cacheWrite5mCostPico: 300_000_000n },
      ],
      defaultPriceBook,
      (key) => key.toUpperCase(),
    );
    expect(rows.map((r) => r.key)).toEqual(["never", "plain", "good"]);
    expect(rows[0]).toMatchObject({ label: "NEVER", notReadBack: true, readsPerWrite: 0, hitRatio: 0, promptTokens: 3000, writeCostPico: 4_300_000_000n });
    // Haiku 4.5 1h: 4,000,000,000 / 2; Claude 3 Haiku 5m: 300,000,000 / 6.
    expect(rows[0].economics.premium1hPico).toBe(2_000_000_000n);
    expect(rows[0].economics.premium5mPico).toBe(50_000_000n);
    expect(rows[0].economics.netPico).toBe(-2_050_000_000n);
    expect(rows[1]).toMatchObject({ notReadBack: false, hitRatio: 0, readsPerWrite: null });
    expect(rows[2]).toMatchObject({ notReadBack: false, readsPerWrite: 10 });
    expect(rows[2].economics.netPico).toBe(27_000_000_000n - 750_000_000n);
  });
});

describe("buildHitRatioByDay", () => {
  const row = (day: string, key: string, input: number, read: number) => ({ day, key, inputTokens: input, cacheReadTokens: read, cacheWrite5mTokens: 0, cacheWrite1hTokens: 0 });

  it("zero-fills days, leaves a gap where there was no prompt, and keeps an all-calls line", () => {
    const chart = buildHitRatioByDay([row("2026-09-01", "a", 100, 300), row("2026-09-01", "b", 50, 0), row("2026-09-03", "b", 10, 30)], { from: "2026-09-01", to: "2026-09-03" });
    expect(chart.series.map((s) => s.label)).toEqual(["All calls", "a", "b"]);
    expect(chart.days.map((d) => d.points.map((p) => p.percent))).toEqual([
      [66.67, 75, 0],
      [null, null, null],
      [75, null, 75],
    ]);
    expect(chart.series[0].overall).toBeCloseTo(330 / 490, 10);
    expect(chart.days[0].points[0]).toMatchObject({ cacheReadTokens: 300, promptTokens: 450 });
  });

  it("keeps the top N keys by prompt tokens and merges the rest into Other", () => {
    const chart = buildHitRatioByDay(
      [row("2026-09-01", "a", 1000, 0), row("2026-09-01", "b", 10, 10), row("2026-09-01", "c", 20, 20)],
      { from: "2026-09-01", to: "2026-09-01" },
      { topN: 1, noun: "features" },
    );
    expect(chart.series.map((s) => s.label)).toEqual(["All calls", "a", "Other (2 features)"]);
    expect(chart.series[2].keys).toEqual(["c", "b"]);
    expect(chart.days[0].points[2]).toEqual({ percent: 50, cacheReadTokens: 30, promptTokens: 60 });
  });
});
