/**
 * Saved scenarios on both databases: saving checks the query with parseScenario and stores its canonical
 * form, saving under an existing name replaces its query, and the list and delete do what they say.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ZodError } from "zod";
import { defaultPriceBook as book } from "@/lib/core/pricing";
import { DEFAULT_ASSUMPTIONS } from "@/lib/core/projection";
import { deleteScenario, listScenarios, saveScenario } from "@/lib/server/scenarios";
import { PROVIDERS, type TestDatabase } from "@/tests/helpers/databases";

async function rejection(promise: Promise<unknown>): Promise<string[]> {
  try {
    await promise;
  } catch (error) {
    return (error as ZodError).issues.map((i) => `${i.path.join(".")}: ${i.message}`);
  }
  throw new Error("expected the save to be refused");
}

describe.each(PROVIDERS)("saved scenarios on %s", (_provider, create) => {
  let t: TestDatabase;
  const save = (name: string, query: string) => saveScenario(t.db, { name, query }, book, DEFAULT_ASSUMPTIONS);

  beforeAll(async () => {
    t = await create();
  });
  afterAll(async () => {
    await t.drop();
  });

  it("saves, replaces by name, lists by name and deletes", async () => {
    const first = await save("  Support on Sonnet ", "route.support=claude-sonnet-4-6-20260217:90,claude-opus-4-6:10&batch=reports&name=ignored");
    expect(first.replaced).toBe(false);
    expect(first.scenario).toMatchObject({ name: "Support on Sonnet", query: "route.support=claude-sonnet-4-6%3A90%2Cclaude-opus-4-6%3A10&batch=reports" });
    await save("All batch", "batch=reports,support");

    const replaced = await save("Support on Sonnet", "route.support=claude-haiku-4-5:100&cache.chat=80");
    expect(replaced.replaced).toBe(true);
    expect(replaced.scenario.id).toBe(first.scenario.id);

    const list = await listScenarios(t.db);
    expect(list.map((s) => [s.name, s.query])).toEqual([
      ["All batch", "batch=reports%2Csupport"],
      ["Support on Sonnet", "route.support=claude-haiku-4-5%3A100&cache.chat=80"],
    ]);
    expect(list[0].createdAt).toBeInstanceOf(Date);

    expect(await deleteScenario(t.db, list[0].id)).toBe(true);
    expect(await deleteScenario(t.db, list[0].id)).toBe(false);
    expect((await listScenarios(t.db)).map((s) => s.name)).toEqual(["Support on Sonnet"]);
  });

  it("refuses a bad query, a range in the query, an empty plan and an empty name, and stores nothing", async () => {
    const before = await listScenarios(t.db);
    expect(await rejection(save("Bad", "route.chat=claude-sonnet-4-6:90,claude-opus-4-6:5"))).toEqual(["route.chat: percentages must add up to 100, got 95"]);
    expect(await rejection(save("Bad", "route.chat=gpt-5:100"))).toEqual(['route.chat: "gpt-5" is not a model or family in the price book']);
    expect(await rejection(save("Bad", "from=2026-07-01&batch=chat"))).toEqual(["from: is not a scenario parameter (a scenario is saved without its range and filters)"]);
    expect(await rejection(save("Bad", "name=Nothing"))).toEqual(["query: changes nothing: give a split, a cache target, batch or a move"]);
    expect(await rejection(save("   ", "batch=chat"))).toEqual(["name: Enter a name for the scenario."]);
    expect(await listScenarios(t.db)).toEqual(before);
  });
});
