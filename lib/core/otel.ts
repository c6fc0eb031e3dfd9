/**
 * OpenTelemetry GenAI spans to usage records. Takes an OTLP/HTTP JSON traces export
 * (`{ resourceSpans: [{ resource, scopeSpans: [{ spans }] }] }`) and turns each span of a Claude call
 * (`gen_ai.system` or `gen_ai.provider.name` = "anthropic", with usage attributes) into the record shape
 * POST /api/v1/usage takes; other spans are skipped, not rejected.
 *
 * Cache tokens: the GenAI conventions count `gen_ai.usage.input_tokens` *including* cached tokens, while
 * Anthropic's `input_tokens` is only the uncached part. So the uncached input is input_tokens minus
 * cache reads minus cache writes. When that would be negative, the instrumentation evidently reported
 * Anthropic's own (uncached) count, and input_tokens is taken as it is: never double counted either way.
 *
 * Attribution: `tally.feature` / `tally.project` on the span or its resource; else the project is the
 * resource's `service.name`.
 *
 * Hostile input: any JSON value is mapped without throwing, except a body that is not a traces export at
 * all. Malformed parts (an attribute list that is not a list, a key that is not a string) are skipped; a
 * Claude span with an unreadable time becomes a LineParseError naming the field, rejected by itself.
 */
import { LineParseError } from "./ingest-body";

type AnyValue = {
  stringValue?: string;
  intValue?: string | number;
  doubleValue?: number;
  boolValue?: boolean;
  arrayValue?: { values?: AnyValue[] };
};
type KeyValue = { key: string; value?: AnyValue };

interface OtlpSpan {
  traceId?: unknown;
  spanId?: unknown;
  name?: string;
  startTimeUnixNano?: unknown;
  endTimeUnixNano?: unknown;
  attributes?: KeyValue[];
}

export interface OtelSpanRecords {
  /** Usage records (or the reason a span could not be read), one per Claude span, for the ingest path. */
  records: (Record<string, unknown> | LineParseError)[];
  /** Spans that were not Claude calls (or carried no usage). */
  skipped: number;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);
/** The array at `value`, or none: OTLP lists that are missing or not lists are read as empty. */
const list = <T>(value: unknown): T[] => (Array.isArray(value) ? (value as T[]) : []);

/** An attribute's value; `depth` bounds nested arrays (the body's nesting is bounded before parsing too). */
function plain(value: unknown, depth = 0): unknown {
  if (!isObject(value) || depth > 8) return undefined;
  const v = value as AnyValue;
  if (v.stringValue !== undefined) return v.stringValue;
  if (v.intValue !== undefined) return typeof v.intValue === "string" || typeof v.intValue === "number" ? Number(v.intValue) : undefined;
  if (v.doubleValue !== undefined) return v.doubleValue;
  if (v.boolValue !== undefined) return v.boolValue;
  if (isObject(v.arrayValue)) return list<unknown>(v.arrayValue.values).map((item) => plain(item, depth + 1));
  return undefined;
}

function attributes(value: unknown): Map<string, unknown> {
  const map = new Map<string, unknown>();
  for (const kv of list<unknown>(value)) if (isObject(kv) && typeof kv.key === "string") map.set(kv.key, plain(kv.value));
  return map;
}

const count = (value: unknown): number => (typeof value === "number" && Number.isFinite(value) && value >= 0 ? Math.trunc(value) : 0);
const text = (value: unknown): string | undefined => (typeof value === "string" && value !== "" ? value : undefined);

/** Largest epoch ms a JavaScript Date holds. */
const MAX_DATE_MS = 8_640_000_000_000_000n;

/**
 * Nanoseconds since the epoch (a decimal string in OTLP JSON, or a whole number); undefined when absent,
 * null when it is neither or lies beyond any date.
 */
function nanosOf(value: unknown): bigint | null | undefined {
  if (value === undefined) return undefined;
  let nanos: bigint | null = null;
  if (typeof value === "string" && /^\d{1,30}$/.test(value)) nanos = BigInt(value);
  else if (typeof value === "number" && Number.isSafeInteger(value) && value >= 0) nanos = BigInt(value);
  return nanos !== null && nanos / 1_000_000n <= MAX_DATE_MS ? nanos : null;
}

