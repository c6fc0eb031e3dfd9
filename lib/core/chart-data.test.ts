import { describe, expect, it } from "vitest";
import {
  FAMILY_PALETTE,
  OTHER_SERIES_COLOR,
  assignModelColors,
  attributionLabel,
  buildSpendByDay,
  cacheHitRatio,
  cacheSavingsPico,
  daysInRange,
  formatDayLong,
  formatDayShort,
  formatPercent,
  formatRangeLabel,
  formatUsdTick,
  modelFamily,
  picoToUsd,
  previousPeriod,
  rangeLength,
  rangePresets,
  rankSpend,
  shiftDay,
  splitIntoWeeks,
  weekStart,
} from "@/lib/core/chart-data";

const USD = 1_000_000_000_000n;

describe("daysInRange", () => {
  it("lists every day of the range, both ends included, across a month end", () => {
    expect(daysInRange("2026-10-30", "2026-11-02")).toEqual(["2026-10-30", "2026-10-31", "2026-11-01", "2026-11-02"]);
  });

  it("gives one day for a one-day range and none for a reversed range", () => {
    expect(daysInRange("2026-11-03", "2026-11-03")).toEqual(["2026-11-03"]);
    expect(daysInRange("2026-11-03", "2026-11-02")).toEqual([]);
  });

  it("includes Feb 29 in a leap year", () => {
    expect(daysInRange("2028-02-28", "2028-03-01")).toEqual(["2028-02-28", "2028-02-29", "2028-03-01"]);
  });
});

describe("rangePresets", () => {
  it("gives today, 7 and 30 days ending today, month to date and last month", () => {
    const presets = Object.fromEntries(rangePresets("2026-11-23").map((p) => [p.id, [p.from, p.to]]));
    expect(presets).toEqual({
      today: ["2026-11-23", "2026-11-23"],
      "7d": ["2026-11-17", "2026-11-23"],
      "30d": ["2026-10-25", "2026-11-23"],
      mtd: ["2026-11-01", "2026-11-23"],
      "last-month": ["2026-10-01", "2026-10-31"],
    });
  });

  it("wraps last month into the previous year in January", () => {
    const lastMonth = rangePresets("2027-01-05").find((p) => p.id === "last-month")!;
    expect([lastMonth.from, lastMonth.to]).toEqual(["2026-12-01", "2026-12-31"]);
  });
});

describe("previousPeriod", () => {
  it("is the equal-length period just before, across month ends", () => {
    expect(previousPeriod({ from: "2026-11-01", to: "2026-11-30" })).toEqual({ from: "2026-10-02", to: "2026-10-31" });
    expect(previousPeriod({ from: "2026-03-01", to: "2026-03-01" })).toEqual({ from: "2026-02-28", to: "2026-02-28" });
    expect(rangeLength({ from: "2026-10-25", to: "2026-11-23" })).toBe(30);
  });
});

describe("day labels", () => {
  it("formats UTC days without depending on the locale", () => {
    expect(formatDayShort("2026-11-03")).toBe("Nov 3");
    expect(formatDayLong("2026-11-03")).toBe("Tue, Nov 3, 2026");
    expect(formatRangeLabel("2026-11-01", "2026-11-30")).toBe("Nov 1 – Nov 30, 2026");
    expect(formatRangeLabel("2025-12-20", "2026-01-03")).toBe("Dec 20, 2025 – Jan 3, 2026");
  });
});

describe("numbers", () => {
  it("converts pico-USD to a USD number without losing cents on large amounts", () => {
    expect(picoToUsd(51_000_000_000n)).toBe(0.051);
    expect(picoToUsd(123_456_789n * USD + 12n * 10_000_000_000n)).toBeCloseTo(123_456_789.12, 2);
  });

  it("formats axis ticks in short dollars", () => {
    expect(formatUsdTick(0)).toBe("$0");
    expect(formatUsdTick(0.05)).toBe("$0.05");
    expect(formatUsdTick(0.005)).toBe("$0.005");
    expect(formatUsdTick(0.0000001)).toBe("$0.0000001");
    expect(formatUsdTick(28)).toBe("$28");
    expect(formatUsdTick(2.5)).toBe("$2.50");
    expect(formatUsdTick(1500)).toBe("$1.5K");
  });

  it("formats ratios as percentages", () => {
    expect(formatPercent(0.6243)).toBe("62.4%");
    expect(formatPercent(0)).toBe("0%");
    expect(formatPercent(0.0004)).toBe("<0.1%");
    expect(formatPercent(null)).toBe("—");
  });
});

