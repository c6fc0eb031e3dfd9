import { describe, expect, it } from "vitest";
import type { MonthForecast } from "@/lib/core/forecast";
import { buildBacktestRows, buildForecastChart, formatMiss, formatMonthLong, thinHistoryNote } from "@/lib/core/forecast-view";

const USD = 1_000_000_000_000n;

/** November 2026 as of Nov 2: $1.50 on Nov 1, $0 on Nov 2; Nov 3 projected $2 ($1-$4) from 3 Tuesdays; the rest $0 from none. */
function forecast(): MonthForecast {
  const days: MonthForecast["days"] = [
    { day: "2026-11-01", actualPico: (3n * USD) / 2n, projectedPico: null, lowPico: null, highPico: null, samples: 0 },
    { day: "2026-11-02", actualPico: 0n, projectedPico: null, lowPico: null, highPico: null, samples: 0 },
    { day: "2026-11-03", actualPico: null, projectedPico: 2n * USD, lowPico: USD, highPico: 4n * USD, samples: 3 },
  ];
  for (let d = 4; d <= 30; d++) {
    days.push({ day: `2026-11-${String(d).padStart(2, "0")}`, actualPico: null, projectedPico: 0n, lowPico: 0n, highPico: 0n, samples: 0 });
  }
  return { month: "2026-11", asOf: "2026-11-02", actualToDatePico: (3n * USD) / 2n, projectedPico: (7n * USD) / 2n, lowPico: (5n * USD) / 2n, highPico: (11n * USD) / 2n, remainingDays: 28, thinDays: 28, days };
}

describe("forecast chart rows", () => {
  it("gives actual days a bar and projected days a bar with their range as offsets, and exact strings", () => {
    const rows = buildForecastChart(forecast());
    expect(rows).toHaveLength(30);
    expect(rows[0]).toMatchObject({ label: "Nov 1", kind: "actual", actual: 1.5, projected: null, band: null, exact: "1.5", basis: null });
    expect(rows[1]).toMatchObject({ kind: "actual", actual: 0, exact: "0" });
    expect(rows[2]).toMatchObject({
      longLabel: "Tue, Nov 3, 2026",
      kind: "projected",
      actual: null,
      projected: 2,
      band: [1, 2],
      exact: "2",
      lowExact: "1",
      highExact: "4",
      basis: "latest week x Tuesdays' share of the last 3 weeks",
    });
    expect(rows[3]).toMatchObject({ band: null, basis: "nothing spent on a Wednesday in the weeks before: counted as $0" });
  });
});

describe("backtest rows", () => {
  it("reads as month, day, short and exact money, and a signed miss", () => {
    const [row] = buildBacktestRows([{ month: "2026-10", dayOfMonth: 7, forecastPico: 1_234_560_000_000n, actualPico: USD, error: 0.23456, withinBand: false }]);
    expect(row).toEqual({
      key: "2026-10-7",
      monthLabel: "Oct 2026",
      asOfLabel: "day 7",
      forecastShort: "$1.23",
      forecastExact: "1.23456",
      actualShort: "$1.00",
      actualExact: "1",
      miss: "+23.5%",
      error: 0.23456,
      withinBand: false,
    });
  });

  it("writes misses with a real minus sign, and none for a month without spend", () => {
    expect([formatMiss(-0.125), formatMiss(0), formatMiss(0.00004), formatMiss(null)]).toEqual(["−12.5%", "0.0%", "0.0%", "—"]);
  });
});

describe("words", () => {
  it("names the month and says plainly when history is thin", () => {
    expect(formatMonthLong("2026-11")).toBe("November 2026");
    expect(thinHistoryNote(forecast(), "2026-11-01")).toBe(
      "28 of the 28 remaining days are projected from less than 4 weeks of history (spend for this view starts on Nov 1, 2026), so the projection and its range are rougher than usual.",
    );
    expect(thinHistoryNote({ ...forecast(), thinDays: 0 }, "2026-09-01")).toBeNull();
  });
});
