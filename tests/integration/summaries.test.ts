/**
 * The summary tables (daily_usage's stop-reason counts, daily_histograms) always equal what the calls
 * table says, through ingest, re-pricing and deletion, on both databases.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bucketOf } from "@/lib/core/histogram";
import { loadDemoData, removeDemoData } from "@/lib/server/demo";
import { ingestItems } from "@/lib/server/ingest";
import { addPriceOverride } from "@/lib/server/pricing-context";
import { getUsageSummary } from "@/lib/server/queries";
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

const ROLLUP_COLUMNS = "calls, unpriced_calls, input_tokens, output_tokens, cache_read_tokens, cache_write_5m_tokens, cache_write_1h_tokens, cost_pico, cache_read_cost_pico, stop_max_tokens, stop_end_turn";

/** daily_model_feature as stored, and as daily_usage grouped by day x model x feature says it must be. */
async function rollups(t: TestDatabase) {
  const cols = ROLLUP_COLUMNS.split(", ");
  const format = (rows: Record<string, unknown>[]) => rows.map((r) => [r.day, r.model, r.feature, ...cols.map((c) => String(r[c]))].join("|")).sort();
  const stored = await t.db.all(`SELECT day, model, feature, ${ROLLUP_COLUMNS} FROM daily_model_feature`);
  const derived = await t.db.all(
    `SELECT day, model, feature, ${cols.map((c) => `SUM(${c}) AS ${c}`).join(", ")} FROM daily_usage GROUP BY day, model, feature`,
  );
  return { stored: format(stored), derived: format(derived) };
}

async function dimensionValues(t: TestDatabase) {
  const stored = (await t.db.all("SELECT dimension, value FROM dimension_values")).map((r) => `${r.dimension}|${r.value}`).sort();
  const derived: string[] = [];
  for (const column of ["model", "feature", "project", "service_tier"]) {
    for (const r of await t.db.all(`SELECT DISTINCT ${column} AS v FROM calls`)) derived.push(`${column}|${r.v}`);
  }
  return { stored, derived: derived.sort() };
}

async function expectSummariesMatchLedger(t: TestDatabase) {
  expect(await storedHistograms(t)).toEqual(await ledgerHistograms(t));
  const { summary, ledger } = await stopCounts(t);
  expect(summary).toEqual(ledger);
  const { stored, derived } = await rollups(t);
  expect(stored.length).toBeGreaterThan(0);
  expect(stored).toEqual(derived);
  const dimensions = await dimensionValues(t);
  expect(dimensions.stored).toEqual(dimensions.derived);
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
    const demoFeature = "code-review";
    expect((await dimensionValues(t)).stored).toContain(`feature|${demoFeature}`);
    await removeDemoData(t.db);
    await expectSummariesMatchLedger(t);
    expect((await dimensionValues(t)).stored).not.toContain(`feature|${demoFeature}`);
    const before = await storedHistograms(t);
    await t.db.run("DELETE FROM meta WHERE key = 'histograms_version'");
    expect(await ensureHistograms(t.db)).toBe(6);
    expect(await storedHistograms(t)).toEqual(before);
  });

  it("keeps sums past 2^63 pico-USD (about $9.2M) exact, in the rollup and in the full summary", async () => {
    const big = 6_000_000_000_000_000_000n; // $6M in pico-USD; two of them overflow a 64-bit sum
    for (const table of ["daily_usage", "daily_model_feature"]) {
      const keys = table === "daily_usage" ? "day, model, feature, project, service_tier" : "day, model, feature";
      for (const feature of ["big-a", "big-b"]) {
        const keyValues = table === "daily_usage" ? ["2030-01-01", "claude-opus-4-6", feature, "big", "standard"] : ["2030-01-01", "claude-opus-4-6", feature];
        await t.db.run(
          `INSERT INTO ${table} (${keys}, calls, unpriced_calls, input_tokens, output_tokens, cache_read_tokens, cache_write_5m_tokens,
            cache_write_1h_tokens, web_search_requests, cost_pico, input_cost_pico, output_cost_pico, cache_write_5m_cost_pico,
            cache_write_1h_cost_pico, cache_read_cost_pico, web_search_cost_pico, cache_read_full_cost_pico)
           VALUES (${keyValues.map(() => "?").join(", ")}, 1, 0, 0, 0, 0, 0, 0, 0, ?, ?, 0, 0, 0, 0, 0, 0)`,
          [...keyValues, big, big],
        );
      }
    }
    const range = { from: "2030-01-01", to: "2030-01-01" };
    expect((await getUsageSummary(t.db, range)).total.costPico).toBe(2n * big);
    expect((await getUsageSummary(t.db, range, { project: ["big"] })).total.costPico).toBe(2n * big);
    const byModel = await getUsageSummary(t.db, range, {}, "model");
    expect(byModel.groups.map((g) => [g.key, g.costPico, g.inputCostPico])).toEqual([["claude-opus-4-6", 2n * big, 2n * big]]);
  });
});
