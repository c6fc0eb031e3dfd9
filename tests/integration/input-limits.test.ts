/**
 * Every input limit of the ingest endpoints (POST /api/v1/usage and the OTLP traces endpoint), on both
 * databases: the status and error a client sees, and that a refused request leaves what was stored
 * before exactly as it was. A refused record inside a batch is named by its index; the rest is stored.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { POST as postTraces } from "@/app/api/otel/v1/traces/route";
import { POST as postUsage } from "@/app/api/v1/usage/route";
import { stopApp } from "@/lib/server/app";
import { createIngestKey } from "@/lib/server/keys";
import { PROVIDERS, type TestDatabase } from "@/tests/helpers/databases";

const BASE = "http://tally.test";
const HOUR_MS = 3_600_000;

/** A good record an hour old (the routes use the real clock), with a unique id. */
function record(id: string, fields: Record<string, unknown> = {}) {
  return {
    id,
    model: "claude-sonnet-4-6",
    timestamp: new Date(Date.now() - HOUR_MS).toISOString(),
    feature: "limits",
    usage: { input_tokens: 1_000, output_tokens: 100 },
    ...fields,
  };
}

/** One OTLP span of a Claude call, started an hour ago. */
function span(id: string, attributes: { key: string; value: Record<string, unknown> }[] = []) {
  const startNanos = BigInt(Date.now() - HOUR_MS) * 1_000_000n;
  return {
    traceId: "t",
    spanId: id,
    startTimeUnixNano: String(startNanos),
    endTimeUnixNano: String(startNanos + 2_000_000_000n),
    attributes: [
      { key: "gen_ai.system", value: { stringValue: "anthropic" } },
      { key: "gen_ai.request.model", value: { stringValue: "claude-sonnet-4-6" } },
      { key: "gen_ai.response.id", value: { stringValue: id } },
      { key: "gen_ai.usage.input_tokens", value: { intValue: "1000" } },
      { key: "gen_ai.usage.output_tokens", value: { intValue: "100" } },
      ...attributes,
    ],
  };
}
const exportOf = (spans: unknown[]) => ({ resourceSpans: [{ resource: { attributes: [] }, scopeSpans: [{ spans }] }] });

