import { describe, expect, it } from "vitest";
import { MAX_TOKENS_PER_FIELD, parseUsageRecord, usageRecordSchema } from "./usage-record";

const NOW = Date.parse("2026-11-20T12:00:00Z");
const parse = (input: unknown, defaults?: { feature?: string; project?: string }) => parseUsageRecord(input, { nowMs: NOW, defaults });

function ok(input: unknown) {
  const result = parse(input);
  if (!result.ok) throw new Error(result.errors.join("; "));
  return result.record;
}

function errorsOf(input: unknown): string[] {
  const result = parse(input);
  if (result.ok) throw new Error("expected a rejection");
  return result.errors;
}

/** The Messages API response from anthropic-usage.md, section 1. */
const MESSAGE = {
  id: "msg_01XFDUDYJgAACzvnptvVoYEL",
  type: "message",
  model: "claude-sonnet-4-6",
  stop_reason: "end_turn",
  content: [{ type: "text", text: "hi" }],
  usage: {
    input_tokens: 2095,
    output_tokens: 503,
    cache_creation_input_tokens: 2051,
    cache_read_input_tokens: 0,
    cache_creation: { ephemeral_5m_input_tokens: 2051, ephemeral_1h_input_tokens: 0 },
    server_tool_use: { web_search_requests: 0, web_fetch_requests: 0 },
    service_tier: "standard",
    inference_geo: "global",
  },
};

describe("shapes", () => {
  it("takes a whole Messages API response", () => {
    expect(ok({ ...MESSAGE, timestamp: "2026-11-20T10:00:00Z" })).toMatchObject({
      id: "msg_01XFDUDYJgAACzvnptvVoYEL",
      model: "claude-sonnet-4-6",
      stopReason: "end_turn",
      inputTokens: 2095,
      outputTokens: 503,
      cacheWrite5mTokens: 2051,
      cacheWrite1hTokens: 0,
      serviceTier: "standard",
      inferenceGeo: "global",
      timestampMs: Date.parse("2026-11-20T10:00:00Z"),
      flags: [],
    });
  });

  it("nested, flattened and camelCase forms give the same record", () => {
    const nested = ok({ id: "a", model: "m", usage: { input_tokens: 10, output_tokens: 5, cache_read_input_tokens: 7, cache_creation: { ephemeral_1h_input_tokens: 3 } } });
    const flat = ok({ id: "a", model: "m", input_tokens: 10, output_tokens: 5, cache_read_input_tokens: 7, ephemeral_1h_input_tokens: 3 });
    const camel = ok({ id: "a", model: "m", inputTokens: "10", outputTokens: 5, cacheReadTokens: 7, cacheWrite1hTokens: 3 });
    expect(flat).toEqual(nested);
    expect(camel).toEqual(nested);
  });

  it("reads the [claude] log line's short names; a write total without split is 5-minute and flagged", () => {
    const record = ok({ model: "claude-sonnet-4-6", input_tokens: 812, output_tokens: 240, cache_read_tokens: 0, cache_write_tokens: 1024 });
    expect(record).toMatchObject({ inputTokens: 812, cacheReadTokens: 0, cacheWrite5mTokens: 1024, cacheWrite1hTokens: 0 });
    expect(record.flags).toEqual(["cache_split_missing", "derived_id"]);
  });

  it("a split of 0 + 0 with a non-zero total counts as missing", () => {
    const record = ok({ id: "x", model: "m", usage: { input_tokens: 1, cache_creation_input_tokens: 500, cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 0 } } });
    expect(record.cacheWrite5mTokens).toBe(500);
    expect(record.flags).toContain("cache_split_missing");
  });

  it("flags a record marked incomplete (a stream that ended early); anything but a boolean is refused", () => {
    expect(ok({ ...MESSAGE, incomplete: true }).flags).toEqual(["stream_incomplete"]);
    expect(ok({ ...MESSAGE, incomplete: false }).flags).toEqual([]);
    expect(errorsOf({ ...MESSAGE, incomplete: "yes" })).toEqual(['incomplete: must be true or false, got "yes"']);
  });

  it("applies defaults for feature and project, and tags from an object", () => {
    const record = parse({ model: "m", input_tokens: 1, tags: { team: "core", tier: 2 } }, { feature: "f", project: "p" });
    expect(record.ok && record.record).toMatchObject({ feature: "f", project: "p", tags: ["team:core", "tier:2"] });
  });
});

