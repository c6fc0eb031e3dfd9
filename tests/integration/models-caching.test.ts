/**
 * The Models and Caching pages' reads on both databases: raw ids sent per model (a bounded read of
 * calls on the (model, ts_ms) index), and the summary reads those pages compose, checked against the
 * fixture's hand-computed numbers.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildCacheRows, economicsByModel } from "@/lib/core/caching-view";
import { formatUsdExact, parseUsdToPico } from "@/lib/core/money";
import { buildModelRows } from "@/lib/core/models-view";
import { defaultPriceBook } from "@/lib/core/pricing";
import { ingestItems } from "@/lib/server/ingest";
import { getRawModelIds } from "@/lib/server/models-caching-queries";
import { getHistograms, getUsageByPair, getUsageSummary } from "@/lib/server/queries";
import { MODELS_CACHING_CALLS, MODELS_EXPECTED, MODELS_RANGE } from "@/tests/fixtures/models-caching";
import { PROVIDERS, type TestDatabase } from "@/tests/helpers/databases";

describe.each(PROVIDERS)("models and caching reads on %s", (provider, create) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await create();
    const result = await ingestItems(t.db, MODELS_CACHING_CALLS, { source: "api" });
    expect(result.accepted).toBe(MODELS_CACHING_CALLS.length);
  });
  afterAll(async () => t.drop());

  it("lists the raw ids sent for each model, with counts, and says when the sample was complete", async () => {
    const ids = await getRawModelIds(t.db, MODELS_RANGE, ["claude-sonnet-4-5", "claude-opus-4-6", "claude-nova"]);
    expect(ids.get("claude-sonnet-4-5")).toEqual({
      ids: [
        { id: "claude-sonnet-4-5", calls: 1 },
        { id: "claude-sonnet-4-5-20250929", calls: 1 },
      ],
      sampled: 2,
      complete: true,
    });
    expect(ids.get("claude-opus-4-6")).toEqual({ ids: [{ id: "claude-opus-4-6", calls: 3 }], sampled: 3, complete: true });
    expect(ids.get("claude-nova")).toEqual({ ids: [], sampled: 0, complete: true });
  });

  it("reads only the latest calls when a model has more than the limit, and only inside the range", async () => {
    const sample = await getRawModelIds(t.db, MODELS_RANGE, ["claude-sonnet-4-5"], 1);
    // The latest Sonnet 4.5 call (09-24) was sent by its alias.
    expect(sample.get("claude-sonnet-4-5")).toEqual({ ids: [{ id: "claude-sonnet-4-5", calls: 1 }], sampled: 1, complete: false });
    const early = await getRawModelIds(t.db, { from: "2026-09-21", to: "2026-09-22" }, ["claude-sonnet-4-5"]);
    expect(early.get("claude-sonnet-4-5")!.ids).toEqual([{ id: "claude-sonnet-4-5-20250929", calls: 1 }]);
  });

  if (provider === "sqlite") {
    it("walks the (model, ts_ms) index rather than scanning calls", async () => {
      const plan = await t.db.all<{ detail: string }>(
        `EXPLAIN QUERY PLAN SELECT model_raw, COUNT(*) AS calls FROM (
           SELECT model_raw FROM calls WHERE model = ? AND ts_ms >= ? AND ts_ms < ? ORDER BY ts_ms DESC LIMIT 2000
         ) recent GROUP BY model_raw`,
        ["claude-sonnet-4-5", 0n, 1n],
      );
      const details = plan.map((row) => String(row.detail)).join("\n");
      expect(details).toMatch(/USING INDEX calls_model_ts_ms_idx/);
      expect(details).not.toMatch(/SCAN calls\b(?! USING)/);
    });
  }

  it("gives each model's spend, calls and average cost per call, and a p50 bucket that holds the Opus call cost", async () => {
    const range = MODELS_RANGE;
    const [{ groups }, costHistograms, tokenHistograms] = await Promise.all([
      getUsageSummary(t.db, range, {}, "model"),
      getHistograms(t.db, range, "cost"),
      getHistograms(t.db, range, "tokens"),
    ]);
    const rows = buildModelRows(groups, defaultPriceBook, { costHistograms, tokenHistograms });
    expect(rows.map((r) => r.model)).toEqual(["claude-sonnet-4-6", "claude-opus-4-6", "claude-sonnet-4-5", "claude-haiku-4-5"]);
    for (const row of rows) {
      const expected = MODELS_EXPECTED.models[row.model as keyof typeof MODELS_EXPECTED.models];
      expect({ spend: row.spendExact, calls: row.calls, avgCost: row.avgCostExact }).toEqual({
        spend: expected.spend,
        calls: expected.calls,
        avgCost: expected.avgCost,
      });
    }
    const opus = rows.find((r) => r.model === "claude-opus-4-6")!;
    const cost = parseUsdToPico(MODELS_EXPECTED.models["claude-opus-4-6"].everyCall);
    expect(parseUsdToPico(opus.p50Cost!.low) <= cost && cost < parseUsdToPico(opus.p50Cost!.high)).toBe(true);
    // Every Opus call is 11,200 tokens.
    expect(Number(opus.p50Tokens!.low) <= 11_200 && 11_200 < Number(opus.p50Tokens!.high)).toBe(true);
    expect(opus.avgTokens).toBe(11_200);
  });

  it("nets what caching saved against the write premium, and flags the feature that never reads", async () => {
    const byModel = await getUsageByPair(t.db, MODELS_RANGE, {}, "model", "model");
    const economics = economicsByModel(
      byModel.map((g) => ({ ...g, model: g.second })),
      defaultPriceBook,
    );
    const c = MODELS_EXPECTED.caching;
    expect(formatUsdExact(economics.savedPico)).toBe(c.savedUsd);
    expect(formatUsdExact(economics.write5mCostPico)).toBe(c.write5mUsd);
    expect(formatUsdExact(economics.write1hCostPico)).toBe(c.write1hUsd);
    expect(formatUsdExact(economics.premium5mPico)).toBe(c.premium5mUsd);
    expect(formatUsdExact(economics.premium1hPico)).toBe(c.premium1hUsd);
    expect(formatUsdExact(economics.netPico)).toBe(c.netUsd);

    const pairs = await getUsageByPair(t.db, MODELS_RANGE, {}, "feature", "model");
    const rows = buildCacheRows(
      pairs.map((p) => ({ ...p, key: p.first, model: p.second })),
      defaultPriceBook,
    );
    expect(rows.map((r) => r.key)).toEqual(c.featureOrder);
    for (const row of rows) {
      const expected = c.features[row.key as keyof typeof c.features];
      expect({
        flagged: row.notReadBack,
        writeCost: formatUsdExact(row.writeCostPico),
        saved: formatUsdExact(row.economics.savedPico),
        net: formatUsdExact(row.economics.netPico),
      }).toEqual(expected);
    }
  });
});
