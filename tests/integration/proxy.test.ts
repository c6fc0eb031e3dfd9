/**
 * The proxy (/api/proxy/v1/...) with the real @anthropic-ai/sdk client: its baseURL is the only change.
 * The route handlers are served on loopback; the upstream is the fake Messages API
 * (tests/helpers/fake-anthropic.ts). Same usage in every answer as in sdk.test.ts: $0.02152125 a call.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import Anthropic from "@anthropic-ai/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as proxyRoute from "@/app/api/proxy/[...path]/route";
import { stopApp } from "@/lib/server/app";
import { callToJson } from "@/lib/server/call-json";
import { getCall } from "@/lib/server/calls-queries";
import { startProxyListener } from "@/lib/server/proxy";
import { thrown, visible } from "@/tests/helpers/api-errors";
import { startFakeAnthropic, FAKE_USAGE, type FakeAnthropic } from "@/tests/helpers/fake-anthropic";
import { PROVIDERS, createSqliteDatabase, type TestDatabase } from "@/tests/helpers/databases";
import { deadPort, serveRoutes, type RouteServer } from "@/tests/helpers/route-server";

const PARAMS = { model: "claude-sonnet-4-6", max_tokens: 1024, messages: [{ role: "user" as const, content: "Hello" }] };
const EXACT = { inputTokens: FAKE_USAGE.input_tokens, outputTokens: FAKE_USAGE.output_tokens, cacheWrite5mTokens: 2051, cacheReadTokens: 0, costUsd: "0.02152125" };

/** The proxy stores a call once its response has been read to the end, off the response's path: wait for it. */
async function recorded(t: TestDatabase, id: string, timeoutMs = 5000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const row = await getCall(t.db, id);
    if (row) return callToJson(row);
    if (Date.now() > until) return null;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe.each(PROVIDERS)("the proxy recording into %s", (_provider, create) => {
  let t: TestDatabase;
  let fake: FakeAnthropic;
  let server: RouteServer;
  let direct: Anthropic;
  let proxied: Anthropic;

  beforeAll(async () => {
    t = await create();
    fake = await startFakeAnthropic();
    process.env.DATABASE_URL = t.url;
    process.env.TALLY_PROXY_UPSTREAM = fake.url;
    const handlers: Record<string, (request: Request) => Promise<Response>> = { GET: proxyRoute.GET, POST: proxyRoute.POST, PUT: proxyRoute.PUT, PATCH: proxyRoute.PATCH, DELETE: proxyRoute.DELETE };
    server = await serveRoutes({ "/api/proxy": (request) => handlers[request.method](request) });
    direct = new Anthropic({ apiKey: "sk-ant-test", baseURL: fake.url, maxRetries: 0 });
    proxied = new Anthropic({ apiKey: "sk-ant-test", baseURL: `${server.url}/api/proxy`, maxRetries: 0 });
  });
  afterAll(async () => {
    await server.close();
    await fake.close();
    await stopApp();
    delete process.env.DATABASE_URL;
    delete process.env.TALLY_PROXY_UPSTREAM;
    delete process.env.TALLY_PROXY_MAX_BODY_BYTES;
    await t.drop();
  });

  it("forwards the request unchanged, answers what the API answered, and records the call with the x-tally-* attribution", async () => {
    const plain = await direct.messages.create(PARAMS);
    const plainRequest = fake.requests.at(-1)!;
    const message = await proxied.messages.create(PARAMS, { headers: { "x-tally-feature": "support-chat", "x-tally-project": "support", "x-tally-user": "u-1" } });
    const forwarded = fake.requests.at(-1)!;
    expect({ ...message, id: "x" }).toEqual({ ...plain, id: "x" });
    expect(message._request_id).toBe(`req_fake_${fake.requests.length}`);
    expect(forwarded.body).toBe(plainRequest.body);
    expect(forwarded.path).toBe("/v1/messages");
    for (const header of ["x-api-key", "anthropic-version", "content-type", "user-agent"]) expect(forwarded.headers[header]).toBe(plainRequest.headers[header]);
    expect(Object.keys(forwarded.headers).filter((h) => h.startsWith("x-tally") || h.startsWith("x-forwarded"))).toEqual([]);
    expect(await recorded(t, message.id)).toMatchObject({ ...EXACT, feature: "support-chat", project: "support", user: "u-1", source: "proxy", stopReason: "end_turn", quality: [] });
  });

  it("passes a stream through as it arrives: the first event reaches the caller while the API holds the rest back", async () => {
    fake.script.push({ kind: "gated_stream" });
    const stream = await proxied.messages.create({ ...PARAMS, stream: true }, { headers: { "x-tally-feature": "streamed" } });
    const iterator = stream[Symbol.asyncIterator]();
    // Only message_start and content_block_start have been sent; were the proxy buffering, this would never return.
    const first = await iterator.next();
    expect(first.value?.type).toBe("message_start");
    fake.release();
    const types = [first.value!.type];
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) types.push(next.value.type);
    expect(types).toEqual(["message_start", "content_block_start", "content_block_delta", "content_block_stop", "message_delta", "message_delta", "message_stop"]);
    expect(await recorded(t, fake.ids.at(-1)!)).toMatchObject({ ...EXACT, feature: "streamed", quality: [] });
  });

  it("hands an error mid-stream to the caller as the API sent it and records what was seen as incomplete", async () => {
    fake.script.push({ kind: "error_mid_stream" });
    const plainError = await thrown(async () => {
      for await (const _ of await direct.messages.create({ ...PARAMS, stream: true }));
    });
    fake.script.push({ kind: "error_mid_stream" });
    const error = await thrown(async () => {
      for await (const _ of await proxied.messages.create({ ...PARAMS, stream: true }));
    });
    expect(visible(error)).toEqual(visible(plainError));
    expect(await recorded(t, fake.ids.at(-1)!)).toMatchObject({ outputTokens: 120, inputTokens: 2095, quality: ["stream_incomplete"] });
  });

  it("stops the upstream when the caller abandons a stream, and records it as incomplete", async () => {
    fake.script.push({ kind: "endless_stream" });
    const hangup = fake.nextHangup();
    let seen = 0;
    for await (const event of await proxied.messages.create({ ...PARAMS, stream: true })) {
      if (event.type === "message_delta") seen = event.usage.output_tokens;
      if (seen >= 30) break;
    }
    const lastSent = await hangup;
    const call = await recorded(t, fake.ids.at(-1)!);
    expect(call).toMatchObject({ inputTokens: 2095, quality: ["stream_incomplete"] });
    expect(call!.outputTokens).toBeGreaterThanOrEqual(seen);
    expect(call!.outputTokens).toBeLessThanOrEqual(lastSent);
  });

  it("returns 429 with its retry-after and 529 unchanged", async () => {
    for (const behaviour of [{ kind: "rate_limited", retryAfter: "13" }, { kind: "overloaded" }] as const) {
      fake.script.push(behaviour);
      const plain = await fetch(`${fake.url}/v1/messages`, { method: "POST", body: JSON.stringify(PARAMS) });
      fake.script.push(behaviour);
      const viaProxy = await fetch(`${server.url}/api/proxy/v1/messages`, { method: "POST", body: JSON.stringify(PARAMS) });
      expect([viaProxy.status, viaProxy.headers.get("retry-after"), viaProxy.headers.get("anthropic-ratelimit-requests-remaining"), await viaProxy.text()]).toEqual([
        plain.status,
        plain.headers.get("retry-after"),
        plain.headers.get("anthropic-ratelimit-requests-remaining"),
        await plain.text(),
      ]);
      fake.script.push(behaviour);
      const plainError = await thrown(() => direct.messages.create(PARAMS));
      fake.script.push(behaviour);
      expect(visible(await thrown(() => proxied.messages.create(PARAMS)))).toEqual(visible(plainError));
    }
  });

  it("routes Message Batches results through itself and records them at batch prices", async () => {
    const batch = await proxied.messages.batches.retrieve("msgbatch_proxy");
    expect(batch.results_url).toBe(`${server.url}/api/proxy/v1/messages/batches/msgbatch_proxy/results`);
    const results: string[] = [];
    for await (const line of await proxied.messages.batches.results("msgbatch_proxy", {}, { headers: { "x-tally-feature": "nightly" } })) results.push(line.custom_id);
    expect(results).toEqual(["first", "broken", "second"]);
    for (const id of ["msg_msgbatch_proxy_1", "msg_msgbatch_proxy_2"]) {
      expect(await recorded(t, id)).toMatchObject({ ...EXACT, serviceTier: "batch", costUsd: "0.010760625", feature: "nightly" });
    }
  });

  it("forwards other API paths without recording, refuses paths outside the API, and says when the upstream is unreachable", async () => {
    expect(await proxied.messages.countTokens(PARAMS)).toEqual({ input_tokens: 2095 });
    const outside = await fetch(`${server.url}/api/proxy/v2/models`, { method: "POST", body: "{}" });
    expect([outside.status, (await outside.json()).error.type]).toEqual([404, "not_found_error"]);

    process.env.TALLY_PROXY_UPSTREAM = await deadPort();
    const error = await thrown(() => proxied.messages.create(PARAMS));
    process.env.TALLY_PROXY_UPSTREAM = fake.url;
    expect(visible(error)).toMatchObject({ status: 502, error: { type: "error", error: { type: "api_error" } } });
  });

  it("refuses a body over TALLY_PROXY_MAX_BODY_BYTES with 413 in the API's error shape", async () => {
    process.env.TALLY_PROXY_MAX_BODY_BYTES = "1000";
    const error = await thrown(() => proxied.messages.create({ ...PARAMS, messages: [{ role: "user", content: "x".repeat(2000) }] }));
    delete process.env.TALLY_PROXY_MAX_BODY_BYTES;
    expect(visible(error)).toMatchObject({ class: "ContentTooLargeError", status: 413, error: { error: { type: "request_too_large" } } });
  });
});

