/**
 * The cost engine: prices one Claude call exactly by Anthropic's billing rules, from a price book held
 * as data (price-book.json). Pure: no I/O.
 *
 * Amounts are integer pico-USD (1e-12 USD). Prices and multipliers are exact rationals; each cost
 * component is rounded once, half up to a whole pico-USD, at the very end. List prices never need that
 * rounding (every list price is a whole number of pico-USD per token); only exotic overrides can.
 */
import { z } from "zod";
import data from "./price-book.json";
import { type Rational, DECIMAL_PATTERN, ONE, multiply, parseDecimal, rational, roundHalfUp } from "./rational";
import type { CallCost, CostComponents, PricingInput, QualityFlag, ServiceTier, Speed } from "./types";

// ---------------------------------------------------------------------------------------------------
// The price book as JSON

const USD_PATTERN = /^\d+(\.\d{1,12})?$/;
const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
const DATED_SUFFIX = /^(.+)-(\d{4})(\d{2})(\d{2})$/;

/** Epoch ms of 00:00 UTC on a YYYY-MM-DD day, or NaN when it is not a real calendar day. */
function dayStartMs(day: string): number {
  if (!DAY_PATTERN.test(day)) return Number.NaN;
  const ms = Date.parse(`${day}T00:00:00Z`);
  return !Number.isNaN(ms) && new Date(ms).toISOString().startsWith(day) ? ms : Number.NaN;
}

const daySchema = z
  .string()
  .regex(DAY_PATTERN, "must be a UTC day, YYYY-MM-DD")
  .refine((day) => !Number.isNaN(dayStartMs(day)), "is not a calendar day");
const usdSchema = z.string().regex(USD_PATTERN, 'must be a decimal string of USD per million tokens, like "3.75"');
const modelIdSchema = z.string().regex(/^[a-z0-9][a-z0-9.-]*$/, "must be a lower-case model id");
const annotations = {
  /** Set on rows the source does not confirm: defaults an operator should check. */
  unconfirmed: z.boolean().optional(),
  note: z.string().optional(),
};

/** All five token prices, USD per million tokens. Stated explicitly: the ratios differ between models. */
const tokenPricesSchema = z.strictObject({
  input: usdSchema,
  cacheWrite5m: usdSchema,
  cacheWrite1h: usdSchema,
  cacheRead: usdSchema,
  output: usdSchema,
});

/** Premium prices for the whole request when the prompt is larger than promptTokensAbove. */
const longContextTierSchema = z.strictObject({
  promptTokensAbove: z.int().positive(),
  /** Inclusive; defaults to the start of the period. */
  effectiveFrom: daySchema.optional(),
  /** Exclusive; defaults to the end of the period. */
  effectiveTo: daySchema.optional(),
  prices: tokenPricesSchema,
  ...annotations,
});

const periodSchema = z.strictObject({
  /** First UTC day the period applies (inclusive); it runs until the next period's effectiveFrom. */
  effectiveFrom: daySchema,
  prices: tokenPricesSchema,
  longContext: z.array(longContextTierSchema).optional(),
  /** Prices for speed "fast", where the model offers it. */
  fast: z.strictObject({ prices: tokenPricesSchema, ...annotations }).optional(),
  ...annotations,
});

const modelSchema = z.strictObject({
  /** Canonical id: the model's main alias. */
  id: modelIdSchema,
  family: z.string().min(1),
  displayName: z.string().min(1),
  /** Other exact ids: dated snapshots, -latest aliases. */
  aliases: z.array(modelIdSchema),
  /** inference_geo "us" costs usInferenceMultiplier x every token price (Claude 4.6 and later). */
  usInferencePremium: z.boolean(),
  /** The largest whole prompt (input + cache writes + cache reads) the model accepts today, in tokens. */
  contextWindow: z.int().positive(),
  /** Which tokenizer counts the model's tokens (see TOKENIZERS). */
  tokenizer: z.enum(["claude-3", "claude-4.7"]),
  ...annotations,
  periods: z.array(periodSchema).min(1),
});

/**
 * Tokenizer generations: "claude-3" counts tokens for every model before Claude Opus 4.7; "claude-4.7"
 * for Opus 4.7 and every later model, and counts about 30% more tokens for the same text. Token counts
 * recorded on one generation are scaled when projected onto the other (lib/core/projection.ts).
 */
