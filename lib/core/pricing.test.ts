/**
 * Every pricing rule, each with a hand-computed example. Prices are USD per million tokens (MTok), so
 * N tokens at $P/MTok cost N x P micro-USD: 2,000 tokens at $3 = 6,000 micro-USD = $0.006.
 */
import { describe, expect, it } from "vitest";
import { formatUsdExact } from "./money";
import {
  type PriceOverrideRule,
  defaultPriceBook as book,
  listPricedModels,
  loadPriceBook,
  priceBookFingerprint,
  priceCall,
  callRates,
  priceChangeDays,
  priceOverrideRuleSchema,
  resolveModel,
} from "./pricing";
import type { CallCost, PricingInput } from "./types";

const at = (iso: string) => Date.parse(iso);
const NOV_2026 = at("2026-11-01T12:00:00Z");
const FEB_2026 = at("2026-02-10T12:00:00Z");

function call(model: string, fields: Partial<PricingInput> = {}): PricingInput {
  return {
    model,
    timestampMs: NOV_2026,
    serviceTier: "standard",
    inferenceGeo: null,
    speed: null,
    inputTokens: 0,
    outputTokens: 0,
    cacheReadTokens: 0,
    cacheWrite5mTokens: 0,
    cacheWrite1hTokens: 0,
    webSearchRequests: 0,
    webFetchRequests: 0,
    ...fields,
  };
}

/** Total in exact decimal USD. */
const usd = (input: PricingInput, overrides: PriceOverrideRule[] = []) => formatUsdExact(priceCall(input, book, overrides).totalPico);

/** Each component in exact decimal USD. */
function parts(cost: CallCost) {
  const c = cost.components;
  return {
    input: formatUsdExact(c.inputPico),
    output: formatUsdExact(c.outputPico),
    cacheWrite5m: formatUsdExact(c.cacheWrite5mPico),
    cacheWrite1h: formatUsdExact(c.cacheWrite1hPico),
    cacheRead: formatUsdExact(c.cacheReadPico),
    webSearch: formatUsdExact(c.webSearchPico),
  };
}

const sumOfComponents = (cost: CallCost) =>
  Object.values(cost.components).reduce((total: bigint, value: bigint) => total + value, 0n);

/** The reference's worked example: Sonnet 4.6, standard tier. */
const WORKED = { inputTokens: 2_000, cacheReadTokens: 50_000, cacheWrite5mTokens: 4_000, outputTokens: 1_000 };

describe("the worked example (Sonnet 4.6, standard tier)", () => {
  it("2,000 x $3 + 50,000 x $0.30 + 4,000 x $3.75 + 1,000 x $15 = 51,000 micro-USD = $0.051", () => {
    const cost = priceCall(call("claude-sonnet-4-6", WORKED), book);
    expect(cost.priced).toBe(true);
    expect(cost.totalPico).toBe(51_000_000_000n);
    expect(parts(cost)).toEqual({
      input: "0.006",
      output: "0.015",
      cacheWrite5m: "0.015",
      cacheWrite1h: "0",
      cacheRead: "0.015",
      webSearch: "0",
    });
    expect(cost.resolvedModel).toBe("claude-sonnet-4-6");
    expect(cost.priceEntryId).toBe("claude-sonnet-4-6@2026-02-01");
    expect(cost.pricingTier).toBe("standard");
    expect(cost.flags).toEqual([]);
  });

  it("costs exactly half in batch: $0.0255", () => {
    const cost = priceCall(call("claude-sonnet-4-6", { ...WORKED, serviceTier: "batch" }), book);
    expect(cost.totalPico).toBe(25_500_000_000n);
    expect(formatUsdExact(cost.totalPico)).toBe("0.0255");
  });

  it("is at list price on the priority tier", () => {
    expect(usd(call("claude-sonnet-4-6", { ...WORKED, serviceTier: "priority" }))).toBe("0.051");
  });

  it("knows what the cache reads would have cost uncached: 50,000 x $3 = $0.15, so caching saved $0.135", () => {
    const cost = priceCall(call("claude-sonnet-4-6", WORKED), book);
    expect(formatUsdExact(cost.cacheReadFullPricePico)).toBe("0.15");
    expect(formatUsdExact(cost.cacheReadFullPricePico - cost.components.cacheReadPico)).toBe("0.135");
  });
});

