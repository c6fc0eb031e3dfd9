import { describe, expect, it } from "vitest";
import { buildSpendByDay } from "@/lib/core/chart-data";
import { bucketOf } from "@/lib/core/histogram";
import { parseUsdToPico } from "@/lib/core/money";
import { shareOf } from "@/lib/core/chart-data";
import { buildModelRows, buildShareOfSpend, percentileDisplay } from "@/lib/core/models-view";
import { formatUsdPerCall } from "@/lib/core/money";
import { defaultPriceBook } from "@/lib/core/pricing";

const ZERO = { unpricedCalls: 0, inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWrite5mTokens: 0, cacheWrite1hTokens: 0 };

describe("percentileDisplay", () => {
  it("brackets the true cost when every call costs the same, and marks the value as an estimate", () => {
    const cost = 51_000_000_000n; // $0.051
    const shown = percentileDisplay([{ bucket: bucketOf(cost), calls: 7 }], 0.5, "usd")!;
    expect(shown.short).toMatch(/^≈ \$0\.05\d*$/);
    expect(parseUsdToPico(shown.low) <= cost).toBe(true);
    expect(parseUsdToPico(shown.high) > cost).toBe(true);
    // A bucket is at most 1/16 of its lower bound wide.
    expect(Number(parseUsdToPico(shown.high) - parseUsdToPico(shown.low)) / Number(parseUsdToPico(shown.low))).toBeLessThanOrEqual(1 / 16);
    expect(shown.title).toContain(`$${shown.low}`);
  });

  it("reads p95 from the upper buckets and tokens as integers", () => {
    const buckets = [
      { bucket: bucketOf(1000), calls: 95 },
      { bucket: bucketOf(50_000), calls: 5 },
    ];
    expect(Number(percentileDisplay(buckets, 0.5, "tokens")!.low)).toBeLessThanOrEqual(1000);
    const p95 = percentileDisplay(buckets, 0.95, "tokens")!;
    expect(Number(p95.low)).toBeLessThanOrEqual(1000);
    const p96 = percentileDisplay(buckets, 0.96, "tokens")!;
    expect(Number(p96.low)).toBeLessThanOrEqual(50_000);
    expect(Number(p96.high)).toBeGreaterThan(50_000);
    expect(p96.short).toMatch(/^≈ \d+(\.\d)?K$/);
  });

  it("is null without calls", () => {
    expect(percentileDisplay([], 0.5, "usd")).toBeNull();
  });
});

describe("buildModelRows", () => {
  it("sorts by spend, names models from the price book, and computes shares and averages exactly", () => {
    const rows = buildModelRows(
      [
        { ...ZERO, key: "claude-haiku-4-5", costPico: 3_000_000_000n, calls: 2, inputTokens: 3000 },
        { ...ZERO, key: "claude-sonnet-4-6", costPico: 9_000_000_000n, calls: 3, outputTokens: 600 },
        { ...ZERO, key: "claude-nova-preview", costPico: 0n, calls: 1, unpricedCalls: 1, inputTokens: 10 },
      ],
      defaultPriceBook,
    );
    expect(rows.map((r) => r.model)).toEqual(["claude-sonnet-4-6", "claude-haiku-4-5", "claude-nova-preview"]);
    expect(rows[0]).toMatchObject({ displayName: "Claude Sonnet 4.6", family: "sonnet", priced: true, spendExact: "0.009", share: 0.75, avgCostExact: "0.003", avgTokens: 200 });
    expect(rows[1]).toMatchObject({ displayName: "Claude Haiku 4.5", family: "haiku", share: 0.25, avgCostExact: "0.0015", avgTokens: 1500 });
    expect(rows[2]).toMatchObject({ displayName: "claude-nova-preview", family: null, priced: false, spendExact: "0", share: 0, avgCostExact: "0" });
  });

  it("rounds an inexact average half up to a whole pico-USD", () => {
    const [row] = buildModelRows([{ ...ZERO, key: "claude-haiku-4-5", costPico: 2n, calls: 3 }], defaultPriceBook);
    expect(row.avgCostExact).toBe("0.000000000001");
  });
});

describe("buildShareOfSpend", () => {
  it("gives each day's shares of that day's spend, and no shares on a day without spend", () => {
    const chart = buildSpendByDay(
      [
        { day: "2026-09-01", model: "claude-sonnet-4-6", costPico: 3_000_000_000n },
        { day: "2026-09-01", model: "claude-haiku-4-5", costPico: 1_000_000_000n },
        { day: "2026-09-03", model: "claude-haiku-4-5", costPico: 5n },
      ],
      { from: "2026-09-01", to: "2026-09-03" },
    );
    const share = buildShareOfSpend(chart);
    expect(share.series.map((s) => s.label)).toEqual(["claude-sonnet-4-6", "claude-haiku-4-5"]);
    expect(share.days[0]).toMatchObject({ shares: [75, 25], empty: false, totalExact: "0.004" });
    expect(share.days[1]).toMatchObject({ shares: [null, null], empty: true });
    expect(share.days[1].shares.some((v) => Number.isNaN(v))).toBe(false);
    expect(share.days[2].shares).toEqual([0, 100]);
  });
});

describe("formatUsdPerCall", () => {
  it("keeps three significant digits below a dollar", () => {
    expect(formatUsdPerCall(36_500_000_000n)).toBe("$0.0365");
    expect(formatUsdPerCall(7_420_000_000n)).toBe("$0.00742");
    expect(formatUsdPerCall(15_000_000_000n)).toBe("$0.015");
    expect(formatUsdPerCall(2_500_000_000_000n)).toBe("$2.50");
    expect(formatUsdPerCall(0n)).toBe("$0");
  });
});

describe("shareOf", () => {
  it("is 0 for a zero whole", () => {
    expect(shareOf(5n, 0n)).toBe(0);
    expect(shareOf(1n, 3n)).toBe(0.333333);
  });
});
