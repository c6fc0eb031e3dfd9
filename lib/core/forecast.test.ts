import { describe, expect, it } from "vitest";
import { shiftDay } from "@/lib/core/chart-data";
import { backtest, forecastMonth } from "@/lib/core/forecast";

const USD = 1_000_000_000_000n;

/** Spend per day from `from` to `to`: `weekday` USD on Monday-Friday, `weekend` USD on Saturday and Sunday. */
function pattern(from: string, to: string, weekday: bigint, weekend: bigint, override: (day: string) => bigint | undefined = () => undefined) {
  const daily = new Map<string, bigint>();
  for (let day = from; day <= to; day = shiftDay(day, 1)) {
    const dow = new Date(`${day}T00:00:00Z`).getUTCDay();
    daily.set(day, (override(day) ?? (dow === 0 || dow === 6 ? weekend : weekday)) * USD);
  }
  return daily;
}

describe("forecastMonth", () => {
  it("projects the rest of the month weekday by weekday", () => {
    // Nov 2026: Nov 1 is a Sunday. To Nov 14: 10 weekdays x $10 + 4 weekend days x $2 = $108.
    // Nov 15-30: 11 weekdays x $10 + 5 weekend days x $2 = $120. A flat average ($108 / 14 = $7.71 a day)
    // would say $231.43; by weekday it is $228.
    const f = forecastMonth(pattern("2026-09-01", "2026-11-14", 10n, 2n), "2026-11-14");
    expect(f.actualToDatePico).toBe(108n * USD);
    expect(f.remainingDays).toBe(16);
    expect(f.projectedPico).toBe(228n * USD);
    expect([f.lowPico, f.highPico]).toEqual([228n * USD, 228n * USD]);
    expect(f.thinDays).toBe(0);
  });

  it("gives a band from the lowest and highest of the last four same weekdays", () => {
    // Mondays alternate $10 and $30 (Oct 19: 10, Oct 26: 30, Nov 2: 10, Nov 9: 30); other days $0.
    const mondays: Record<string, bigint> = { "2026-10-19": 10n, "2026-10-26": 30n, "2026-11-02": 10n, "2026-11-09": 30n };
    const daily = pattern("2026-10-01", "2026-11-14", 0n, 0n, (day) => mondays[day]);
    const f = forecastMonth(daily, "2026-11-14");
    // To date: Nov 2 + Nov 9 = $40. Remaining Mondays Nov 16, 23, 30: each mean $20, low $10, high $30.
    expect(f.actualToDatePico).toBe(40n * USD);
    expect(f.projectedPico).toBe(100n * USD);
    expect(f.lowPico).toBe(70n * USD);
    expect(f.highPico).toBe(130n * USD);
  });

  it("says how many days rest on less than four weeks of history", () => {
    const f = forecastMonth(pattern("2026-11-01", "2026-11-14", 10n, 2n), "2026-11-14");
    expect(f.thinDays).toBe(16);
    expect(f.projectedPico).toBe(228n * USD);
  });

  it("counts days without spend as $0 and ignores days after asOf", () => {
    const daily = new Map([
      ["2026-10-01", 5n * USD],
      ["2026-11-20", 99n * USD],
    ]);
    const f = forecastMonth(daily, "2026-11-14");
    expect(f.actualToDatePico).toBe(0n);
    expect(f.projectedPico).toBe(0n);
  });
});

describe("backtest", () => {
  it("is exact on a steady weekly pattern and reports day 7, 14 and 21 of each complete month", () => {
    const points = backtest(pattern("2026-08-01", "2026-11-22", 10n, 2n), "2026-11-23");
    // August's day 21 has only 21 days of history before it (from Aug 1), not four weeks: left out.
    expect(points.map((p) => `${p.month}@${p.dayOfMonth}`)).toEqual([
      "2026-09@7",
      "2026-09@14",
      "2026-09@21",
      "2026-10@7",
      "2026-10@14",
      "2026-10@21",
    ]);
    for (const p of points) {
      expect(p.error).toBe(0);
      expect(p.withinBand).toBe(true);
    }
  });

  it("measures the miss when spend doubles mid-month", () => {
    // October: weekdays $10 until Oct 16, then $20. Weekends $0.
    const daily = pattern("2026-08-01", "2026-10-31", 10n, 0n, (day) => {
      const dow = new Date(`${day}T00:00:00Z`).getUTCDay();
      return day >= "2026-10-17" && dow !== 0 && dow !== 6 ? 20n : undefined;
    });
    const oct14 = backtest(daily, "2026-11-23").find((p) => p.month === "2026-10" && p.dayOfMonth === 14)!;
    // October 2026 has 22 weekdays: 12 before Oct 17 ($120) and 10 after ($200): actual $320.
    // As of Oct 14 (10 weekdays, $100), the 12 remaining weekdays are projected at $10: $220.
    expect(oct14.actualPico).toBe(320n * USD);
    expect(oct14.forecastPico).toBe(220n * USD);
    expect(oct14.error).toBe(-0.3125);
    expect(oct14.withinBand).toBe(false);
  });
});
