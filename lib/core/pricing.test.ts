/**
 * Every pricing rule with a worked example. Prices are list prices in USD per million tokens (MTok);
 * 1 USD/MTok on 1 token = 1,000,000 pico-USD.
 */
import { describe, expect, it } from "vitest";
import { formatUsdExact } from "./money";
import { type PriceOverrideRule, defaultPriceBook as book, loadPriceBook, priceCall, resolveModel } from "./pricing";
import type { PricingInput } from "./types";

const NOV_2026 = Date.parse("2026-11-01T12:00:00Z");
const FEB_2026 = Date.parse("2026-02-10T12:00:00Z");

function call(model: string, tokens: Partial<PricingInput> = {}): PricingInput {
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
    ...tokens,
  };
}

const usd = (input: PricingInput, overrides: PriceOverrideRule[] = []) => formatUsdExact(priceCall(input, book, overrides).totalPico);

const WORKED = { inputTokens: 2_000, cacheReadTokens: 50_000, cacheWrite5mTokens: 4_000, outputTokens: 1_000 };

describe("the worked example (Sonnet 4.6)", () => {
  it("2,000 in x $3 + 50,000 cache read x $0.30 + 4,000 5m write x $3.75 + 1,000 out x $15 = $0.051", () => {
    const cost = priceCall(call("claude-sonnet-4-6", WORKED), book);
    expect(cost.priced).toBe(true);
    expect(cost.totalPico).toBe(51_000_000_000n);
    expect(formatUsdExact(cost.components.inputPico)).toBe("0.006");
    expect(formatUsdExact(cost.components.cacheReadPico)).toBe("0.015");
    expect(formatUsdExact(cost.components.cacheWrite5mPico)).toBe("0.015");
    expect(formatUsdExact(cost.components.outputPico)).toBe("0.015");
    expect(cost.priceEntryId).toBe("claude-sonnet-4-6@2026-03-01");
    expect(cost.pricingTier).toBe("standard");
  });

  it("costs exactly half in batch: $0.0255", () => {
    expect(usd(call("claude-sonnet-4-6", { ...WORKED, serviceTier: "batch" }))).toBe("0.0255");
  });

  it("knows what the cache reads would have cost uncached: 50,000 x $3 = $0.15", () => {
    expect(formatUsdExact(priceCall(call("claude-sonnet-4-6", WORKED), book).cacheReadFullPricePico)).toBe("0.15");
  });
});

describe("model ids", () => {
  it("dated ids and aliases price the same", () => {
    expect(resolveModel(book, "claude-sonnet-4-5-20250929")?.canonical).toBe("claude-sonnet-4-5");
    expect(usd(call("claude-sonnet-4-5-20250929", WORKED))).toBe(usd(call("claude-sonnet-4-5", WORKED)));
    expect(resolveModel(book, "claude-3-5-haiku-latest")?.canonical).toBe("claude-3-5-haiku");
  });

  it("a new dated snapshot of a known id resolves to it", () => {
    expect(resolveModel(book, "claude-sonnet-4-6-20261201")?.canonical).toBe("claude-sonnet-4-6");
  });

  it("near misses and unknown models are unpriced, never $0 in silence", () => {
    for (const id of ["claude-sonnet-4.5", "Claude-Sonnet-4-5", "sonnet", "gpt-4o", "claude-nova-preview"]) {
      const cost = priceCall(call(id, WORKED), book);
      expect(cost.priced, id).toBe(false);
      expect(cost.flags).toEqual(["unpriced_model"]);
      expect(cost.resolvedModel).toBeNull();
      expect(cost.totalPico).toBe(0n);
    }
  });
});

describe("cache writes and reads", () => {
  it("1-hour writes cost 2x input, not the 5-minute 1.25x: Haiku 4.5, 1,000 x $2 = $0.002", () => {
    expect(usd(call("claude-haiku-4-5", { cacheWrite1hTokens: 1_000 }))).toBe("0.002");
    expect(usd(call("claude-haiku-4-5", { cacheWrite5mTokens: 1_000 }))).toBe("0.00125");
  });

  it("cache reads use each model's own price", () => {
    // Opus 5.5 reads at 0.05x input ($0.20), Fable 5.1 at 0.025x ($0.25 on $10), Opus 4.5 at 0.1x ($0.50).
    expect(usd(call("claude-opus-5-5", { cacheReadTokens: 1_000_000 }))).toBe("0.2");
    expect(usd(call("claude-fable-5-1", { cacheReadTokens: 1_000_000 }))).toBe("0.25");
    expect(usd(call("claude-opus-4-5", { cacheReadTokens: 1_000_000 }))).toBe("0.5");
  });

  it("Sonnet 5.5's cache-read price changes on 2026-10-07", () => {
    const before = call("claude-sonnet-5-5", { cacheReadTokens: 1_000_000, timestampMs: Date.parse("2026-10-06T23:59:59Z") });
    const after = call("claude-sonnet-5-5", { cacheReadTokens: 1_000_000, timestampMs: Date.parse("2026-10-07T00:00:00Z") });
    expect(usd(before)).toBe("0.2");
    expect(usd(after)).toBe("0.1");
  });
});

