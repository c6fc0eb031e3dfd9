/**
 * Shapes shared by the pure core (pricing, record parsing, aggregation) and the edges
 * (HTTP routes, CLI, store). Money is always an integer count of pico-USD (1e-12 USD) in a bigint.
 */

export type ServiceTier = "standard" | "priority" | "batch";
export type Speed = "standard" | "fast";

/** Data-quality flags stored with a call. */
export type QualityFlag =
  /** cache_creation_input_tokens > 0 but no 5m/1h split: the total was treated as 5-minute writes. */
  | "cache_split_missing"
  /** The model id matches no price-book entry: cost is 0 and the call is counted as unpriced. */
  | "unpriced_model"
  /** speed "fast" on a model with no fast-mode price: not priced rather than priced at standard rates. */
  | "fast_mode_unpriced"
  /** The record had no id; one was derived from its content. */
  | "derived_id"
  /** A streamed response ended before message_stop (aborted, cut off or failed): the counts are the last ones seen. */
  | "stream_incomplete";

/** Token counts of one call, Anthropic's convention: inputTokens is the uncached part of the prompt only. */
export interface TokenCounts {
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWrite5mTokens: number;
  cacheWrite1hTokens: number;
  webSearchRequests: number;
  webFetchRequests: number;
}

/** What the cost engine needs to price one call. */
export interface PricingInput extends TokenCounts {
  /** Model id as sent (dated id or alias). */
  model: string;
  /** When the call happened, epoch milliseconds (selects the price in force). */
  timestampMs: number;
  serviceTier: ServiceTier;
  /** "us", "global", ... ; only "us" changes the price. */
  inferenceGeo: string | null;
  speed: Speed | null;
}

/** A validated, normalised usage record, ready to price and store. */
export interface UsageRecord extends PricingInput {
  /** Message id, or an id derived from the record's content. */
  id: string;
  feature: string;
  project: string;
  user: string | null;
  tags: string[];
  stopReason: string | null;
  latencyMs: number | null;
  flags: QualityFlag[];
}

export interface CostComponents {
  inputPico: bigint;
  outputPico: bigint;
  cacheWrite5mPico: bigint;
  cacheWrite1hPico: bigint;
  cacheReadPico: bigint;
  webSearchPico: bigint;
}

/** The priced result for one call. totalPico is always the exact sum of the components. */
export interface CallCost {
  priced: boolean;
  /** Canonical price-book model id, or null when unpriced. */
  resolvedModel: string | null;
  /** E.g. "claude-sonnet-4-6@2025-09-29", "override:3"; null when unpriced. */
  priceEntryId: string | null;
  pricingTier: "standard" | "long_context" | null;
  components: CostComponents;
  totalPico: bigint;
  /** What the cache-read tokens would have cost at the (same-tier) uncached input price. */
  cacheReadFullPricePico: bigint;
  flags: QualityFlag[];
}

/** A usage record together with its cost: one row of the calls table. */
export interface PricedCall {
  record: UsageRecord;
  cost: CallCost;
}
