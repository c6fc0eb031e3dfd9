import { describe, expect, it } from "vitest";
import { shiftDay } from "@/lib/core/chart-data";
import { backtest, forecastMonth, meanAbsoluteError } from "@/lib/core/forecast";

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

  it("lists every day of the month: actual through asOf, then projected with its band", () => {
    // History starts Sunday Nov 1: weekdays $10 (Monday Nov 9 $30), weekends $2, to Saturday Nov 14.
    // Actual: 9 weekdays x $10 + $30 + 4 weekend days x $2 = $128. Each remaining day has two earlier
    // same weekdays: Mondays Nov 16, 23, 30 from Nov 2 ($10) and Nov 9 ($30): $20 each, band $10-$30;
    // 8 other weekdays $10; 5 weekend days $2. Projected $128 + 3 x $20 + $80 + $10 = $278,
    // low $128 + 3 x $10 + $80 + $10 = $248, high $128 + 3 x $30 + $80 + $10 = $308.
    const daily = pattern("2026-11-01", "2026-11-14", 10n, 2n, (day) => (day === "2026-11-09" ? 30n : undefined));
    const f = forecastMonth(daily, "2026-11-14");
    expect([f.actualToDatePico, f.projectedPico, f.lowPico, f.highPico]).toEqual([128n * USD, 278n * USD, 248n * USD, 308n * USD]);
    expect(f.thinDays).toBe(16);
    expect(f.days).toHaveLength(30);
    expect(f.days[0]).toEqual({ day: "2026-11-01", actualPico: 2n * USD, projectedPico: null, lowPico: null, highPico: null, samples: 0 });
    expect(f.days[8]).toEqual({ day: "2026-11-09", actualPico: 30n * USD, projectedPico: null, lowPico: null, highPico: null, samples: 0 });
    expect(f.days[13].day).toBe("2026-11-14");
    expect(f.days[14]).toEqual({ day: "2026-11-15", actualPico: null, projectedPico: 2n * USD, lowPico: 2n * USD, highPico: 2n * USD, samples: 2 });
    expect(f.days[15]).toEqual({ day: "2026-11-16", actualPico: null, projectedPico: 20n * USD, lowPico: 10n * USD, highPico: 30n * USD, samples: 2 });
    expect(f.days[29]).toEqual({ day: "2026-11-30", actualPico: null, projectedPico: 20n * USD, lowPico: 10n * USD, highPico: 30n * USD, samples: 2 });
    // The days add up to the month's totals.
    const sum = (pick: (d: (typeof f.days)[number]) => bigint | null) => f.days.reduce((s, d) => s + (pick(d) ?? 0n), 0n);
    expect(sum((d) => d.actualPico)).toBe(f.actualToDatePico);
    expect(f.actualToDatePico + sum((d) => d.projectedPico)).toBe(f.projectedPico);
    expect(f.actualToDatePico + sum((d) => d.lowPico)).toBe(f.lowPico);
    expect(f.actualToDatePico + sum((d) => d.highPico)).toBe(f.highPico);
  });

  it("projects $0 on a day with no earlier same weekday, and says it rests on none", () => {
    // Only Saturday Nov 14 ($5) is known: Saturdays Nov 21 and 28 repeat it; every other day has no history.
    const f = forecastMonth(new Map([["2026-11-14", 5n * USD]]), "2026-11-14");
    expect(f.days[14]).toMatchObject({ day: "2026-11-15", projectedPico: 0n, lowPico: 0n, highPico: 0n, samples: 0 });
    expect(f.days[20]).toMatchObject({ day: "2026-11-21", projectedPico: 5n * USD, samples: 1 });
    expect(f.projectedPico).toBe(15n * USD);
    expect(f.thinDays).toBe(16);
  });

  it("has no projected days as of the month's last day", () => {
    const f = forecastMonth(pattern("2026-09-01", "2026-11-30", 10n, 2n), "2026-11-30");
    expect(f.remainingDays).toBe(0);
    expect(f.days.every((d) => d.actualPico !== null && d.projectedPico === null)).toBe(true);
    expect(f.projectedPico).toBe(f.actualToDatePico);
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

describe("meanAbsoluteError", () => {
  it("averages the size of the misses, skipping months without spend", () => {
    const point = (error: number | null) => ({ month: "2026-10", dayOfMonth: 7, forecastPico: 0n, actualPico: 0n, error, withinBand: false });
    expect(meanAbsoluteError([point(0.1), point(-0.3), point(null)])).toBeCloseTo(0.2, 12);
    expect(meanAbsoluteError([point(null)])).toBeNull();
    expect(meanAbsoluteError([])).toBeNull();
  });
});