describe("model ids", () => {
  it("resolves every known id and alias to its canonical id (the main alias)", () => {
    const expected: Record<string, string> = {
      "claude-opus-4-5-20251101": "claude-opus-4-5",
      "claude-opus-4-5": "claude-opus-4-5",
      "claude-opus-4-6": "claude-opus-4-6",
      "claude-opus-4-7": "claude-opus-4-7",
      "claude-opus-4-8": "claude-opus-4-8",
      "claude-opus-4-20250514": "claude-opus-4-0",
      "claude-opus-4-0": "claude-opus-4-0",
      "claude-opus-4-1-20250805": "claude-opus-4-1",
      "claude-opus-4-1": "claude-opus-4-1",
      "claude-sonnet-4-5-20250929": "claude-sonnet-4-5",
      "claude-sonnet-4-5": "claude-sonnet-4-5",
      "claude-sonnet-4-6": "claude-sonnet-4-6",
      "claude-sonnet-4-20250514": "claude-sonnet-4-0",
      "claude-sonnet-4-0": "claude-sonnet-4-0",
      "claude-3-7-sonnet-20250219": "claude-3-7-sonnet-latest",
      "claude-3-7-sonnet-latest": "claude-3-7-sonnet-latest",
      "claude-haiku-4-5-20251001": "claude-haiku-4-5",
      "claude-haiku-4-5": "claude-haiku-4-5",
      "claude-3-5-haiku-20241022": "claude-3-5-haiku-latest",
      "claude-3-5-haiku-latest": "claude-3-5-haiku-latest",
      "claude-3-haiku-20240307": "claude-3-haiku-20240307",
      "claude-opus-5": "claude-opus-5",
      "claude-opus-5-5": "claude-opus-5-5",
      "claude-sonnet-5": "claude-sonnet-5",
      "claude-sonnet-5-5": "claude-sonnet-5-5",
      "claude-haiku-5-5": "claude-haiku-5-5",
      "claude-fable-5": "claude-fable-5",
      "claude-fable-5-1": "claude-fable-5-1",
    };
    for (const [id, canonical] of Object.entries(expected)) expect(resolveModel(book, id)?.canonical, id).toBe(canonical);
    expect(resolveModel(book, "claude-sonnet-4-5-20250929")).toEqual({
      canonical: "claude-sonnet-4-5",
      family: "sonnet",
      displayName: "Claude Sonnet 4.5",
    });
  });

  it("prices a dated id and its alias identically", () => {
    const dated = priceCall(call("claude-sonnet-4-5-20250929", WORKED), book);
    const alias = priceCall(call("claude-sonnet-4-5", WORKED), book);
    expect(dated).toEqual(alias);
    expect(formatUsdExact(dated.totalPico)).toBe("0.051");
    expect(priceCall(call("claude-opus-4-20250514", WORKED), book)).toEqual(priceCall(call("claude-opus-4-0", WORKED), book));
  });

  it("resolves a new dated snapshot of a known alias to that alias, and nothing looser", () => {
    expect(resolveModel(book, "claude-sonnet-4-6-20261201")?.canonical).toBe("claude-sonnet-4-6");
    expect(resolveModel(book, "claude-opus-5-5-20270115")?.canonical).toBe("claude-opus-5-5");
    expect(usd(call("claude-sonnet-4-6-20261201", WORKED))).toBe("0.051");
    for (const id of [
      "claude-3-5-haiku-latest-20250101", // a -latest alias has no snapshots
      "claude-sonnet-4-5-20250929-20260101", // nor does a dated id
      "claude-sonnet-4-6-20261399", // not a date
      "claude-sonnet-4-6-2026120", // seven digits
      "claude-opus-4-20261201", // "claude-opus-4" is not a known alias
    ]) {
      expect(resolveModel(book, id), id).toBeNull();
    }
  });

  it("leaves near misses and unknown models unpriced: flagged, every amount 0, never a guess", () => {
    for (const id of ["claude-sonnet-4.5", "Claude-Sonnet-4-5", "sonnet", "claude-sonnet-4-5 ", "claude-sonnet-4-5-latest", "claude-3-5-haiku", "gpt-4o", ""]) {
      expect(resolveModel(book, id), id).toBeNull();
      const cost = priceCall(call(id, { ...WORKED, webSearchRequests: 2 }), book);
      expect(cost, id).toEqual({
        priced: false,
        resolvedModel: null,
        priceEntryId: null,
        pricingTier: null,
        components: { inputPico: 0n, outputPico: 0n, cacheWrite5mPico: 0n, cacheWrite1hPico: 0n, cacheReadPico: 0n, webSearchPico: 0n },
        totalPico: 0n,
        cacheReadFullPricePico: 0n,
        flags: ["unpriced_model"],
      });
    }
  });

  it("lists every model with its aliases for pickers", () => {
    const models = listPricedModels(book);
    expect(models).toHaveLength(20);
    expect(models.find((m) => m.canonical === "claude-sonnet-4-5")).toEqual({
      canonical: "claude-sonnet-4-5",
      family: "sonnet",
      displayName: "Claude Sonnet 4.5",
      aliases: ["claude-sonnet-4-5-20250929"],
      unconfirmed: false,
    });
    expect(models.filter((m) => m.unconfirmed).map((m) => m.canonical)).toEqual(["claude-opus-5-5", "claude-sonnet-5-5", "claude-haiku-5-5"]);
    expect(new Set(models.map((m) => m.family))).toEqual(new Set(["opus", "sonnet", "haiku", "fable"]));
  });
});

