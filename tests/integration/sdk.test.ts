/**
 * `tally/sdk` with the real @anthropic-ai/sdk client against a loopback server that answers like the
 * Messages API (tests/helpers/fake-anthropic.ts), recording into a real Tally ingest route (served on
 * loopback, on a real database). Every answer carries the same usage, Sonnet 4.6 with a 5-minute cache
 * write: 2,095 input x $3/M + 503 output x $15/M + 2,051 cache writes x $3.75/M = $0.02152125, and
 * half of that, $0.010760625, at the batch tier.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import Anthropic from "@anthropic-ai/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as postUsage } from "@/app/api/v1/usage/route";
import { stopApp } from "@/lib/server/app";
import { callToJson } from "@/lib/server/call-json";
import { getCall } from "@/lib/server/calls-queries";
import { createIngestKey } from "@/lib/server/keys";
import { createTallyRecorder, tallyHeaders, tallyOf, withTally, type TallyOptions } from "@/lib/sdk";
import { thrown, visible } from "@/tests/helpers/api-errors";
import { startFakeAnthropic, FAKE_USAGE, type FakeAnthropic } from "@/tests/helpers/fake-anthropic";
import { PROVIDERS, createSqliteDatabase, type TestDatabase } from "@/tests/helpers/databases";
import { startReceiver } from "@/tests/helpers/http-receiver";
import { deadPort, serveRoutes, type RouteServer } from "@/tests/helpers/route-server";

const PARAMS = { model: "claude-sonnet-4-6", max_tokens: 1024, messages: [{ role: "user" as const, content: "Hello" }] };
const CALL_COST = "0.02152125";

/** A recorded call as the API shows it, or null. */
async function recorded(t: TestDatabase, id: string) {
  const row = await getCall(t.db, id);
  return row ? callToJson(row) : null;
}

/** The call's counts exactly as the fake API sent them, priced. */
const EXACT = {
  inputTokens: FAKE_USAGE.input_tokens,
  outputTokens: FAKE_USAGE.output_tokens,
  cacheWrite5mTokens: 2051,
  cacheWrite1hTokens: 0,
  cacheReadTokens: 0,
  serviceTier: "standard",
  costUsd: CALL_COST,
};

async function streamEvents(stream: AsyncIterable<{ type: string }>) {
  const events: unknown[] = [];
  for await (const event of stream) events.push(event);
  return JSON.parse(JSON.stringify(events).replace(/msg_fake_\d+/g, "msg_x"));
}

