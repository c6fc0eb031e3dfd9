/**
 * What recorded traffic would have cost under a different plan: calls moved to another model, a
 * feature's calls split across models, cache hit ratios raised, latency-tolerant features moved to the
 * Batch API. Pure: it prices aggregated token counts ("cells") with the same rates the cost engine
 * bills calls at (lib/core/pricing.ts callRates), so the page, the API and the CLI, which all call it
 * on the same cells, agree to the pico-USD.
 *
 * The rules, in the order they apply to a cell moving to a target model:
 *
 * 1. Tokenizer. Models from Claude Opus 4.7 on count about 30% more tokens for the same text
 *    (price book `tokenizer`). Moving between generations multiplies every token count (not web
 *    searches) by the factor, or divides by it going back. The factor is an assumption: the point
 *    estimate uses `tokenizerFactor`, and the range is recomputed at `tokenizerRange`'s two ends.
 * 2. Context window. A call whose whole prompt (input + cache writes + cache reads), after the
 *    tokenizer adjustment, is larger than the target's window cannot move: it stays on its model at
 *    its recorded cost and is listed as blocked. So is a fast-mode call when the target has no fast mode.
 * 3. Prices: the target's prices in force on the call's day, its long-context tier by the adjusted
 *    prompt size, its own cache-read price, the call's tier (batch halves), region and speed, and any
 *    operator override for the target model.
 * 4. Caching lever: when a feature's cache hit ratio (cache reads / whole prompt) is below a target,
 *    reads rise to it, replacing uncached input; the prompt must be written to the cache to be read, so
 *    writes rise to reads / reads-per-write (the feature's observed reuse, else an assumed one with a range).
 * 5. Batch lever: calls of a feature marked latency-tolerant that are not already batch are billed at
 *    the batch tier (half of every token price; the web-search fee unchanged).
 *
 * A cell staying on its own model keeps its recorded cost exactly; levers on it add only the
 * difference they make. Each amount is rounded half up to a whole pico-USD per cell and destination,
 * and every total is the sum of its rows.
 */
import { type CallRates, type PriceBook, type PriceBookModel, type PriceOverrideRule, callRates } from "./pricing";
import { type Rational, ONE, multiply, rational, roundHalfUp } from "./rational";
import type { ServiceTier, Speed } from "./types";

// ---------------------------------------------------------------------------------------------------
// Inputs

/** Calls of one day sharing everything that decides a price except their token counts. */
export interface ProjectionCell {
  day: string;
  feature: string;
  /** Canonical model id (the raw id when unpriced), as stored. */
  model: string;
  serviceTier: ServiceTier;
  /** inference_geo was "us". */
  usInference: boolean;
  speed: Speed | null;
  /** Prompt-size band: how many of the plan's cuts (promptCuts) the calls' whole prompts exceed. */
  band: number;
  priced: boolean;
  calls: number;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWrite5mTokens: number;
  cacheWrite1hTokens: number;
  webSearchRequests: number;
  /** The recorded cost of these calls. */
  costPico: bigint;
}

/** A model's share of a routed feature's calls. */
export interface RouteShare {
  /** Canonical model id. */
  model: string;
  /** Whole percent, 0-100; a route's shares sum to 100. */
  percent: number;
}

/** What changes. Every model id is canonical; `moves[].from` may also be a family ("opus"). */
export interface ProjectionPlan {
  /** Calls on `from` (a model or a family) move to `to`, unless their feature has a route. */
  moves: { from: string; to: string }[];
  /** A feature's calls, whatever their model, split across models. */
  routes: { feature: string; split: RouteShare[] }[];
  /** Features whose calls can wait: moved to the Batch API. */
  batch: string[];
  /** Target cache hit ratio per feature, whole percent. */
  cacheTargets: { feature: string; hitPercent: number }[];
}

