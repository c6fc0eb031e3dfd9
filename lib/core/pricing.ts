/**
 * The cost engine: prices one Claude call exactly by Anthropic's billing rules, from a price book
 * held as data. Pure: no I/O. Amounts are integer pico-USD (1e-12 USD); every multiplier is an exact
 * rational, and each cost component is rounded once (half up, to whole pico-USD) at the end, so only
 * exotic operator overrides can ever need rounding at all.
 */
import { z } from "zod";
import data from "./price-book.json";
import { PICO_PER_USD, parseUsdToPico } from "./money";
import type { CallCost, CostComponents, PricingInput, QualityFlag } from "./types";

const decimal = z.string().regex(/^\d+(\.\d{1,12})?$/, "must be a decimal string like \"3.75\"");
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "must be YYYY-MM-DD");

const tokenPricesSchema = z.object({
  input: decimal,
  output: decimal,
  cacheWrite5m: decimal,
  cacheWrite1h: decimal,
  cacheRead: decimal,
});

const periodSchema = z.object({
  effectiveFrom: day,
  prices: tokenPricesSchema,
  /** Premium prices for the whole request when the prompt exceeds promptTokensAbove. */
  longContext: z.object({ promptTokensAbove: z.number().int().positive(), prices: tokenPricesSchema }).optional(),
  /** Fast-mode (speed: "fast") prices, where the model offers it. */
  fast: tokenPricesSchema.optional(),
  note: z.string().optional(),
});

const modelSchema = z.object({
  id: z.string().min(1),
  family: z.string().min(1),
  displayName: z.string().min(1),
  aliases: z.array(z.string().min(1)),
  usGeoMultiplier: decimal.optional(),
  unconfirmed: z.boolean().optional(),
  note: z.string().optional(),
  periods: z.array(periodSchema).min(1),
});

const priceBookSchema = z.object({
  version: z.string(),
  webSearchUsdPerRequest: decimal,
  models: z.array(modelSchema).min(1),
  notes: z.array(z.string()).optional(),
  currency: z.literal("USD").optional(),
  unit: z.string().optional(),
});

export type TokenPrices = z.infer<typeof tokenPricesSchema>;
export type PricePeriod = z.infer<typeof periodSchema>;
export type PriceBookModel = z.infer<typeof modelSchema>;

export interface PriceBook {
  readonly version: string;
  readonly webSearchPicoPerRequest: bigint;
  readonly models: readonly PriceBookModel[];
  /** Every id and alias (lower-cased as given) to its model. */
  readonly byId: ReadonlyMap<string, PriceBookModel>;
  /** The validated source, for fingerprinting. */
  readonly source: unknown;
}

/** Validates a price book; throws naming the bad entry and field. */
export function loadPriceBook(json: unknown): PriceBook {
  const parsed = priceBookSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue.path
      .map((p, i) => (issue.path[i - 1] === "models" && typeof p === "number" ? `models[${p}]` : p))
      .join(".");
    throw new Error(`price book: ${where}: ${issue.message}`);
  }
  const byId = new Map<string, PriceBookModel>();
  for (const model of parsed.data.models) {
    const sorted = [...model.periods].sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom));
    model.periods = sorted;
    for (const id of [model.id, ...model.aliases]) {
      if (byId.has(id)) throw new Error(`price book: model id "${id}" appears twice`);
      byId.set(id, model);
    }
  }
  return {
    version: parsed.data.version,
    webSearchPicoPerRequest: parseUsdToPico(parsed.data.webSearchUsdPerRequest),
    models: parsed.data.models,
    byId,
    source: parsed.data,
  };
}

/** The price book shipped with Tally. */
export const defaultPriceBook: PriceBook = loadPriceBook(data);

/** A stable text of the book; changes whenever any price, id or date changes. */
export function priceBookFingerprint(book: PriceBook): string {
  return JSON.stringify(book.source);
}

export interface ResolvedModel {
  canonical: string;
  family: string;
  displayName: string;
}

const DATED_SUFFIX = /^(.+)-(\d{8})$/;

/**
 * Resolves a model id as sent to its price-book model: exact ids and aliases, and `<id or alias>-YYYYMMDD`
 * (a dated snapshot of a known model). Near misses (`claude-sonnet-4.5`, other casing) stay unresolved.
 */
