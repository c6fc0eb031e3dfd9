import { describe, expect, it } from "vitest";
import { compareWithClose, deserializeReport, serializeReport } from "@/lib/core/month-close";
import { type ReportRow, buildMonthlyReport } from "@/lib/core/monthly-report";

const USD = 1_000_000_000_000n;
const row = (feature: string, usd: bigint, calls = 10): ReportRow => ({ project: "web", feature, model: "claude-haiku-4-5", serviceTier: "standard", calls, unpricedCalls: 0, costPico: usd * USD });
const report = (rows: ReportRow[]) => buildMonthlyReport({ month: "2026-10", timeZone: "UTC", current: rows, previous: [], cacheSplitMissingCalls: 0, priceBookVersion: "2026-11-01", overrides: [] });

describe("month close", () => {
  it("keeps a snapshot exactly, bigints included", () => {
    const r = report([row("chat", 3n), { ...row("search", 0n), costPico: 123_456_789_012_345_678n }]);
    expect(deserializeReport(serializeReport(r))).toEqual(r);
  });

  it("finds what moved since the close, by line, and nothing when nothing did", () => {
    const closed = report([row("chat", 3n), row("search", 2n)]);
    expect(compareWithClose(closed, report([row("chat", 3n), row("search", 2n)]))).toBeNull();
    const now = report([row("chat", 3n), row("search", 1n), row("late", 1n, 1)]);
    const d = compareWithClose(closed, now)!;
    expect([d.closedTotalPico, d.nowTotalPico, d.differencePico, d.nowCalls]).toEqual([5n * USD, 5n * USD, 0n, 21]);
    expect(d.lines.filter((l) => l.dimension === "feature").map((l) => [l.key, l.differencePico / USD])).toEqual([["search", -1n], ["late", 1n]]);
  });
});