describe("cache metrics", () => {
  it("measures cache hits against the whole prompt (input + cache reads + both cache writes)", () => {
    const ratio = cacheHitRatio({ inputTokens: 6912, cacheReadTokens: 100_000, cacheWrite5mTokens: 9024, cacheWrite1hTokens: 2000 });
    expect(ratio).toBeCloseTo(100_000 / 117_936, 10);
  });

  it("has no ratio when there were no prompt tokens", () => {
    expect(cacheHitRatio({ inputTokens: 0, cacheReadTokens: 0, cacheWrite5mTokens: 0, cacheWrite1hTokens: 0 })).toBeNull();
  });

  it("saves the difference between cache reads at the input price and what they cost", () => {
    expect(cacheSavingsPico({ cacheReadCostPico: 15_000_000_000n, cacheReadFullCostPico: 150_000_000_000n })).toBe(135_000_000_000n);
  });
});

describe("model colours", () => {
  it("maps model ids to families", () => {
    expect(modelFamily("claude-opus-4-6")).toBe("opus");
    expect(modelFamily("claude-3-5-sonnet-20241022")).toBe("sonnet");
    expect(modelFamily("claude-haiku-4-5")).toBe("haiku");
    expect(modelFamily("claude-fable-1")).toBe("fable");
    expect(modelFamily("claude-nova-preview")).toBe("other");
  });

  it("gives each family one hue and each model of a family its own shade, stable across views", () => {
    const colors = assignModelColors(["claude-sonnet-4-5", "claude-opus-4-6", "claude-sonnet-4-6", "claude-nova-preview"]);
    expect(colors["claude-sonnet-4-6"]).toBe(FAMILY_PALETTE.sonnet[0]);
    expect(colors["claude-sonnet-4-5"]).toBe(FAMILY_PALETTE.sonnet[1]);
    expect(colors["claude-opus-4-6"]).toBe(FAMILY_PALETTE.opus[0]);
    expect(colors["claude-nova-preview"]).toBe(FAMILY_PALETTE.other[0]);
    expect(assignModelColors(["claude-sonnet-4-6", "claude-sonnet-4-5"])).toEqual({
      "claude-sonnet-4-6": colors["claude-sonnet-4-6"],
      "claude-sonnet-4-5": colors["claude-sonnet-4-5"],
    });
  });
});

describe("buildSpendByDay", () => {
  const range = { from: "2026-11-01", to: "2026-11-04" };

  it("zero-fills days without calls and keeps exact totals per day and series", () => {
    const chart = buildSpendByDay(
      [
        { day: "2026-11-01", model: "claude-sonnet-4-6", costPico: 76_500_000_000n },
        { day: "2026-11-03", model: "claude-sonnet-4-6", costPico: 9_876_000_000n },
        { day: "2026-11-02", model: "claude-haiku-4-5", costPico: 7_500_000_000n },
      ],
      range,
    );
    expect(chart.days.map((d) => d.day)).toEqual(["2026-11-01", "2026-11-02", "2026-11-03", "2026-11-04"]);
    expect(chart.series.map((s) => s.label)).toEqual(["claude-sonnet-4-6", "claude-haiku-4-5"]);
    expect(chart.days.map((d) => d.exact)).toEqual([
      ["0.0765", "0"],
      ["0", "0.0075"],
      ["0.009876", "0"],
      ["0", "0"],
    ]);
    expect(chart.days[3].values).toEqual([0, 0]);
    expect(chart.days.map((d) => d.totalExact)).toEqual(["0.0765", "0.0075", "0.009876", "0"]);
    expect(chart.series.map((s) => s.totalExact)).toEqual(["0.086376", "0.0075"]);
    expect(chart.totalExact).toBe("0.093876");
  });

  it("merges models beyond the top N by spend into Other, summing them exactly", () => {
    const rows = Array.from({ length: 8 }, (_, i) => ({ day: "2026-11-02", model: `model-${i}`, costPico: BigInt(i + 1) * 1_000_000_001n }));
    const chart = buildSpendByDay(rows, range, { topN: 6 });
    expect(chart.series).toHaveLength(7);
    expect(chart.series.slice(0, 6).map((s) => s.label)).toEqual(["model-7", "model-6", "model-5", "model-4", "model-3", "model-2"]);
    const other = chart.series[6];
    expect(other.label).toBe("Other (2 models)");
    expect(other.models).toEqual(["model-1", "model-0"]);
    expect(other.color).toBe(OTHER_SERIES_COLOR);
    expect(chart.days[1].exact[6]).toBe("0.003000000003");
    expect(chart.totalExact).toBe("0.036000000036");
  });

  it("does not make an Other series when there are at most N models", () => {
    const rows = Array.from({ length: 6 }, (_, i) => ({ day: "2026-11-01", model: `m${i}`, costPico: 1n }));
    expect(buildSpendByDay(rows, range).series.map((s) => s.label)).not.toContain(expect.stringMatching(/^Other/));
  });

  it("ignores rows outside the range and draws an empty range as zero days", () => {
    const chart = buildSpendByDay([{ day: "2026-10-31", model: "claude-opus-4-6", costPico: USD }], range);
    expect(chart.series).toEqual([]);
    expect(chart.days).toHaveLength(4);
    expect(chart.totalExact).toBe("0");
  });

  it("colours series by the colours passed in", () => {
    const chart = buildSpendByDay([{ day: "2026-11-01", model: "claude-opus-4-6", costPico: USD }], range, {
      colors: { "claude-opus-4-6": "#123456" },
    });
    expect(chart.series[0].color).toBe("#123456");
  });
});

