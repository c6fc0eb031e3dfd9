/** The API form of a stored call row. */
import { componentsToJson } from "@/lib/core/cost-json";
import { formatUsdExact } from "@/lib/core/money";
import { type Row, toBigInt } from "@/lib/server/db";

const nullableNumber = (value: unknown) => (value === null || value === undefined ? null : Number(value));

export function callToJson(row: Row) {
  return {
    id: String(row.id),
    timestamp: new Date(Number(row.ts_ms)).toISOString(),
    day: String(row.day),
    model: String(row.model_raw),
    resolvedModel: row.priced === true || Number(row.priced) === 1 ? String(row.model) : null,
    feature: String(row.feature),
    project: String(row.project),
    user: (row.user_id as string | null) ?? null,
    tags: row.tags ? (JSON.parse(String(row.tags)) as string[]) : [],
    inputTokens: Number(row.input_tokens),
    outputTokens: Number(row.output_tokens),
    cacheReadTokens: Number(row.cache_read_tokens),
    cacheWrite5mTokens: Number(row.cache_write_5m_tokens),
    cacheWrite1hTokens: Number(row.cache_write_1h_tokens),
    webSearchRequests: Number(row.web_search_requests),
    webFetchRequests: Number(row.web_fetch_requests),
    serviceTier: String(row.service_tier),
    inferenceGeo: (row.inference_geo as string | null) ?? null,
    speed: (row.speed as string | null) ?? null,
    stopReason: (row.stop_reason as string | null) ?? null,
    latencyMs: nullableNumber(row.latency_ms),
    priced: row.priced === true || Number(row.priced) === 1,
    costUsd: formatUsdExact(toBigInt(row.cost_pico)),
    components: componentsToJson({
      inputPico: toBigInt(row.input_cost_pico),
      outputPico: toBigInt(row.output_cost_pico),
      cacheWrite5mPico: toBigInt(row.cache_write_5m_cost_pico),
      cacheWrite1hPico: toBigInt(row.cache_write_1h_cost_pico),
      cacheReadPico: toBigInt(row.cache_read_cost_pico),
      webSearchPico: toBigInt(row.web_search_cost_pico),
    }),
    priceEntryId: (row.price_entry_id as string | null) ?? null,
    pricingTier: (row.pricing_tier as string | null) ?? null,
    quality: String(row.quality ?? "").split(",").filter(Boolean),
    source: String(row.source),
  };
}