export function resolveModel(book: PriceBook, modelId: string): ResolvedModel | null {
  let model = book.byId.get(modelId);
  if (!model) {
    const dated = DATED_SUFFIX.exec(modelId);
    if (dated && !dated[1].endsWith("-latest")) model = book.byId.get(dated[1]);
  }
  return model ? { canonical: model.id, family: model.family, displayName: model.displayName } : null;
}

/** Models of the book, for pickers and docs. */
export function listPricedModels(book: PriceBook) {
  return book.models.map((m) => ({ canonical: m.id, family: m.family, displayName: m.displayName, aliases: [...m.aliases] }));
}

/**
 * An operator's override. Absolute prices replace the price of the tier in force (standard, long
 * context or fast) for that component; `multiplier` then scales all five token prices. The web-search
 * fee is never changed. Among overrides matching a call, the one with the highest id wins.
 */
export interface PriceOverrideRule {
  id: number;
  /** Canonical model id, or "*" for every model. */
  model: string;
  /** First UTC day it applies (inclusive). */
  effectiveFrom: string;
  /** First UTC day it no longer applies (exclusive); null = open-ended. */
  effectiveTo: string | null;
  multiplier: string | null;
  inputUsdPerMTok: string | null;
  outputUsdPerMTok: string | null;
  cacheWrite5mUsdPerMTok: string | null;
  cacheWrite1hUsdPerMTok: string | null;
  cacheReadUsdPerMTok: string | null;
}

/** An exact fraction of bigints. */
interface Ratio {
  num: bigint;
  den: bigint;
}

const ONE: Ratio = { num: 1n, den: 1n };
const HALF: Ratio = { num: 1n, den: 2n };
const TOKENS_PER_MTOK = 1_000_000n;

function times(a: Ratio, b: Ratio): Ratio {
  return { num: a.num * b.num, den: a.den * b.den };
}

/** "1.1" -> 11/10, exactly. */
function ratioOf(decimalText: string): Ratio {
  return { num: parseUsdToPico(decimalText), den: PICO_PER_USD };
}

/** tokens x price (USD per MTok, as pico-USD per MTok) x multiplier, rounded half up to whole pico-USD. */
function componentPico(tokens: number, pricePicoPerMTok: bigint, multiplier: Ratio): bigint {
  if (tokens === 0) return 0n;
  const num = BigInt(tokens) * pricePicoPerMTok * multiplier.num;
  const den = TOKENS_PER_MTOK * multiplier.den;
  return (num * 2n + den) / (den * 2n);
}

const startMsCache = new WeakMap<PricePeriod, number>();

/** First instant a period applies, epoch ms (its effectiveFrom at 00:00 UTC). */
function startMs(period: PricePeriod): number {
  let ms = startMsCache.get(period);
  if (ms === undefined) startMsCache.set(period, (ms = Date.parse(`${period.effectiveFrom}T00:00:00Z`)));
  return ms;
}

function periodAt(model: PriceBookModel, timestampMs: number): PricePeriod {
  let current = model.periods[0];
  for (const period of model.periods) if (startMs(period) <= timestampMs) current = period;
  return current;
}

interface PicoPrices {
  input: bigint;
  output: bigint;
  cacheWrite5m: bigint;
  cacheWrite1h: bigint;
  cacheRead: bigint;
}

const picoCache = new WeakMap<TokenPrices, PicoPrices>();

/** Prices as pico-USD per million tokens, parsed once per price-book entry. */
function picoPrices(prices: TokenPrices): PicoPrices {
  let parsed = picoCache.get(prices);
  if (!parsed) {
    parsed = {
      input: parseUsdToPico(prices.input),
      output: parseUsdToPico(prices.output),
      cacheWrite5m: parseUsdToPico(prices.cacheWrite5m),
      cacheWrite1h: parseUsdToPico(prices.cacheWrite1h),
      cacheRead: parseUsdToPico(prices.cacheRead),
    };
    picoCache.set(prices, parsed);
  }
  return parsed;
}

function overrideFor(
  overrides: readonly PriceOverrideRule[],
  canonical: string,
  timestampMs: number,
): PriceOverrideRule | null {
  if (overrides.length === 0) return null;
  const dayText = new Date(timestampMs).toISOString().slice(0, 10);
  let winner: PriceOverrideRule | null = null;
  for (const rule of overrides) {
    if (rule.model !== "*" && rule.model !== canonical) continue;
    if (dayText < rule.effectiveFrom || (rule.effectiveTo !== null && dayText >= rule.effectiveTo)) continue;
    if (!winner || rule.id > winner.id) winner = rule;
  }
  return winner;
}

