/**
 * The summary tables (daily_usage's stop-reason counts, its rollups, daily and weekly histograms) always equal what the calls
 * table says, through ingest, re-pricing and deletion, on both databases.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bucketOf } from "@/lib/core/histogram";
import { loadDemoData, removeDemoData } from "@/lib/server/demo";
import { ingestItems } from "@/lib/server/ingest";
import { addPriceOverride } from "@/lib/server/pricing-context";
import { getUsageSummary } from "@/lib/server/queries";
import { PROJECTION_CUTS, PROJECTION_TABLES, SUMMARY_ROLLUPS, ensureHistograms, ensureProjectionSummary, projectionSummaryReady } from "@/lib/server/store";
import { bandOf } from "@/lib/core/projection";
import { weekStart } from "@/lib/core/chart-data";
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

/** Each rollup of daily_usage as stored, and as daily_usage grouped by its key says it must be. */
async function rollups(t: TestDatabase) {
  const cols = ROLLUP_COLUMNS.split(", ");
  const out: { stored: string[]; derived: string[] } = { stored: [], derived: [] };
  for (const { table, key } of SUMMARY_ROLLUPS) {
    const format = (rows: Record<string, unknown>[]) => rows.map((r) => [table, ...key.map((k) => r[k]), ...cols.map((c) => String(r[c]))].join("|"));
    out.stored.push(...format(await t.db.all(`SELECT ${key.join(", ")}, ${ROLLUP_COLUMNS} FROM ${table}`)));
    out.derived.push(
      ...format(await t.db.all(`SELECT ${key.join(", ")}, ${cols.map((c) => `SUM(${c}) AS ${c}`).join(", ")} FROM daily_usage GROUP BY ${key.join(", ")}`)),
    );
  }
  const month = "substr(day, 1, 7)";
  const formatMonth = (rows: Record<string, unknown>[]) => rows.map((r) => ["monthly_usage", r.month, r.model, r.feature, r.project, r.service_tier, ...cols.map((c) => String(r[c]))].join("|"));
  out.stored.push(...formatMonth(await t.db.all(`SELECT month, model, feature, project, service_tier, ${ROLLUP_COLUMNS} FROM monthly_usage`)));
  out.derived.push(
    ...formatMonth(await t.db.all(`SELECT ${month} AS month, model, feature, project, service_tier, ${cols.map((c) => `SUM(${c}) AS ${c}`).join(", ")} FROM daily_usage GROUP BY ${month}, model, feature, project, service_tier`)),
  );
  return { stored: out.stored.sort(), derived: out.derived.sort() };
}

/** weekly_histograms as "week|model|metric|bucket" -> calls, and daily_histograms summed by the week of each day. */
async function weeklyHistograms(t: TestDatabase) {
  const stored = Object.fromEntries(
    (await t.db.all("SELECT week, model, metric, bucket, calls FROM weekly_histograms")).map((r) => [`${r.week}|${r.model}|${r.metric}|${Number(r.bucket)}`, Number(r.calls)]).sort(),
  );
  const derived = new Map<string, number>();
  for (const [key, calls] of Object.entries(await storedHistograms(t))) {
    const [day, ...rest] = key.split("|");
    const weekKey = [weekStart(day), ...rest].join("|");
    derived.set(weekKey, (derived.get(weekKey) ?? 0) + calls);
  }
  return { stored, derived: Object.fromEntries([...derived].sort()) };
}

