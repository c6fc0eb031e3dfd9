/**
 * The HTTP API (route handlers called with real Request objects) against a real SQLite file and a
 * real PostgreSQL database: same data, same answers.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as postUsage } from "@/app/api/v1/usage/route";
import { GET as getSummary } from "@/app/api/v1/summary/route";
import { GET as getCalls } from "@/app/api/v1/calls/route";
import { GET as getHealth } from "@/app/api/health/route";
import { stopApp } from "@/lib/server/app";
import { createIngestKey, revokeIngestKey } from "@/lib/server/keys";
import { MIXED_BATCH, MIXED_BATCH_TOTAL } from "@/tests/fixtures/mixed-batch";
import { PROVIDERS, type TestDatabase } from "@/tests/helpers/databases";
import { authedRequest, tokenFor } from "@/tests/helpers/auth";

/** Requests signed in as an admin of the database under test (set in beforeAll). */
let req: ReturnType<typeof authedRequest>;

const BASE = "http://tally.test";

function post(body: string, headers: Record<string, string>) {
  return postUsage(new Request(`${BASE}/api/v1/usage`, { method: "POST", body, headers }));
}

const summaryResults: Record<string, unknown> = {};

describe.each(PROVIDERS)("HTTP API on %s", (provider, create) => {
  let t: TestDatabase;
  let key: string;
  const json = () => ({ authorization: `Bearer ${key}`, "content-type": "application/json" });

  beforeAll(async () => {
    t = await create();
    req = authedRequest(await tokenFor(t.db));
    process.env.DATABASE_URL = t.url;
    key = (await createIngestKey(t.db, "test")).key;
  });

  afterAll(async () => {
    await stopApp();
    delete process.env.DATABASE_URL;
    await t.drop();
  });

  it("answers health once ready", async () => {
    const response = await getHealth();
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok", database: provider });
  });

  it("stores exactly the good records of a mixed batch and names what is wrong with each bad one", async () => {
    const response = await post(JSON.stringify(MIXED_BATCH), json());
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.accepted).toBe(6);
    expect(body.duplicates).toBe(0);
    expect(body.rejected).toHaveLength(2);
    expect(body.rejected[0]).toMatchObject({ index: 4, id: "msg_bad_negative" });
    expect(body.rejected[0].errors.join()).toMatch(/output_tokens/);
    expect(body.rejected[1]).toMatchObject({ index: 5 });
    expect(body.rejected[1].errors.join()).toMatch(/model/);
  });

  it("totals equal the hand-computed sum of the calls", async () => {
    const response = await getSummary(req(`${BASE}/api/v1/summary?from=2026-11-01&to=2026-11-03&groupBy=day`));
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.total).toEqual(MIXED_BATCH_TOTAL);
    expect(body.groups.map((g: { key: string; costUsd: string }) => [g.key, g.costUsd])).toEqual([
      ["2026-11-01", "0.0765"],
      ["2026-11-02", "0.032"],
      ["2026-11-03", "0.009876"],
    ]);
    summaryResults[provider] = body;
  });

  it("groups by model with dated ids resolved, and filters by feature", async () => {
    const byModel = await (await getSummary(req(`${BASE}/api/v1/summary?from=2026-11-01&to=2026-11-03&groupBy=model`))).json();
    expect(byModel.groups.map((g: { key: string; costUsd: string }) => [g.key, g.costUsd])).toEqual([
      ["claude-sonnet-4-6", "0.086376"],
      ["claude-sonnet-4-5", "0.0245"],
      ["claude-haiku-4-5", "0.0075"],
      ["claude-nova-preview", "0"],
    ]);
    const chat = await (await getSummary(req(`${BASE}/api/v1/summary?from=2026-11-01&to=2026-11-03&feature=chat`))).json();
    expect(chat.total.costUsd).toBe("0.086376");
    expect(chat.total.calls).toBe(3);
  });

  it("re-sending the same batch changes nothing", async () => {
    const body = await (await post(JSON.stringify(MIXED_BATCH), json())).json();
    expect(body).toMatchObject({ accepted: 0, duplicates: 6 });
    const summary = await (await getSummary(req(`${BASE}/api/v1/summary?from=2026-11-01&to=2026-11-03`))).json();
    expect(summary.total).toEqual(MIXED_BATCH_TOTAL);
  });

  it("takes NDJSON and reports a bad line by its position", async () => {
    const lines = [
      JSON.stringify({ id: "msg_nd_1", timestamp: "2026-11-04T00:00:00Z", model: "claude-haiku-4-5", usage: { input_tokens: 1000, output_tokens: 0 } }),
      "{not json",
      JSON.stringify({ id: "msg_nd_2", timestamp: "2026-11-04T00:00:00Z", model: "claude-haiku-4-5", usage: { input_tokens: 1000, output_tokens: 0 } }),
    ].join("\n");
    const response = await post(lines, { authorization: `Bearer ${key}`, "content-type": "application/x-ndjson" });
    const body = await response.json();
    expect(body.accepted).toBe(2);
    expect(body.rejected).toHaveLength(1);
    expect(body.rejected[0].index).toBe(1);
    const day = await (await getSummary(req(`${BASE}/api/v1/summary?from=2026-11-04&to=2026-11-04`))).json();
    expect(day.total.costUsd).toBe("0.002");
  });

  it("refuses missing, wrong and revoked keys with 401", async () => {
    expect((await post("{}", { "content-type": "application/json" })).status).toBe(401);
    expect((await post("{}", { authorization: "Bearer tly_wrong", "content-type": "application/json" })).status).toBe(401);
    const revoked = await createIngestKey(t.db, "short-lived");
    await revokeIngestKey(t.db, revoked.info.id);
    const response = await post("{}", { authorization: `Bearer ${revoked.key}`, "content-type": "application/json" });
    expect(response.status).toBe(401);
    expect((await response.json()).error.code).toBe("unauthorized");
  });

  it("answers 400, 413 and 415 with a message naming the problem", async () => {
    const bad = await post("[{", json());
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.message).toMatch(/JSON/i);
    const text = await post("hello", { authorization: `Bearer ${key}`, "content-type": "text/plain" });
    expect(text.status).toBe(415);
    process.env.TALLY_MAX_BODY_BYTES = "100";
    try {
      const big = await post(JSON.stringify(MIXED_BATCH), json());
      expect(big.status).toBe(413);
      expect((await big.json()).error.message).toMatch(/100 bytes/);
    } finally {
      delete process.env.TALLY_MAX_BODY_BYTES;
    }
    const range = await getSummary(req(`${BASE}/api/v1/summary?from=2026-13-01&to=2026-11-03`));
    expect(range.status).toBe(400);
    expect((await range.json()).error.message).toMatch(/from/);
    const groupBy = await getSummary(req(`${BASE}/api/v1/summary?groupBy=colour`));
    expect(groupBy.status).toBe(400);
  });

  it("pages through calls newest first without repeats", async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const url = `${BASE}/api/v1/calls?from=2026-11-01&to=2026-11-04&limit=3${cursor ? `&cursor=${cursor}` : ""}`;
      const body: { calls: { id: string; timestamp: string; costUsd: string }[]; nextCursor: string | null } = await (
        await getCalls(req(url))
      ).json();
      seen.push(...body.calls.map((c) => c.id));
      cursor = body.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(8);
    expect(new Set(seen).size).toBe(8);
    const first = await (await getCalls(req(`${BASE}/api/v1/calls?from=2026-11-01&to=2026-11-04&feature=research`))).json();
    expect(first.calls).toHaveLength(1);
    expect(first.calls[0]).toMatchObject({
      id: "msg_search",
      model: "claude-sonnet-4-5-20250929",
      resolvedModel: "claude-sonnet-4-5",
      costUsd: "0.0245",
      components: { inputUsd: "0.003", outputUsd: "0.0015", webSearchUsd: "0.02" },
      webSearchRequests: 2,
    });
    const badCursor = await getCalls(req(`${BASE}/api/v1/calls?cursor=nonsense`));
    expect(badCursor.status).toBe(400);
  });
});

describe("both databases", () => {
  it("give identical summaries for the same data", () => {
    expect(summaryResults.sqlite).toBeDefined();
    expect(summaryResults.postgres).toEqual(summaryResults.sqlite);
  });
});
