/**
 * POST /api/otel/v1/traces on both databases: a GenAI span from an OTLP exporter becomes a priced call,
 * cache tokens counted once. The span is the pricing reference's worked example on Sonnet 4.6: 2,000
 * uncached input, 50,000 cache read, 4,000 cache write, 1,000 output = $0.051.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as postTraces } from "@/app/api/otel/v1/traces/route";
import { GET as getSummary } from "@/app/api/v1/summary/route";
import { stopApp } from "@/lib/server/app";
import { createIngestKey } from "@/lib/server/keys";
import { tokenFor } from "@/tests/helpers/auth";
import { PROVIDERS, type TestDatabase } from "@/tests/helpers/databases";

const span = {
  resourceSpans: [
    {
      resource: { attributes: [{ key: "service.name", value: { stringValue: "otel-app" } }] },
      scopeSpans: [
        {
          spans: [
            {
              traceId: "5b8efff798038103d269b633813fc60c",
              spanId: "eee19b7ec3c1b174",
              name: "chat claude-sonnet-4-6",
              startTimeUnixNano: "1792922400000000000",
              endTimeUnixNano: "1792922402000000000",
              attributes: [
                { key: "gen_ai.system", value: { stringValue: "anthropic" } },
                { key: "gen_ai.request.model", value: { stringValue: "claude-sonnet-4-6" } },
                { key: "gen_ai.response.id", value: { stringValue: "msg_otel_1" } },
                { key: "gen_ai.usage.input_tokens", value: { intValue: "56000" } },
                { key: "gen_ai.usage.output_tokens", value: { intValue: "1000" } },
                { key: "gen_ai.usage.cache_read.input_tokens", value: { intValue: "50000" } },
                { key: "gen_ai.usage.cache_creation.input_tokens", value: { intValue: "4000" } },
              ],
            },
          ],
        },
      ],
    },
  ],
};

describe.each(PROVIDERS)("OTLP traces on %s", (_provider, create) => {
  let t: TestDatabase;
  let key: string;
  beforeAll(async () => {
    t = await create();
    process.env.DATABASE_URL = t.url;
    key = (await createIngestKey(t.db, "otel")).key;
  });
  afterAll(async () => {
    await stopApp();
    delete process.env.DATABASE_URL;
    await t.drop();
  });

  const post = (body: unknown, headers: Record<string, string>) =>
    postTraces(new Request("http://tally.test/api/otel/v1/traces", { method: "POST", body: JSON.stringify(body), headers }));

  it("records a Claude span once, priced with its cache split, however often it is exported", async () => {
    const headers = { authorization: `Bearer ${key}`, "content-type": "application/json" };
    const first = await post(span, headers);
    expect([first.status, await first.json()]).toEqual([200, {}]);
    await post(span, headers);
    const summary = await (await getSummary(new Request("http://tally.test/api/v1/summary?from=2026-10-25&to=2026-10-25&groupBy=project", { headers: { authorization: `Bearer ${await tokenFor(t.db)}` } }))).json();
    expect(summary.total).toMatchObject({ costUsd: "0.051", calls: 1, inputTokens: 2000, cacheReadTokens: 50000, outputTokens: 1000 });
    expect(summary.groups.map((g: { key: string }) => g.key)).toEqual(["otel-app"]);
  });

  it("answers 401 without a key and 415 for protobuf", async () => {
    expect((await post(span, { "content-type": "application/json" })).status).toBe(401);
    expect((await post(span, { authorization: `Bearer ${key}`, "content-type": "application/x-protobuf" })).status).toBe(415);
  });
});