export type Tokenizer = "claude-3" | "claude-4.7";

const priceBookSchema = z.strictObject({
  version: z.string().min(1),
  currency: z.literal("USD"),
  unit: z.literal("USD per million tokens"),
  notes: z.array(z.string()).optional(),
  webSearchUsdPerRequest: usdSchema,
  usInferenceMultiplier: z.string().regex(DECIMAL_PATTERN, 'must be a decimal string like "1.1"'),
  models: z.array(modelSchema).min(1),
});

/** The price book as written in price-book.json. */
export type PriceBookJson = z.infer<typeof priceBookSchema>;

// ---------------------------------------------------------------------------------------------------
// The price book, loaded

/** Token prices in exact pico-USD per token. */
export interface TokenRates {
  readonly input: Rational;
  readonly output: Rational;
  readonly cacheWrite5m: Rational;
  readonly cacheWrite1h: Rational;
  readonly cacheRead: Rational;
}

export interface LongContextTier {
  readonly promptTokensAbove: number;
  /** Epoch ms, inclusive. */
  readonly fromMs: number;
  /** Epoch ms, exclusive (Infinity when open-ended). */
  readonly toMs: number;
  readonly rates: TokenRates;
}

export interface PricePeriod {
  readonly effectiveFrom: string;
  /** Epoch ms of effectiveFrom, 00:00 UTC. */
  readonly startMs: number;
  readonly rates: TokenRates;
  readonly longContext: readonly LongContextTier[];
  readonly fast: TokenRates | null;
}

export interface PriceBookModel {
  readonly canonical: string;
  readonly family: string;
  readonly displayName: string;
  readonly aliases: readonly string[];
  readonly unconfirmed: boolean;
  readonly usInferencePremium: boolean;
  readonly contextWindow: number;
  readonly tokenizer: Tokenizer;
  /** Ascending by effectiveFrom. */
  readonly periods: readonly PricePeriod[];
}

/** A validated price book, with prices parsed to exact rationals once, at load. */
export interface PriceBook {
  readonly version: string;
  /** The validated JSON it was loaded from. */
  readonly source: PriceBookJson;
  readonly models: readonly PriceBookModel[];
  /** Every exact id and alias to its model. */
  readonly byId: ReadonlyMap<string, PriceBookModel>;
  readonly webSearchPicoPerRequest: bigint;
  readonly usInferenceMultiplier: Rational;
}

const PICO_PER_USD_PER_MTOK = 1_000_000n; // 1 USD per million tokens = 1e12 pico / 1e6 tokens

/** "3.75" USD per million tokens -> 3,750,000 pico-USD per token, exactly. */
function ratePerToken(usdPerMTok: string): Rational {
  const usd = parseDecimal(usdPerMTok);
  return rational(usd.num * PICO_PER_USD_PER_MTOK, usd.den);
}

function tokenRates(prices: z.infer<typeof tokenPricesSchema>): TokenRates {
  return {
    input: ratePerToken(prices.input),
    output: ratePerToken(prices.output),
    cacheWrite5m: ratePerToken(prices.cacheWrite5m),
    cacheWrite1h: ratePerToken(prices.cacheWrite1h),
    cacheRead: ratePerToken(prices.cacheRead),
  };
}

/** `models[3] (claude-opus-4-6).periods[0].prices.input`, from a zod issue path and the raw input. */
function describePath(path: readonly PropertyKey[], json: unknown): string {
  let text = "";
  let node: unknown = json;
  for (const key of path) {
    text += typeof key === "number" ? `[${key}]` : `${text ? "." : ""}${String(key)}`;
    node = typeof node === "object" && node !== null ? (node as Record<PropertyKey, unknown>)[key] : undefined;
    if (path[0] === "models" && typeof key === "number" && text === `models[${key}]`) {
      const id = typeof node === "object" && node !== null ? (node as { id?: unknown }).id : undefined;
      if (typeof id === "string") text += ` (${id})`;
    }
  }
  return text || "(root)";
}