describe("cache writes and reads", () => {
  it("prices 1-hour writes at 2x input, not at the 5-minute 1.25x nor the plain input price", () => {
    // Sonnet 4.5: 10,000 x $6 = $0.06 (1h); 10,000 x $3.75 = $0.0375 (5m); input would be $0.03.
    const cost = priceCall(call("claude-sonnet-4-5", { cacheWrite1hTokens: 10_000, cacheWrite5mTokens: 10_000 }), book);
    expect(parts(cost).cacheWrite1h).toBe("0.06");
    expect(parts(cost).cacheWrite5m).toBe("0.0375");
    expect(formatUsdExact(cost.totalPico)).toBe("0.0975");
    // Haiku 4.5: 1,000 x $2 = $0.002 (1h), 1,000 x $1.25 = $0.00125 (5m).
    expect(usd(call("claude-haiku-4-5", { cacheWrite1hTokens: 1_000 }))).toBe("0.002");
    expect(usd(call("claude-haiku-4-5", { cacheWrite5mTokens: 1_000 }))).toBe("0.00125");
  });

  it("prices cache reads at each model's own rate", () => {
    // 1,000,000 cache-read tokens at: Opus 5.5 0.05 x $4 = $0.20; Fable 5.1 0.025 x $10 = $0.25;
    // Fable 5 0.1 x $10 = $1; Opus 4.5 0.1 x $5 = $0.50; Haiku 3 $0.03.
    const read = (model: string) => usd(call(model, { cacheReadTokens: 1_000_000 }));
    expect(read("claude-opus-5-5")).toBe("0.2");
    expect(read("claude-fable-5-1")).toBe("0.25");
    expect(read("claude-fable-5")).toBe("1");
    expect(read("claude-opus-4-5")).toBe("0.5");
    expect(read("claude-3-haiku-20240307")).toBe("0.03");
  });

  it("changes Sonnet 5.5's cache-read price from $0.20 to $0.10 on 2026-10-07 (UTC)", () => {
    const read = (iso: string) => priceCall(call("claude-sonnet-5-5", { cacheReadTokens: 1_000_000, timestampMs: at(iso) }), book);
    const before = read("2026-10-06T23:59:59.999Z");
    const after = read("2026-10-07T00:00:00.000Z");
    expect(formatUsdExact(before.totalPico)).toBe("0.2");
    expect(before.priceEntryId).toBe("claude-sonnet-5-5@2026-02-01");
    expect(formatUsdExact(after.totalPico)).toBe("0.1");
    expect(after.priceEntryId).toBe("claude-sonnet-5-5@2026-10-07");
  });

  it("prices a call dated before a model's first period with that first period", () => {
    const early = priceCall(call("claude-sonnet-4-5", { ...WORKED, timestampMs: at("2025-01-01T00:00:00Z") }), book);
    expect(formatUsdExact(early.totalPico)).toBe("0.051");
    expect(early.priceEntryId).toBe("claude-sonnet-4-5@2025-09-29");
  });
});