/** Runs fn with environment variables set, restoring them after. */
async function withEnv<T>(vars: Record<string, string>, fn: () => Promise<T>): Promise<T> {
  const before = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  Object.assign(process.env, vars);
  try {
    return await fn();
  } finally {
    for (const [k, v] of Object.entries(before)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

describe.each(PROVIDERS)("input limits on %s", (_provider, create) => {
  let t: TestDatabase;
  let key: string;
  let seq = 0;
  const nextId = () => `msg_limits_${++seq}`;

  /** Every stored call with its cost, and the daily summary: what a refused request must not change. */
  const stored = async () => ({
    calls: await t.db.all("SELECT id, model, feature, input_tokens, output_tokens, cost_pico, tags FROM calls ORDER BY id"),
    daily: await t.db.all("SELECT * FROM daily_usage ORDER BY day, project, feature, model, service_tier"),
  });

  function postRaw(body: BodyInit, contentType: string | null, path = "/api/v1/usage") {
    const headers: Record<string, string> = { authorization: `Bearer ${key}` };
    if (contentType !== null) headers["content-type"] = contentType;
    const request = new Request(`${BASE}${path}`, { method: "POST", body, headers });
    return path === "/api/v1/usage" ? postUsage(request) : postTraces(request);
  }
  const postJson = (body: unknown) => postRaw(JSON.stringify(body), "application/json");
  const postOtel = (body: unknown) => postRaw(JSON.stringify(body), "application/json", "/api/otel/v1/traces");

  /** What a client sees of a whole-request error. */
  async function refusal(response: Response) {
    const body = await response.json();
    return { status: response.status, code: body.error?.code, message: body.error?.message };
  }

  /** The errors a one-record request was rejected with (and that nothing was stored for it). */
  async function rejectionOf(fields: Record<string, unknown>): Promise<string[]> {
    const response = await postJson([record(nextId(), fields)]);
    const body = await response.json();
    expect([response.status, body.accepted]).toEqual([200, 0]);
    expect(body.rejected).toHaveLength(1);
    expect(body.rejected[0].index).toBe(0);
    return body.rejected[0].errors;
  }

  let before: Awaited<ReturnType<typeof stored>>;

  beforeAll(async () => {
    t = await create();
    process.env.DATABASE_URL = t.url;
    key = (await createIngestKey(t.db, "limits")).key;
    const seeded = await postJson([record("msg_seed_1"), record("msg_seed_2", { feature: "other" })]);
    expect((await seeded.json()).accepted).toBe(2);
  });
  beforeEach(async () => {
    before = await stored();
  });
  afterAll(async () => {
    await stopApp();
    delete process.env.DATABASE_URL;
    await t.drop();
  });

  describe("POST /api/v1/usage: whole-request limits change nothing stored", () => {
    it("a body over TALLY_MAX_BODY_BYTES is 413", async () => {
      const response = await withEnv({ TALLY_MAX_BODY_BYTES: "300" }, () => postJson([record(nextId()), record(nextId())]));
      expect(await refusal(response)).toEqual({ status: 413, code: "payload_too_large", message: "request body is larger than 300 bytes; send smaller batches" });
      expect(await stored()).toEqual(before);
    });

    it("a batch over TALLY_MAX_BATCH_RECORDS is 413, and none of its records is stored", async () => {
      const response = await withEnv({ TALLY_MAX_BATCH_RECORDS: "2" }, () => postJson([record(nextId()), record(nextId()), record(nextId())]));
      expect(await refusal(response)).toEqual({ status: 413, code: "payload_too_large", message: "batch has 3 records; at most 2 are accepted per request" });
      const ndjson = await withEnv({ TALLY_MAX_BATCH_RECORDS: "2" }, () =>
        postRaw([record(nextId()), record(nextId()), record(nextId())].map((r) => JSON.stringify(r)).join("\n"), "application/x-ndjson"),
      );
      expect((await refusal(ndjson)).status).toBe(413);
      expect(await stored()).toEqual(before);
    });

    it("a wrong or missing Content-Type is 415", async () => {
      expect(await refusal(await postRaw(JSON.stringify(record(nextId())), "text/plain"))).toEqual({
        status: 415,
        code: "unsupported_media_type",
        message: 'Content-Type "text/plain": send application/json (a record or an array of records) or application/x-ndjson (one record per line)',
      });
      const missing = await refusal(await postRaw(new TextEncoder().encode(JSON.stringify(record(nextId()))), null));
      expect(missing).toMatchObject({ status: 415, code: "unsupported_media_type", message: expect.stringMatching(/^Content-Type missing: send application\/json/) });
      expect(await stored()).toEqual(before);
    });

    it("an empty body is 400", async () => {
      expect(await refusal(await postRaw("", "application/json"))).toEqual({ status: 400, code: "bad_request", message: "request body is empty" });
      expect(await refusal(await postRaw(" \n ", "application/x-ndjson"))).toEqual({ status: 400, code: "bad_request", message: "request body is empty" });
    });

    it("invalid JSON is 400, and JSON that is not a record or a list of them is 400", async () => {
      expect(await refusal(await postRaw('[{"id": "x",', "application/json"))).toMatchObject({ status: 400, code: "bad_request", message: expect.stringMatching(/^body is not valid JSON: /) });
      expect(await refusal(await postRaw("42", "application/json"))).toEqual({ status: 400, code: "bad_request", message: "body must be a JSON object (one record) or an array of records" });
      expect(await stored()).toEqual(before);
    });

    it("JSON nested more than 64 levels is 400 naming the limit; 64 levels are read", async () => {
      const nested = (levels: number) => JSON.parse("[".repeat(levels) + "]".repeat(levels));
      // The batch array is level 1, the record level 2, its unknown field from level 3.
      const deep = await postJson([record(nextId(), { extra: nested(63) })]);
      expect(await refusal(deep)).toEqual({ status: 400, code: "bad_request", message: "body is nested more than 64 levels deep (the limit for objects and arrays)" });
      expect(await stored()).toEqual(before);
      const ok = await postJson([record(nextId(), { extra: nested(62) })]);
      expect((await ok.json()).accepted).toBe(1);
    });

    it("an NDJSON line nested too deeply is rejected by its line, and the other lines are stored", async () => {
      const lines = [JSON.stringify(record(nextId())), "[".repeat(100_000) + "]".repeat(100_000), JSON.stringify(record(nextId()))];
      const response = await postRaw(lines.join("\n"), "application/x-ndjson");
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({
        accepted: 2,
        rejected: [{ index: 1, id: null, errors: ["line 2: nested more than 64 levels deep (the limit for objects and arrays)"] }],
      });
    });
  });

  describe("POST /api/v1/usage: a record over a bound is rejected by index and field", () => {
    it.each([
      ["id", 200],
      ["model", 200],
      ["feature", 200],
      ["project", 200],
      ["user", 200],
      ["stop_reason", 64],
      ["inference_geo", 32],
    ])("%s longer than %i characters", async (field, max) => {
      expect(await rejectionOf({ [field]: "x".repeat(max + 1) })).toEqual([`${field}: must be at most ${max} characters, got ${max + 1}`]);
      expect(await stored()).toEqual(before);
    });

    it("a string field sent as an object or array", async () => {
      expect(await rejectionOf({ feature: { name: "x" }, project: ["p"] })).toEqual(["feature: must be a string, got object", "project: must be a string, got an array"]);
    });

    it("more than 50 tags", async () => {
      expect(await rejectionOf({ tags: Array.from({ length: 51 }, (_, i) => `t${i}`) })).toEqual(["tags: at most 50 tags, got 51"]);
      expect(await rejectionOf({ tags: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, "v"])) })).toEqual(["tags: at most 50 tags, got 51"]);
    });

    it("a tag, or a tag key:value, longer than 200 characters; a tag value that is not text", async () => {
      expect(await rejectionOf({ tags: ["ok", "t".repeat(201)] })).toEqual(["tags.1: must be at most 200 characters, got 201"]);
      expect(await rejectionOf({ tags: { env: "v".repeat(197) } })).toEqual(["tags.env: must be at most 200 characters, got 201"]);
      expect(await rejectionOf({ tags: { ["k".repeat(201)]: "v" } })).toEqual([`tags.${"k".repeat(40)}...: must be at most 200 characters, got 203`]);
      expect(await rejectionOf({ tags: { env: { toString: 1 } } })).toEqual(["tags.env: must be a string or number, got object"]);
      expect(await stored()).toEqual(before);
    });

    it("a timestamp before 2023-01-01 or more than 24 hours ahead", async () => {
      expect(await rejectionOf({ timestamp: "2022-12-31T23:59:59Z" })).toEqual(["timestamp: 2022-12-31T23:59:59.000Z is before 2023-01-01, earlier than any Claude API call"]);
      const ahead = new Date(Date.now() + 25 * HOUR_MS);
      expect(await rejectionOf({ timestamp: ahead.toISOString() })).toEqual([`timestamp: ${ahead.toISOString()} is more than 24 hours in the future`]);
      expect(await rejectionOf({ timestamp: 1e20 })).toEqual(["timestamp: 100000000000000000000 is more than 24 hours in the future"]);
      expect(await stored()).toEqual(before);
    });

    it("negative, fractional, non-numeric, infinite and implausibly large token counts", async () => {
      const usage = (input_tokens: unknown) => ({ usage: { input_tokens, output_tokens: 1 } });
      expect(await rejectionOf(usage(-1))).toEqual(["usage.input_tokens: must be a non-negative integer, got -1"]);
      expect(await rejectionOf(usage(1.5))).toEqual(["usage.input_tokens: must be a non-negative integer, got 1.5"]);
      expect(await rejectionOf(usage("NaN"))).toEqual(['usage.input_tokens: must be a non-negative integer, got "NaN"']);
      expect(await rejectionOf(usage(1_000_000_000))).toEqual(["usage.input_tokens: 1000000000 is not a plausible token count (at most 100000000)"]);
      const infinite = await postRaw(JSON.stringify([record(nextId())]).replace('"input_tokens":1000', '"input_tokens":1e400'), "application/json");
      expect((await infinite.json()).rejected[0].errors).toEqual(["usage.input_tokens: must be a non-negative integer, got Infinity"]);
      expect(await stored()).toEqual(before);
    });

    it("ignores unknown fields, hostile keys included: the record is stored as if they were absent", async () => {
      const id = nextId();
      const text = JSON.stringify(record(id, { colour: "unknown-marker", nested: { deeper: ["unknown-marker"] } })).replace(
        /^\{/,
        '{"__proto__":{"model":"unknown-marker","feature":"unknown-marker"},"constructor":{"prototype":{"model":"unknown-marker"}},',
      );
      const response = await postRaw(text, "application/json");
      expect(await response.json()).toEqual({ accepted: 1, duplicates: 0, rejected: [] });
      const [row] = await t.db.all("SELECT * FROM calls WHERE id = ?", [id]);
      expect(row).toMatchObject({ model: "claude-sonnet-4-6", feature: "limits" });
      expect(JSON.stringify(row, (_k, v) => (typeof v === "bigint" ? String(v) : v))).not.toContain("unknown-marker");
      expect(({} as Record<string, unknown>).model).toBeUndefined();
    });

    it("a mixed batch stores the good records and reports each bad one by index", async () => {
      const [good1, good2] = [nextId(), nextId()];
      const response = await postJson([record(good1), record(nextId(), { model: "" }), record(good2), "not a record", record(nextId(), { tags: "a".repeat(201) })]);
      expect(await response.json()).toEqual({
        accepted: 2,
        duplicates: 0,
        rejected: [
          { index: 1, id: expect.stringMatching(/^msg_limits_/), errors: ["model: required"] },
          { index: 3, id: null, errors: ["record: must be a JSON object, got string"] },
          { index: 4, id: expect.stringMatching(/^msg_limits_/), errors: ["tags.0: must be at most 200 characters, got 201"] },
        ],
      });
      const after = await stored();
      expect(after.calls.map((c) => c.id)).toEqual([...before.calls.map((c) => c.id), good1, good2].sort());
      expect(after.calls.filter((c) => before.calls.some((b) => b.id === c.id))).toEqual(before.calls);
    });
  });

  describe("POST /api/otel/v1/traces: the same limits", () => {
    it("a body over TALLY_MAX_BODY_BYTES is 413", async () => {
      const response = await withEnv({ TALLY_MAX_BODY_BYTES: "300" }, () => postOtel(exportOf([span(nextId())])));
      expect(await refusal(response)).toEqual({ status: 413, code: "payload_too_large", message: "request body is larger than 300 bytes; send smaller batches" });
      expect(await stored()).toEqual(before);
    });

    it("an export with more spans than TALLY_MAX_BATCH_RECORDS is 413, and none is stored", async () => {
      const response = await withEnv({ TALLY_MAX_BATCH_RECORDS: "2" }, () => postOtel(exportOf([span(nextId()), span(nextId()), span(nextId())])));
      expect(await refusal(response)).toEqual({ status: 413, code: "payload_too_large", message: "export has 3 spans; at most 2 are accepted per request" });
      expect(await stored()).toEqual(before);
    });

    it("protobuf or a missing Content-Type is 415; an empty, broken, too deep or non-OTLP body is 400", async () => {
      const otel = (body: BodyInit, type: string | null) => postRaw(body, type, "/api/otel/v1/traces");
      const message415 = "send OTLP/HTTP as JSON (Content-Type: application/json); protobuf is not accepted";
      expect(await refusal(await otel("x", "application/x-protobuf"))).toEqual({ status: 415, code: "unsupported_media_type", message: message415 });
      expect(await refusal(await otel(new TextEncoder().encode("{}"), null))).toEqual({ status: 415, code: "unsupported_media_type", message: message415 });
      expect(await refusal(await otel("", "application/json"))).toEqual({ status: 400, code: "bad_request", message: "request body is empty" });
      expect(await refusal(await otel('{"resourceSpans":[', "application/json"))).toEqual({ status: 400, code: "bad_request", message: "the body is not JSON" });
      const deep = { resourceSpans: [{ scopeSpans: [{ spans: [span(nextId(), [{ key: "x", value: JSON.parse("[".repeat(70) + "]".repeat(70)) }])] }] }] };
      expect(await refusal(await postOtel(deep))).toEqual({ status: 400, code: "bad_request", message: "body is nested more than 64 levels deep (the limit for objects and arrays)" });
      expect(await refusal(await postOtel({ spans: [] }))).toEqual({ status: 400, code: "bad_request", message: "not an OTLP traces export: resourceSpans is missing" });
      expect(await stored()).toEqual(before);
    });

    it("a span with an unreadable time or an over-long model is rejected by itself; the others are stored", async () => {
      const good = nextId();
      const badTime = { ...span(nextId()), startTimeUnixNano: "soon" };
      const longModel = span(nextId(), [{ key: "gen_ai.response.model", value: { stringValue: "m".repeat(201) } }]);
      const response = await postOtel(exportOf([span(good), badTime, longModel]));
      expect(await response.json()).toEqual({
        partialSuccess: { rejectedSpans: 2, errorMessage: 'span 1: startTimeUnixNano: must be nanoseconds since the epoch as a string of digits, got "soon"' },
      });
      const after = await stored();
      expect(after.calls.map((c) => c.id)).toEqual([...before.calls.map((c) => c.id), good].sort());
    });
  });
});