describe("rejections name the field", () => {
  it("negative, fractional, absurd and non-numeric token counts", () => {
    expect(errorsOf({ model: "m", usage: { input_tokens: 10, output_tokens: -5 } })).toEqual(["usage.output_tokens: must be a non-negative integer, got -5"]);
    expect(errorsOf({ model: "m", input_tokens: 1.5 })[0]).toMatch(/^input_tokens: must be a non-negative integer/);
    expect(errorsOf({ model: "m", input_tokens: MAX_TOKENS_PER_FIELD + 1 })[0]).toMatch(/^input_tokens: .*not a plausible token count/);
    expect(errorsOf({ model: "m", input_tokens: "8.5" })[0]).toMatch(/^input_tokens:/);
    expect(errorsOf({ model: "m", input_tokens: "abc" })[0]).toMatch(/^input_tokens:/);
  });

  it("collects every error of a record", () => {
    const errors = errorsOf({ input_tokens: -1, timestamp: "yesterday", service_tier: "gold" });
    expect(errors.map((e) => e.split(":")[0]).sort()).toEqual(["input_tokens", "model", "service_tier", "timestamp"]);
  });

  it("a split that disagrees with the total, and the same count sent twice with different values", () => {
    expect(errorsOf({ model: "m", cache_creation_input_tokens: 100, cache_creation: { ephemeral_5m_input_tokens: 60 } })[0]).toMatch(
      /^cache_creation_input_tokens: 100 does not equal the 5m \+ 1h split \(60 \+ 0\)/,
    );
    expect(errorsOf({ model: "m", usage: { input_tokens: 10 }, input_tokens: 12 })[0]).toBe("input_tokens: 12 conflicts with usage.input_tokens = 10");
  });

  it("a record with no token counts, and a record that is not an object", () => {
    expect(errorsOf({ model: "m" })).toEqual([expect.stringMatching(/^usage: no token counts/)]);
    expect(errorsOf([1, 2])).toEqual(["record: must be a JSON object, got an array"]);
  });

  it("impossible timestamps", () => {
    expect(errorsOf({ model: "m", input_tokens: 1, timestamp: "2026-11-20T10:00:00" })[0]).toMatch(/^timestamp: .*time zone offset/);
    expect(errorsOf({ model: "m", input_tokens: 1, timestamp: "2031-01-01T00:00:00Z" })[0]).toMatch(/more than 24 hours in the future/);
    expect(errorsOf({ model: "m", input_tokens: 1, timestamp: "2019-01-01T00:00:00Z" })[0]).toMatch(/before 2023-01-01/);
    expect(errorsOf({ model: "m", input_tokens: 1, timestamp: 1_763_000_000 })[0]).toMatch(/looks like seconds/);
    expect(errorsOf({ model: "m", input_tokens: 1, timestamp: "2026-02-30T00:00:00Z" })[0]).toMatch(/^timestamp:/);
  });

  it("timestamps beyond any date are refused by name, not crashed on", () => {
    expect(errorsOf({ model: "m", input_tokens: 1, timestamp: 1e20 })).toEqual(["timestamp: 100000000000000000000 is more than 24 hours in the future"]);
    expect(errorsOf({ model: "m", input_tokens: 1, timestamp: "99999999999999999999" })[0]).toMatch(/^timestamp: .* more than 24 hours in the future/);
    expect(errorsOf({ model: "m", input_tokens: 1, timestamp: -1e20 })).toEqual(["timestamp: -100000000000000000000 is before 2023-01-01, earlier than any Claude API call"]);
  });

  it("a tag value that is not text is refused by its key, whatever it holds", () => {
    const errors = errorsOf(JSON.parse('{"model":"m","input_tokens":1,"tags":{"env":{"toString":1,"valueOf":1},"team":["a"]}}'));
    expect(errors).toEqual(["tags.env: must be a string or number, got object", "tags.team: must be a string or number, got an array"]);
    expect(errorsOf({ model: "m", input_tokens: 1, tags: { env: "x".repeat(300) } })).toEqual(["tags.env: must be at most 200 characters, got 304"]);
  });

  it("quotes a hostile value in at most 40 characters", () => {
    const [error] = errorsOf({ model: "m", input_tokens: "9".repeat(10_000) + "x" });
    expect(error).toBe(`input_tokens: must be a non-negative integer, got "${"9".repeat(39)}... (10003 characters)`);
  });

  it("long and control-character strings", () => {
    expect(errorsOf({ model: "m".repeat(201), input_tokens: 1 })[0]).toMatch(/^model: must be at most 200 characters/);
    expect(errorsOf({ model: "m", feature: "a\u0000b", input_tokens: 1 })[0]).toBe("feature: must not contain control characters");
    expect(errorsOf({ model: "m", input_tokens: 1, tags: Array.from({ length: 51 }, (_, i) => `t${i}`) })[0]).toMatch(/^tags: at most 50/);
  });
});

describe("derived ids", () => {
  it("are the same for the same content, whatever the key order or naming, and differ otherwise", () => {
    const a = ok({ model: "m", timestamp: "2026-11-20T10:00:00Z", input_tokens: 5, feature: "f" });
    const b = ok({ feature: "f", inputTokens: 5, timestamp: Date.parse("2026-11-20T10:00:00Z"), model: "m" });
    const c = ok({ model: "m", timestamp: "2026-11-20T10:00:01Z", input_tokens: 5, feature: "f" });
    expect(a.id).toMatch(/^h_[0-9a-f]{32}$/);
    expect(b.id).toBe(a.id);
    expect(c.id).not.toBe(a.id);
  });

  it("do not depend on the clock when the record has no timestamp", () => {
    const first = parseUsageRecord({ model: "m", input_tokens: 5 }, { nowMs: NOW });
    const later = parseUsageRecord({ model: "m", input_tokens: 5 }, { nowMs: NOW + 3_600_000 });
    expect(first.ok && later.ok && first.record.id === later.record.id).toBe(true);
  });
});

describe("usageRecordSchema", () => {
  it("is a zod schema whose issues carry the field messages", () => {
    expect(usageRecordSchema.parse({ model: "m", input_tokens: 1 }).model).toBe("m");
    const result = usageRecordSchema.safeParse({ input_tokens: -1 });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.message)).toContain("model: required");
  });
});