describe("long context", () => {
  /** A Sonnet 4.5 call whose whole prompt is `prompt` tokens: uncached input + 140,000 read + 10,000 5m write. */
  const sonnet45 = (prompt: number, timestampMs: number, fields: Partial<PricingInput> = {}) =>
    call("claude-sonnet-4-5", {
      inputTokens: prompt - 150_000,
      cacheReadTokens: 140_000,
      cacheWrite5mTokens: 10_000,
      outputTokens: 2_000,
      timestampMs,
      ...fields,
    });

  it("bills a prompt of exactly 200,000 tokens at standard rates", () => {
    // 50,000 x $3 + 140,000 x $0.30 + 10,000 x $3.75 + 2,000 x $15 = 0.15 + 0.042 + 0.0375 + 0.03
    const cost = priceCall(sonnet45(200_000, FEB_2026), book);
    expect(cost.pricingTier).toBe("standard");
    expect(formatUsdExact(cost.totalPico)).toBe("0.2595");
  });

  it("bills 200,001 tokens entirely at premium rates, output included", () => {
    // 50,001 x $6 + 140,000 x $0.60 + 10,000 x $7.50 + 2,000 x $22.50 = 0.300006 + 0.084 + 0.075 + 0.045
    const cost = priceCall(sonnet45(200_001, FEB_2026), book);
    expect(cost.pricingTier).toBe("long_context");
    expect(parts(cost)).toMatchObject({ input: "0.300006", cacheRead: "0.084", cacheWrite5m: "0.075", output: "0.045" });
    expect(formatUsdExact(cost.totalPico)).toBe("0.504006");
    expect(cost.priceEntryId).toBe("claude-sonnet-4-5@2025-09-29");
    // Saved by caching is measured against the premium input price: 140,000 x $6 = $0.84.
    expect(formatUsdExact(cost.cacheReadFullPricePico)).toBe("0.84");
  });

  it("applies the same tier to Sonnet 4 (dated id)", () => {
    const cost = priceCall(sonnet45(200_001, FEB_2026, { model: "claude-sonnet-4-20250514" }), book);
    expect(cost.pricingTier).toBe("long_context");
    expect(formatUsdExact(cost.totalPico)).toBe("0.504006");
  });

  it("counts cache writes and reads toward the prompt, never the output", () => {
    const writes = call("claude-sonnet-4-5", { cacheWrite1hTokens: 200_001, timestampMs: FEB_2026 });
    expect(priceCall(writes, book).pricingTier).toBe("long_context");
    // 200,001 x $12 (premium 1h write) = $2.400012
    expect(usd(writes)).toBe("2.400012");
    const bigOutput = call("claude-sonnet-4-5", { inputTokens: 100_000, outputTokens: 150_000, timestampMs: FEB_2026 });
    expect(priceCall(bigOutput, book).pricingTier).toBe("standard");
  });

  it("ends the Sonnet 4 / 4.5 premium with the 1M beta on 2026-04-30: later prompts are priced at standard rates", () => {
    expect(priceCall(sonnet45(200_001, at("2026-04-29T23:59:59.999Z")), book).pricingTier).toBe("long_context");
    const after = priceCall(sonnet45(200_001, at("2026-04-30T00:00:00Z")), book);
    expect(after.pricingTier).toBe("standard");
    // 50,001 x $3 + 140,000 x $0.30 + 10,000 x $3.75 + 2,000 x $15 = 0.150003 + 0.042 + 0.0375 + 0.03
    expect(formatUsdExact(after.totalPico)).toBe("0.259503");
  });

  it("billed Opus 4.6 at $10 / $37.50 above 200K until 2026-03-01, standard prices after", () => {
    const big = (iso: string) => call("claude-opus-4-6", { inputTokens: 250_000, outputTokens: 10_000, timestampMs: at(iso) });
    // 250,000 x $10 + 10,000 x $37.50 = 2.5 + 0.375
    expect(usd(big("2026-02-28T23:59:59Z"))).toBe("2.875");
    expect(priceCall(big("2026-02-28T23:59:59Z"), book).pricingTier).toBe("long_context");
    // 250,000 x $5 + 10,000 x $25 = 1.25 + 0.25
    expect(usd(big("2026-03-01T00:00:00Z"))).toBe("1.5");
    expect(priceCall(big("2026-03-01T00:00:00Z"), book).pricingTier).toBe("standard");
  });

  it("applies a first period's tier to calls dated before the period, as the period itself does", () => {
    // Opus 4.6's one period starts 2026-02-01 and covers earlier calls; so does its long-context tier.
    const january = call("claude-opus-4-6", { inputTokens: 250_000, outputTokens: 10_000, timestampMs: at("2026-01-20T10:00:00Z") });
    expect(priceCall(january, book).pricingTier).toBe("long_context");
    expect(usd(january)).toBe("2.875");
  });

  it("billed Sonnet 4.6 at premium until 2026-03-01 too, and never Opus 4.7", () => {
    const big = (model: string, timestampMs: number) => call(model, { inputTokens: 250_000, outputTokens: 10_000, timestampMs });
    // 250,000 x $6 + 10,000 x $22.50 = 1.5 + 0.225; after: 0.75 + 0.15
    expect(usd(big("claude-sonnet-4-6", FEB_2026))).toBe("1.725");
    expect(usd(big("claude-sonnet-4-6", NOV_2026))).toBe("0.9");
    expect(priceCall(big("claude-opus-4-7", FEB_2026), book).pricingTier).toBe("standard");
  });

  it("bills Haiku 5.5 entirely at its higher row above 100,000 prompt tokens", () => {
    // 100,000 x $0.10 + 1,000 x $0.50 = 0.01 + 0.0005
    const standard = priceCall(call("claude-haiku-5-5", { inputTokens: 100_000, outputTokens: 1_000 }), book);
    expect(standard.pricingTier).toBe("standard");
    expect(formatUsdExact(standard.totalPico)).toBe("0.0105");
    // 100,001 x $0.50 + 1,000 x $2.50 = 0.0500005 + 0.0025
    const premium = priceCall(call("claude-haiku-5-5", { inputTokens: 100_001, outputTokens: 1_000 }), book);
    expect(premium.pricingTier).toBe("long_context");
    expect(formatUsdExact(premium.totalPico)).toBe("0.0525005");
    // 1 x $0.50 + 100,000 cache reads x $0.05 = 0.0000005 + 0.005
    expect(usd(call("claude-haiku-5-5", { inputTokens: 1, cacheReadTokens: 100_000 }))).toBe("0.0050005");
  });

  it("stacks batch and US region on the premium rates: 1.725 x 1.1 / 2 = $0.94875", () => {
    const sonnet46 = call("claude-sonnet-4-6", { inputTokens: 250_000, outputTokens: 10_000, timestampMs: FEB_2026 });
    expect(usd({ ...sonnet46, serviceTier: "batch" })).toBe("0.8625");
    expect(usd({ ...sonnet46, serviceTier: "batch", inferenceGeo: "us" })).toBe("0.94875");
    // Sonnet 4.5 premium in batch: 0.504006 / 2
    expect(usd(sonnet45(200_001, FEB_2026, { serviceTier: "batch" }))).toBe("0.252003");
  });
});

describe("US data residency", () => {
  it("costs 1.1x every token price on Sonnet 4.6: 0.051 x 1.1 = $0.0561", () => {
    const cost = priceCall(call("claude-sonnet-4-6", { ...WORKED, inferenceGeo: "us" }), book);
    expect(parts(cost)).toMatchObject({ input: "0.0066", cacheRead: "0.0165", cacheWrite5m: "0.0165", output: "0.0165" });
    expect(formatUsdExact(cost.totalPico)).toBe("0.0561");
  });

  it("costs nothing extra on Sonnet 4.5, nor for other regions", () => {
    expect(usd(call("claude-sonnet-4-5", { ...WORKED, inferenceGeo: "us" }))).toBe("0.051");
    expect(usd(call("claude-sonnet-4-6", { ...WORKED, inferenceGeo: "global" }))).toBe("0.051");
    expect(usd(call("claude-sonnet-4-6", { ...WORKED, inferenceGeo: "US" }))).toBe("0.051");
  });

  it("applies to exactly the models released after 2026-02-01 (Claude 4.6 and later)", () => {
    const premium = new Set([
      "claude-opus-4-6", "claude-opus-4-7", "claude-opus-4-8", "claude-sonnet-4-6",
      "claude-opus-5", "claude-opus-5-5", "claude-sonnet-5", "claude-sonnet-5-5", "claude-haiku-5-5", "claude-fable-5", "claude-fable-5-1",
    ]);
    for (const { canonical } of listPricedModels(book)) {
      const tokens = { inputTokens: 1_000_000, outputTokens: 1_000, cacheReadTokens: 1_000, cacheWrite1hTokens: 1_000 };
      const plain = priceCall(call(canonical, tokens), book).totalPico;
      const us = priceCall(call(canonical, { ...tokens, inferenceGeo: "us" }), book).totalPico;
      expect(us * 10n, canonical).toBe(premium.has(canonical) ? plain * 11n : plain * 10n);
    }
  });

  it("stacks with batch: 0.051 x 1.1 x 0.5 = $0.02805", () => {
    expect(usd(call("claude-sonnet-4-6", { ...WORKED, inferenceGeo: "us", serviceTier: "batch" }))).toBe("0.02805");
  });
});

