/**
 * Properties of the record validator over hostile input: any value at all, objects with hostile keys
 * (`__proto__`, `constructor`, ...), and valid records with one field replaced by anything. It never
 * throws; it returns either a record within every bound (which the cost engine prices without
 * throwing) or errors that each name a field. A valid record, in any of its shapes and with unknown
 * fields added, is accepted with exactly its numbers.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { defaultPriceBook, priceCall } from "./pricing";
import type { ServiceTier, UsageRecord } from "./types";
import { MAX_TAGS, MAX_TEXT, MAX_TOKENS_PER_FIELD, parseUsageRecord } from "./usage-record";

const NOW = Date.parse("2026-11-20T12:00:00Z");
const EARLIEST = Date.parse("2023-01-01T00:00:00Z");
const parse = (input: unknown) => parseUsageRecord(input, { nowMs: NOW });

/** Every field the validator reads, so mutations land where they can do harm. */
const FIELD_PATHS = [
  "id", "model", "timestamp", "feature", "project", "user", "user_id", "tags", "stop_reason", "latency_ms", "service_tier", "speed", "inference_geo", "incomplete",
  "usage", "usage.input_tokens", "usage.output_tokens", "usage.cache_read_input_tokens", "usage.cache_creation_input_tokens", "usage.cache_creation",
  "usage.cache_creation.ephemeral_5m_input_tokens", "usage.server_tool_use", "usage.server_tool_use.web_search_requests", "usage.service_tier",
  "input_tokens", "inputTokens", "cache_write_tokens", "cacheWrite1hTokens",
];
const HOSTILE_KEYS = ["__proto__", "constructor", "prototype", "toString", "valueOf", "hasOwnProperty", "__defineGetter__", "then", "length"];

const anything = fc.anything({
  withBigInt: true,
  withBoxedValues: true,
  withDate: true,
  withMap: true,
  withNullPrototype: true,
  withObjectString: true,
  withSet: true,
  withSparseArray: true,
  withTypedArray: true,
});
const hostileKey = fc.oneof(fc.constantFrom(...HOSTILE_KEYS, ...FIELD_PATHS.filter((p) => !p.includes("."))), fc.string());
/** JSON, hostile keys included, as JSON.parse gives it (own `__proto__` properties, not prototypes). */
const hostileJson = fc.jsonValue().chain((leaf) => fc.dictionary(hostileKey, fc.oneof(fc.constant(leaf), fc.dictionary(hostileKey, fc.jsonValue()), fc.jsonValue()))).map((o) => JSON.parse(JSON.stringify(o)));

const TOKEN_KEYS = ["inputTokens", "outputTokens", "cacheReadTokens", "cacheWrite5mTokens", "cacheWrite1hTokens", "webSearchRequests", "webFetchRequests"] as const;

/** What an accepted record must satisfy whatever was sent. */
function expectWithinBounds(record: UsageRecord) {
  for (const key of TOKEN_KEYS) {
    expect(Number.isSafeInteger(record[key]) && record[key] >= 0 && record[key] <= MAX_TOKENS_PER_FIELD).toBe(true);
  }
  expect(record.timestampMs).toBeGreaterThanOrEqual(EARLIEST);
  expect(record.timestampMs).toBeLessThanOrEqual(NOW + 24 * 3_600_000);
  for (const text of [record.id, record.model, record.feature, record.project, record.user ?? ""]) expect(text.length).toBeLessThanOrEqual(MAX_TEXT);
  expect(record.model.length).toBeGreaterThan(0);
  expect(record.tags.length).toBeLessThanOrEqual(MAX_TAGS);
  for (const tag of record.tags) expect(tag.length).toBeLessThanOrEqual(MAX_TEXT);
  expect(["standard", "priority", "batch"]).toContain(record.serviceTier);
  const cost = priceCall(record, defaultPriceBook);
  expect(cost.totalPico).toBeGreaterThanOrEqual(0n);
}

/** Fields an error may name that the input need not hold: required ones, and the cache-write total. */
const ALWAYS_NAMEABLE = ["model", "usage", "record", "cache_creation_input_tokens"];

function expectAnswer(input: unknown) {
  const result = parse(input);
  if (result.ok) return expectWithinBounds(result.record);
  expect(result.errors.length).toBeGreaterThan(0);
  const sent = typeof input === "object" && input !== null ? Object.keys(input) : [];
  for (const error of result.errors) {
    // "field: reason", the field one the record holds (or a required one); quoted values are cut short.
    expect(error).toContain(": ");
    expect([...sent, ...ALWAYS_NAMEABLE]).toContain(error.split(/[.:]/)[0]);
    expect(error.length).toBeLessThan(400);
  }
}