function valueAt(path: readonly PropertyKey[], json: unknown): unknown {
  let node = json;
  for (const key of path) node = typeof node === "object" && node !== null ? (node as Record<PropertyKey, unknown>)[key] : undefined;
  return node;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/**
 * Validates and loads a price book. Throws an Error naming the bad model and field, e.g.
 * `price book: models[3] (claude-opus-4-6).periods[0].prices.input: must be a decimal string ... (got "three")`.
 * Beyond the shape it checks that no id is listed twice, that periods are in date order, that a
 * long-context tier ends after it starts, and that no period has both fast and long-context prices
 * (the book could not say which applies).
 */
export function loadPriceBook(json: unknown): PriceBook {
  const parsed = priceBookSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.slice(0, 5).map((issue) => {
      const got = valueAt(issue.path, json);
      // Quote a bad scalar; a bad object or array is identified by its path alone.
      const shown = got === null || ["string", "number", "boolean"].includes(typeof got) ? ` (got ${JSON.stringify(got)})` : "";
      return `${describePath(issue.path, json)}: ${issue.message}${shown}`;
    });
    const more = parsed.error.issues.length > 5 ? `; and ${parsed.error.issues.length - 5} more` : "";
    throw new Error(`price book: ${problems.join("; ")}${more}`);
  }
  const source = parsed.data;
  const fail = (path: PropertyKey[], message: string): never => {
    throw new Error(`price book: ${describePath(path, source)}: ${message}`);
  };

  const byId = new Map<string, PriceBookModel>();
  const models = source.models.map((entry, m): PriceBookModel => {
    const periods = entry.periods.map((period, p): PricePeriod => {
      const startMs = dayStartMs(period.effectiveFrom);
      if (p > 0 && period.effectiveFrom <= entry.periods[p - 1].effectiveFrom) {
        fail(["models", m, "periods", p, "effectiveFrom"], "periods must be in ascending date order, one per day at most");
      }
      const longContext = (period.longContext ?? []).map((tier, t): LongContextTier => {
        // Without its own start a tier runs from its period's start, and from the beginning of time in the
        // first period, which also prices calls dated before it.
        const fromMs = tier.effectiveFrom ? dayStartMs(tier.effectiveFrom) : p === 0 ? Number.NEGATIVE_INFINITY : startMs;
        const toMs = tier.effectiveTo ? dayStartMs(tier.effectiveTo) : Number.POSITIVE_INFINITY;
        if (toMs <= (tier.effectiveFrom ? fromMs : startMs)) fail(["models", m, "periods", p, "longContext", t, "effectiveTo"], "must be after the tier starts");
        return { promptTokensAbove: tier.promptTokensAbove, fromMs, toMs, rates: tokenRates(tier.prices) };
      });
      if (period.fast && longContext.length > 0) {
        fail(["models", m, "periods", p], "has both fast and longContext prices; the book cannot say which applies");
      }
      return {
        effectiveFrom: period.effectiveFrom,
        startMs,
        rates: tokenRates(period.prices),
        longContext,
        fast: period.fast ? tokenRates(period.fast.prices) : null,
      };
    });
    const model: PriceBookModel = {
      canonical: entry.id,
      family: entry.family,
      displayName: entry.displayName,
      aliases: entry.aliases,
      unconfirmed: entry.unconfirmed === true,
      usInferencePremium: entry.usInferencePremium,
      contextWindow: entry.contextWindow,
      tokenizer: entry.tokenizer,
      periods,
    };
    for (const id of [entry.id, ...entry.aliases]) {
      if (byId.has(id)) fail(["models", m], `id "${id}" is already used by ${byId.get(id)!.canonical}`);
      byId.set(id, model);
    }
    return model;
  });

  const webSearch = parseDecimal(source.webSearchUsdPerRequest);
  return deepFreeze({
    version: source.version,
    source,
    models,
    byId,
    webSearchPicoPerRequest: (webSearch.num * 1_000_000_000_000n) / webSearch.den, // exact: at most 12 decimals
    usInferenceMultiplier: parseDecimal(source.usInferenceMultiplier),
  });
}

/** The price book shipped with Tally (lib/core/price-book.json). */
export const defaultPriceBook: PriceBook = loadPriceBook(data);

/** Bumped whenever the engine's rules change, so history priced by an older engine gets re-priced. */
const PRICING_RULES_VERSION = "tally-pricing-rules/3";

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (typeof value === "object" && value !== null) {
    const entries = Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
    return `{${entries.join(",")}}`;
  }
  return JSON.stringify(value);
}