describe("web search and web fetch", () => {
  it("adds $10 per 1,000 searches ($0.01 each) on top of tokens; fetches are free", () => {
    const cost = priceCall(call("claude-sonnet-4-6", { ...WORKED, webSearchRequests: 3, webFetchRequests: 5 }), book);
    expect(cost.components.webSearchPico).toBe(30_000_000_000n);
    expect(formatUsdExact(cost.totalPico)).toBe("0.081");
  });

  it("does not discount searches in batch, nor add the US premium to them", () => {
    // Tokens: 1,000 x $3 / 2 = $0.0015; searches: 2 x $0.01 = $0.02
    const batch = priceCall(call("claude-sonnet-4-6", { inputTokens: 1_000, webSearchRequests: 2, serviceTier: "batch", inferenceGeo: "us" }), book);
    expect(parts(batch).webSearch).toBe("0.02");
    // 1,000 x $3 x 1.1 / 2 = $0.00165
    expect(parts(batch).input).toBe("0.00165");
    expect(formatUsdExact(batch.totalPico)).toBe("0.02165");
  });
});

describe("fast mode", () => {
  it("uses Opus 5.5's fast prices: $8 in, $40 out, cache $10 / $16 / $0.40", () => {
    const cost = priceCall(
      call("claude-opus-5-5", {
        inputTokens: 1_000,
        outputTokens: 1_000,
        cacheWrite5mTokens: 10_000,
        cacheWrite1hTokens: 10_000,
        cacheReadTokens: 10_000,
        speed: "fast",
      }),
      book,
    );
    // 1,000 x $8 = 0.008; 1,000 x $40 = 0.04; 10,000 x $10 = 0.1; 10,000 x $16 = 0.16; 10,000 x $0.40 = 0.004
    expect(parts(cost)).toEqual({ input: "0.008", output: "0.04", cacheWrite5m: "0.1", cacheWrite1h: "0.16", cacheRead: "0.004", webSearch: "0" });
    expect(formatUsdExact(cost.totalPico)).toBe("0.312");
    expect(cost.priced).toBe(true);
    expect(usd(call("claude-opus-5-5", { inputTokens: 1_000, outputTokens: 1_000, speed: "fast", serviceTier: "batch" }))).toBe("0.024");
  });

  it("prices speed standard (or none) at the normal rates: 1,000 x $4 + 1,000 x $20", () => {
    expect(usd(call("claude-opus-5-5", { inputTokens: 1_000, outputTokens: 1_000, speed: "standard" }))).toBe("0.024");
    expect(usd(call("claude-opus-5-5", { inputTokens: 1_000, outputTokens: 1_000, speed: null }))).toBe("0.024");
  });

  it("leaves fast mode unpriced on a model without fast prices, never at standard rates", () => {
    const cost = priceCall(call("claude-sonnet-4-5", { ...WORKED, webSearchRequests: 1, speed: "fast" }), book);
    expect(cost.priced).toBe(false);
    expect(cost.flags).toEqual(["fast_mode_unpriced"]);
    expect(cost.totalPico).toBe(0n);
    expect(sumOfComponents(cost)).toBe(0n);
    expect(cost.resolvedModel).toBeNull();
    expect(cost.pricingTier).toBeNull();
  });
});