export interface ProjectionAssumptions {
  /** Token-count multiplier from the claude-3 tokenizer to claude-4.7's, point estimate. */
  tokenizerFactor: Rational;
  /** The factor's plausible range, [low, high]. */
  tokenizerRange: [Rational, Rational];
  /** Reads per cache write for a feature with no observed reuse, point estimate. */
  readsPerWrite: Rational;
  /** Its range, [low, high], also used around an observed reuse that falls outside it. */
  readsPerWriteRange: [Rational, Rational];
}

/** Defaults: 1.3x (Anthropic: "about 30% more tokens", 1.0-1.35x by content); 4 reads per write (1-20). */
export const DEFAULT_ASSUMPTIONS: ProjectionAssumptions = {
  tokenizerFactor: rational(13n, 10n),
  tokenizerRange: [ONE, rational(27n, 20n)],
  readsPerWrite: rational(4n),
  readsPerWriteRange: [ONE, rational(20n)],
};

export const EMPTY_PLAN: ProjectionPlan = { moves: [], routes: [], batch: [], cacheTargets: [] };

// ---------------------------------------------------------------------------------------------------
// Outputs

export interface Amounts {
  actualPico: bigint;
  projectedPico: bigint;
  /** The projection's range over the assumptions (equal to projectedPico where none matters). */
  lowPico: bigint;
  highPico: bigint;
}

export interface FeatureProjection extends Amounts {
  feature: string;
  calls: number;
  /** The same amounts as a 30.44-day month at the rate of the projected days. */
  monthly: Amounts;
}

/** Where a share of a model's calls went: `to` equals `from` for calls that stayed. */
export interface PairProjection extends Amounts {
  from: string;
  to: string;
  /** Calls of `from` with a share going to `to` (a 90/10 split counts the calls under both). */
  calls: number;
}

export type BlockedReason = "context_window" | "fast_mode";

/** Calls that could not move to a target and stayed on their model, at their recorded cost. */
export interface BlockedProjection {
  feature: string;
  model: string;
  target: string;
  reason: BlockedReason;
  calls: number;
  costPico: bigint;
  /** The target's context window, for context_window. */
  contextWindow: number | null;
}

export interface Projection {
  /** Days the cells span (the range's length): the base of the monthly figures. */
  days: number;
  calls: number;
  /** Calls left as they are because their model is unknown to the price book. */
  unpricedCalls: number;
  total: Amounts;
  monthly: Amounts;
  features: FeatureProjection[];
  pairs: PairProjection[];
  blocked: BlockedProjection[];
  /** Features whose cache target could not be reached with their reuse, and the ratio reached instead. */
  cacheCapped: { feature: string; hitPercent: number }[];
  /** Which assumptions moved the numbers: what the range reflects. */
  rangeFrom: ("tokenizer" | "cache_reuse")[];
}

// ---------------------------------------------------------------------------------------------------
// Prompt-size bands

const AVERAGE_MONTH_DAYS = rational(1461n, 48n); // 365.25 / 12

function div(a: Rational, b: Rational): Rational {
  return rational(a.num * b.den, a.den * b.num);
}
function add(a: Rational, b: Rational): Rational {
  return rational(a.num * b.den + b.num * a.den, a.den * b.den);
}
function sub(a: Rational, b: Rational): Rational {
  return rational(a.num * b.den - b.num * a.den, a.den * b.den);
}
function lessThan(a: Rational, b: Rational): boolean {
  return a.num * b.den < b.num * a.den;
}
function minR(a: Rational, b: Rational): Rational {
  return lessThan(a, b) ? a : b;
}
function maxR(a: Rational, b: Rational): Rational {
  return lessThan(a, b) ? b : a;
}
function floorR(a: Rational): bigint {
  const q = a.num / a.den;
  return a.num < 0n && a.num % a.den !== 0n ? q - 1n : q;
}
function ceilR(a: Rational): bigint {
  return -floorR({ num: -a.num, den: a.den });
}
const int = (n: number): Rational => ({ num: BigInt(n), den: 1n });

