/**
 * Every summary read answers what the calls themselves say, whichever table it is served from (the
 * smallest rollup whose key covers its filters and groups, read as stored when each group is one row):
 * totals, groups, per-day splits and pairs, under every filter, on both databases.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadDemoData } from "@/lib/server/demo";
import { ingestItems } from "@/lib/server/ingest";
import { type GroupBy, type UsageFilters, type UsageTotals, getUsageByDay, getUsageByPair, getUsageSummary } from "@/lib/server/queries";
import { MIXED_BATCH } from "@/tests/fixtures/mixed-batch";
import { PROVIDERS, type TestDatabase } from "@/tests/helpers/databases";

const NOW = Date.parse("2026-11-20T12:00:00Z");
const RANGE = { from: "2026-10-25", to: "2026-11-20" };
const COLUMNS: Record<GroupBy, string> = { day: "day", model: "model", feature: "feature", project: "project", service_tier: "service_tier" };
const FILTER_COLUMNS: Record<keyof UsageFilters, string> = { model: "model", feature: "feature", project: "project", serviceTier: "service_tier" };

/** What a read must give, straight from the calls: key -> [calls, cost, input tokens, cache reads, max_tokens stops]. */
async function fromCalls(t: TestDatabase, filters: UsageFilters, groups: string[]): Promise<Record<string, string>> {
  const where = ["day >= ?", "day <= ?"];
  const params: unknown[] = [RANGE.from, RANGE.to];
  for (const [name, column] of Object.entries(FILTER_COLUMNS) as [keyof UsageFilters, string][]) {
    if (!filters[name]?.length) continue;
    where.push(`${column} IN (${filters[name]!.map(() => "?").join(", ")})`);
    params.push(...filters[name]!);
  }
  const key = groups.length ? groups.map((g) => `${g} AS k${groups.indexOf(g)}`).join(", ") + ", " : "";
  const rows = await t.db.all(
    `SELECT ${key}COUNT(*) AS calls, SUM(cost_pico) AS cost, SUM(input_tokens) AS input, SUM(cache_read_tokens) AS reads,
       SUM(CASE WHEN stop_reason = 'max_tokens' THEN 1 ELSE 0 END) AS truncated
     FROM calls WHERE ${where.join(" AND ")}${groups.length ? ` GROUP BY ${[...new Set(groups)].join(", ")}` : ""}`,
    params,
  );
  return Object.fromEntries(
    rows.filter((r) => Number(r.calls) > 0).map((r) => [groups.map((_, i) => String(r[`k${groups.indexOf(groups[i])}`])).join("|"), [r.calls, r.cost, r.input, r.reads, r.truncated].map((v) => String(v ?? 0)).join(" ")]),
  );
}

const figures = (t: UsageTotals) => [t.calls, t.costPico, t.inputTokens, t.cacheReadTokens, t.stopMaxTokens].map(String).join(" ");

describe.each(PROVIDERS)("summary reads on %s", (_provider, create) => {
  let t: TestDatabase;
  let filterCases: [string, UsageFilters][];

  beforeAll(async () => {
    t = await create();
    await ingestItems(t.db, MIXED_BATCH, { source: "api" });
    await loadDemoData(t.db, NOW);
    const [one] = await t.db.all("SELECT model, feature, project FROM calls WHERE source = 'demo' ORDER BY id LIMIT 1");
    filterCases = [
      ["no filter", {}],
      ["a model", { model: [String(one.model)] }],
      ["a feature", { feature: [String(one.feature)] }],
      ["a project", { project: [String(one.project)] }],
      ["a tier", { serviceTier: ["batch"] }],
      ["a model and a feature", { model: [String(one.model)], feature: [String(one.feature)] }],
    ];
  });
  afterAll(async () => t.drop());

  it("totals and groups equal the calls' own sums", async () => {
    let checked = 0;
    for (const [, filters] of filterCases) {
      const total = await getUsageSummary(t.db, RANGE, filters);
      expect(figures(total.total)).toEqual(Object.values(await fromCalls(t, filters, []))[0]);
      for (const groupBy of Object.keys(COLUMNS) as GroupBy[]) {
        const { groups, total: groupedTotal } = await getUsageSummary(t.db, RANGE, filters, groupBy);
        const expected = await fromCalls(t, filters, [COLUMNS[groupBy]]);
        expect(Object.fromEntries(groups.map((g) => [g.key, figures(g)]))).toEqual(expected);
        expect(figures(groupedTotal)).toEqual(figures(total.total));
        checked += groups.length;
      }
    }
    expect(checked).toBeGreaterThan(200);
  });

  it("days, split or not, and pairs (a dimension with itself included) equal the calls' own sums", async () => {
    for (const [, filters] of filterCases) {
      for (const split of [undefined, "model", "feature", "project", "service_tier"] as const) {
        const days = await getUsageByDay(t.db, RANGE, filters, split);
        const expected = await fromCalls(t, filters, split ? ["day", split] : ["day"]);
        expect(Object.fromEntries(days.map((d) => [split ? `${d.day}|${d.key}` : d.day, figures(d)]))).toEqual(expected);
      }
      for (const [first, second] of [["feature", "model"], ["model", "model"], ["project", "service_tier"]] as const) {
        const pairs = await getUsageByPair(t.db, RANGE, filters, first, second);
        expect(Object.fromEntries(pairs.map((p) => [`${p.first}|${p.second}`, figures(p)]))).toEqual(await fromCalls(t, filters, [first, second]));
      }
    }
  });
});