describe.each(PROVIDERS)("the SDK wrapper recording into %s", (_provider, create) => {
  let t: TestDatabase;
  let fake: FakeAnthropic;
  let tally: RouteServer;
  let key: string;
  let direct: Anthropic;
  let wrapped: Anthropic;

  beforeAll(async () => {
    t = await create();
    process.env.DATABASE_URL = t.url;
    key = (await createIngestKey(t.db, "sdk")).key;
    fake = await startFakeAnthropic();
    tally = await serveRoutes({ "/api/v1/usage": postUsage });
    direct = new Anthropic({ apiKey: "sk-ant-test", baseURL: fake.url, maxRetries: 0 });
    wrapped = withTally(new Anthropic({ apiKey: "sk-ant-test", baseURL: fake.url, maxRetries: 0 }), {
      endpoint: tally.url,
      apiKey: key,
      feature: "chat",
      project: "web",
      flushOnExit: false,
    });
  });
  afterAll(async () => {
    await tallyOf(wrapped)?.shutdown(1000);
    await tally.close();
    await fake.close();
    await stopApp();
    delete process.env.DATABASE_URL;
    await t.drop();
  });

  it("records a plain create exactly, and the caller gets the same message it would without Tally", async () => {
    const plain = await direct.messages.create(PARAMS);
    const message = await wrapped.messages.create({ ...PARAMS, metadata: { user_id: "user-42" } });
    expect({ ...message, id: "x" }).toEqual({ ...plain, id: "x" });
    expect(message._request_id).toMatch(/^req_fake_\d+$/);
    const stats = await tallyOf(wrapped)!.flush();
    expect(stats).toMatchObject({ recorded: 1, sent: 1, accepted: 1, queued: 0, dropped: 0 });
    expect(await recorded(t, message.id)).toMatchObject({
      ...EXACT,
      model: "claude-sonnet-4-6",
      feature: "chat",
      project: "web",
      user: "user-42",
      stopReason: "end_turn",
      source: "sdk",
      quality: [],
    });
    expect((await recorded(t, message.id))!.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it("assembles streamed usage from message_start and the last cumulative message_delta, for create({ stream }) and messages.stream()", async () => {
    const plainEvents = await streamEvents(await direct.messages.create({ ...PARAMS, stream: true }));
    const stream = await wrapped.messages.create({ ...PARAMS, stream: true });
    expect(await streamEvents(stream)).toEqual(plainEvents);
    const streamedId = fake.ids.at(-1)!;

    const helper = wrapped.messages.stream(PARAMS, { headers: tallyHeaders({ feature: "summarize", tags: ["experiment:b"] }) });
    const final = await helper.finalMessage();
    expect(final.usage).toMatchObject({ input_tokens: 2095, output_tokens: 503, cache_creation_input_tokens: 2051 });
    // Tally's headers never reach the API.
    expect(Object.keys(fake.requests.at(-1)!.headers).filter((h) => h.startsWith("x-tally"))).toEqual([]);

    await tallyOf(wrapped)!.flush();
    // 503 output, not 1 + 250 + 503; 2,095 input, not twice that (the last delta repeats it).
    expect(await recorded(t, streamedId)).toMatchObject({ ...EXACT, feature: "chat", stopReason: "end_turn", quality: [] });
    expect(await recorded(t, final.id)).toMatchObject({ ...EXACT, feature: "summarize", tags: ["experiment:b"], quality: [] });
  });

  it("passes an error event mid-stream to the caller as without Tally, and records what was seen as incomplete", async () => {
    fake.script.push({ kind: "error_mid_stream" });
    const plainError = await thrown(async () => streamEvents(await direct.messages.create({ ...PARAMS, stream: true })));
    fake.script.push({ kind: "error_mid_stream" });
    const error = await thrown(async () => streamEvents(await wrapped.messages.create({ ...PARAMS, stream: true })));
    expect(visible(error)).toEqual(visible(plainError));
    expect(error.constructor.name).toBe("APIError");
    await tallyOf(wrapped)!.flush();
    expect(await recorded(t, fake.ids.at(-1)!)).toMatchObject({ inputTokens: 2095, outputTokens: 120, cacheWrite5mTokens: 2051, stopReason: null, quality: ["stream_incomplete"] });
  });

  it("records a stream whose connection is cut as incomplete; the caller sees the same failure", async () => {
    fake.script.push({ kind: "cut_mid_stream" });
    const plainError = await thrown(async () => streamEvents(await direct.messages.create({ ...PARAMS, stream: true })));
    fake.script.push({ kind: "cut_mid_stream" });
    const error = await thrown(async () => streamEvents(await wrapped.messages.create({ ...PARAMS, stream: true })));
    expect(visible(error)).toEqual(visible(plainError));
    await tallyOf(wrapped)!.flush();
    expect(await recorded(t, fake.ids.at(-1)!)).toMatchObject({ inputTokens: 2095, outputTokens: 80, quality: ["stream_incomplete"] });
  });

  it("records a stream the caller stops reading (break) as incomplete with the counts it had seen, and stops the upstream", async () => {
    fake.script.push({ kind: "endless_stream" });
    const hangup = fake.nextHangup();
    const stream = await wrapped.messages.create({ ...PARAMS, stream: true });
    let seen = 0;
    for await (const event of stream) {
      if (event.type === "message_delta") seen = event.usage.output_tokens;
      if (seen >= 30) break;
    }
    // Breaking aborts the request: the API stops streaming.
    const lastSent = await hangup;
    await tallyOf(wrapped)!.flush();
    const call = await recorded(t, fake.ids.at(-1)!);
    expect(call).toMatchObject({ inputTokens: 2095, cacheWrite5mTokens: 2051, quality: ["stream_incomplete"] });
    expect(call!.outputTokens).toBeGreaterThanOrEqual(seen);
    expect(call!.outputTokens).toBeLessThanOrEqual(lastSent);
    expect(call!.outputTokens % 10).toBe(0);
  });

  it("hands 429 (with retry-after) and 529 to the caller unchanged and records nothing for them", async () => {
    const before = tallyOf(wrapped)!.stats().recorded;
    for (const behaviour of [{ kind: "rate_limited", retryAfter: "7" }, { kind: "overloaded" }] as const) {
      fake.script.push(behaviour);
      const plainError = await thrown(() => direct.messages.create(PARAMS));
      fake.script.push(behaviour);
      const error = await thrown(() => wrapped.messages.create(PARAMS));
      expect(visible(error)).toEqual(visible(plainError));
    }
    expect(visible(await thrown(async () => { fake.script.push({ kind: "rate_limited", retryAfter: "7" }); await wrapped.messages.create(PARAMS); }))).toMatchObject({
      class: "RateLimitError",
      status: 429,
      retryAfter: "7",
    });
    expect(tallyOf(wrapped)!.stats().recorded).toBe(before);
  });

  it("records a call the SDK retried after a 429 once, from the attempt that succeeded", async () => {
    const retrying = withTally(new Anthropic({ apiKey: "sk-ant-test", baseURL: fake.url, maxRetries: 2 }), { endpoint: tally.url, apiKey: key, feature: "retried", flushOnExit: false });
    fake.script.push({ kind: "rate_limited", retryAfter: "0" });
    const message = await retrying.messages.create(PARAMS);
    const stats = await tallyOf(retrying)!.shutdown();
    expect(stats).toMatchObject({ recorded: 1, accepted: 1 });
    expect(await recorded(t, message.id)).toMatchObject({ ...EXACT, feature: "retried" });
  });

  it("records each succeeded Message Batches result at batch prices, half the standard cost", async () => {
    const lines: string[] = [];
    for await (const line of await wrapped.messages.batches.results("msgbatch_test1")) lines.push(line.result.type);
    expect(lines).toEqual(["succeeded", "errored", "succeeded"]);
    await tallyOf(wrapped)!.flush();
    for (const id of ["msg_msgbatch_test1_1", "msg_msgbatch_test1_2"]) {
      expect(await recorded(t, id)).toMatchObject({ ...EXACT, serviceTier: "batch", costUsd: "0.010760625", feature: "chat" });
    }
  });
});

describe("the SDK wrapper when Tally is unwell", () => {
  let t: TestDatabase;
  let fake: FakeAnthropic;
  let key: string;

  beforeAll(async () => {
    t = await createSqliteDatabase();
    process.env.DATABASE_URL = t.url;
    key = (await createIngestKey(t.db, "sdk")).key;
    fake = await startFakeAnthropic();
  });
  afterAll(async () => {
    await fake.close();
    await stopApp();
    delete process.env.DATABASE_URL;
    await t.drop();
  });

  const client = (options: TallyOptions) =>
    withTally(new Anthropic({ apiKey: "sk-ant-test", baseURL: fake.url, maxRetries: 0 }), { apiKey: key, flushOnExit: false, onError: () => {}, ...options });

  it("never fails a call when Tally is down, and keeps the records for later", async () => {
    const anthropic = client({ endpoint: await deadPort(), flushIntervalMs: 5, batchSize: 5 });
    for (let i = 0; i < 10; i++) expect((await anthropic.messages.create(PARAMS)).usage.output_tokens).toBe(503);
    const events = await streamEvents(await anthropic.messages.create({ ...PARAMS, stream: true }));
    expect(events.map((e: { type: string }) => e.type)).toEqual(["message_start", "content_block_start", "content_block_delta", "content_block_stop", "message_delta", "message_delta", "message_stop"]);
    const stats = await tallyOf(anthropic)!.flush(300);
    expect(stats).toMatchObject({ recorded: 11, sent: 0, queued: 11 });
    expect(stats.lastError).toMatch(/could not reach Tally/);
    expect((await tallyOf(anthropic)!.shutdown(10)).failed).toBe(11);
  });

  it("never makes a call wait for a Tally that accepts connections and never answers", async () => {
    const hanging = await startReceiver(() => "hang");
    const anthropic = client({ endpoint: hanging.url, flushIntervalMs: 1, batchSize: 1, requestTimeoutMs: 600_000 });
    // Were a call waiting on Tally, the first would never return: the receiver never answers.
    for (let i = 0; i < 10; i++) await anthropic.messages.create(PARAMS);
    for (let i = 0; i < 3; i++) await streamEvents(await anthropic.messages.create({ ...PARAMS, stream: true }));
    expect(hanging.requests.length).toBeGreaterThanOrEqual(1);
    expect(tallyOf(anthropic)!.stats()).toMatchObject({ recorded: 13, sent: 0 });
    await tallyOf(anthropic)!.shutdown(10);
    await hanging.close();
  });

  it("keeps at most maxQueue records while Tally is down, dropping the oldest, and sends the rest once it is back", async () => {
    let down = true;
    const flaky = await serveRoutes({ "/api/v1/usage": async (request) => (down ? new Response("down", { status: 503 }) : postUsage(request)) });
    const anthropic = client({ endpoint: flaky.url, maxQueue: 50, batchSize: 10, flushIntervalMs: 5 });
    const ids: string[] = [];
    for (let i = 0; i < 120; i++) ids.push((await anthropic.messages.create(PARAMS)).id);
    const whileDown = await tallyOf(anthropic)!.flush(200);
    expect(whileDown).toMatchObject({ recorded: 120, sent: 0, queued: 50, dropped: 70 });
    expect(whileDown.retries).toBeGreaterThan(0);
    down = false;
    const after = await tallyOf(anthropic)!.flush(5000);
    expect(after).toMatchObject({ sent: 50, accepted: 50, queued: 0, dropped: 70 });
    const stored = await t.db.all<{ id: string }>("SELECT id FROM calls WHERE id IN (" + ids.map(() => "?").join(",") + ") ORDER BY id", ids);
    expect(stored.map((r) => r.id)).toEqual(ids.slice(70).sort());
    await tallyOf(anthropic)!.shutdown(10);
    await flaky.close();
  });

  it("retries with backoff until Tally recovers, storing each record once", async () => {
    let failures = 2;
    const recovering = await serveRoutes({ "/api/v1/usage": async (request) => (failures-- > 0 ? new Response("busy", { status: 503, headers: { "retry-after": "0" } }) : postUsage(request)) });
    const anthropic = client({ endpoint: recovering.url, feature: "recovering", batchSize: 3, flushIntervalMs: 5 });
    for (let i = 0; i < 3; i++) await anthropic.messages.create(PARAMS);
    const stats = await tallyOf(anthropic)!.flush(5000);
    expect(stats).toMatchObject({ recorded: 3, sent: 3, accepted: 3, duplicates: 0, retries: 2, queued: 0 });
    const rows = await t.db.all<{ n: number }>("SELECT COUNT(*) AS n FROM calls WHERE feature = 'recovering'");
    expect(Number(rows[0].n)).toBe(3);
    await tallyOf(anthropic)!.shutdown(10);
    await recovering.close();
  });

  it("drops a batch Tally refuses outright (a wrong key) and says why", async () => {
    const server = await serveRoutes({ "/api/v1/usage": postUsage });
    const errors: string[] = [];
    const anthropic = client({ endpoint: server.url, apiKey: "tly_wrong", batchSize: 1, flushIntervalMs: 1, onError: (e) => errors.push(`${e.kind}: ${e.message}`) });
    await anthropic.messages.create(PARAMS);
    const stats = await tallyOf(anthropic)!.flush(2000);
    expect(stats).toMatchObject({ recorded: 1, sent: 0, failed: 1, queued: 0, retries: 0 });
    expect(errors).toEqual(["batch_dropped: Tally answered 401: the ingest key is not valid or has been revoked; dropped the batch"]);
    await tallyOf(anthropic)!.shutdown(10);
    await server.close();
  });

  it("refuses a bad configuration when the client is wrapped, not during a call", () => {
    expect(() => createTallyRecorder({ endpoint: "tally.local", apiKey: key })).toThrow('tally: endpoint "tally.local" is not a URL');
    expect(() => createTallyRecorder({ endpoint: "http://x", apiKey: undefined })).toThrow(/no ingest key/);
    expect(() => createTallyRecorder({ endpoint: "http://x", apiKey: key, batchSize: 5000 })).toThrow("tally: batchSize must be an integer from 1 to 1000, got 5000");
    const off = withTally(new Anthropic({ apiKey: "sk-ant-test", baseURL: fake.url }), { enabled: false });
    expect(tallyOf(off)!.stats().recorded).toBe(0);
  });

  it("flushes on exit: when an app's script ends, and when it is stopped with SIGTERM", async () => {
    const server = await serveRoutes({ "/api/v1/usage": postUsage });
    const app = path.resolve("tests/fixtures/sdk-app.mjs");
    const run = (mode: string) =>
      new Promise<{ code: number | null; signal: string | null }>((resolve) => {
        const child = spawn(process.execPath, [app, fake.url, server.url, key, mode], { stdio: ["ignore", "pipe", "inherit"] });
        child.stdout.on("data", (chunk: Buffer) => {
          if (chunk.toString().includes("ready")) child.kill("SIGTERM");
        });
        child.on("exit", (code, signal) => resolve({ code, signal }));
      });
    expect(await run("natural")).toEqual({ code: 0, signal: null });
    expect(await run("signal")).toEqual({ code: null, signal: "SIGTERM" });
    const rows = await t.db.all<{ feature: string; n: number }>("SELECT feature, COUNT(*) AS n FROM calls WHERE feature LIKE 'exit-%' GROUP BY feature ORDER BY feature");
    expect(rows.map((r) => [r.feature, Number(r.n)])).toEqual([["exit-natural", 3], ["exit-signal", 3]]);
    await server.close();
  });
});