function bookModel(book: PriceBook, id: string): PriceBookModel | undefined {
  return book.byId.get(id);
}

/** Every model the plan can send calls to. */
export function planTargets(plan: ProjectionPlan): string[] {
  return [...new Set([...plan.moves.map((m) => m.to), ...plan.routes.flatMap((r) => r.split.map((s) => s.model))])];
}

/** The token ratios a move can apply: 1, and each tokenizer factor both ways. */
function tokenRatios(assumptions: ProjectionAssumptions): Rational[] {
  const factors = [assumptions.tokenizerFactor, ...assumptions.tokenizerRange];
  return [ONE, ...factors, ...factors.map((f) => div(ONE, f))];
}

/**
 * The source prompt sizes at which some decision of the plan changes: for every target's context
 * window and long-context threshold X and every token ratio r, floor(X / r) (a prompt p exceeds X
 * after scaling exactly when p > floor(X / r)). Ascending, without duplicates. The server counts,
 * per call, how many of these its prompt exceeds: the cell's band. Every prompt in a band makes the
 * same decisions, so the band's smallest prompt stands for all of them.
 */
export function promptCuts(plan: ProjectionPlan, book: PriceBook, assumptions: ProjectionAssumptions = DEFAULT_ASSUMPTIONS): number[] {
  const thresholds = new Set<number>();
  for (const id of planTargets(plan)) {
    const model = bookModel(book, id);
    if (!model) continue;
    thresholds.add(model.contextWindow);
    for (const period of model.periods) for (const tier of period.longContext) thresholds.add(tier.promptTokensAbove);
  }
  const cuts = new Set<number>();
  for (const x of thresholds) for (const r of tokenRatios(assumptions)) cuts.add(Number(floorR(div(int(x), r))));
  return [...cuts].sort((a, b) => a - b);
}

/**
 * Every cut any plan can make with `book` and `assumptions`: promptCuts with every model of the book
 * as a target, ascending. The projection summary stores each call's band among these, so the band of
 * any such plan follows from it (planBandOf) without the call's prompt size.
 */
export function allPromptCuts(book: PriceBook, assumptions: ProjectionAssumptions = DEFAULT_ASSUMPTIONS): number[] {
  const plan: ProjectionPlan = { ...EMPTY_PLAN, routes: [{ feature: "", split: book.models.map((m) => ({ model: m.canonical, percent: 0 })) }] };
  return promptCuts(plan, book, assumptions);
}

/**
 * For a plan whose cuts are all among `allCuts`: which of a summary band's values (the band among
 * `allCuts`) each plan band starts at. A call in summary band b exceeds plan cut allCuts[i] exactly when
 * b > i, so its plan band is how many of these thresholds b reaches. Null when some plan cut is not
 * among `allCuts` (another tokenizer factor): such a plan needs the calls' own prompt sizes.
 */
export function planBandThresholds(planCuts: readonly number[], allCuts: readonly number[]): number[] | null {
  const thresholds: number[] = [];
  for (const cut of planCuts) {
    const i = allCuts.indexOf(cut);
    if (i < 0) return null;
    thresholds.push(i + 1);
  }
  return thresholds;
}

/** The band of one prompt: how many cuts it exceeds (what the server's SQL computes per call). */
export function bandOf(promptTokens: number, cuts: readonly number[]): number {
  let band = 0;
  while (band < cuts.length && promptTokens > cuts[band]) band += 1;
  return band;
}

/** The smallest prompt in a band: every call in the band decides as it does. */
function bandPrompt(cuts: readonly number[], band: number): number {
  return band === 0 ? 0 : cuts[band - 1] + 1;
}

// ---------------------------------------------------------------------------------------------------
// Pricing one cell under one set of assumptions

interface Tokens {
  input: Rational;
  output: Rational;
  cacheRead: Rational;
  cacheWrite5m: Rational;
  cacheWrite1h: Rational;
}