describe("operator overrides", () => {
  const rule = (fields: Partial<PriceOverrideRule>): PriceOverrideRule => ({
    id: 1,
    model: "claude-sonnet-4-6",
    effectiveFrom: "2026-01-01",
    effectiveTo: null,
    multiplier: null,
    inputUsdPerMTok: null,
    outputUsdPerMTok: null,
    cacheWrite5mUsdPerMTok: null,
    cacheWrite1hUsdPerMTok: null,
    cacheReadUsdPerMTok: null,
    ...fields,
  });
  const WITH_1H = { ...WORKED, cacheWrite1hTokens: 1_000 }; // + 1,000 x $6 = $0.006: $0.057 in all

  it("applies a multiplier of 0.85 to all five token prices, cache included: 0.057 x 0.85 = $0.04845", () => {
    const cost = priceCall(call("claude-sonnet-4-6", WITH_1H), book, [rule({ multiplier: "0.85" })]);
    // 0.006 x 0.85 = 0.0051; 0.015 x 0.85 = 0.01275
    expect(parts(cost)).toEqual({ input: "0.0051", output: "0.01275", cacheWrite5m: "0.01275", cacheWrite1h: "0.0051", cacheRead: "0.01275", webSearch: "0" });
    expect(formatUsdExact(cost.totalPico)).toBe("0.04845");
    expect(formatUsdExact(cost.cacheReadFullPricePico)).toBe("0.1275");
    expect(cost.priceEntryId).toBe("override:1");
  });

  it("replaces only the components an absolute override gives", () => {
    // input at $2: 2,000 x $2 = 0.004 instead of 0.006, the rest as listed
    const input = priceCall(call("claude-sonnet-4-6", WORKED), book, [rule({ inputUsdPerMTok: "2" })]);
    expect(parts(input)).toMatchObject({ input: "0.004", cacheRead: "0.015", cacheWrite5m: "0.015", output: "0.015" });
    expect(formatUsdExact(input.totalPico)).toBe("0.049");
    // the full-price baseline for caching follows the overridden input price: 50,000 x $2
    expect(formatUsdExact(input.cacheReadFullPricePico)).toBe("0.1");
    // cache read at $0.15: 50,000 x $0.15 = 0.0075 instead of 0.015
    expect(usd(call("claude-sonnet-4-6", WORKED), [rule({ cacheReadUsdPerMTok: "0.15" })])).toBe("0.0435");
  });

  it("scales replaced prices by the multiplier, and keeps batch and region on top", () => {
    // (0.004 + 0.015 + 0.015 + 0.015) x 0.5 = 0.0245
    expect(usd(call("claude-sonnet-4-6", WORKED), [rule({ inputUsdPerMTok: "2", multiplier: "0.5" })])).toBe("0.0245");
    // 0.049 / 2 in batch; 0.049 x 1.1 in the US
    expect(usd(call("claude-sonnet-4-6", { ...WORKED, serviceTier: "batch" }), [rule({ inputUsdPerMTok: "2" })])).toBe("0.0245");
    expect(usd(call("claude-sonnet-4-6", { ...WORKED, inferenceGeo: "us" }), [rule({ inputUsdPerMTok: "2" })])).toBe("0.0539");
  });

  it("applies on top of the long-context tier: 0.504006 x 0.5 = $0.252003", () => {
    const longPrompt = call("claude-sonnet-4-5", {
      inputTokens: 50_001,
      cacheReadTokens: 140_000,
      cacheWrite5mTokens: 10_000,
      outputTokens: 2_000,
      timestampMs: FEB_2026,
    });
    const cost = priceCall(longPrompt, book, [rule({ model: "claude-sonnet-4-5", multiplier: "0.5" })]);
    expect(cost.pricingTier).toBe("long_context");
    expect(formatUsdExact(cost.totalPico)).toBe("0.252003");
  });

  it("never touches the web-search fee", () => {
    const cost = priceCall(call("claude-sonnet-4-6", { webSearchRequests: 4 }), book, [rule({ multiplier: "0.5" })]);
    expect(formatUsdExact(cost.totalPico)).toBe("0.04");
  });

  it("applies from effectiveFrom (inclusive) to effectiveTo (exclusive), UTC", () => {
    const october = [rule({ multiplier: "0.5", effectiveFrom: "2026-10-01", effectiveTo: "2026-11-01" })];
    const on = (iso: string) => usd(call("claude-sonnet-4-6", { ...WORKED, timestampMs: at(iso) }), october);
    expect(on("2026-09-30T23:59:59.999Z")).toBe("0.051");
    expect(on("2026-10-01T00:00:00.000Z")).toBe("0.0255");
    expect(on("2026-10-31T23:59:59.999Z")).toBe("0.0255");
    expect(on("2026-11-01T00:00:00.000Z")).toBe("0.051");
  });

  it("applies to its model only, or to every model with '*'; the highest id wins", () => {
    expect(usd(call("claude-sonnet-4-5", WORKED), [rule({ multiplier: "0.5" })])).toBe("0.051");
    // 1,000,000 x $1 x 0.9 on Haiku 4.5
    expect(usd(call("claude-haiku-4-5", { inputTokens: 1_000_000 }), [rule({ model: "*", multiplier: "0.9" })])).toBe("0.9");
    const both = [rule({ id: 7, multiplier: "0.5" }), rule({ id: 3, multiplier: "0.9" })];
    expect(usd(call("claude-sonnet-4-6", WORKED), both)).toBe("0.0255");
    expect(usd(call("claude-sonnet-4-6", WORKED), [...both].reverse())).toBe("0.0255");
    expect(priceCall(call("claude-sonnet-4-6", WORKED), book, both).priceEntryId).toBe("override:7");
    // A specific rule created after a "*" rule wins over it, and vice versa.
    expect(usd(call("claude-sonnet-4-6", WORKED), [rule({ id: 1, model: "*", multiplier: "0.9" }), rule({ id: 2, multiplier: "0.5" })])).toBe("0.0255");
  });

  it("matches a rule written with a dated id or alias of the model", () => {
    expect(usd(call("claude-sonnet-4-5", WORKED), [rule({ model: "claude-sonnet-4-5-20250929", multiplier: "0.5" })])).toBe("0.0255");
  });

  it("rounds half up to whole pico-USD, once per component, only when an override leaves a fraction", () => {
    // $0.0000001/MTok = 0.1 pico-USD per token: 4 tokens = 0.4 -> 0; 5 tokens = 0.5 -> 1; 15 tokens = 1.5 -> 2
    const tiny = [rule({ model: "*", inputUsdPerMTok: "0.0000001" })];
    const pico = (tokens: number) => priceCall(call("claude-haiku-4-5", { inputTokens: tokens }), book, tiny).totalPico;
    expect(pico(4)).toBe(0n);
    expect(pico(5)).toBe(1n);
    expect(pico(15)).toBe(2n);
    // 1 token x 1,000,000 pico x 1/3 = 333,333.33 -> 333,333
    const third = [rule({ model: "*", multiplier: "0.333333333333" })];
    expect(priceCall(call("claude-haiku-4-5", { inputTokens: 1 }), book, third).totalPico).toBe(333_333n);
  });

  it("refuses a malformed rule loudly, naming it", () => {
    expect(() => priceCall(call("claude-sonnet-4-6", WORKED), book, [rule({ id: 9, multiplier: "-0.5" })])).toThrow(/price override 9: multiplier/);
    expect(() => priceCall(call("claude-sonnet-4-6", WORKED), book, [rule({ id: 4, inputUsdPerMTok: "cheap" })])).toThrow(/price override 4: inputUsdPerMTok/);
    // even when it would not apply to the call
    expect(() => priceCall(call("claude-haiku-4-5", WORKED), book, [rule({ id: 5, effectiveTo: "2026-13-01" })])).toThrow(/price override 5: effectiveTo/);
  });

  it("has a schema the edges can check operator input with", () => {
    expect(priceOverrideRuleSchema.safeParse(rule({ multiplier: "0.85" })).success).toBe(true);
    expect(priceOverrideRuleSchema.safeParse(rule({})).success).toBe(false);
    expect(priceOverrideRuleSchema.safeParse(rule({ multiplier: "1", effectiveTo: "2026-01-01" })).success).toBe(false);
    expect(priceOverrideRuleSchema.safeParse(rule({ multiplier: "1", effectiveFrom: "2026-02-30" })).success).toBe(false);
  });
});

