/**
 * The OTLP mapper on hostile input: any JSON, and exports whose parts are replaced by anything, are
 * mapped without throwing (only a body with no resourceSpans list is refused, by name), and every
 * record it yields is one the record validator answers without throwing.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isLineParseError } from "./ingest-body";
import { countOtelSpans, otelToRecords } from "./otel";
import { parseUsageRecord } from "./usage-record";

const anyValue = fc.oneof(fc.jsonValue(), fc.constant(null), fc.string(), fc.integer(), fc.double());
const ATTRIBUTE_KEYS = ["gen_ai.system", "gen_ai.request.model", "gen_ai.usage.input_tokens", "gen_ai.usage.output_tokens", "gen_ai.usage.cache_read.input_tokens", "gen_ai.response.finish_reasons", "tally.feature"];
const attributeValue = fc.oneof(
  fc.record({ stringValue: fc.oneof(fc.constant("anthropic"), fc.constant("claude-haiku-4-5"), anyValue) }),
  fc.record({ intValue: anyValue }),
  fc.record({ arrayValue: fc.record({ values: anyValue }) }),
  anyValue,
);
const attribute = fc.record({ key: fc.oneof(fc.constantFrom(...ATTRIBUTE_KEYS), anyValue), value: attributeValue });
/** A list of `item`, or anything in its place. */
const listOr = <T>(item: fc.Arbitrary<T>, maxLength = 4) => fc.oneof(fc.array(fc.oneof(item, anyValue), { maxLength }), anyValue);

/** A Claude span as an exporter sends it, with any one part (a time, an id, an attribute value) replaced by anything. */
const claudeSpan = fc.tuple(fc.integer({ min: -1, max: 7 }), anyValue, fc.oneof(fc.bigInt({ min: 1_700_000_000_000_000_000n, max: 1_800_000_000_000_000_000n }), fc.bigInt({ min: 0n, max: 10n ** 28n }))).map(([part, value, nanos]) => {
  const attributes: { key: string; value: unknown }[] = [
    { key: "gen_ai.system", value: { stringValue: "anthropic" } },
    { key: "gen_ai.request.model", value: { stringValue: "claude-haiku-4-5" } },
    { key: "gen_ai.usage.input_tokens", value: { intValue: "1200" } },
    { key: "gen_ai.usage.output_tokens", value: { intValue: "80" } },
    { key: "gen_ai.usage.cache_read.input_tokens", value: { intValue: "1000" } },
  ];
  const span: Record<string, unknown> = { traceId: "t", spanId: "s", startTimeUnixNano: String(nanos), endTimeUnixNano: "1792922402000000000", attributes };
  if (part >= 2 && part < 7) attributes[part - 2].value = part % 2 ? value : { intValue: value };
  else if (part === 7) span.endTimeUnixNano = value;
  else if (part === 1) span.traceId = value;
  else if (part === 0) span.startTimeUnixNano = value;
  return span;
});
const spanish = fc.oneof(
  claudeSpan,
  fc.record(
    { traceId: anyValue, spanId: anyValue, startTimeUnixNano: anyValue, endTimeUnixNano: anyValue, attributes: listOr(attribute, 8) },
    { requiredKeys: [] },
  ),
);
const exportish = fc.record({
  resourceSpans: listOr(
    fc.record({
      resource: fc.oneof(fc.record({ attributes: listOr(attribute) }), anyValue),
      scopeSpans: listOr(fc.record({ spans: listOr(spanish, 5) })),
    }),
  ),
});

describe("otelToRecords on hostile input", () => {
  it("maps any export-shaped JSON without throwing; each record or span error is answered by the validator", () => {
    fc.assert(
      fc.property(exportish, (raw) => {
        const body = JSON.parse(JSON.stringify(raw));
        if (!Array.isArray(body.resourceSpans)) {
          expect(() => otelToRecords(body)).toThrow("not an OTLP traces export: resourceSpans is missing");
          return;
        }
        const { records, skipped } = otelToRecords(body);
        expect(records.length + skipped).toBe(countOtelSpans(body));
        for (const record of records) {
          if (isLineParseError(record)) expect(record.__parseError).toMatch(/^(start|end)TimeUnixNano: /);
          else parseUsageRecord(record, { nowMs: Date.now() });
        }
      }),
      { numRuns: 300 },
    );
  });

  it("refuses by name any JSON that has no resourceSpans list, and throws nothing else", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        try {
          otelToRecords(value);
        } catch (error) {
          expect((error as Error).message).toBe("not an OTLP traces export: resourceSpans is missing");
        }
      }),
      { numRuns: 200 },
    );
  });
});
