/**
 * The summary tables (daily_usage's stop-reason counts, daily_histograms) always equal what the calls
 * table says, through ingest, re-pricing and deletion, on both databases.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bucketOf } from "@/lib/core/histogram";
import { loadDemoData, removeDemoData } from "@/lib/server/demo";
import { ingestItems } from "@/lib/server/ingest";
import { addPriceOverride } from "@/lib/server/pricing-context";
import { ensureHistograms } from "@/lib/server/store";
import { MIXED_BATCH } from "@/tests/fixtures/mixed-batch";
import { PROVIDERS, type TestDatabase } from "@/tests/helpers/databases";

const NOW = Date.parse("2026-11-20T12:00:00Z");

/** daily_histograms as "day|model|metric|bucket" -> calls, sorted. */
async function storedHistograms(t: TestDatabase): Promise<Record<string, number>> {
  const rows = await t.db.all("SELECT day, model, metric, bucket, calls FROM daily_histograms");
  return Object.fromEntries(rows.map((r) => [`${r.day}|${r.model}|${r.metric}|${Number(r.bucket)}`, Number(r.calls)]).sort());
}

/** The same, recomputed from the calls. */
async function ledgerHistograms(t: TestDatabase): Promise<Record<string, number>> {
  const counts = new Map<string, number>();
  for (const r of await t.db.all("SELECT day, model, cost_pico, total_tokens FROM calls")) {
    for (const key of [`${r.day}|${r.model}|cost|${bucketOf(BigInt(r.cost_pico as bigint))}`, `${r.day}|${r.model}|tokens|${bucketOf(BigInt(r.total_tokens as bigint))}`]) {
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  return Object.fromEntries([...counts].sort());
}

async function stopCounts(t: TestDatabase) {
  const [summary] = await t.db.all(
    "SELECT SUM(calls) AS calls, SUM(stop_end_turn) AS end_turn, SUM(stop_max_tokens) AS max_tokens, SUM(stop_refusal) AS refusal, SUM(stop_tool_use) AS tool_use FROM daily_usage",
  );
  const ledger = await t.db.all("SELECT stop_reason, COUNT(*) AS n FROM calls GROUP BY stop_reason");
  const count = (reason: string) => Number(ledger.find((r) => r.stop_reason === reason)?.n ?? 0);
  return {
    summary: { calls: Number(summary.calls ?? 0), end_turn: Number(summary.end_turn ?? 0), max_tokens: Number(summary.max_tokens ?? 0), refusal: Number(summary.refusal ?? 0), tool_use: Number(summary.tool_use ?? 0) },
    ledger: { calls: ledger.reduce((s, r) => s + Number(r.n), 0), end_turn: count("end_turn"), max_tokens: count("max_tokens"), refusal: count("refusal"), tool_use: count("tool_use") },
  };
}

async function expectSummariesMatchLedger(t: TestDatabase) {
  expect(await storedHistograms(t)).toEqual(await ledgerHistograms(t));
  const { summary, ledger } = await stopCounts(t);
  expect(summary).toEqual(ledger);
}

describe.each(PROVIDERS)("summary tables on %s", (_provider, create) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await create();
  });
  afterAll(async () => t.drop());

  it("match the calls after ingest", async () => {
    await ingestItems(t.db, MIXED_BATCH, { source: "api" });
    await loadDemoData(t.db, NOW);
    const { summary } = await stopCounts(t);
    expect(summary.calls).toBeGreaterThan(1000);
    expect(summary.max_tokens).toBeGreaterThan(0);
    expect(summary.end_turn).toBeGreaterThan(0);
    await expectSummariesMatchLedger(t);
  });

  it("match the calls after a re-pricing moves costs between buckets", async () => {
    const { report } = await addPriceOverride(t.db, {
      model: "*", effectiveFrom: "2026-01-01", effectiveTo: null, multiplier: "0.5",
      inputUsdPerMTok: null, outputUsdPerMTok: null, cacheWrite5mUsdPerMTok: null, cacheWrite1hUsdPerMTok: null, cacheReadUsdPerMTok: null, note: null,
    });
    expect(report.changedCalls).toBeGreaterThan(1000n);
    await expectSummariesMatchLedger(t);
  });

  it("match the calls after deleting demo data, and a rebuild from scratch agrees", async () => {
    await removeDemoData(t.db);
    await expectSummariesMatchLedger(t);
    const before = await storedHistograms(t);
    await t.db.run("DELETE FROM meta WHERE key = 'histograms_version'");
    expect(await ensureHistograms(t.db)).toBe(6);
    expect(await storedHistograms(t)).toEqual(before);
  });
});