/**
 * A stable text of the book and the engine's rules version: the same whenever nothing that could
 * change a price changed (key order in the JSON does not matter), different otherwise.
 * The server hashes it to decide whether stored history must be re-priced.
 */
export function priceBookFingerprint(book: PriceBook): string {
  // Context windows and tokenizers inform projections only; changing them re-prices nothing.
  const models = book.source.models.map(({ contextWindow: _window, tokenizer: _tokenizer, ...priced }) => priced);
  return `${PRICING_RULES_VERSION}\n${canonicalJson({ ...book.source, models })}`;
}

// ---------------------------------------------------------------------------------------------------
// Model ids

export interface ResolvedModel {
  /** The model's main alias, e.g. "claude-sonnet-4-5". */
  canonical: string;
  family: string;
  displayName: string;
}

/** The model a call's id names: exact id or alias, else `<known undated alias>-YYYYMMDD`. */
function findModel(book: PriceBook, modelId: string): PriceBookModel | null {
  const exact = book.byId.get(modelId);
  if (exact) return exact;
  // A new dated snapshot of a known alias, e.g. claude-sonnet-4-6-20261201. The base must itself be
  // undated and not a -latest alias, and the date a plausible one; nothing else is ever guessed.
  const dated = DATED_SUFFIX.exec(modelId);
  if (!dated) return null;
  const [, base, year, month, day] = dated;
  if (DATED_SUFFIX.test(base) || base.endsWith("-latest")) return null;
  if (Number.isNaN(dayStartMs(`${year}-${month}-${day}`))) return null;
  return book.byId.get(base) ?? null;
}

/**
 * Resolves a model id as sent to its price-book model. Dated ids and aliases resolve exactly
 * (`claude-sonnet-4-5-20250929` and `claude-sonnet-4-5` are the same model); the one non-exact rule
 * is `<known alias>-YYYYMMDD`, a new dated snapshot of a known alias. Near misses such as
 * `claude-sonnet-4.5`, `Claude-Sonnet-4-5` or `sonnet` return null.
 */
export function resolveModel(book: PriceBook, modelId: string): ResolvedModel | null {
  const model = findModel(book, modelId);
  return model ? { canonical: model.canonical, family: model.family, displayName: model.displayName } : null;
}

export interface PricedModelSummary {
  canonical: string;
  family: string;
  displayName: string;
  /** Other ids that resolve exactly to this model. */
  aliases: string[];
  /** The book marks the model's prices as not confirmed by the source. */
  unconfirmed: boolean;
}

/** The book's models, in book order (newest first within each family), for pickers and docs. */
export function listPricedModels(book: PriceBook): PricedModelSummary[] {
  return book.models.map((model) => ({
    canonical: model.canonical,
    family: model.family,
    displayName: model.displayName,
    aliases: [...model.aliases],
    unconfirmed: model.unconfirmed,
  }));
}

// ---------------------------------------------------------------------------------------------------
// Operator overrides

/**
 * An operator's price override (a negotiated discount, a custom price). Absolute prices replace the
 * price of that component in the tier in force (standard, long context or fast); `multiplier` then
 * scales all five token prices, cache writes and reads included. Batch and US-region multipliers still
 * apply on top. The web-search fee is never changed. Among the rules matching a call, the highest id
 * (the latest created) wins.
 */
export interface PriceOverrideRule {
  id: number;
  /** Canonical model id, or "*" for every model. */
  model: string;
  /** First UTC day it applies (inclusive), YYYY-MM-DD. */
  effectiveFrom: string;
  /** First UTC day it no longer applies (exclusive); null = open-ended. */
  effectiveTo: string | null;
  /** Decimal multiplier on every token price, e.g. "0.85" for 15% off. */
  multiplier: string | null;
  inputUsdPerMTok: string | null;
  outputUsdPerMTok: string | null;
  cacheWrite5mUsdPerMTok: string | null;
  cacheWrite1hUsdPerMTok: string | null;
  cacheReadUsdPerMTok: string | null;
}

const overrideUsd = usdSchema.nullable();

