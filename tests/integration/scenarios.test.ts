/**
 * Saved scenarios on both databases: saving checks the query with parseScenario and stores its canonical
 * form, saving under an existing name replaces its query, and the list and delete do what they say.
 * Also the scenarios the page builds most simply, a feature on the Batch API or a cache target alone
 * (no model changes, so no prompt-size bands), projected by the API.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ZodError } from "zod";
import { GET as getProjections } from "@/app/api/v1/projections/route";
import { defaultPriceBook as book } from "@/lib/core/pricing";
import { DEFAULT_ASSUMPTIONS } from "@/lib/core/projection";
import { stopApp } from "@/lib/server/app";
import { ingestItems } from "@/lib/server/ingest";
import { deleteScenario, listScenarios, saveScenario } from "@/lib/server/scenarios";
import { PROVIDERS, type TestDatabase } from "@/tests/helpers/databases";
import { authedRequest, tokenFor } from "@/tests/helpers/auth";

/** Requests signed in as an admin of the database under test (set in beforeAll). */
let req: ReturnType<typeof authedRequest>;

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
    req = authedRequest(await tokenFor(t.db));
    process.env.DATABASE_URL = t.url;
  });
  afterAll(async () => {
    await stopApp();
    delete process.env.DATABASE_URL;
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

describe.each(PROVIDERS)("batch-only and cache-only scenarios on %s", (_provider, create) => {
  let t: TestDatabase;
  const api = async (query: string) => {
    const response = await getProjections(req(`http://tally.test/api/v1/projections?from=2026-07-01&to=2026-07-10&${query}`));
    return { status: response.status, body: await response.json() };
  };

  beforeAll(async () => {
    t = await create();
    req = authedRequest(await tokenFor(t.db));
    process.env.DATABASE_URL = t.url;
    // chat: 10 Haiku 4.5 calls, one a day, of 2,000 input + 500 output: 0.002 + 0.0025 = $0.0045 each.
    const records = Array.from({ length: 10 }, (_, i) => ({
      id: `sc-chat-${i}`, timestamp: `2026-07-${String(i + 1).padStart(2, "0")}T10:00:00Z`, model: "claude-haiku-4-5", feature: "chat",
      usage: { input_tokens: 2000, output_tokens: 500 },
    }));
    expect((await ingestItems(t.db, records, { source: "import" })).accepted).toBe(10);
  });
  afterAll(async () => {
    await stopApp();
    delete process.env.DATABASE_URL;
    await t.drop();
  });

  it("halves a feature moved to the Batch API", async () => {
    const { status, body } = await api("batch=chat");
    expect(status).toBe(200);
    expect(body.total).toEqual({ actualUsd: "0.045", projectedUsd: "0.0225", lowUsd: "0.0225", highUsd: "0.0225", differenceUsd: "-0.0225" });
  });

  it("raises a cache hit ratio with the assumed reuse, and its range over the reuse", async () => {
    // 50% of the 2,000-token prompt read (1,000 at $0.10/MTok), written at 4 reads per write (250 at $1.25),
    // 750 left uncached ($1): 0.00075 + 0.0003125 + 0.0001 + 0.0025 output = $0.0036625 a call. One read
    // per write: 1,000 written, none uncached, $0.00385; twenty: 50 written, 950 uncached, $0.0036125.
    const { status, body } = await api("cache.chat=50");
    expect(status).toBe(200);
    expect(body.total).toEqual({ actualUsd: "0.045", projectedUsd: "0.036625", lowUsd: "0.036125", highUsd: "0.0385", differenceUsd: "-0.008375" });
    expect(body.assumptions.rangeFrom).toEqual(["cache_reuse"]);
  });
});
