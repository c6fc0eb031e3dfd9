/**
 * Ingest keys scoped to a project, and their rate limit, through the real route handlers on a real
 * SQLite file and a real PostgreSQL database: what a scoped key stores, what it refuses (per record,
 * naming both projects), on /api/v1/usage, OTLP and the proxy; and 429 with Retry-After past the burst.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import * as proxyRoute from "@/app/api/proxy/[...path]/route";
import { POST as postOtel } from "@/app/api/otel/v1/traces/route";
import { POST as postUsage } from "@/app/api/v1/usage/route";
import { stopApp } from "@/lib/server/app";
import { createIngestKey } from "@/lib/server/keys";
import { PROVIDERS, type TestDatabase } from "@/tests/helpers/databases";
import { startFakeAnthropic, type FakeAnthropic } from "@/tests/helpers/fake-anthropic";

const BASE = "http://tally.test";
const DAY = "2026-11-10";

function record(id: string, project?: string) {
  return { id, timestamp: `${DAY}T10:00:00Z`, model: "claude-haiku-4-5", ...(project === undefined ? {} : { project }), usage: { input_tokens: 1000, output_tokens: 100 } };
}

function post(key: string, body: unknown) {
  return postUsage(
    new Request(`${BASE}/api/v1/usage`, { method: "POST", body: JSON.stringify(body), headers: { authorization: `Bearer ${key}`, "content-type": "application/json" } }),
  );
}

async function projectsOf(t: TestDatabase, ids: string[]): Promise<Record<string, string>> {
  const rows = await t.db.all<{ id: string; project: string }>(`SELECT id, project FROM calls WHERE id IN (${ids.map(() => "?").join(", ")}) ORDER BY id`, ids);
  return Object.fromEntries(rows.map((r) => [r.id, r.project]));
}

describe.each(PROVIDERS)("ingest keys on %s", (_provider, create) => {
  let t: TestDatabase;
  let fake: FakeAnthropic;

  beforeAll(async () => {
    t = await create();
    fake = await startFakeAnthropic();
    process.env.DATABASE_URL = t.url;
    process.env.TALLY_PROXY_UPSTREAM = fake.url;
  });
  afterEach(() => {
    delete process.env.TALLY_INGEST_RATE_LIMIT;
    delete process.env.TALLY_INGEST_RATE_BURST;
  });
  afterAll(async () => {
    await fake.close();
    await stopApp();
    delete process.env.DATABASE_URL;
    delete process.env.TALLY_PROXY_UPSTREAM;
    await t.drop();
  });

  it("a scoped key files records that name no project under its own, and refuses one naming another, storing the rest", async () => {
    const { key } = await createIngestKey(t.db, "support app", { project: "support" });
    const response = await post(key, [record("msg_scoped_1"), record("msg_scoped_2", "support"), record("msg_scoped_3", "billing"), record("msg_scoped_4")]);
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({ accepted: 3, duplicates: 0 });
    expect(body.rejected).toEqual([
      { index: 2, id: "msg_scoped_3", errors: ['project: this ingest key may send usage for project "support" only, and the record names project "billing"'] },
    ]);
    expect(await projectsOf(t, ["msg_scoped_1", "msg_scoped_2", "msg_scoped_3", "msg_scoped_4"])).toEqual({
      msg_scoped_1: "support",
      msg_scoped_2: "support",
      msg_scoped_4: "support",
    });
  });

  it("a key without a project (as every key made before keys had one) sends for any project, or none", async () => {
    const { key, info } = await createIngestKey(t.db, "any project");
    expect(info.project).toBeNull();
    const body = await (await post(key, [record("msg_any_1", "billing"), record("msg_any_2")])).json();
    expect(body).toMatchObject({ accepted: 2, rejected: [] });
    expect(await projectsOf(t, ["msg_any_1", "msg_any_2"])).toEqual({ msg_any_1: "billing", msg_any_2: "" });
  });

  it("OTLP: the scoped key's project stands in for service.name, and an explicit other tally.project is refused", async () => {
    const { key } = await createIngestKey(t.db, "otel support", { project: "support" });
    const span = (spanId: string, extra: { key: string; value: { stringValue: string } }[] = []) => ({
      traceId: "0af7651916cd43dd8448eb211c80319c",
      spanId,
      startTimeUnixNano: String(Date.parse(`${DAY}T11:00:00Z`) * 1_000_000),
      endTimeUnixNano: String(Date.parse(`${DAY}T11:00:01Z`) * 1_000_000),
      attributes: [
        { key: "gen_ai.system", value: { stringValue: "anthropic" } },
        { key: "gen_ai.response.model", value: { stringValue: "claude-haiku-4-5" } },
        { key: "gen_ai.response.id", value: { stringValue: `msg_otel_${spanId}` } },
        { key: "gen_ai.usage.input_tokens", value: { intValue: 500 } },
        { key: "gen_ai.usage.output_tokens", value: { intValue: 50 } },
        ...extra,
      ],
    });
    const body = {
      resourceSpans: [
        {
          resource: { attributes: [{ key: "service.name", value: { stringValue: "checkout-service" } }] },
          scopeSpans: [{ spans: [span("a1"), span("a2", [{ key: "tally.project", value: { stringValue: "billing" } }])] }],
        },
      ],
    };
    const response = await postOtel(
      new Request(`${BASE}/api/otel/v1/traces`, { method: "POST", body: JSON.stringify(body), headers: { authorization: `Bearer ${key}`, "content-type": "application/json" } }),
    );
    const answer = await response.json();
    expect(answer.partialSuccess.rejectedSpans).toBe(1);
    expect(answer.partialSuccess.errorMessage).toMatch(/project "support" only, and the record names project "billing"/);
    expect(await projectsOf(t, ["msg_otel_a1", "msg_otel_a2"])).toEqual({ msg_otel_a1: "support" });
  });

  it("proxy: with x-tally-key the call is filed under the key's project; naming another is refused before it goes upstream", async () => {
    const { key } = await createIngestKey(t.db, "proxy support", { project: "support" });
    const params = { model: "claude-sonnet-4-6", max_tokens: 16, messages: [{ role: "user", content: "Hi" }] };
    const call = (headers: Record<string, string>) =>
      proxyRoute.POST(
        new Request(`${BASE}/api/proxy/v1/messages`, {
          method: "POST",
          body: JSON.stringify(params),
          headers: { "x-api-key": "sk-ant-test", "anthropic-version": "2023-06-01", "content-type": "application/json", ...headers },
        }),
      );
    const upstreamBefore = fake.requests.length;
    const refused = await call({ "x-tally-key": key, "x-tally-project": "billing" });
    expect(refused.status).toBe(403);
    expect((await refused.json()).error.message).toMatch(/project "support" only, and the record names project "billing"/);
    expect(fake.requests.length).toBe(upstreamBefore);

    const wrongKey = await call({ "x-tally-key": "tly_not_a_key" });
    expect(wrongKey.status).toBe(401);

    const ok = await call({ "x-tally-key": key });
    expect(ok.status).toBe(200);
    const message = await ok.json();
    expect(fake.requests.at(-1)!.headers["x-tally-key"]).toBeUndefined();
    const until = Date.now() + 5000;
    let projects: Record<string, string> = {};
    while (Date.now() < until && !projects[message.id]) {
      projects = await projectsOf(t, [message.id]);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(projects).toEqual({ [message.id]: "support" });
  });

  it("past its burst a key gets 429 with Retry-After and stores nothing; another key is unaffected", async () => {
    process.env.TALLY_INGEST_RATE_LIMIT = "0.5";
    process.env.TALLY_INGEST_RATE_BURST = "3";
    const busy = (await createIngestKey(t.db, "busy")).key;
    const quiet = (await createIngestKey(t.db, "quiet")).key;
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await post(busy, [record(`msg_rl_ok_${i}`)])).status);
    expect(statuses).toEqual([200, 200, 200]);

    const refused = await post(busy, [record("msg_rl_refused")]);
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get("retry-after"));
    expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 2).toBe(true);
    const error = (await refused.json()).error;
    expect(error.code).toBe("rate_limited");
    expect(error.message).toMatch(/rate limit of 0\.5 requests per second \(bursts of 3, TALLY_INGEST_RATE_LIMIT\)/);
    expect(await projectsOf(t, ["msg_rl_refused"])).toEqual({});

    expect((await post(quiet, [record("msg_rl_quiet")])).status).toBe(200);
    expect(Object.keys(await projectsOf(t, ["msg_rl_quiet"]))).toEqual(["msg_rl_quiet"]);
  });
});