interface FeatureCache {
  /** Observed reads per write, or null when the feature does not both read and write. */
  observedReuse: Rational | null;
  /** Share of writes that are 1-hour writes (0 when it writes none). */
  oneHourShare: Rational;
}

interface Variant {
  tokenizerFactor: Rational;
  /** null: the feature's observed reuse, else the default. */
  readsPerWrite: Rational | null;
}

type Outcome = { blocked: BlockedReason; contextWindow: number | null } | { pico: bigint; capped: Rational | null };

function tokensOf(cell: ProjectionCell, ratio: Rational): Tokens {
  const scaled = (n: number) => multiply(int(n), ratio);
  return {
    input: scaled(cell.inputTokens),
    output: scaled(cell.outputTokens),
    cacheRead: scaled(cell.cacheReadTokens),
    cacheWrite5m: scaled(cell.cacheWrite5mTokens),
    cacheWrite1h: scaled(cell.cacheWrite1hTokens),
  };
}

/**
 * Raises cache reads to `hit` of the prompt, taking them and the writes that feed them from uncached
 * input. Returns the new counts and, when the target cannot be reached, the hit ratio reached instead.
 */
function applyCacheTarget(t: Tokens, hit: Rational, reuse: Rational, oneHourShare: Rational): { tokens: Tokens; capped: Rational | null } {
  const writes = add(t.cacheWrite5m, t.cacheWrite1h);
  const prompt = add(add(t.input, t.cacheRead), writes);
  let reads = multiply(prompt, hit);
  if (prompt.num === 0n || !lessThan(t.cacheRead, reads)) return { tokens: t, capped: null };
  let newWrites = maxR(writes, div(reads, reuse));
  let capped: Rational | null = null;
  if (lessThan(prompt, add(reads, newWrites))) {
    // Not reachable: every uncached token becomes a read or the write that feeds it.
    if (lessThan(writes, div(reads, reuse))) {
      reads = div(multiply(prompt, reuse), add(reuse, ONE));
      newWrites = sub(prompt, reads);
    } else {
      reads = sub(prompt, writes);
    }
    capped = div(reads, prompt);
  }
  const oneHour = multiply(newWrites, oneHourShare);
  return {
    tokens: { input: sub(sub(prompt, reads), newWrites), output: t.output, cacheRead: reads, cacheWrite5m: sub(newWrites, oneHour), cacheWrite1h: oneHour },
    capped,
  };
}

function costOf(t: Tokens, webSearches: number, billed: CallRates, book: PriceBook): bigint {
  const { rates, multiplier } = billed;
  const part = (tokens: Rational, rate: Rational) => (tokens.num === 0n ? 0n : roundHalfUp(multiply(multiply(tokens, rate), multiplier)));
  return (
    part(t.input, rates.input) +
    part(t.output, rates.output) +
    part(t.cacheRead, rates.cacheRead) +
    part(t.cacheWrite5m, rates.cacheWrite5m) +
    part(t.cacheWrite1h, rates.cacheWrite1h) +
    BigInt(webSearches) * book.webSearchPicoPerRequest
  );
}

interface Context {
  book: PriceBook;
  overrides: readonly PriceOverrideRule[];
  cuts: readonly number[];
  assumptions: ProjectionAssumptions;
  batch: ReadonlySet<string>;
  cacheTargets: ReadonlyMap<string, Rational>;
  featureCache: ReadonlyMap<string, FeatureCache>;
}

/**
 * The cost of a cell's calls on `target` with the feature's levers, under one variant of the
 * assumptions, or why they cannot go there.
 */
