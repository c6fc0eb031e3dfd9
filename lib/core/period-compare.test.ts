import { describe, expect, it } from "vitest";
import { costPerCall, delta, pointDelta, topMovers } from "@/lib/core/period-compare";

const USD = 1_000_000_000_000n;

describe("delta", () => {
  it("gives signed percentages against the previous period", () => {
    expect(delta(150n * USD, 100n * USD)).toMatchObject({ direction: "up", ratio: 0.5, label: "+50.0%" });
    expect(delta(75, 100)).toMatchObject({ direction: "down", ratio: -0.25, label: "−25.0%" });
    expect(delta(300, 100)).toMatchObject({ direction: "up", label: "+200%" });
    expect(delta(100, 100)).toMatchObject({ direction: "flat", label: "0%" });
    expect(delta(100_001, 100_000)).toMatchObject({ direction: "up", label: "+<0.1%" });
  });

  it("says new when there was nothing before, and nothing when there is nothing at all", () => {
    expect(delta(5n, 0n)).toMatchObject({ direction: "new", ratio: null, label: "new" });
    expect(delta(0, 0)).toMatchObject({ direction: "none", label: "—" });
  });

  it("keeps precision on sums beyond 2^53 pico-USD", () => {
    expect(delta(20_000n * USD + 1n, 10_000n * USD).ratio).toBe(1);
  });

  it("gives percentage points for ratios", () => {
    expect(pointDelta(0.62, 0.5).label).toBe("+12.0 pp");
    expect(pointDelta(0.5, 0.62).label).toBe("−12.0 pp");
    expect(pointDelta(null, 0.5).label).toBe("—");
  });
});

describe("topMovers", () => {
  const previous = [
    { key: "chat", costPico: 100n * USD, calls: 1000 },
    { key: "search", costPico: 50n * USD, calls: 500 },
    { key: "tiny", costPico: 1n * USD, calls: 2 },
    { key: "retired", costPico: 30n * USD, calls: 300 },
  ];
  const current = [
    { key: "chat", costPico: 110n * USD, calls: 1100 }, // +$10, per call flat
    { key: "search", costPico: 100n * USD, calls: 500 }, // +$50, per call doubled
    { key: "tiny", costPico: 3n * USD, calls: 2 }, // per call tripled, but too few calls
    { key: "new-feature", costPico: 20n * USD, calls: 40 },
  ];

  it("ranks by absolute spend change, both ways, including features that appeared or stopped", () => {
    const { bySpend } = topMovers(current, previous, { limit: 3 });
    expect(bySpend.map((m) => [m.key, m.exact.change])).toEqual([
      ["search", "50"],
      ["retired", "-30"],
      ["new-feature", "20"],
    ]);
    expect(bySpend[2].spend.label).toBe("new");
  });

  it("ranks cost per call changes among features with enough calls in both periods", () => {
    const { byCostPerCall } = topMovers(current, previous, { minCalls: 10 });
    expect(byCostPerCall.map((m) => [m.key, m.perCall.label])).toEqual([["search", "+100%"]]);
    expect(byCostPerCall[0].exact).toMatchObject({ previousPerCall: "0.1", currentPerCall: "0.2" });
  });

  it("cost per call needs calls", () => {
    expect(costPerCall(10n, 0)).toBeNull();
    expect(costPerCall(10n, 3)).toBe(3n);
  });
});
