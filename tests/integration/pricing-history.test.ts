/**
 * Changing prices re-prices history: overrides move the stored calls and the summary together,
 * report old and new totals, and removing the override restores the list price exactly.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatUsdExact } from "@/lib/core/money";
import { ingestItems } from "@/lib/server/ingest";
import { addPriceOverride, removePriceOverride } from "@/lib/server/pricing-context";
import { getUsageSummary, totalsToJson } from "@/lib/server/queries";
import { MIXED_BATCH } from "@/tests/fixtures/mixed-batch";
import { PROVIDERS, type TestDatabase } from "@/tests/helpers/databases";

const RANGE = { from: "2026-11-01", to: "2026-11-03" };

/** Sum of the stored calls, straight from the calls table: what the summary must always equal. */
async function ledgerTotal(t: TestDatabase): Promise<string> {
  const rows = await t.db.all<{ cost_pico: bigint }>("SELECT cost_pico FROM calls");
  return formatUsdExact(rows.reduce((sum, row) => sum + BigInt(row.cost_pico), 0n));
}

describe.each(PROVIDERS)("re-pricing history on %s", (_provider, create) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await create();
    await ingestItems(t.db, MIXED_BATCH, { source: "api" });
  });
  afterAll(async () => t.drop());

  it("a 10% discount on Sonnet 4.6 from 2026-11-02 re-prices only the calls it covers", async () => {
    const { report } = await addPriceOverride(t.db, {
      model: "claude-sonnet-4-6",
      effectiveFrom: "2026-11-02",
      effectiveTo: null,
      multiplier: "0.9",
      inputUsdPerMTok: null,
      outputUsdPerMTok: null,
      cacheWrite5mUsdPerMTok: null,
      cacheWrite1hUsdPerMTok: null,
      cacheReadUsdPerMTok: null,
      note: "negotiated",
    });
    // Only the 2026-11-03 Sonnet 4.6 call ($0.009876) is on or after the override: 0.009876 x 0.9 = 0.0088884.
    expect(report.changedCalls).toBe(1n);
    expect(formatUsdExact(report.newCostPico - report.oldCostPico)).toBe("-0.0009876");
    const { total, groups } = await getUsageSummary(t.db, RANGE, {}, "day");
    expect(totalsToJson(total).costUsd).toBe("0.1173884");
    expect(groups.find((g) => g.key === "2026-11-03")!.costPico).toBe(8_888_400_000n);
    expect(await ledgerTotal(t)).toBe("0.1173884");
    const run = await t.db.prisma.repriceRun.findFirst({ orderBy: { id: "desc" } });
    expect(run?.reason).toMatch(/override .* added/);
  });

  it("removing the override restores the list prices exactly", async () => {
    const override = await t.db.prisma.priceOverride.findFirst();
    await removePriceOverride(t.db, override!.id);
    const { total } = await getUsageSummary(t.db, RANGE);
    expect(totalsToJson(total).costUsd).toBe("0.118376");
    expect(await ledgerTotal(t)).toBe("0.118376");
  });

  it("an override for a model not in the price book is refused", async () => {
    await expect(
      addPriceOverride(t.db, {
        model: "claude-sonnet-4.6",
        effectiveFrom: "2026-01-01",
        effectiveTo: null,
        multiplier: "0.5",
        inputUsdPerMTok: null,
        outputUsdPerMTok: null,
        cacheWrite5mUsdPerMTok: null,
        cacheWrite1hUsdPerMTok: null,
        cacheReadUsdPerMTok: null,
      }),
    ).rejects.toThrow(/not in the price book/);
  });

  it("a malformed override is refused before it is stored", async () => {
    const base = {
      model: "claude-sonnet-4-6",
      effectiveFrom: "2026-01-01",
      effectiveTo: null,
      inputUsdPerMTok: null,
      outputUsdPerMTok: null,
      cacheWrite5mUsdPerMTok: null,
      cacheWrite1hUsdPerMTok: null,
      cacheReadUsdPerMTok: null,
    };
    await expect(addPriceOverride(t.db, { ...base, multiplier: "ninety percent" })).rejects.toThrow(/multiplier/);
    await expect(addPriceOverride(t.db, { ...base, multiplier: null })).rejects.toThrow(/sets nothing/);
    await expect(addPriceOverride(t.db, { ...base, multiplier: "0.9", effectiveTo: "2025-12-31" })).rejects.toThrow(/effectiveTo/);
    expect(await t.db.prisma.priceOverride.count()).toBe(0);
  });
});
