import { describe, expect, it } from "vitest";
import { formatUsdExact, parseUsdToPico, sumPico } from "@/lib/core/money";
import {
  type ReportRow,
  buildMonthlyReport,
  isMonth,
  isTimeZone,
  lastCompleteMonth,
  monthDays,
  monthOf,
  monthRangeMs,
  monthlyReportToJson,
  priceBookLabel,
  shiftMonth,
} from "@/lib/core/monthly-report";

const row = (project: string, feature: string, model: string, usd: string, calls: number, extra: Partial<ReportRow> = {}): ReportRow => ({
  project,
  feature,
  model,
  serviceTier: "standard",
  calls,
  unpricedCalls: 0,
  costPico: parseUsdToPico(usd),
  ...extra,
});

// September: $1,000 (Opus 30%). October: $1,230, of which code-review on Opus grew by $200.
const PREVIOUS = [
  row("web", "chat", "claude-sonnet-4-6", "400", 400),
  row("ops", "summarize", "claude-haiku-4-5", "300", 300),
  row("web", "code-review", "claude-opus-4-6", "300", 30),
];
const CURRENT = [
  row("web", "chat", "claude-sonnet-4-6", "450", 450),
  row("ops", "summarize", "claude-haiku-4-5", "250", 250),
  row("web", "code-review", "claude-opus-4-6", "500", 50),
  row("api", "batch-job", "claude-haiku-4-5", "30", 5, { serviceTier: "priority" }),
  row("api", "", "mystery-model", "0", 2, { unpricedCalls: 2 }),
];

const report = buildMonthlyReport({
  month: "2026-10",
  timeZone: "UTC",
  current: CURRENT,
  previous: PREVIOUS,
  cacheSplitMissingCalls: 3,
  priceBookVersion: "2026-11-01",
  overrides: [{ id: 3, model: "claude-opus-4-6", effectiveFrom: "2026-10-01", effectiveTo: null, multiplier: "0.85", prices: [] }],
});

describe("buildMonthlyReport", () => {
  it("totals the month and compares it with the month before", () => {
    expect(formatUsdExact(report.totalPico)).toBe("1230");
    expect(formatUsdExact(report.previousTotalPico)).toBe("1000");
    expect(formatUsdExact(report.changePico)).toBe("230");
    expect(report.change.label).toBe("+23.0%");
    expect([report.calls, report.previousCalls, report.unpricedCalls]).toEqual([757, 730, 2]);
    expect(report.previousMonth).toBe("2026-09");
  });

  it("makes every breakdown add up to the total to the pico", () => {
    for (const lines of Object.values(report.lines)) expect(sumPico(lines.map((l) => l.costPico))).toBe(report.totalPico);
    for (const lines of Object.values(report.lines)) expect(sumPico(lines.map((l) => l.previousCostPico))).toBe(report.previousTotalPico);
  });

  it("gives each line its spend, share, calls, previous spend and change", () => {
    const features = report.lines.feature.map((l) => [l.label, formatUsdExact(l.costPico), l.calls, formatUsdExact(l.previousCostPico), formatUsdExact(l.changePico), l.change.label]);
    expect(features).toEqual([
      ["code-review", "500", 50, "300", "200", "+66.7%"],
      ["chat", "450", 450, "400", "50", "+12.5%"],
      ["summarize", "250", 250, "300", "-50", "−16.7%"],
      ["batch-job", "30", 5, "0", "30", "new"],
      ["(none)", "0", 2, "0", "0", "—"],
    ]);
    expect(report.lines.feature[0].share).toBeCloseTo(500 / 1230, 5);
    expect(report.lines.project.map((l) => [l.key, formatUsdExact(l.changePico)])).toEqual([["web", "250"], ["ops", "-50"], ["api", "30"]]);
    expect(report.lines.model.map((l) => l.key)).toEqual(["claude-opus-4-6", "claude-sonnet-4-6", "claude-haiku-4-5", "mystery-model"]);
  });

  it("keeps lines only the previous month had, with zero spend, after the others", () => {
    const r = buildMonthlyReport({ ...baseInput(), current: CURRENT.slice(0, 1), previous: PREVIOUS });
    expect(r.lines.feature.map((l) => [l.key, formatUsdExact(l.costPico), l.change.label])).toEqual([
      ["chat", "450", "+12.5%"],
      ["code-review", "0", "−100%"],
      ["summarize", "0", "−100%"],
    ]);
  });

  it("ranks top movers by the size of their change in dollars", () => {
    expect(report.movers.map((m) => `${m.dimension}:${m.key} ${formatUsdExact(m.changePico)}`)).toEqual([
      "project:web 250",
      "feature:code-review 200",
      "feature:chat 50",
      "feature:summarize -50",
      "project:ops -50",
    ]);
  });

  it("warns about unpriced models, missing cache splits and priority-tier spend", () => {
    expect(report.warnings.map((w) => w.code)).toEqual(["unpriced_calls", "cache_split_missing", "priority_tier"]);
    expect(report.warnings[0].models).toEqual(["mystery-model"]);
    expect(report.warnings[0].message).toContain("2 calls used a model without a price (mystery-model)");
    expect(report.warnings[1].calls).toBe(3);
    expect(report.warnings[2].message).toContain("$30 of spend (5 calls) ran on the Priority Tier");
  });

  it("writes the narrative from the numbers", () => {
    expect(report.narrative).toEqual([
      "Spend rose 23% to $1.2K (from $1.0K).",
      "Opus share rose from 30% to 41%, driven by feature code-review (+$200.00).",
      "The largest other change: project web, +$250.00 (+35.7%), now $950.00.",
      "2 calls had no price and are not in the total.",
    ]);
  });

  it("says so when there is nothing to compare with", () => {
    const r = buildMonthlyReport({ ...baseInput(), current: CURRENT.slice(0, 1), previous: [] });
    expect(r.narrative[0]).toBe("Spend was $450.00 across 450 calls; the month before had none to compare with.");
    expect(buildMonthlyReport({ ...baseInput(), current: [], previous: [] }).narrative).toEqual(["No calls were recorded this month or the month before."]);
  });

  it("names the price book and the overrides in force", () => {
    expect(priceBookLabel(report.priceBook)).toBe("2026-11-01 + override #3 (claude-opus-4-6 ×0.85 from 2026-10-01)");
  });

  it("serialises to JSON with exact decimal strings", () => {
    const json = JSON.parse(JSON.stringify(monthlyReportToJson(report)));
    expect(json.totalUsd).toBe("1230");
    expect(json.byFeature[0]).toMatchObject({ key: "code-review", costUsd: "500", previousCostUsd: "300", changeUsd: "200" });
    expect(json.warnings[2].costUsd).toBe("30");
  });
});

