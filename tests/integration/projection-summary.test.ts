/**
 * Projections read the projection summary (daily_projection) instead of the calls: for every kind of
 * plan the two give the same projection to the pico-USD, on both databases, including prompts exactly at
 * and around every cut, batch, US-inference and fast-mode calls, and filters with and without a project.
 * A plan made with another tokenizer factor cannot be read from the summary and reads the calls.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { daysInRange, rangeLength } from "@/lib/core/chart-data";
import { type ProjectionAssumptions, DEFAULT_ASSUMPTIONS, project, promptCuts } from "@/lib/core/projection";
import { rational } from "@/lib/core/rational";
import { parseScenario, withFactor } from "@/lib/core/scenario";
import { loadDemoData } from "@/lib/server/demo";
import { ingestItems } from "@/lib/server/ingest";
import { addPriceOverride, getPricingContext } from "@/lib/server/pricing-context";
import { getProjectionCells } from "@/lib/server/projections";
import type { UsageFilters } from "@/lib/server/queries";
import { PROJECTION_CUTS } from "@/lib/server/store";
import { PROVIDERS, type TestDatabase } from "@/tests/helpers/databases";

const NOW = Date.parse("2026-11-20T12:00:00Z");
const RANGE = { from: "2026-10-25", to: "2026-11-20" };

/** Calls whose prompts sit at, just below and just above every cut, in every tier, region and speed. */
function edgeRecords() {
  const out: Record<string, unknown>[] = [];
  let n = 0;
  for (const cut of PROJECTION_CUTS) {
    for (const prompt of [cut - 1, cut, cut + 1]) {
      for (const [model, tier, geo, speed] of [
        ["claude-opus-4-6", "standard", "global", null],
        ["claude-sonnet-4-6", "batch", "us", null],
        ["claude-opus-4-6", "standard", "global", "fast"],
      ] as const) {
        n += 1;
        out.push({
          id: `edge-${n}`, timestamp: `2026-11-${String(1 + (n % 19)).padStart(2, "0")}T08:00:00Z`, model, feature: `edge-${n % 3}`, project: `p${n % 2}`,
          service_tier: tier, inference_geo: geo, ...(speed ? { speed } : {}),
          usage: { input_tokens: prompt - 3000, cache_read_input_tokens: 2000, cache_creation: { ephemeral_5m_input_tokens: 600, ephemeral_1h_input_tokens: 400 }, output_tokens: 700 },
        });
      }
    }
  }
  return out;
}