describe("long context", () => {
  const sonnet45 = (prompt: number, timestampMs: number) =>
    call("claude-sonnet-4-5", { inputTokens: prompt - 150_000, cacheReadTokens: 150_000, outputTokens: 1_000, timestampMs });

  it("a prompt of exactly 200,000 tokens is standard", () => {
    // 50,000 x $3 + 150,000 x $0.30 + 1,000 x $15 = 0.15 + 0.045 + 0.015
    const cost = priceCall(sonnet45(200_000, FEB_2026), book);
    expect(cost.pricingTier).toBe("standard");
    expect(formatUsdExact(cost.totalPico)).toBe("0.21");
  });

  it("200,001 tokens bills the whole request, output included, at premium rates", () => {
    // 50,001 x $6 + 150,000 x $0.60 + 1,000 x $22.50 = 0.300006 + 0.09 + 0.0225
    const cost = priceCall(sonnet45(200_001, FEB_2026), book);
    expect(cost.pricingTier).toBe("long_context");
    expect(formatUsdExact(cost.totalPico)).toBe("0.412506");
  });

  it("cache writes count toward the prompt size; output never does", () => {
    const writes = call("claude-sonnet-4-5", { inputTokens: 1, cacheWrite1hTokens: 200_000, timestampMs: FEB_2026 });
    expect(priceCall(writes, book).pricingTier).toBe("long_context");
    const bigOutput = call("claude-sonnet-4-5", { inputTokens: 1_000, outputTokens: 300_000, timestampMs: FEB_2026 });
    expect(priceCall(bigOutput, book).pricingTier).toBe("standard");
  });

  it("the Sonnet 4.5 premium ends with the 1M beta on 2026-04-30", () => {
    expect(priceCall(sonnet45(300_000, Date.parse("2026-04-29T12:00:00Z")), book).pricingTier).toBe("long_context");
    expect(priceCall(sonnet45(300_000, Date.parse("2026-04-30T00:00:00Z")), book).pricingTier).toBe("standard");
  });

  it("Opus 4.6 paid $10 / $37.50 above 200K until March 2026, standard prices after", () => {
    const big = (t: number) => call("claude-opus-4-6", { inputTokens: 250_000, outputTokens: 10_000, timestampMs: t });
    // 250,000 x $10 + 10,000 x $37.50 = 2.5 + 0.375
    expect(usd(big(FEB_2026))).toBe("2.875");
    // 250,000 x $5 + 10,000 x $25 = 1.25 + 0.25
    expect(usd(big(NOV_2026))).toBe("1.5");
  });

  it("batch halves the premium rates too", () => {
    expect(usd({ ...sonnet45(200_001, FEB_2026), serviceTier: "batch" })).toBe("0.206253");
  });

  it("Haiku 5.5 bills the whole request at its higher row above 100,000 prompt tokens", () => {
    // 100,000 x $0.10 + 1,000 x $0.50 = 0.01 + 0.0005; 100,001 x $0.50 + 1,000 x $2.50 = 0.0500005 + 0.0025
    expect(usd(call("claude-haiku-5-5", { inputTokens: 100_000, outputTokens: 1_000 }))).toBe("0.0105");
    expect(usd(call("claude-haiku-5-5", { inputTokens: 100_001, outputTokens: 1_000 }))).toBe("0.0525005");
  });
});

describe("tiers, region, web search, fast mode", () => {
  it("US inference costs 1.1x every token price on Claude 4.6 and later, not on earlier models", () => {
    expect(usd(call("claude-sonnet-4-6", { ...WORKED, inferenceGeo: "us" }))).toBe("0.0561");
    expect(usd(call("claude-sonnet-4-5", { ...WORKED, inferenceGeo: "us" }))).toBe("0.051");
    expect(usd(call("claude-sonnet-4-6", { ...WORKED, inferenceGeo: "global" }))).toBe("0.051");
  });

  it("US region and batch stack: 0.051 x 1.1 x 0.5 = $0.02805", () => {
    expect(usd(call("claude-sonnet-4-6", { ...WORKED, inferenceGeo: "us", serviceTier: "batch" }))).toBe("0.02805");
  });

  it("priority tier is billed at list price", () => {
    expect(usd(call("claude-sonnet-4-6", { ...WORKED, serviceTier: "priority" }))).toBe("0.051");
  });

  it("web search is $0.01 a request on top of tokens, undiscounted in batch; web fetch is free", () => {
    expect(usd(call("claude-sonnet-4-6", { webSearchRequests: 3, webFetchRequests: 5 }))).toBe("0.03");
    const batch = priceCall(call("claude-sonnet-4-6", { inputTokens: 1_000, webSearchRequests: 2, serviceTier: "batch" }), book);
    expect(formatUsdExact(batch.components.webSearchPico)).toBe("0.02");
    expect(formatUsdExact(batch.components.inputPico)).toBe("0.0015");
  });

  it("fast mode uses fast prices where the book has them, and is unpriced elsewhere", () => {
    // Opus 5.5 fast: 1,000 x $8 + 1,000 x $40
    expect(usd(call("claude-opus-5-5", { inputTokens: 1_000, outputTokens: 1_000, speed: "fast" }))).toBe("0.048");
    const elsewhere = priceCall(call("claude-sonnet-4-5", { inputTokens: 1_000, speed: "fast" }), book);
    expect(elsewhere.priced).toBe(false);
    expect(elsewhere.flags).toEqual(["fast_mode_unpriced"]);
  });
});