/** Every field valid on its own; what priceCall needs to apply a rule. */
const overrideFieldsSchema = z.strictObject({
  id: z.int().nonnegative(),
  model: z.string().min(1),
  effectiveFrom: daySchema,
  effectiveTo: daySchema.nullable(),
  multiplier: z
    .string()
    .regex(/^\d+(\.\d{1,12})?$/, 'must be a decimal multiplier like "0.85"')
    .nullable(),
  inputUsdPerMTok: overrideUsd,
  outputUsdPerMTok: overrideUsd,
  cacheWrite5mUsdPerMTok: overrideUsd,
  cacheWrite1hUsdPerMTok: overrideUsd,
  cacheReadUsdPerMTok: overrideUsd,
});

/**
 * Schema for a PriceOverrideRule, for the edges that accept one from an operator: each field valid,
 * effectiveTo after effectiveFrom, and at least a multiplier or one price set. (It does not check that
 * the model exists in the book; use resolveModel for that.)
 */
export const priceOverrideRuleSchema = overrideFieldsSchema
  .refine((rule) => rule.effectiveTo === null || rule.effectiveTo > rule.effectiveFrom, {
    path: ["effectiveTo"],
    message: "must be after effectiveFrom (it is exclusive)",
  })
  .refine(
    (rule) =>
      [rule.multiplier, rule.inputUsdPerMTok, rule.outputUsdPerMTok, rule.cacheWrite5mUsdPerMTok, rule.cacheWrite1hUsdPerMTok, rule.cacheReadUsdPerMTok].some(
        (value) => value !== null,
      ),
    { message: "sets nothing: give a multiplier or at least one price" },
  );

interface CompiledOverride {
  fromMs: number;
  toMs: number;
  multiplier: Rational | null;
  input: Rational | null;
  output: Rational | null;
  cacheWrite5m: Rational | null;
  cacheWrite1h: Rational | null;
  cacheRead: Rational | null;
}

const compiledOverrides = new WeakMap<PriceOverrideRule, CompiledOverride>();

/** Parses a rule once per rule object; throws naming the rule and field when it is malformed. */
function compileOverride(rule: PriceOverrideRule): CompiledOverride {
  let compiled = compiledOverrides.get(rule);
  if (compiled) return compiled;
  const checked = overrideFieldsSchema.safeParse(rule);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    throw new Error(`price override ${rule.id}: ${issue.path.join(".") || "(rule)"}: ${issue.message}`);
  }
  const rate = (usd: string | null) => (usd === null ? null : ratePerToken(usd));
  compiled = {
    fromMs: dayStartMs(rule.effectiveFrom),
    toMs: rule.effectiveTo === null ? Number.POSITIVE_INFINITY : dayStartMs(rule.effectiveTo),
    multiplier: rule.multiplier === null ? null : parseDecimal(rule.multiplier),
    input: rate(rule.inputUsdPerMTok),
    output: rate(rule.outputUsdPerMTok),
    cacheWrite5m: rate(rule.cacheWrite5mUsdPerMTok),
    cacheWrite1h: rate(rule.cacheWrite1hUsdPerMTok),
    cacheRead: rate(rule.cacheReadUsdPerMTok),
  };
  compiledOverrides.set(rule, compiled);
  return compiled;
}

/** The winning rule for a call, or null. A rule's model may be any id that resolves to the call's model. */
function overrideFor(
  overrides: readonly PriceOverrideRule[],
  book: PriceBook,
  canonical: string,
  timestampMs: number,
): { rule: PriceOverrideRule; compiled: CompiledOverride } | null {
  let winner: { rule: PriceOverrideRule; compiled: CompiledOverride } | null = null;
  for (const rule of overrides) {
    // Every rule is checked, matching or not, so a malformed one fails the same way on every call.
    const compiled = compileOverride(rule);
    if (winner && rule.id <= winner.rule.id) continue;
    if (rule.model !== "*" && rule.model !== canonical && findModel(book, rule.model)?.canonical !== canonical) continue;
    if (timestampMs < compiled.fromMs || timestampMs >= compiled.toMs) continue;
    winner = { rule, compiled };
  }
  return winner;
}

// ---------------------------------------------------------------------------------------------------
// Pricing one call

const HALF: Rational = { num: 1n, den: 2n };

const TOKEN_FIELDS = [
  "inputTokens",
  "outputTokens",
  "cacheReadTokens",
  "cacheWrite5mTokens",
  "cacheWrite1hTokens",
  "webSearchRequests",
  "webFetchRequests",
] as const;

