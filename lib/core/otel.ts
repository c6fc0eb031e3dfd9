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
 */

type AnyValue = {
  stringValue?: string;
  intValue?: string | number;
  doubleValue?: number;
  boolValue?: boolean;
  arrayValue?: { values?: AnyValue[] };
};
type KeyValue = { key: string; value?: AnyValue };

interface OtlpSpan {
  traceId?: string;
  spanId?: string;
  name?: string;
  startTimeUnixNano?: string | number;
  endTimeUnixNano?: string | number;
  attributes?: KeyValue[];
}

export interface OtelSpanRecords {
  /** Usage records, one per Claude span, for the ingest path. */
  records: Record<string, unknown>[];
  /** Spans that were not Claude calls (or carried no usage). */
  skipped: number;
}

function plain(value: AnyValue | undefined): unknown {
  if (!value) return undefined;
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.intValue !== undefined) return Number(value.intValue);
  if (value.doubleValue !== undefined) return value.doubleValue;
  if (value.boolValue !== undefined) return value.boolValue;
  if (value.arrayValue) return (value.arrayValue.values ?? []).map(plain);
  return undefined;
}

function attributes(list: KeyValue[] | undefined): Map<string, unknown> {
  return new Map((list ?? []).map((kv) => [kv.key, plain(kv.value)]));
}

const count = (value: unknown): number => (typeof value === "number" && Number.isFinite(value) && value >= 0 ? Math.trunc(value) : 0);
const text = (value: unknown): string | undefined => (typeof value === "string" && value !== "" ? value : undefined);

/** Nanoseconds since the epoch (a decimal string in OTLP JSON) to ISO time. */
function isoOf(nanos: string | number | undefined): string | undefined {
  if (nanos === undefined) return undefined;
  const ms = Number(BigInt(String(nanos)) / 1_000_000n);
  return Number.isFinite(ms) && ms > 0 ? new Date(ms).toISOString() : undefined;
}

export function otelToRecords(body: unknown, options: { project?: string } = {}): OtelSpanRecords {
  const out: OtelSpanRecords = { records: [], skipped: 0 };
  const resourceSpans = (body as { resourceSpans?: unknown })?.resourceSpans;
  if (!Array.isArray(resourceSpans)) throw new Error("not an OTLP traces export: resourceSpans is missing");
  for (const rs of resourceSpans as { resource?: { attributes?: KeyValue[] }; scopeSpans?: { spans?: OtlpSpan[] }[] }[]) {
    const resource = attributes(rs.resource?.attributes);
    for (const scope of rs.scopeSpans ?? []) {
      for (const span of scope.spans ?? []) {
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
        const start = span.startTimeUnixNano === undefined ? null : BigInt(String(span.startTimeUnixNano));
        const end = span.endTimeUnixNano === undefined ? null : BigInt(String(span.endTimeUnixNano));
        const finish = a.get("gen_ai.response.finish_reasons");
        const record: Record<string, unknown> = {
          id: text(a.get("gen_ai.response.id")) ?? (span.traceId && span.spanId ? `otel_${span.traceId}_${span.spanId}` : undefined),
          timestamp: isoOf(span.startTimeUnixNano),
          model,
          feature: text(a.get("tally.feature")) ?? text(resource.get("tally.feature")),
          project: text(a.get("tally.project")) ?? text(resource.get("tally.project")) ?? options.project ?? text(resource.get("service.name")),
          stop_reason: Array.isArray(finish) ? text(finish[0]) : text(finish),
          latency_ms: start !== null && end !== null && end >= start ? Number((end - start) / 1_000_000n) : undefined,
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