describe("invariants over every model in the book", () => {
  const samples: Partial<PricingInput>[] = [
    { inputTokens: 1, outputTokens: 1, cacheReadTokens: 1, cacheWrite5mTokens: 1, cacheWrite1hTokens: 1 },
    { ...WORKED, cacheWrite1hTokens: 777, webSearchRequests: 3 },
    { inputTokens: 123_457, outputTokens: 98_765, cacheReadTokens: 99_999, cacheWrite5mTokens: 3, cacheWrite1hTokens: 11 },
    { inputTokens: 150_000, cacheReadTokens: 150_000, outputTokens: 4_000, webSearchRequests: 1 },
  ];
  for (const { canonical } of listPricedModels(book)) {
    it(`${canonical}: the total is the sum of the components; batch is exactly half on tokens`, () => {
      for (const fields of samples) {
        for (const timestampMs of [FEB_2026, NOV_2026]) {
          for (const inferenceGeo of [null, "us"]) {
            const standard = priceCall(call(canonical, { ...fields, timestampMs, inferenceGeo }), book);
            const batch = priceCall(call(canonical, { ...fields, timestampMs, inferenceGeo, serviceTier: "batch" }), book);
            expect(standard.priced).toBe(true);
            expect(sumOfComponents(standard)).toBe(standard.totalPico);
            expect(sumOfComponents(batch)).toBe(batch.totalPico);
            expect(batch.components.webSearchPico).toBe(standard.components.webSearchPico);
            expect((batch.totalPico - batch.components.webSearchPico) * 2n).toBe(standard.totalPico - standard.components.webSearchPico);
            expect(batch.cacheReadFullPricePico * 2n).toBe(standard.cacheReadFullPricePico);
            expect(standard.totalPico > 0n).toBe(true);
          }
        }
      }
    });
  }

  it("totals still equal the sum of components when overrides force rounding", () => {
    const odd: PriceOverrideRule = {
      id: 1, model: "*", effectiveFrom: "2020-01-01", effectiveTo: null, multiplier: "0.333333333333",
      inputUsdPerMTok: "0.0000003", outputUsdPerMTok: null, cacheWrite5mUsdPerMTok: null, cacheWrite1hUsdPerMTok: null, cacheReadUsdPerMTok: null,
    };
    for (const fields of samples) {
      const cost = priceCall(call("claude-opus-5-5", fields), book, [odd]);
      expect(sumOfComponents(cost)).toBe(cost.totalPico);
    }
  });
});

describe("input checks", () => {
  it("refuses negative or fractional token counts rather than billing them", () => {
    expect(() => priceCall(call("claude-sonnet-4-6", { inputTokens: -1 }), book)).toThrow(/inputTokens/);
    expect(() => priceCall(call("claude-sonnet-4-6", { cacheReadTokens: 1.5 }), book)).toThrow(/cacheReadTokens/);
    expect(() => priceCall(call("claude-sonnet-4-6", { timestampMs: Number.NaN }), book)).toThrow(/timestampMs/);
  });
});

describe("the shipped price book", () => {
  type Json = { models: { id: string; aliases: string[]; unconfirmed?: boolean; periods: Record<string, unknown>[] }[] };
  const source = () => structuredClone(book.source) as unknown as Json;

  it("states all five prices for every period and marks the unconfirmed rows", () => {
    const json = source();
    const model = (id: string) => json.models.find((m) => m.id === id)!;
    expect(model("claude-opus-5-5").unconfirmed).toBe(true);
    expect(model("claude-sonnet-5-5").unconfirmed).toBe(true);
    expect(model("claude-haiku-5-5").unconfirmed).toBe(true);
    expect(JSON.stringify(model("claude-opus-5-5").periods[0].fast)).toContain('"unconfirmed":true');
    expect(JSON.stringify(model("claude-opus-4-6").periods[0].longContext)).toMatch(/"unconfirmed":true.*approximate/);
    for (const m of json.models) {
      for (const period of m.periods) expect(Object.keys(period.prices as object).sort()).toEqual(["cacheRead", "cacheWrite1h", "cacheWrite5m", "input", "output"]);
    }
  });

  it("has a fingerprint that ignores key order but changes with any price", () => {
    const json = source();
    const reordered = JSON.parse(JSON.stringify(json, Object.keys(json).reverse())) as Json;
    reordered.models = json.models.map((m) => Object.fromEntries(Object.entries(m).reverse()) as Json["models"][number]);
    expect(priceBookFingerprint(loadPriceBook(reordered))).toBe(priceBookFingerprint(book));
    (json.models[0].periods[0].prices as { input: string }).input = "4.01";
    expect(priceBookFingerprint(loadPriceBook(json))).not.toBe(priceBookFingerprint(book));
  });
});

