/**
 * Properties of the cost engine over every model in the price book, every service tier, region and
 * speed, and arbitrary token counts (up to the record schema's bound): no component is negative, the
 * components add up to the total exactly, batch is exactly half of standard for every token component,
 * and spending more tokens of any kind never costs less.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { defaultPriceBook as book, priceCall } from "./pricing";
import type { CallCost, PricingInput, ServiceTier } from "./types";
import { MAX_TOKENS_PER_FIELD } from "./usage-record";

const TOKEN_FIELDS = ["inputTokens", "outputTokens", "cacheReadTokens", "cacheWrite5mTokens", "cacheWrite1hTokens", "webSearchRequests"] as const;
const TOKEN_COMPONENTS = ["inputPico", "outputPico", "cacheWrite5mPico", "cacheWrite1hPico", "cacheReadPico"] as const;

/** Every id a call may name: canonical ids and aliases, so alias resolution is covered too. */
const MODEL_IDS = [...book.byId.keys()];

/** Mostly small counts, some near long-context thresholds (200k prompt), some up to the schema's bound. */
const tokenCount = fc.oneof(
  fc.integer({ min: 0, max: 5_000 }),
  fc.integer({ min: 150_000, max: 300_000 }),
  fc.integer({ min: 0, max: MAX_TOKENS_PER_FIELD }),
);

const pricingInput: fc.Arbitrary<PricingInput> = fc.record({
  model: fc.constantFrom(...MODEL_IDS),
  // From before the first price period to after the last long-context window.
  timestampMs: fc.integer({ min: Date.parse("2023-01-01T00:00:00Z"), max: Date.parse("2028-12-31T23:59:59Z") }),
  serviceTier: fc.constantFrom<ServiceTier>("standard", "priority", "batch"),
  inferenceGeo: fc.constantFrom(null, "us", "global", "eu"),
  speed: fc.constantFrom(null, "standard" as const, "fast" as const),
  inputTokens: tokenCount,
  outputTokens: tokenCount,
  cacheReadTokens: tokenCount,
  cacheWrite5mTokens: tokenCount,
  cacheWrite1hTokens: tokenCount,
  webSearchRequests: fc.integer({ min: 0, max: 1_000 }),
  webFetchRequests: fc.integer({ min: 0, max: 1_000 }),
});

const componentsSum = (cost: CallCost) => Object.values(cost.components).reduce((a, b) => a + b, 0n);
const RUNS = { numRuns: 400 };

describe("the cost engine, for every model, tier, region and speed", () => {
  it("never gives a negative component, and the components always sum exactly to the total", () => {
    fc.assert(
      fc.property(pricingInput, (input) => {
        const cost = priceCall(input, book);
        for (const value of Object.values(cost.components)) expect(value).toBeGreaterThanOrEqual(0n);
        expect(cost.totalPico).toBe(componentsSum(cost));
        expect(cost.cacheReadFullPricePico).toBeGreaterThanOrEqual(0n);
      }),
      RUNS,
    );
  });

  it("prices a known model whenever its speed is priced, and an unknown one at zero with a flag", () => {
    fc.assert(
      fc.property(pricingInput, fc.string({ maxLength: 30 }), (input, junk) => {
        const unknown = priceCall({ ...input, model: `not-a-model-${junk}` }, book);
        expect([unknown.priced, unknown.totalPico, unknown.flags]).toEqual([false, 0n, ["unpriced_model"]]);
        if (input.speed !== "fast") expect(priceCall(input, book).priced).toBe(true);
      }),
      RUNS,
    );
  });

  it("bills a batch call at exactly half the standard call's token cost; the web search fee is not discounted", () => {
    fc.assert(
      fc.property(pricingInput, (input) => {
        const standard = priceCall({ ...input, serviceTier: "standard" }, book);
        const batch = priceCall({ ...input, serviceTier: "batch" }, book);
        for (const component of TOKEN_COMPONENTS) expect(2n * batch.components[component]).toBe(standard.components[component]);
        expect(batch.components.webSearchPico).toBe(standard.components.webSearchPico);
        expect(2n * batch.totalPico).toBe(standard.totalPico + standard.components.webSearchPico);
        expect(batch.pricingTier).toBe(standard.pricingTier);
      }),
      RUNS,
    );
  });

  it("never costs less for more tokens of any kind", () => {
    fc.assert(
      fc.property(pricingInput, fc.constantFrom(...TOKEN_FIELDS), fc.integer({ min: 1, max: 300_000 }), (input, field, extra) => {
        const more = { ...input, [field]: input[field] + extra };
        expect(priceCall(more, book).totalPico).toBeGreaterThanOrEqual(priceCall(input, book).totalPico);
      }),
      RUNS,
    );
  });
});