/** Both projection tables as stored, and as the calls say they must be (bands counted in code, not SQL). */
async function projectionSummary(t: TestDatabase) {
  const stored: string[] = [];
  for (const { table, key } of PROJECTION_TABLES) {
    for (const r of await t.db.all(`SELECT ${key.join(", ")}, calls, input_tokens, cache_read_tokens, cost_pico FROM ${table}`)) {
      stored.push([table, ...key.map((k) => String(r[k])), r.calls, r.input_tokens, r.cache_read_tokens, r.cost_pico].join("|"));
    }
  }
  const sums = new Map<string, bigint[]>();
  for (const r of await t.db.all("SELECT * FROM calls")) {
    const prompt = Number(r.input_tokens) + Number(r.cache_read_tokens) + Number(r.cache_write_5m_tokens) + Number(r.cache_write_1h_tokens);
    const values: Record<string, unknown> = { ...r, us: r.inference_geo === "us" ? 1 : 0, speed: r.speed ?? "", priced: r.priced === true || Number(r.priced) === 1 ? 1 : 0, band: bandOf(prompt, PROJECTION_CUTS) };
    for (const { table, key } of PROJECTION_TABLES) {
      const id = [table, ...key.map((k) => String(values[k]))].join("|");
      const sum = sums.get(id) ?? [0n, 0n, 0n, 0n];
      [1n, BigInt(r.input_tokens as bigint), BigInt(r.cache_read_tokens as bigint), BigInt(r.cost_pico as bigint)].forEach((v, i) => (sum[i] += v));
      sums.set(id, sum);
    }
  }
  return { stored: stored.sort(), derived: [...sums].map(([id, v]) => [id, ...v].join("|")).sort() };
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
  const weekly = await weeklyHistograms(t);
  expect(Object.keys(weekly.stored).length).toBeGreaterThan(0);
  expect(weekly.stored).toEqual(weekly.derived);
  const { summary, ledger } = await stopCounts(t);
  expect(summary).toEqual(ledger);
  const { stored, derived } = await rollups(t);
  expect(stored.length).toBeGreaterThan(0);
  expect(stored).toEqual(derived);
  const dimensions = await dimensionValues(t);
  expect(dimensions.stored).toEqual(dimensions.derived);
  const projections = await projectionSummary(t);
  expect(projections.stored.length).toBeGreaterThan(0);
  expect(projections.stored).toEqual(projections.derived);
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
    const before = [await storedHistograms(t), (await weeklyHistograms(t)).stored];
    await t.db.run("DELETE FROM meta WHERE key = 'histograms_version'");
    expect(await ensureHistograms(t.db)).toBe(6);
    expect([await storedHistograms(t), (await weeklyHistograms(t)).stored]).toEqual(before);
    // The projection summary rebuilt by the server from the calls (as when the price book's cuts change) agrees too.
    const projections = (await projectionSummary(t)).stored;
    await t.db.run("DELETE FROM meta WHERE key = 'projection_cuts'");
    expect(await projectionSummaryReady(t.db)).toBe(false);
    expect(await ensureProjectionSummary(t.db)).toBe(true);
    expect((await projectionSummary(t)).stored).toEqual(projections);
    expect(await ensureProjectionSummary(t.db)).toBe(false);
  });

  it("keeps sums past 2^63 pico-USD (about $9.2M) exact, in the rollup and in the full summary", async () => {
    const big = 6_000_000_000_000_000_000n; // $6M in pico-USD; two of them overflow a 64-bit sum
    const values: Record<string, (day: string) => string> = { day: (day) => day, model: () => "claude-opus-4-6", feature: (day) => `big-${day}`, project: () => "big", service_tier: () => "standard" };
    for (const { table, key } of [{ table: "daily_usage", key: ["day", "model", "feature", "project", "service_tier"] }, ...SUMMARY_ROLLUPS]) {
      const keys = key.join(", ");
      for (const day of ["2030-01-01", "2030-01-02"]) {
        const keyValues = key.map((column) => values[column](day));
        await t.db.run(
          `INSERT INTO ${table} (${keys}, calls, unpriced_calls, input_tokens, output_tokens, cache_read_tokens, cache_write_5m_tokens,
            cache_write_1h_tokens, web_search_requests, cost_pico, input_cost_pico, output_cost_pico, cache_write_5m_cost_pico,
            cache_write_1h_cost_pico, cache_read_cost_pico, web_search_cost_pico, cache_read_full_cost_pico)
           VALUES (${keyValues.map(() => "?").join(", ")}, 1, 0, 0, 0, 0, 0, 0, 0, ?, ?, 0, 0, 0, 0, 0, 0)`,
          [...keyValues, big, big],
        );
      }
    }
    const range = { from: "2030-01-01", to: "2030-01-02" };
    expect((await getUsageSummary(t.db, range)).total.costPico).toBe(2n * big);
    expect((await getUsageSummary(t.db, range, { project: ["big"] })).total.costPico).toBe(2n * big);
    // The same sum from each narrower rollup: by feature alone, and by model and feature.
    const features = ["big-2030-01-01", "big-2030-01-02"];
    expect((await getUsageSummary(t.db, range, { feature: features })).total.costPico).toBe(2n * big);
    expect((await getUsageSummary(t.db, range, { feature: features, model: ["claude-opus-4-6"] })).total.costPico).toBe(2n * big);
    const byModel = await getUsageSummary(t.db, range, {}, "model");
    expect(byModel.groups.map((g) => [g.key, g.costPico, g.inputCostPico])).toEqual([["claude-opus-4-6", 2n * big, 2n * big]]);
  });
});