function priceCell(cell: ProjectionCell, target: string, variant: Variant, ctx: Context): Outcome {
  const source = bookModel(ctx.book, cell.model)!;
  const model = bookModel(ctx.book, target)!;
  const ratio =
    source.tokenizer === model.tokenizer ? ONE : model.tokenizer === "claude-4.7" ? variant.tokenizerFactor : div(ONE, variant.tokenizerFactor);
  const prompt = ceilR(multiply(int(bandPrompt(ctx.cuts, cell.band)), ratio));
  // Calls that stay ran on their model already (perhaps under a window since retired): never blocked.
  if (target !== cell.model && prompt > BigInt(model.contextWindow)) return { blocked: "context_window", contextWindow: model.contextWindow };
  const tier = ctx.batch.has(cell.feature) ? "batch" : cell.serviceTier;
  const billed = callRates(
    { model: target, timestampMs: Date.parse(`${cell.day}T00:00:00Z`), serviceTier: tier, inferenceGeo: cell.usInference ? "us" : null, speed: cell.speed, promptTokens: Number(prompt) },
    ctx.book,
    ctx.overrides,
  );
  if (billed === "fast_mode_unpriced") return { blocked: "fast_mode", contextWindow: null };
  if (typeof billed === "string") throw new Error(`projection: ${target} is not in the price book`);

  let tokens = tokensOf(cell, ratio);
  let capped: Rational | null = null;
  const hit = ctx.cacheTargets.get(cell.feature);
  if (hit) {
    const cache = ctx.featureCache.get(cell.feature)!;
    const reuse = variant.readsPerWrite ?? cache.observedReuse ?? ctx.assumptions.readsPerWrite;
    ({ tokens, capped } = applyCacheTarget(tokens, hit, reuse, cache.oneHourShare));
  }
  return { pico: costOf(tokens, cell.webSearchRequests, billed, ctx.book), capped };
}

/** The same cell with no lever at all: the base that levers on a staying cell are measured against. */
function hasLevers(cell: ProjectionCell, ctx: Context): boolean {
  return (ctx.batch.has(cell.feature) && cell.serviceTier !== "batch") || ctx.cacheTargets.has(cell.feature);
}

// ---------------------------------------------------------------------------------------------------
// The projection

function familyOf(book: PriceBook, model: string): string | null {
  return bookModel(book, model)?.family ?? null;
}

/** Where a priced cell's calls go: [model, percent] pairs summing to 100. */
function destinations(cell: ProjectionCell, plan: ProjectionPlan, routes: ReadonlyMap<string, RouteShare[]>, book: PriceBook): RouteShare[] {
  const route = routes.get(cell.feature);
  if (route) return route.filter((share) => share.percent > 0);
  const family = familyOf(book, cell.model);
  const move = plan.moves.find((m) => m.from === cell.model || m.from === family);
  return [{ model: move ? move.to : cell.model, percent: 100 }];
}

function featureCacheStats(cells: readonly ProjectionCell[]): Map<string, FeatureCache> {
  const sums = new Map<string, { reads: bigint; w5: bigint; w1: bigint }>();
  for (const cell of cells) {
    const s = sums.get(cell.feature) ?? { reads: 0n, w5: 0n, w1: 0n };
    s.reads += BigInt(cell.cacheReadTokens);
    s.w5 += BigInt(cell.cacheWrite5mTokens);
    s.w1 += BigInt(cell.cacheWrite1hTokens);
    sums.set(cell.feature, s);
  }
  const stats = new Map<string, FeatureCache>();
  for (const [feature, s] of sums) {
    const writes = s.w5 + s.w1;
    stats.set(feature, {
      observedReuse: s.reads > 0n && writes > 0n ? rational(s.reads, writes) : null,
      oneHourShare: writes > 0n ? rational(s.w1, writes) : { num: 0n, den: 1n },
    });
  }
  return stats;
}

function zero(): Amounts {
  return { actualPico: 0n, projectedPico: 0n, lowPico: 0n, highPico: 0n };
}
function addTo(target: Amounts, a: Amounts): void {
  target.actualPico += a.actualPico;
  target.projectedPico += a.projectedPico;
  target.lowPico += a.lowPico;
  target.highPico += a.highPico;
}
function monthlyOf(a: Amounts, days: number): Amounts {
  const per = (pico: bigint) => roundHalfUp(multiply({ num: pico, den: BigInt(days) }, AVERAGE_MONTH_DAYS));
  return { actualPico: per(a.actualPico), projectedPico: per(a.projectedPico), lowPico: per(a.lowPico), highPico: per(a.highPico) };
}
const share = (pico: bigint, percent: number) => roundHalfUp({ num: pico * BigInt(percent), den: 100n });