/** Every span in an export, Claude call or not: what the span-count limit counts. */
export function countOtelSpans(body: unknown): number {
  let n = 0;
  for (const rs of list<unknown>(isObject(body) ? body.resourceSpans : undefined)) {
    for (const scope of list<unknown>(isObject(rs) ? rs.scopeSpans : undefined)) n += list(isObject(scope) ? scope.spans : undefined).length;
  }
  return n;
}

export function otelToRecords(body: unknown, options: { project?: string } = {}): OtelSpanRecords {
  const out: OtelSpanRecords = { records: [], skipped: 0 };
  const resourceSpans = isObject(body) ? body.resourceSpans : undefined;
  if (!Array.isArray(resourceSpans)) throw new Error("not an OTLP traces export: resourceSpans is missing");
  for (const rs of resourceSpans) {
    if (!isObject(rs)) continue;
    const resource = attributes(isObject(rs.resource) ? rs.resource.attributes : undefined);
    for (const scope of list<unknown>(rs.scopeSpans)) {
      for (const item of list<unknown>(isObject(scope) ? scope.spans : undefined)) {
        if (!isObject(item)) {
          out.skipped += 1;
          continue;
        }
        const span = item as OtlpSpan;
        const a = attributes(span.attributes);
        const system = text(a.get("gen_ai.system")) ?? text(a.get("gen_ai.provider.name"));
        const model = text(a.get("gen_ai.response.model")) ?? text(a.get("gen_ai.request.model"));
        if (system !== "anthropic" || !model || !a.has("gen_ai.usage.input_tokens") && !a.has("gen_ai.usage.output_tokens")) {
          out.skipped += 1;
          continue;
        }
        const cacheRead = count(a.get("gen_ai.usage.cache_read.input_tokens") ?? a.get("gen_ai.usage.cache_read_input_tokens"));
        const cacheWrite = count(a.get("gen_ai.usage.cache_creation.input_tokens") ?? a.get("gen_ai.usage.cache_creation_input_tokens"));
        const input = count(a.get("gen_ai.usage.input_tokens"));
        const uncached = input - cacheRead - cacheWrite;
        const start = nanosOf(span.startTimeUnixNano);
        const end = nanosOf(span.endTimeUnixNano);
        if (start === null || end === null) {
          const unreadable = start === null ? "startTimeUnixNano" : "endTimeUnixNano";
          out.records.push(new LineParseError(`${unreadable}: must be nanoseconds since the epoch as a string of digits, got ${JSON.stringify(span[unreadable]).slice(0, 40)}`));
          continue;
        }
        const traceId = text(span.traceId);
        const spanId = text(span.spanId);
        const finish = a.get("gen_ai.response.finish_reasons");
        const record: Record<string, unknown> = {
          id: text(a.get("gen_ai.response.id")) ?? (traceId && spanId ? `otel_${traceId}_${spanId}` : undefined),
          timestamp: start === undefined || start / 1_000_000n === 0n ? undefined : new Date(Number(start / 1_000_000n)).toISOString(),
          model,
          feature: text(a.get("tally.feature")) ?? text(resource.get("tally.feature")),
          project: text(a.get("tally.project")) ?? text(resource.get("tally.project")) ?? options.project ?? text(resource.get("service.name")),
          stop_reason: Array.isArray(finish) ? text(finish[0]) : text(finish),
          latency_ms: start !== undefined && end !== undefined && end >= start ? Number((end - start) / 1_000_000n) : undefined,
          usage: {
            input_tokens: uncached >= 0 ? uncached : input,
            output_tokens: count(a.get("gen_ai.usage.output_tokens")),
            cache_read_input_tokens: cacheRead,
            cache_creation_input_tokens: cacheWrite,
          },
        };
        for (const key of Object.keys(record)) if (record[key] === undefined) delete record[key];
        out.records.push(record);
      }
    }
  }
  return out;
}
