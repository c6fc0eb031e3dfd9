import { describe, expect, it } from "vitest";
import { previousMonth, readReconciliationQuery } from "@/lib/core/reconciliation-view";

const NOW = new Date("2026-01-15T12:00:00Z");

describe("readReconciliationQuery", () => {
  it("defaults to last month and $0.01 / 1%", () => {
    expect(previousMonth(NOW)).toBe("2025-12");
    const q = readReconciliationQuery({}, NOW);
    expect(q).toMatchObject({ month: "2025-12", tolUsd: "0.01", tolPct: "1", problems: [] });
    expect(q.tolerance).toEqual({ absPico: 10_000_000_000n, pctBasisPoints: 100n, absTokens: 0n });
  });

  it("reads the query and reports what it could not", () => {
    expect(readReconciliationQuery({ month: "2026-10", tolUsd: "0.5", tolPct: "2.5" }, NOW).tolerance).toEqual({ absPico: 500_000_000_000n, pctBasisPoints: 250n, absTokens: 0n });
    const bad = readReconciliationQuery({ month: "2026-13", tolUsd: "abc", tolPct: "-1" }, NOW);
    expect(bad.month).toBe("2025-12");
    expect(bad.problems).toEqual(['"2026-13" is not a month (YYYY-MM); showing 2025-12.', 'Tolerance "abc" is not an amount in USD; using 0.01.', 'Tolerance "-1" is not a percentage; using 1.']);
  });
});
