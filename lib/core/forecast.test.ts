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

  it("takes the level from the latest week and moves it by its largest distance from the last four for the band", () => {
    // Mondays alternate $10 and $30 (Oct 19: 10, Oct 26: 30, Nov 2: 10, Nov 9: 30); other days $0.
    // The four weeks ending Saturday Nov 14 spent 10, 30, 10, 30 (latest last); Mondays hold all of it.
    const mondays: Record<string, bigint> = { "2026-10-19": 10n, "2026-10-26": 30n, "2026-11-02": 10n, "2026-11-09": 30n };
    const daily = pattern("2026-10-01", "2026-11-14", 0n, 0n, (day) => mondays[day]);
    const f = forecastMonth(daily, "2026-11-14");
    // To date: Nov 2 + Nov 9 = $40. Remaining Mondays Nov 16, 23, 30: the latest week's $30 each; the
    // level is $20 from the $10 weeks, so the band is $10 to $50 a Monday.
    expect(f.actualToDatePico).toBe(40n * USD);
    expect(f.projectedPico).toBe(130n * USD);
    expect(f.lowPico).toBe(70n * USD);
    expect(f.highPico).toBe(190n * USD);
  });

  it("follows a step change as soon as a week has passed", () => {
    // Weekdays $10 and weekends $2 until Sunday Nov 8, then weekdays $20 (a prompt change). As of Saturday
    // Nov 14 the latest week spent 5 x $20 + 2 x $2 = $104. The four weeks' shape: each weekday
    // (3 x 10 + 20) / (4 weeks' $266) of it, each weekend day 8 / 266.
    const daily = pattern("2026-09-01", "2026-11-14", 10n, 2n, (day) => {
      const dow = new Date(`${day}T00:00:00Z`).getUTCDay();
      return day >= "2026-11-09" && dow !== 0 && dow !== 6 ? 20n : undefined;
    });
    const f = forecastMonth(daily, "2026-11-14");
    // Remaining: 11 weekdays x 104 x 50 / 266 + 5 weekend days x 104 x 8 / 266 = (57,200 + 4,160) / 266 = $230.68...
    // To date: 10 weekdays (5 at $10, 5 at $20) + 4 weekend days x $2 = $158.
    expect(f.actualToDatePico).toBe(158n * USD);
    expect(f.projectedPico).toBe(158n * USD + (104n * USD * 50n) / 266n * 11n + (104n * USD * 8n) / 266n * 5n);
    // The old level ($54 a week) bounds the range below: 11 x 54 x 50 / 266 + 5 x 54 x 8 / 266.
    expect(f.lowPico).toBe(158n * USD + (54n * USD * 50n) / 266n * 11n + (54n * USD * 8n) / 266n * 5n);
  });

  it("says how many days rest on less than four weeks of history", () => {
    const f = forecastMonth(pattern("2026-11-01", "2026-11-14", 10n, 2n), "2026-11-14");
    expect(f.thinDays).toBe(16);
    expect(f.projectedPico).toBe(228n * USD);
  });

  it("lists every day of the month: actual through asOf, then projected with its band", () => {
    // History starts Sunday Nov 1: weekdays $10 (Monday Nov 9 $30), weekends $2, to Saturday Nov 14.
    // Actual: 9 weekdays x $10 + $30 + 4 weekend days x $2 = $128, also the two weeks' spend: the week
    // to Nov 7 $54, the latest $74. Shares of the $128: Sundays and Saturdays 4, Mondays 40, Tuesdays to
    // Fridays 20 each. A remaining Monday is $74 x 40 / 128 = $23.125 (low $54 x 40 / 128 = $16.875),
    // a Tuesday to Friday $11.5625 ($8.4375), a weekend day $2.3125 ($1.6875).
    // Nov 15-30 has 3 Sundays, 3 Mondays, 8 Tuesdays to Fridays and 2 Saturdays:
    // projected $128 + 5 x 2.3125 + 3 x 23.125 + 8 x 11.5625 = $301.4375; low $128 + 5 x 1.6875 + 3 x 16.875 + 8 x 8.4375 = $254.5625;
    // high from $74 + $20 = $94 a week: $128 + 5 x 2.9375 + 3 x 29.375 + 8 x 14.6875 = $348.3125.
    const daily = pattern("2026-11-01", "2026-11-14", 10n, 2n, (day) => (day === "2026-11-09" ? 30n : undefined));
    const f = forecastMonth(daily, "2026-11-14");
    const usd = (text: string) => BigInt(Math.round(Number(text) * 1e4)) * (USD / 10_000n);
    expect([f.actualToDatePico, f.projectedPico, f.lowPico, f.highPico]).toEqual([128n * USD, usd("301.4375"), usd("254.5625"), usd("348.3125")]);
    expect(f.thinDays).toBe(16);
    expect(f.days).toHaveLength(30);
    expect(f.days[0]).toEqual({ day: "2026-11-01", actualPico: 2n * USD, projectedPico: null, lowPico: null, highPico: null, samples: 0 });
    expect(f.days[8]).toEqual({ day: "2026-11-09", actualPico: 30n * USD, projectedPico: null, lowPico: null, highPico: null, samples: 0 });
    expect(f.days[13].day).toBe("2026-11-14");
    expect(f.days[14]).toEqual({ day: "2026-11-15", actualPico: null, projectedPico: usd("2.3125"), lowPico: usd("1.6875"), highPico: usd("2.9375"), samples: 2 });
    expect(f.days[15]).toEqual({ day: "2026-11-16", actualPico: null, projectedPico: usd("23.125"), lowPico: usd("16.875"), highPico: usd("29.375"), samples: 2 });
    expect(f.days[29]).toEqual({ day: "2026-11-30", actualPico: null, projectedPico: usd("23.125"), lowPico: usd("16.875"), highPico: usd("29.375"), samples: 2 });
    // The days add up to the month's totals.
    const sum = (pick: (d: (typeof f.days)[number]) => bigint | null) => f.days.reduce((s, d) => s + (pick(d) ?? 0n), 0n);
    expect(sum((d) => d.actualPico)).toBe(f.actualToDatePico);
    expect(f.actualToDatePico + sum((d) => d.projectedPico)).toBe(f.projectedPico);
    expect(f.actualToDatePico + sum((d) => d.lowPico)).toBe(f.lowPico);
    expect(f.actualToDatePico + sum((d) => d.highPico)).toBe(f.highPico);
  });

  it("projects $0 on a weekday never seen, and says the days rest on no whole week", () => {
    // Only Saturday Nov 14 ($5) is known: Saturdays Nov 21 and 28 repeat it; every other day has no history.
    const f = forecastMonth(new Map([["2026-11-14", 5n * USD]]), "2026-11-14");
    expect(f.days[14]).toMatchObject({ day: "2026-11-15", projectedPico: 0n, lowPico: 0n, highPico: 0n, samples: 0 });
    expect(f.days[20]).toMatchObject({ day: "2026-11-21", projectedPico: 5n * USD, samples: 0 });
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