const ZERO_COMPONENTS: CostComponents = {
  inputPico: 0n,
  outputPico: 0n,
  cacheWrite5mPico: 0n,
  cacheWrite1hPico: 0n,
  cacheReadPico: 0n,
  webSearchPico: 0n,
};

function unpriced(flag: QualityFlag, resolvedModel: string | null = null): CallCost {
  return {
    priced: false,
    resolvedModel,
    priceEntryId: null,
    pricingTier: null,
    components: { ...ZERO_COMPONENTS },
    totalPico: 0n,
    cacheReadFullPricePico: 0n,
    flags: [flag],
  };
}

/** The whole prompt: uncached input + cache writes + cache reads (Anthropic's input_tokens is uncached only). */
export function promptTokens(input: PricingInput): number {
  return input.inputTokens + input.cacheWrite5mTokens + input.cacheWrite1hTokens + input.cacheReadTokens;
}

/**
 * Prices one call. Unknown models, and fast mode on a model without fast prices, come back
 * unpriced (cost 0, flagged) rather than guessed. totalPico is exactly the sum of the components.
 */
export function priceCall(
  input: PricingInput,
  book: PriceBook,
  overrides: readonly PriceOverrideRule[] = [],
): CallCost {
  const resolved = resolveModel(book, input.model);
  if (!resolved) return unpriced("unpriced_model");
  const model = book.byId.get(resolved.canonical)!;
  const period = periodAt(model, input.timestampMs);

  let tier: "standard" | "long_context" = "standard";
  let prices: TokenPrices = period.prices;
  if (input.speed === "fast") {
    if (!period.fast) return { ...unpriced("fast_mode_unpriced"), resolvedModel: null };
    prices = period.fast;
  } else if (period.longContext && promptTokens(input) > period.longContext.promptTokensAbove) {
    tier = "long_context";
    prices = period.longContext.prices;
  }

  const override = overrideFor(overrides, model.id, input.timestampMs);
  let pico = picoPrices(prices);
  if (override) {
    const or = (price: string | null, list: bigint) => (price === null ? list : parseUsdToPico(price));
    pico = {
      input: or(override.inputUsdPerMTok, pico.input),
      output: or(override.outputUsdPerMTok, pico.output),
      cacheWrite5m: or(override.cacheWrite5mUsdPerMTok, pico.cacheWrite5m),
      cacheWrite1h: or(override.cacheWrite1hUsdPerMTok, pico.cacheWrite1h),
      cacheRead: or(override.cacheReadUsdPerMTok, pico.cacheRead),
    };
  }

  let multiplier = ONE;
  if (input.serviceTier === "batch") multiplier = times(multiplier, HALF);
  if (input.inferenceGeo === "us" && model.usGeoMultiplier) multiplier = times(multiplier, ratioOf(model.usGeoMultiplier));
  if (override?.multiplier) multiplier = times(multiplier, ratioOf(override.multiplier));

  const components: CostComponents = {
    inputPico: componentPico(input.inputTokens, pico.input, multiplier),
    outputPico: componentPico(input.outputTokens, pico.output, multiplier),
    cacheWrite5mPico: componentPico(input.cacheWrite5mTokens, pico.cacheWrite5m, multiplier),
    cacheWrite1hPico: componentPico(input.cacheWrite1hTokens, pico.cacheWrite1h, multiplier),
    cacheReadPico: componentPico(input.cacheReadTokens, pico.cacheRead, multiplier),
    // Web search: a flat fee per request, not discounted in batch (undocumented) nor by region.
    webSearchPico: BigInt(input.webSearchRequests) * book.webSearchPicoPerRequest,
  };
  const totalPico =
    components.inputPico +
    components.outputPico +
    components.cacheWrite5mPico +
    components.cacheWrite1hPico +
    components.cacheReadPico +
    components.webSearchPico;
  return {
    priced: true,
    resolvedModel: model.id,
    priceEntryId: override ? `override:${override.id}` : `${model.id}@${period.effectiveFrom}`,
    pricingTier: tier,
    components,
    totalPico,
    cacheReadFullPricePico: componentPico(input.cacheReadTokens, pico.input, multiplier),
    flags: [],
  };
}