function setPath(target: Record<string, unknown>, path: string, value: unknown) {
  const keys = path.split(".");
  let node = target;
  for (const key of keys.slice(0, -1)) {
    if (typeof node[key] !== "object" || node[key] === null) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[keys[keys.length - 1]] = value;
}

/** Text a valid field may hold: trimmed, 1 to 200 characters, no control characters. */
const fieldText = (max = MAX_TEXT) =>
  fc
    .string({ minLength: 1, maxLength: max, unit: "grapheme" })
    .map((s) => s.trim())
    // eslint-disable-next-line no-control-regex
    .filter((s) => s.length > 0 && s.length <= max && !/[\u0000-\u001f\u007f]/.test(s));
const count = fc.oneof(fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 0, max: MAX_TOKENS_PER_FIELD }));

const validFields = fc.record({
  id: fieldText(),
  model: fc.oneof(fc.constantFrom(...defaultPriceBook.byId.keys()), fieldText()),
  timestampMs: fc.integer({ min: EARLIEST, max: NOW + 24 * 3_600_000 }),
  feature: fieldText(),
  tags: fc.uniqueArray(fieldText().filter((s) => !s.includes(",")), { maxLength: MAX_TAGS }),
  serviceTier: fc.constantFrom<ServiceTier>("standard", "priority", "batch"),
  input: count,
  output: count,
  cacheRead: count,
  // The 5m + 1h split is also sent as a total, which has the same bound.
  write5m: count.map((n) => Math.floor(n / 2)),
  write1h: count.map((n) => Math.floor(n / 2)),
  webSearch: fc.integer({ min: 0, max: 1_000 }),
  shape: fc.constantFrom("nested", "flat", "camel"),
  timestampAs: fc.constantFrom("iso", "ms"),
  unknown: fc.dictionary(fc.string().map((k) => `x_${k}`), fc.jsonValue(), { maxKeys: 5 }),
});
type ValidFields = typeof validFields extends fc.Arbitrary<infer T> ? T : never;

function recordOf(f: ValidFields): Record<string, unknown> {
  const timestamp = f.timestampAs === "iso" ? new Date(f.timestampMs).toISOString() : f.timestampMs;
  const common = { ...f.unknown, id: f.id, model: f.model, timestamp, feature: f.feature, tags: f.tags };
  if (f.shape === "nested") {
    return {
      ...common,
      usage: {
        input_tokens: f.input,
        output_tokens: f.output,
        cache_read_input_tokens: f.cacheRead,
        cache_creation_input_tokens: f.write5m + f.write1h,
        cache_creation: { ephemeral_5m_input_tokens: f.write5m, ephemeral_1h_input_tokens: f.write1h },
        server_tool_use: { web_search_requests: f.webSearch },
        service_tier: f.serviceTier,
      },
    };
  }
  if (f.shape === "flat") {
    return {
      ...common,
      input_tokens: f.input,
      output_tokens: f.output,
      cache_read_input_tokens: f.cacheRead,
      ephemeral_5m_input_tokens: f.write5m,
      ephemeral_1h_input_tokens: f.write1h,
      web_search_requests: f.webSearch,
      service_tier: f.serviceTier,
    };
  }
  return {
    ...common,
    inputTokens: f.input,
    outputTokens: f.output,
    cacheReadTokens: f.cacheRead,
    cacheWrite5mTokens: f.write5m,
    cacheWrite1hTokens: f.write1h,
    webSearchRequests: f.webSearch,
    serviceTier: f.serviceTier,
  };
}

describe("parseUsageRecord on hostile input", () => {
  it("never throws on any value at all", () => {
    fc.assert(fc.property(anything, expectAnswer), { numRuns: 300 });
  });

  it("never throws on JSON objects with hostile keys, and never touches Object.prototype", () => {
    fc.assert(
      fc.property(hostileJson, (input) => {
        expectAnswer(input);
        expect(Object.keys(Object.prototype)).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });

  it("never throws when any one field of a valid record holds anything", () => {
    fc.assert(
      fc.property(validFields, fc.constantFrom(...FIELD_PATHS), fc.oneof(anything, fc.jsonValue(), fc.double(), fc.string()), (fields, path, value) => {
        const input = recordOf(fields);
        setPath(input, path, value);
        expectAnswer(input);
        expectAnswer(JSON.parse(JSON.stringify(input, (_k, v) => (typeof v === "bigint" ? String(v) : v)) ?? "null"));
      }),
      { numRuns: 300 },
    );
  });

  it("accepts every valid record in every shape, unknown fields ignored, with exactly the numbers sent", () => {
    fc.assert(
      fc.property(validFields, (f) => {
        const result = parse(JSON.parse(JSON.stringify(recordOf(f))));
        if (!result.ok) throw new Error(result.errors.join("; "));
        expect(result.record).toMatchObject({
          id: f.id,
          model: f.model,
          timestampMs: f.timestampMs,
          feature: f.feature,
          tags: f.tags,
          serviceTier: f.serviceTier,
          inputTokens: f.input,
          outputTokens: f.output,
          cacheReadTokens: f.cacheRead,
          cacheWrite5mTokens: f.write5m,
          cacheWrite1hTokens: f.write1h,
          webSearchRequests: f.webSearch,
        });
      }),
      { numRuns: 200 },
    );
  });
});
