import { describe, expect, it } from "vitest";
import { formatCount, formatUsdExact, formatUsdShort, parseUsdToPico } from "@/lib/core/money";

describe("formatUsdExact", () => {
  it("prints exact decimal dollars without trailing zeros", () => {
    expect(formatUsdExact(51_000_000_000n)).toBe("0.051");
    expect(formatUsdExact(0n)).toBe("0");
    expect(formatUsdExact(12_345_678_901_000n)).toBe("12.345678901");
    expect(formatUsdExact(5_500n)).toBe("0.0000000055");
    expect(formatUsdExact(-2_500_000_000_000n)).toBe("-2.5");
    expect(formatUsdExact(10n ** 30n)).toBe("1000000000000000000");
  });

  it("round-trips through parseUsdToPico", () => {
    for (const pico of [0n, 1n, 51_000_000_000n, 123_456_789_012_345n, -7n]) {
      expect(parseUsdToPico(formatUsdExact(pico))).toBe(pico);
    }
  });

  it("refuses amounts it cannot hold exactly", () => {
    expect(() => parseUsdToPico("0.0000000000001")).toThrow(/exact USD/);
    expect(() => parseUsdToPico("1e-3")).toThrow();
  });
});

describe("short formats for people", () => {
  it("abbreviates money and counts", () => {
    expect(formatUsdShort(1_234_560_000_000_000n)).toBe("$1.2K");
    expect(formatUsdShort(3_400_000_000_000n)).toBe("$3.40");
    expect(formatUsdShort(4_200_000_000n)).toBe("$0.0042");
    expect(formatUsdShort(0n)).toBe("$0");
    expect(formatUsdShort(2_500_000_000_000_000_000n)).toBe("$2.5M");
    expect(formatCount(3_400_000)).toBe("3.4M");
    expect(formatCount(950)).toBe("950");
    expect(formatCount(12_345n)).toBe("12.3K");
  });
});