/** Garbage in would be a wrong bill out: refuse it loudly (the record schema keeps it from getting here). */
function assertPriceable(input: PricingInput): void {
  for (const field of TOKEN_FIELDS) {
    const value = input[field];
    if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${field} must be a non-negative integer, got ${value}`);
  }
  if (!Number.isFinite(input.timestampMs)) throw new RangeError(`timestampMs must be a finite number, got ${input.timestampMs}`);
}

/** The period in force at a timestamp. Calls dated before the first period use the first one. */
function periodAt(model: PriceBookModel, timestampMs: number): PricePeriod {
  const { periods } = model;
  for (let i = periods.length - 1; i > 0; i--) if (periods[i].startMs <= timestampMs) return periods[i];
  return periods[0];
}

/** The long-context tier a call falls in: in force at its time, prompt strictly above the threshold. */
function longContextTier(period: PricePeriod, promptTokens: number, timestampMs: number): LongContextTier | null {
  let chosen: LongContextTier | null = null;
  for (const tier of period.longContext) {
    if (timestampMs < tier.fromMs || timestampMs >= tier.toMs || promptTokens <= tier.promptTokensAbove) continue;
    if (!chosen || tier.promptTokensAbove > chosen.promptTokensAbove) chosen = tier;
  }
  return chosen;
}

/** tokens x rate x multiplier, rounded half up to whole pico-USD: the only rounding a component sees. */
function componentPico(tokens: number, rate: Rational, multiplier: Rational): bigint {
  if (tokens === 0) return 0n;
  const num = BigInt(tokens) * rate.num * multiplier.num;
  const den = rate.den * multiplier.den;
  return den === 1n ? num : roundHalfUp({ num, den });
}

function unpriced(flag: QualityFlag): CallCost {
  return {
    priced: false,
    resolvedModel: null,
    priceEntryId: null,
    pricingTier: null,
    components: { inputPico: 0n, outputPico: 0n, cacheWrite5mPico: 0n, cacheWrite1hPico: 0n, cacheReadPico: 0n, webSearchPico: 0n },
    totalPico: 0n,
    cacheReadFullPricePico: 0n,
    flags: [flag],
  };
}

/** The prices one call is billed at: which model, period, tier and override, and the rates and multiplier. */
export interface CallRates {
  model: PriceBookModel;
  /** E.g. "claude-sonnet-4-6@2025-09-29", "override:3". */
  priceEntryId: string;
  pricingTier: "standard" | "long_context";
  /** Per-token rates after long-context, fast-mode and override prices. */
  rates: TokenRates;
  /** Batch, US-region and override multipliers, applied to every token rate. */
  multiplier: Rational;
}

/** What selects a call's rates: its model, time, tier, region, speed and the size of its whole prompt. */
export interface RateQuery {
  model: string;
  timestampMs: number;
  serviceTier: ServiceTier;
  inferenceGeo: string | null;
  speed: Speed | null;
  /** input + cache writes + cache reads: decides the long-context tier. */
  promptTokens: number;
}

/**
 * Every UTC day on which some rate of some model may change: a price period's start, a long-context
 * tier's start or end, an override's start or end. Between two consecutive such days every call with
 * the same model, tier, region, speed and prompt size is billed at the same rates (callRates), whatever
 * its day; ascending, without duplicates.
 */
export function priceChangeDays(book: PriceBook, overrides: readonly PriceOverrideRule[] = []): string[] {
  const days = new Set<string>();
  const add = (ms: number) => {
    if (Number.isFinite(ms)) days.add(new Date(ms).toISOString().slice(0, 10));
  };
  for (const model of book.models) {
    for (const period of model.periods) {
      add(period.startMs);
      for (const tier of period.longContext) {
        add(tier.fromMs);
        add(tier.toMs);
      }
    }
  }
  for (const rule of overrides) {
    days.add(rule.effectiveFrom);
    if (rule.effectiveTo) days.add(rule.effectiveTo);
  }
  return [...days].sort();
}

/**
 * The rates a call is billed at by the rules priceCall documents, or the flag saying why it cannot be
 * priced (`unpriced_model`, `fast_mode_unpriced`). Projections use it to price token counts that are not
 * one call's (sums, or counts scaled for another tokenizer).
 */
export function callRates(query: RateQuery, book: PriceBook, overrides: readonly PriceOverrideRule[] = []): CallRates | QualityFlag {
  const model = findModel(book, query.model);
  if (!model) return "unpriced_model";
  const period = periodAt(model, query.timestampMs);

  let pricingTier: "standard" | "long_context" = "standard";
  let rates = period.rates;
  if (query.speed === "fast") {
    if (!period.fast) return "fast_mode_unpriced";
    rates = period.fast;
  } else {
    const tier = longContextTier(period, query.promptTokens, query.timestampMs);
    if (tier) {
      pricingTier = "long_context";
      rates = tier.rates;
    }
  }

  let multiplier = ONE;
  if (query.serviceTier === "batch") multiplier = multiply(multiplier, HALF);
  if (query.inferenceGeo === "us" && model.usInferencePremium) multiplier = multiply(multiplier, book.usInferenceMultiplier);

  const override = overrides.length > 0 ? overrideFor(overrides, book, model.canonical, query.timestampMs) : null;
  if (override) {
    const o = override.compiled;
    rates = {
      input: o.input ?? rates.input,
      output: o.output ?? rates.output,
      cacheWrite5m: o.cacheWrite5m ?? rates.cacheWrite5m,
      cacheWrite1h: o.cacheWrite1h ?? rates.cacheWrite1h,
      cacheRead: o.cacheRead ?? rates.cacheRead,
    };
    if (o.multiplier) multiplier = multiply(multiplier, o.multiplier);
  }
  return {
    model,
    priceEntryId: override ? `override:${override.rule.id}` : `${model.canonical}@${period.effectiveFrom}`,
    pricingTier,
    rates,
    multiplier,
  };
}

/**
 * Prices one call.
 *
 * - The price period in force at the call's UTC time applies; `input.inputTokens` is the uncached
 *   input only, so the whole prompt is input + both cache writes + cache reads.
 * - A long-context tier in force bills the whole request (output included) at its prices when the
 *   whole prompt is strictly larger than its threshold. Fast mode uses the model's fast prices.
 * - An operator override (see PriceOverrideRule) then replaces and/or scales token prices.
 * - Batch halves every token component; inference_geo "us" multiplies them by the book's US
 *   multiplier on models flagged for it. Priority tier is billed at list price.
 * - Web search adds a flat fee per request, untouched by batch, region and overrides.
 *
 * Unknown models (flag `unpriced_model`), and fast mode on a model without fast prices (flag
 * `fast_mode_unpriced`), come back with priced false and every amount 0 rather than a guess.
 * totalPico is exactly the sum of the components. Throws a RangeError on negative or fractional
 * token counts, and an Error on a malformed override.
 */
export function priceCall(input: PricingInput, book: PriceBook, overrides: readonly PriceOverrideRule[] = []): CallCost {
  assertPriceable(input);
  const promptTokens = input.inputTokens + input.cacheWrite5mTokens + input.cacheWrite1hTokens + input.cacheReadTokens;
  const billed = callRates({ ...input, promptTokens }, book, overrides);
  if (typeof billed === "string") return unpriced(billed);
  const { rates, multiplier } = billed;

  const components: CostComponents = {
    inputPico: componentPico(input.inputTokens, rates.input, multiplier),
    outputPico: componentPico(input.outputTokens, rates.output, multiplier),
    cacheWrite5mPico: componentPico(input.cacheWrite5mTokens, rates.cacheWrite5m, multiplier),
    cacheWrite1hPico: componentPico(input.cacheWrite1hTokens, rates.cacheWrite1h, multiplier),
    cacheReadPico: componentPico(input.cacheReadTokens, rates.cacheRead, multiplier),
    webSearchPico: BigInt(input.webSearchRequests) * book.webSearchPicoPerRequest,
  };
  return {
    priced: true,
    resolvedModel: billed.model.canonical,
    priceEntryId: billed.priceEntryId,
    pricingTier: billed.pricingTier,
    components,
    totalPico:
      components.inputPico +
      components.outputPico +
      components.cacheWrite5mPico +
      components.cacheWrite1hPico +
      components.cacheReadPico +
      components.webSearchPico,
    // The same tokens at the uncached input price of the same tier, override and multipliers.
    cacheReadFullPricePico: componentPico(input.cacheReadTokens, rates.input, multiplier),
    flags: [],
  };
}