/**
 * Projects `cells` (the calls in scope, over `days` days, banded by promptCuts(plan, book, assumptions))
 * under `plan`. Throws when the plan names a model the book does not price.
 */
export function project(
  cells: readonly ProjectionCell[],
  plan: ProjectionPlan,
  options: { book: PriceBook; overrides?: readonly PriceOverrideRule[]; days: number; cuts: readonly number[]; assumptions?: ProjectionAssumptions },
): Projection {
  const { book, days, cuts } = options;
  const assumptions = options.assumptions ?? DEFAULT_ASSUMPTIONS;
  for (const id of planTargets(plan)) if (!bookModel(book, id)) throw new Error(`projection: ${id} is not in the price book`);
  const ctx: Context = {
    book,
    overrides: options.overrides ?? [],
    cuts,
    assumptions,
    batch: new Set(plan.batch),
    cacheTargets: new Map(plan.cacheTargets.map((c) => [c.feature, rational(BigInt(c.hitPercent), 100n)])),
    featureCache: featureCacheStats(cells),
  };
  const routes = new Map(plan.routes.map((r) => [r.feature, r.split]));


  const features = new Map<string, FeatureProjection>();
  const pairs = new Map<string, PairProjection>();
  const blocked = new Map<string, BlockedProjection>();
  const capped = new Map<string, Rational>();
  const rangeFrom = new Set<"tokenizer" | "cache_reuse">();
  let calls = 0;
  let unpricedCalls = 0;

  for (const cell of cells) {
    calls += cell.calls;
    let row = features.get(cell.feature);
    if (!row) {
      row = { feature: cell.feature, calls: 0, ...zero(), monthly: zero() };
      features.set(cell.feature, row);
    }
    row.calls += cell.calls;
    if (!cell.priced || !bookModel(book, cell.model)) {
      unpricedCalls += cell.calls;
      const stay = { actualPico: cell.costPico, projectedPico: cell.costPico, lowPico: cell.costPico, highPico: cell.costPico };
      addTo(row, stay);
      addPair(pairs, cell.model, cell.model, cell.calls, stay);
      continue;
    }

    const shares = destinations(cell, plan, routes, book);
    let actualLeft = cell.costPico;
    shares.forEach((dest, i) => {
      // The last share takes what rounding left, so the shares of the actual cost sum to it exactly.
      const actual = i === shares.length - 1 ? actualLeft : share(cell.costPico, dest.percent);
      actualLeft -= actual;
      const amounts = projectShare(cell, dest, actual, ctx, rangeFrom, blocked, capped);
      addTo(row, amounts);
      addPair(pairs, cell.model, dest.model, cell.calls, amounts);
    });
  }

  const featureRows = [...features.values()].map((f) => ({ ...f, monthly: monthlyOf(f, days) }));
  const total = zero();
  const monthly = zero();
  for (const f of featureRows) {
    addTo(total, f);
    addTo(monthly, f.monthly);
  }
  const byCost = (a: Amounts, b: Amounts) => (b.actualPico > a.actualPico ? 1 : b.actualPico < a.actualPico ? -1 : 0);
  return {
    days,
    calls,
    unpricedCalls,
    total,
    monthly,
    features: featureRows.sort((a, b) => byCost(a, b) || a.feature.localeCompare(b.feature)),
    pairs: [...pairs.values()].sort((a, b) => byCost(a, b) || a.from.localeCompare(b.from) || a.to.localeCompare(b.to)),
    blocked: [...blocked.values()].sort((a, b) => (b.costPico > a.costPico ? 1 : b.costPico < a.costPico ? -1 : 0) || a.feature.localeCompare(b.feature)),
    cacheCapped: [...capped].map(([feature, ratio]) => ({ feature, hitPercent: Number(floorR(multiply(ratio, int(1000)))) / 10 })),
    rangeFrom: [...rangeFrom],
  };
}