describe.each(PROVIDERS)("the projection summary on %s", (_provider, create) => {
  let t: TestDatabase;

  beforeAll(async () => {
    t = await create();
    const edges = await ingestItems(t.db, edgeRecords(), { source: "import" });
    expect(edges.rejected).toEqual([]);
    await loadDemoData(t.db, NOW);
  });
  afterAll(async () => t.drop());

  async function both(query: Record<string, string>, filters: UsageFilters, assumptions?: ProjectionAssumptions) {
    const { book, overrides } = await getPricingContext(t.db);
    const scenario = parseScenario(query, book);
    const used = assumptions ?? scenario.assumptions;
    const cuts = promptCuts(scenario.plan, book, used);
    const options = { book, overrides, cuts, days: rangeLength(RANGE), assumptions: used };
    const fromCalls = await getProjectionCells(t.db, RANGE, filters, cuts, "calls");
    const chosen = await getProjectionCells(t.db, RANGE, filters, cuts);
    return { fromCalls, chosen, projected: [project(fromCalls, scenario.plan, options), project(chosen, scenario.plan, options)], cuts };
  }

  const json = (value: unknown) => JSON.stringify(value, (_k, v) => (typeof v === "bigint" ? v.toString() : v));

  it("projects every kind of plan exactly as the calls do", async () => {
    const plans: Record<string, string>[] = [
      { source: "opus", target: "claude-sonnet-4-5" },
      { source: "sonnet", target: "claude-opus-4-6" },
      { source: "opus", target: "claude-haiku-4-5" },
      { "route.edge-1": "claude-sonnet-4-6:90,claude-opus-4-6:10", batch: "edge-2", "cache.edge-0": "80" },
    ];
    const { book } = await getPricingContext(t.db);
    for (const model of book.models) plans.push({ source: "sonnet", target: model.canonical });
    for (const plan of plans) {
      for (const filters of [{}, { project: ["p1"] }, { feature: ["edge-0", "edge-1"] }, { model: ["claude-opus-4-6"], serviceTier: ["standard"] }]) {
        const { projected, fromCalls } = await both(plan, filters);
        expect(fromCalls.length).toBeGreaterThan(0);
        expect([plan, filters, json(projected[1])]).toEqual([plan, filters, json(projected[0])]);
      }
    }
  });

  it("gives the same cells, band for band, for prompts at the cuts", async () => {
    const { fromCalls, chosen, cuts } = await both({ source: "opus", target: "claude-sonnet-4-5" }, { feature: ["edge-0", "edge-1", "edge-2"] });
    expect(cuts.length).toBeGreaterThan(1);
    const key = (c: { day: string; feature: string; model: string; serviceTier: string; usInference: boolean; speed: string | null; band: number; calls: number; inputTokens: number; costPico: bigint }) =>
      [c.day, c.feature, c.model, c.serviceTier, c.usInference, c.speed, c.band, c.calls, c.inputTokens, c.costPico].join("|");
    expect(chosen.map(key).sort()).toEqual(fromCalls.map(key).sort());
    expect(new Set(chosen.map((c) => c.band)).size).toBeGreaterThan(2);
  });

  it("prices a cell a price span long (an override starting mid-range) exactly as day by day", async () => {
    await addPriceOverride(t.db, {
      model: "claude-sonnet-4-5", effectiveFrom: "2026-11-10", effectiveTo: "2026-11-15", multiplier: "0.8",
      inputUsdPerMTok: null, outputUsdPerMTok: null, cacheWrite5mUsdPerMTok: null, cacheWrite1hUsdPerMTok: null, cacheReadUsdPerMTok: null, note: null,
    });
    const { book, overrides } = await getPricingContext(t.db);
    // Same tokenizer, no lever: every amount is whole pico-USD, so day-by-day and span-by-span sum alike.
    const scenario = parseScenario({ source: "opus", target: "claude-sonnet-4-5" }, book);
    const cuts = promptCuts(scenario.plan, book, scenario.assumptions);
    const options = { book, overrides, cuts, days: rangeLength(RANGE), assumptions: scenario.assumptions };
    const spans = await getProjectionCells(t.db, RANGE, {}, cuts);
    const days: typeof spans = [];
    for (const day of daysInRange(RANGE.from, RANGE.to)) days.push(...(await getProjectionCells(t.db, { from: day, to: day }, {}, cuts)));
    expect(new Set(spans.map((c) => c.day))).toEqual(new Set([RANGE.from, "2026-11-10", "2026-11-15"]));
    expect(spans.length).toBeLessThan(days.length);
    const bySpan = project(spans, scenario.plan, options);
    const byDay = project(days, scenario.plan, options);
    expect(bySpan.total).toEqual(byDay.total);
    expect(json(bySpan.features)).toEqual(json(byDay.features));
    // The override is in the projection: the same plan without it costs more.
    expect(project(spans, scenario.plan, { ...options, overrides: [] }).total.projectedPico).toBeGreaterThan(bySpan.total.projectedPico);
  });

  it("reads the calls for a plan made with another tokenizer factor, and says the summary cannot band it", async () => {
    const other = withFactor(DEFAULT_ASSUMPTIONS, rational(3n, 2n), DEFAULT_ASSUMPTIONS.readsPerWrite);
    const { projected } = await both({ source: "sonnet", target: "claude-opus-4-7" }, {}, other);
    expect(json(projected[1])).toEqual(json(projected[0]));
    const { book } = await getPricingContext(t.db);
    const cuts = promptCuts(parseScenario({ source: "sonnet", target: "claude-opus-4-7" }, book).plan, book, other);
    await expect(getProjectionCells(t.db, RANGE, {}, cuts, "summary")).rejects.toThrow("the summary cannot band these cuts");
  });
});