describe("loading a price book", () => {
  type Json = { models: { id: string; aliases: string[]; periods: Record<string, unknown>[] }[] };
  const source = () => structuredClone(book.source) as unknown as Json;

  it("names the bad model and field", () => {
    const json = source();
    (json.models[2].periods[0].prices as { input: string }).input = "three";
    expect(() => loadPriceBook(json)).toThrow('price book: models[2] (claude-opus-4-8).periods[0].prices.input: must be a decimal string of USD per million tokens, like "3.75" (got "three")');
  });

  it("rejects misspelt keys instead of ignoring them", () => {
    const json = source();
    const prices = json.models[0].periods[0].prices as Record<string, string>;
    prices.cacheWrite1H = prices.cacheWrite1h;
    delete prices.cacheWrite1h;
    expect(() => loadPriceBook(json)).toThrow(/models\[0\] \(claude-opus-5-5\)\.periods\[0\]\.prices/);
  });

  it("refuses an id listed twice", () => {
    const json = source();
    json.models[1].aliases.push("claude-opus-4-8");
    expect(() => loadPriceBook(json)).toThrow(/models\[2\] \(claude-opus-4-8\): id "claude-opus-4-8" is already used by claude-opus-5/);
  });

  it("refuses periods out of date order", () => {
    const json = source();
    json.models[0].periods.push({ ...json.models[0].periods[0], effectiveFrom: "2025-01-01" });
    expect(() => loadPriceBook(json)).toThrow(/periods\[1\]\.effectiveFrom: periods must be in ascending date order/);
  });

  it("refuses a period with both fast and long-context prices", () => {
    const json = source();
    const opus46 = json.models.find((m) => m.id === "claude-opus-4-6")!;
    opus46.periods[0].fast = { prices: opus46.periods[0].prices };
    expect(() => loadPriceBook(json)).toThrow(/claude-opus-4-6\)\.periods\[0\]: has both fast and longContext/);
  });

  it("refuses a long-context tier that ends before it starts, and impossible dates", () => {
    const json = source();
    const sonnet45 = json.models.find((m) => m.id === "claude-sonnet-4-5")!;
    (sonnet45.periods[0].longContext as { effectiveTo: string }[])[0].effectiveTo = "2025-01-01";
    expect(() => loadPriceBook(json)).toThrow(/longContext\[0\]\.effectiveTo: must be after the tier starts/);
    const bad = source();
    bad.models[0].periods[0].effectiveFrom = "2026-02-30";
    expect(() => loadPriceBook(bad)).toThrow(/effectiveFrom: is not a calendar day/);
  });

  it("refuses a book that is not one", () => {
    expect(() => loadPriceBook(null)).toThrow(/price book: \(root\)/);
    expect(() => loadPriceBook({ ...source(), models: [] })).toThrow(/price book: models/);
  });
});

describe("priceChangeDays", () => {
  it("cuts time into spans over which every model's rates stay the same", () => {
    const overrides = [{ id: 1, model: "claude-sonnet-4-6", effectiveFrom: "2026-03-10", effectiveTo: "2026-04-01", multiplier: "0.8", inputUsdPerMTok: null, outputUsdPerMTok: null, cacheWrite5mUsdPerMTok: null, cacheWrite1hUsdPerMTok: null, cacheReadUsdPerMTok: null }];
    const changes = priceChangeDays(book, overrides);
    expect(changes).toContain("2026-03-10");
    expect(changes).toContain("2026-04-01");
    expect([...changes].sort()).toEqual(changes);
    const start = Date.parse("2024-01-01T00:00:00Z");
    const dayMs = 86_400_000;
    for (let ms = start; ms < Date.parse("2027-06-01T00:00:00Z"); ms += 7 * dayMs) {
      const day = new Date(ms).toISOString().slice(0, 10);
      // The span's first day: the last change on or before this day (or the day itself before any).
      const first = [...changes].reverse().find((c) => c <= day) ?? day;
      const firstMs = Date.parse(`${first}T00:00:00Z`);
      for (const model of book.models) {
        for (const [speed, prompt, tier] of [[null, 1000, "standard"], [null, 300_000, "batch"], ["fast", 1000, "standard"]] as const) {
          const query = { model: model.canonical, serviceTier: tier, inferenceGeo: "us", speed, promptTokens: prompt };
          expect([model.canonical, day, JSON.stringify(callRates({ ...query, timestampMs: ms }, book, overrides), (_k, v) => (typeof v === "bigint" ? String(v) : v))]).toEqual([
            model.canonical,
            day,
            JSON.stringify(callRates({ ...query, timestampMs: firstMs }, book, overrides), (_k, v) => (typeof v === "bigint" ? String(v) : v)),
          ]);
        }
      }
    }
    expect(changes.length).toBeGreaterThan(5);
  });
});