describe("the proxy on its own port (TALLY_PROXY_PORT)", () => {
  let t: TestDatabase;
  let fake: FakeAnthropic;
  let listener: http.Server;
  let base: string;

  beforeAll(async () => {
    t = await createSqliteDatabase();
    fake = await startFakeAnthropic();
    process.env.DATABASE_URL = t.url;
    process.env.TALLY_PROXY_UPSTREAM = fake.url;
    listener = startProxyListener(0, "127.0.0.1");
    await new Promise((resolve) => listener.once("listening", resolve));
    base = `http://127.0.0.1:${(listener.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    listener.closeAllConnections();
    await new Promise((resolve) => listener.close(resolve));
    await fake.close();
    await stopApp();
    delete process.env.DATABASE_URL;
    delete process.env.TALLY_PROXY_UPSTREAM;
    await t.drop();
  });

  it("answers at /v1 and at /api/proxy/v1 alike, streams, and records", async () => {
    for (const baseURL of [base, `${base}/api/proxy`]) {
      const client = new Anthropic({ apiKey: "sk-ant-test", baseURL, maxRetries: 0 });
      const message = await client.messages.create(PARAMS, { headers: { "x-tally-feature": "own-port" } });
      expect(await recorded(t, message.id)).toMatchObject({ ...EXACT, feature: "own-port", source: "proxy" });
      fake.script.push({ kind: "gated_stream" });
      const iterator = (await client.messages.create({ ...PARAMS, stream: true }))[Symbol.asyncIterator]();
      expect((await iterator.next()).value?.type).toBe("message_start");
      fake.release();
      while (!(await iterator.next()).done);
      expect(await recorded(t, fake.ids.at(-1)!)).toMatchObject({ ...EXACT, quality: [] });
    }
    const batch = await new Anthropic({ apiKey: "sk-ant-test", baseURL: base }).messages.batches.retrieve("msgbatch_own");
    expect(batch.results_url).toBe(`${base}/v1/messages/batches/msgbatch_own/results`);
  });
});