function baseInput() {
  return { month: "2026-10", timeZone: "UTC", cacheSplitMissingCalls: 0, priceBookVersion: "v", overrides: [] };
}

describe("months and time zones", () => {
  it("validates months and shifts them across years", () => {
    expect(["2026-10", "2026-13", "2026-1", "26-10", "2026-00"].map(isMonth)).toEqual([true, false, false, false, false]);
    expect(shiftMonth("2026-01", -1)).toBe("2025-12");
    expect(shiftMonth("2025-12", 1)).toBe("2026-01");
    expect(monthDays("2024-02")).toEqual({ from: "2024-02-01", to: "2024-02-29" });
  });

  it("validates time zone names", () => {
    expect(["UTC", "Europe/Berlin", "America/New_York", "Mars/Base", "", "../etc"].map(isTimeZone)).toEqual([true, true, true, false, false, false]);
  });

  it("bounds a month by its midnights in the zone", () => {
    expect(monthRangeMs("2026-10", "UTC")).toEqual({ startMs: Date.parse("2026-10-01T00:00:00Z"), endMs: Date.parse("2026-11-01T00:00:00Z") });
    // Berlin is UTC+2 on Oct 1 (summer time) and UTC+1 on Nov 1.
    expect(monthRangeMs("2026-10", "Europe/Berlin")).toEqual({ startMs: Date.parse("2026-09-30T22:00:00Z"), endMs: Date.parse("2026-10-31T23:00:00Z") });
    expect(monthRangeMs("2026-03", "America/New_York").endMs).toBe(Date.parse("2026-04-01T04:00:00Z"));
    expect(monthRangeMs("2026-01", "Asia/Kolkata").startMs).toBe(Date.parse("2025-12-31T18:30:00Z"));
  });

  it("puts 23:30 UTC on the last day into the next month east of UTC", () => {
    const ms = Date.parse("2026-10-31T23:30:00Z");
    expect(monthOf(ms, "UTC")).toBe("2026-10");
    expect(monthOf(ms, "Europe/Berlin")).toBe("2026-11");
    expect(lastCompleteMonth(Date.parse("2026-01-15T00:00:00Z"), "UTC")).toBe("2025-12");
  });
});

describe("monthlyReportCsv", () => {
  it("has a TOTAL row per section equal to the total, and formula-looking names made inert", async () => {
    const { monthlyReportCsv } = await import("@/lib/core/monthly-report-csv");
    const r = buildMonthlyReport({ ...baseInput(), current: [...CURRENT, row("web", "=SUM(A1)", "claude-haiku-4-5", "0.5", 1)], previous: PREVIOUS });
    const csv = monthlyReportCsv(r);
    const lines = csv.replace(/^\uFEFF/, "").trimEnd().split("\r\n");
    expect(lines[0]).toBe("section,item,cost_usd,share_pct,calls,previous_cost_usd,change_usd,change_pct,note");
    expect(lines.filter((l) => /^(total|project|feature|model),TOTAL,/.test(l))).toEqual(
      ["total", "project", "feature", "model"].map((section) => `${section},TOTAL,1230.5,100.00,758,1000,230.5,23.1,`),
    );
    expect(lines).toContain("feature,'=SUM(A1),0.5,0.04,1,0,0.5,,");
    expect(lines).toContain("feature,summarize,250,20.32,250,300,-50,-16.7,");
  });
});