describe("operator overrides", () => {
  const rule = (r: Partial<PriceOverrideRule>): PriceOverrideRule => ({
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
    ...r,
  });

  it("a 15% discount applies to every token price, cache included: 0.051 x 0.85 = $0.04335", () => {
    const cost = priceCall(call("claude-sonnet-4-6", WORKED), book, [rule({ multiplier: "0.85" })]);
    expect(formatUsdExact(cost.totalPico)).toBe("0.04335");
    expect(formatUsdExact(cost.components.cacheReadPico)).toBe("0.01275");
    expect(cost.priceEntryId).toBe("override:1");
  });

  it("an absolute price replaces only that component", () => {
    // input at $2: 2,000 x $2 = 0.004 instead of 0.006
    expect(usd(call("claude-sonnet-4-6", WORKED), [rule({ inputUsdPerMTok: "2" })])).toBe("0.049");
  });

  it("applies only within its dates (effectiveTo exclusive) and to its model; the newest wins", () => {
    const dated = [rule({ multiplier: "0.5", effectiveFrom: "2026-10-01", effectiveTo: "2026-11-01" })];
    expect(usd(call("claude-sonnet-4-6", { ...WORKED, timestampMs: Date.parse("2026-10-31T23:00:00Z") }), dated)).toBe("0.0255");
    expect(usd(call("claude-sonnet-4-6", WORKED), dated)).toBe("0.051");
    expect(usd(call("claude-sonnet-4-5", WORKED), [rule({ multiplier: "0.5" })])).toBe("0.051");
    expect(usd(call("claude-sonnet-4-6", WORKED), [rule({ id: 2, multiplier: "0.5" }), rule({ id: 1, multiplier: "0.9" })])).toBe("0.0255");
    expect(usd(call("claude-haiku-4-5", { inputTokens: 1_000_000 }), [rule({ model: "*", multiplier: "0.9" })])).toBe("0.9");
  });

  it("rounds only when an override leaves a fraction of a pico-dollar, half up", () => {
    // 1 token x $0.0000001/MTok = 0.1 pico -> 0; 5 tokens = 0.5 pico -> 1
    expect(priceCall(call("claude-haiku-4-5", { inputTokens: 1 }), book, [rule({ model: "*", inputUsdPerMTok: "0.0000001" })]).totalPico).toBe(0n);
    expect(priceCall(call("claude-haiku-4-5", { inputTokens: 5 }), book, [rule({ model: "*", inputUsdPerMTok: "0.0000001" })]).totalPico).toBe(1n);
  });
});

describe("invariants over every model in the book", () => {
  const samples = [
    { inputTokens: 1, outputTokens: 1, cacheReadTokens: 1, cacheWrite5mTokens: 1, cacheWrite1hTokens: 1 },
    { ...WORKED, cacheWrite1hTokens: 777, webSearchRequests: 3 },
    { inputTokens: 123_457, outputTokens: 98_765, cacheReadTokens: 99_999, cacheWrite5mTokens: 3, cacheWrite1hTokens: 11 },
  ];
  for (const model of book.models) {
    it(`${model.id}: components sum to the total, batch is exactly half on tokens, never negative`, () => {
      for (const tokens of samples) {
        for (const inferenceGeo of [null, "us"]) {
          const standard = priceCall(call(model.id, { ...tokens, inferenceGeo }), book);
          const batch = priceCall(call(model.id, { ...tokens, inferenceGeo, serviceTier: "batch" }), book);
          const c = standard.components;
          expect(c.inputPico + c.outputPico + c.cacheWrite5mPico + c.cacheWrite1hPico + c.cacheReadPico + c.webSearchPico).toBe(standard.totalPico);
          expect((batch.totalPico - batch.components.webSearchPico) * 2n).toBe(standard.totalPico - c.webSearchPico);
          expect(standard.totalPico >= 0n).toBe(true);
        }
      }
    });
  }
});

describe("loading a price book", () => {
  it("names the bad entry and field", () => {
    const broken = structuredClone((book.source as { models: unknown[] }));
    (broken.models[2] as { periods: { prices: { input: string } }[] }).periods[0].prices.input = "three";
    expect(() => loadPriceBook(broken)).toThrow(/models\[2\]\.periods\.0\.prices\.input/);
  });

  it("refuses an id listed twice", () => {
    const twice = structuredClone(book.source as { models: { aliases: string[] }[] });
    twice.models[1].aliases.push("claude-opus-4-8");
    expect(() => loadPriceBook(twice)).toThrow(/appears twice/);
  });
});
