/**
 * Chargeback on both databases, October 2026, Haiku 4.5 calls of 10,000 input tokens ($0.01 each):
 * 30 for feature chat / project web, 20 for feature search / project web, 5 of those tagged team:data,
 * 10 for feature summarize / project api, 1 for late-night / api at 23:30 UTC on Oct 31 (00:30 on Nov 1 in
 * Berlin); and 7 in November.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { formatUsdExact } from "@/lib/core/money";
import { deleteChargebackRule, getChargeback, listChargebackRules, saveChargebackRule } from "@/lib/server/chargeback";
import { ingestItems } from "@/lib/server/ingest";
import { PROVIDERS, type TestDatabase } from "@/tests/helpers/databases";

function calls() {
  const out: Record<string, unknown>[] = [];
  const add = (n: number, feature: string, project: string, day: string, tags?: string[]) => {
    for (let i = 0; i < n; i++) out.push({ id: `cb-${feature}-${day}-${tags ? "t" : ""}${i}`, timestamp: `${day}T09:00:00Z`, model: "claude-haiku-4-5", feature, project, tags, usage: { input_tokens: 10_000, output_tokens: 0 } });
  };
  add(30, "chat", "web", "2026-10-05");
  add(15, "search", "web", "2026-10-06");
  add(5, "search", "web", "2026-10-07", ["team:data", "batch"]);
  add(10, "summarize", "api", "2026-10-31");
  add(7, "chat", "web", "2026-11-01");
  out.push({ id: "cb-late-night", timestamp: "2026-10-31T23:30:00Z", model: "claude-haiku-4-5", feature: "late-night", project: "api", usage: { input_tokens: 10_000, output_tokens: 0 } });
  return out;
}

describe.each(PROVIDERS)("chargeback on %s", (_provider, create) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await create();
    expect((await ingestItems(t.db, calls(), { source: "import" })).rejected).toEqual([]);
  });
  afterAll(async () => t.drop());

  it("allocates the month by tag, then feature, then project, and shows what is left", async () => {
    await saveChargebackRule(t.db, { match: "project", value: "web", costCentre: "Web" });
    await saveChargebackRule(t.db, { match: "feature", value: "search", costCentre: "Search" });
    await saveChargebackRule(t.db, { match: "tag", value: "team:data", costCentre: "Data" });
    const result = await getChargeback(t.db, "2026-10");
    expect(result.centres.map((c) => [c.costCentre, formatUsdExact(c.costPico), c.calls])).toEqual([
      ["Web", "0.3", 30],
      ["Search", "0.15", 15],
      ["Data", "0.05", 5],
    ]);
    expect([formatUsdExact(result.unallocated.costPico), result.unallocated.byFeature.map((f) => f.feature)]).toEqual(["0.11", ["summarize", "late-night"]]);
    expect(formatUsdExact(result.totalPico)).toBe("0.61");
    // In Berlin the late-night call belongs to November, with the 7 chat calls of Nov 1.
    const berlin = await getChargeback(t.db, "2026-11", "Europe/Berlin");
    expect([formatUsdExact(berlin.totalPico), berlin.unallocated.byFeature.map((f) => f.feature)]).toEqual(["0.08", ["late-night"]]);
  });

  it("re-points a rule instead of adding a second, rejects a bad one, deletes", async () => {
    await saveChargebackRule(t.db, { match: "project", value: "web", costCentre: "Platform" });
    expect((await listChargebackRules(t.db)).filter((r) => r.match === "project").map((r) => r.costCentre)).toEqual(["Platform"]);
    await expect(saveChargebackRule(t.db, { match: "team", value: "x", costCentre: "y" })).rejects.toBeInstanceOf(ZodError);
    const rule = (await listChargebackRules(t.db))[0];
    expect(await deleteChargebackRule(t.db, rule.id)).toBe(true);
  });
});
