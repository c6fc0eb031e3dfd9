import { describe, expect, it } from "vitest";
import { type ChargebackRule, type SpendGroup, allocate } from "@/lib/core/chargeback";

const USD = 1_000_000_000_000n;
const g = (feature: string, project: string, tags: string[], usd: bigint, calls = 10): SpendGroup => ({ feature, project, tags, calls, costPico: usd * USD });
const rules: ChargebackRule[] = [
  { id: 1, match: "project", value: "web", costCentre: "Web team" },
  { id: 2, match: "feature", value: "search", costCentre: "Search team" },
  { id: 3, match: "tag", value: "team:data", costCentre: "Data team" },
];

describe("allocate", () => {
  it("sends each call to its most specific rule, shows the rest as unallocated, and adds up", () => {
    const result = allocate(
      [
        g("chat", "web", [], 100n), // project web -> Web team
        g("search", "web", [], 40n), // feature beats project -> Search team
        g("search", "web", ["team:data"], 7n), // tag beats feature -> Data team
        g("summarize", "api", [], 25n), // nothing -> unallocated
        g("", "", [], 3n), // nothing -> unallocated (none)
      ],
      rules,
    );
    expect(result.centres.map((c) => [c.costCentre, c.costPico / USD, c.lines.map((l) => l.matchedBy)])).toEqual([
      ["Web team", 100n, ["project web"]],
      ["Search team", 40n, ["feature search"]],
      ["Data team", 7n, ["tag team:data"]],
    ]);
    expect(result.unallocated).toEqual({ calls: 20, costPico: 28n * USD, byFeature: [{ feature: "summarize", calls: 10, costPico: 25n * USD }, { feature: "", calls: 10, costPico: 3n * USD }] });
    expect(result.totalPico).toBe(175n * USD);
    expect(result.centres.reduce((s, c) => s + c.costPico, 0n) + result.unallocated.costPico).toBe(result.totalPico);
  });
});