function addPair(pairs: Map<string, PairProjection>, from: string, to: string, calls: number, amounts: Amounts): void {
  const key = `${from}\u0000${to}`;
  let pair = pairs.get(key);
  if (!pair) {
    pair = { from, to, calls: 0, ...zero() };
    pairs.set(key, pair);
  }
  pair.calls += calls;
  addTo(pair, amounts);
}

/** One destination's share of a cell: its actual cost, and its projected cost with its range. */
function projectShare(
  cell: ProjectionCell,
  dest: RouteShare,
  actual: bigint,
  ctx: Context,
  rangeFrom: Set<"tokenizer" | "cache_reuse">,
  blocked: Map<string, BlockedProjection>,
  capped: Map<string, Rational>,
): Amounts {
  const staying = dest.model === cell.model;
  if (staying && !hasLevers(cell, ctx)) return { actualPico: actual, projectedPico: actual, lowPico: actual, highPico: actual };

  // The point estimate, then the corners of the ranges of the assumptions that apply to this share.
  const { assumptions } = ctx;
  const point: Variant = { tokenizerFactor: assumptions.tokenizerFactor, readsPerWrite: null };

  // A staying cell keeps its recorded cost plus what the levers change; a moving one is re-priced.
  const base = staying ? priceCell(cell, dest.model, point, { ...ctx, batch: new Set(), cacheTargets: new Map() }) : null;
  const evaluate = (variant: Variant): bigint => {
    const outcome = priceCell(cell, dest.model, variant, ctx);
    if ("blocked" in outcome) return actual;
    const full = base && "pico" in base ? cell.costPico + outcome.pico - base.pico : outcome.pico;
    return share(full, dest.percent);
  };

  const tokenizerMatters = bookModel(ctx.book, cell.model)!.tokenizer !== bookModel(ctx.book, dest.model)!.tokenizer;
  const reuseMatters = ctx.cacheTargets.has(cell.feature);
  const corners: Variant[] = [];
  for (const tokenizerFactor of tokenizerMatters ? assumptions.tokenizerRange : [assumptions.tokenizerFactor]) {
    for (const readsPerWrite of reuseMatters ? [...assumptions.readsPerWriteRange, null] : [null]) corners.push({ tokenizerFactor, readsPerWrite });
  }

  const outcome = priceCell(cell, dest.model, point, ctx);
  if ("blocked" in outcome) {
    const key = `${cell.feature}\u0000${cell.model}\u0000${dest.model}\u0000${outcome.blocked}`;
    const entry = blocked.get(key) ?? { feature: cell.feature, model: cell.model, target: dest.model, reason: outcome.blocked, calls: 0, costPico: 0n, contextWindow: outcome.contextWindow };
    entry.calls += cell.calls;
    entry.costPico += cell.costPico;
    blocked.set(key, entry);
  } else if (outcome.capped) {
    const previous = capped.get(cell.feature);
    capped.set(cell.feature, previous ? minR(previous, outcome.capped) : outcome.capped);
  }
  const projected = evaluate(point);
  let low = projected;
  let high = projected;
  for (const variant of corners) {
    const value = evaluate(variant);
    if (value !== projected) {
      if (tokenizerMatters && variant.tokenizerFactor !== assumptions.tokenizerFactor) rangeFrom.add("tokenizer");
      if (variant.readsPerWrite !== null) rangeFrom.add("cache_reuse");
    }
    if (value < low) low = value;
    if (value > high) high = value;
  }
  return { actualPico: actual, projectedPico: projected, lowPico: low, highPico: high };
}

