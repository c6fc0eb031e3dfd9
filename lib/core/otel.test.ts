import { describe, expect, it } from "vitest";
import { LineParseError } from "@/lib/core/ingest-body";
import { countOtelSpans, otelToRecords } from "@/lib/core/otel";

const kv = (key: string, value: string | number | string[]) => ({
  key,
  value: Array.isArray(value) ? { arrayValue: { values: value.map((v) => ({ stringValue: v })) } } : typeof value === "number" ? { intValue: String(value) } : { stringValue: value },
});

function exportOf(spans: { attributes: ReturnType<typeof kv>[]; spanId?: string }[], resource: ReturnType<typeof kv>[] = []) {
  return {
    resourceSpans: [
      {
        resource: { attributes: resource },
        scopeSpans: [{ spans: spans.map((s, i) => ({ traceId: "t1", spanId: s.spanId ?? `s${i}`, name: "chat", startTimeUnixNano: "1792922400000000000", endTimeUnixNano: "1792922401250000000", attributes: s.attributes })) }],
      },
    ],
  };
}

describe("otelToRecords", () => {
  it("maps a GenAI span, taking cached tokens out of the conventions' input count", () => {
    const { records, skipped } = otelToRecords(
      exportOf(
        [
          {
            attributes: [
              kv("gen_ai.system", "anthropic"),
              kv("gen_ai.request.model", "claude-sonnet-4-6"),
              kv("gen_ai.response.id", "msg_01"),
              kv("gen_ai.usage.input_tokens", 56_000),
              kv("gen_ai.usage.output_tokens", 1000),
              kv("gen_ai.usage.cache_read.input_tokens", 50_000),
              kv("gen_ai.usage.cache_creation.input_tokens", 4000),
              kv("gen_ai.response.finish_reasons", ["end_turn"]),
              kv("tally.feature", "chat"),
            ],
          },
          { attributes: [kv("gen_ai.system", "openai"), kv("gen_ai.request.model", "gpt-5"), kv("gen_ai.usage.input_tokens", 10)] },
          { attributes: [kv("http.method", "GET")] },
        ],
        [kv("service.name", "support-api")],
      ),
    );
    expect(skipped).toBe(2);
    expect(records).toEqual([
      {
        id: "msg_01",
        timestamp: "2026-10-25T10:00:00.000Z",
        model: "claude-sonnet-4-6",
        feature: "chat",
        project: "support-api",
        stop_reason: "end_turn",
        latency_ms: 1250,
        // 56,000 includes the 50,000 read and 4,000 written: 2,000 uncached.
        usage: { input_tokens: 2000, output_tokens: 1000, cache_read_input_tokens: 50_000, cache_creation_input_tokens: 4000 },
      },
    ]);
  });

  it("keeps an input count that already excludes the cache, and derives an id from the trace", () => {
    const { records } = otelToRecords(
      exportOf([{ spanId: "ab", attributes: [kv("gen_ai.provider.name", "anthropic"), kv("gen_ai.response.model", "claude-haiku-4-5"), kv("gen_ai.usage.input_tokens", 300), kv("gen_ai.usage.cache_read.input_tokens", 5000)] }]),
    );
    expect(records[0]).toMatchObject({ id: "otel_t1_ab", usage: { input_tokens: 300, cache_read_input_tokens: 5000 } });
  });

  it("reads malformed parts of an export without throwing: bad lists are empty, a bad span time rejects that span alone", () => {
    const claude = [kv("gen_ai.system", "anthropic"), kv("gen_ai.request.model", "claude-haiku-4-5"), kv("gen_ai.usage.input_tokens", 10)];
    const body = {
      resourceSpans: [
        null,
        { resource: { attributes: "x" }, scopeSpans: [{ spans: [null, 7, { traceId: { toString: 1 }, spanId: "s", attributes: [...claude, null, { key: 5 }] }] }] },
        { scopeSpans: [{ spans: [{ startTimeUnixNano: "99999999999999999999999999", attributes: claude }, { startTimeUnixNano: "abc", attributes: claude }] }] },
        { scopeSpans: "spans" },
      ],
    };
    const { records, skipped } = otelToRecords(body);
    expect(skipped).toBe(2);
    expect(records[0]).toEqual({ model: "claude-haiku-4-5", usage: { input_tokens: 10, output_tokens: 0, cache_read_input_tokens: 0, cache_creation_input_tokens: 0 } });
    expect(records.slice(1)).toEqual([
      new LineParseError('startTimeUnixNano: must be nanoseconds since the epoch as a string of digits, got "99999999999999999999999999"'),
      new LineParseError('startTimeUnixNano: must be nanoseconds since the epoch as a string of digits, got "abc"'),
    ]);
    expect(countOtelSpans(body)).toBe(5);
  });

  it("refuses something that is not a traces export", () => {
    expect(() => otelToRecords({ spans: [] })).toThrow("not an OTLP traces export: resourceSpans is missing");
  });
});