describe("rankSpend", () => {
  it("sorts by spend, gives exact and short money, shares and bar lengths", () => {
    const rows = rankSpend(
      [
        { key: "triage", costPico: 7_500_000_000n, calls: 2, unpricedCalls: 1 },
        { key: "chat", costPico: 86_376_000_000n, calls: 3, unpricedCalls: 0 },
        { key: "", costPico: 0n, calls: 1, unpricedCalls: 0 },
      ],
      { label: (key) => attributionLabel(key, "feature") },
    );
    expect(rows.map((r) => [r.label, r.exact, r.short])).toEqual([
      ["chat", "0.086376", "$0.09"],
      ["triage", "0.0075", "$0.0075"],
      ["(no feature)", "0", "$0"],
    ]);
    expect(rows[0].barFraction).toBe(1);
    expect(rows[1].barFraction).toBeCloseTo(0.0868, 4);
    expect(rows[0].share + rows[1].share + rows[2].share).toBeCloseTo(1, 3);
    expect(rows[1].unpricedCalls).toBe(1);
  });

  it("gives zero shares when nothing was spent", () => {
    const [row] = rankSpend([{ key: "claude-nova-preview", costPico: 0n, calls: 4, unpricedCalls: 4 }]);
    expect([row.share, row.barFraction]).toEqual([0, 0]);
  });
});

describe("weeks", () => {
  it("finds the Monday of a day's week", () => {
    expect(["2026-11-30", "2026-12-02", "2026-12-06"].map(weekStart)).toEqual(["2026-11-30", "2026-11-30", "2026-11-30"]);
    expect(weekStart("2026-12-07")).toBe("2026-12-07");
    expect(weekStart("2027-01-01")).toBe("2026-12-28");
  });

  it("cuts a range into whole weeks (as their Mondays) and the days at its ends", () => {
    // Wed Nov 4 .. Tue Dec 1 2026: weeks starting Nov 9 .. Nov 23, days Nov 4-8 and Nov 30-Dec 1.
    expect(splitIntoWeeks({ from: "2026-11-04", to: "2026-12-01" })).toEqual({
      weeks: { from: "2026-11-09", to: "2026-11-23" },
      days: [{ from: "2026-11-04", to: "2026-11-08" }, { from: "2026-11-30", to: "2026-12-01" }],
    });
    // Exactly Mon Nov 9 .. Sun Nov 22: two whole weeks, no days.
    expect(splitIntoWeeks({ from: "2026-11-09", to: "2026-11-22" })).toEqual({ weeks: { from: "2026-11-09", to: "2026-11-16" }, days: [] });
    // Thu .. next Tue: no whole week.
    expect(splitIntoWeeks({ from: "2026-11-05", to: "2026-11-10" })).toEqual({ weeks: null, days: [{ from: "2026-11-05", to: "2026-11-10" }] });
  });

  it("covers every day of a range exactly once, whatever its ends", () => {
    for (let start = 0; start < 14; start++) {
      for (let length = 1; length < 40; length++) {
        const from = shiftDay("2026-11-01", start);
        const to = shiftDay(from, length - 1);
        const { weeks, days } = splitIntoWeeks({ from, to });
        const covered = [...days.flatMap((d) => daysInRange(d.from, d.to)), ...(weeks ? daysInRange(weeks.from, shiftDay(weeks.to, 6)) : [])].sort();
        expect(covered).toEqual(daysInRange(from, to));
        if (weeks) expect(daysInRange(weeks.from, weeks.to).filter((d) => weekStart(d) === d)).toHaveLength((daysInRange(weeks.from, weeks.to).length + 6) / 7);
      }
    }
  });
});
