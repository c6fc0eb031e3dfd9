/**
 * Upgrading a database that holds calls from before the dashboard migration: the migration backfills
 * total_tokens and the stop-reason counts, and the server's start-up builds the histograms, so the
 * new pages are right about old data too. Real SQLite file and real PostgreSQL database.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { bucketOf } from "@/lib/core/histogram";
import { openDatabase } from "@/lib/server/db";
import { hashKey, listIngestKeys, verifyIngestKey } from "@/lib/server/keys";
import { migrateDatabase } from "@/lib/server/migrate";
import { getMonthlyReport } from "@/lib/server/monthly-report";
import { getUsageSummary } from "@/lib/server/queries";
import { ensureHistograms } from "@/lib/server/store";
import { createEmptyPostgresDatabase } from "@/tests/helpers/databases";

const ROOT = path.resolve(import.meta.dirname, "..", "..");
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/**
 * A migrations folder holding each provider's migrations before the one named `before` (default: only
 * the first migration, the schema before this release).
 */
function initialMigrations(before?: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tally-upgrade-"));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  for (const provider of ["sqlite", "postgresql"]) {
    const source = path.join(ROOT, "prisma", "migrations", provider);
    const all = fs.readdirSync(source).filter((name) => /^\d+_/.test(name)).sort();
    const until = before === undefined ? 1 : all.findIndex((name) => name.endsWith(`_${before}`));
    if (until < 0) throw new Error(`no migration named ${before}`);
    for (const name of all.slice(0, until)) fs.cpSync(path.join(source, name), path.join(dir, provider, name), { recursive: true });
    fs.copyFileSync(path.join(source, "migration_lock.toml"), path.join(dir, provider, "migration_lock.toml"));
  }
  return dir;
}

const OLD_CALL_COLUMNS = `id, ts_ms, day, model_raw, model, feature, project, input_tokens, output_tokens, cache_read_tokens,
  cache_write_5m_tokens, cache_write_1h_tokens, web_search_requests, web_fetch_requests, service_tier, stop_reason, priced,
  cost_pico, input_cost_pico, output_cost_pico, cache_write_5m_cost_pico, cache_write_1h_cost_pico, cache_read_cost_pico,
  web_search_cost_pico, cache_read_full_cost_pico, quality, source, ingested_at_ms`;

/** Two calls and their summary row as the previous release wrote them: one ended at max_tokens. */
const OLD_ROWS = [
  `INSERT INTO calls (${OLD_CALL_COLUMNS}) VALUES ('old_1', 1790000000000, '2026-09-21', 'claude-sonnet-4-6', 'claude-sonnet-4-6', 'chat', '', 1000, 200, 3000, 400, 0, 0, 0, 'standard', 'max_tokens', TRUE, 9000000000, 3000000000, 3000000000, 1500000000, 0, 900000000, 0, 9000000000, '', 'api', 1790000000000)`,
  `INSERT INTO calls (${OLD_CALL_COLUMNS}) VALUES ('old_2', 1790000001000, '2026-09-21', 'claude-sonnet-4-6', 'claude-sonnet-4-6', 'chat', '', 10, 20, 0, 0, 0, 0, 0, 'standard', 'end_turn', TRUE, 330000000, 30000000, 300000000, 0, 0, 0, 0, 0, '', 'api', 1790000000000)`,
  `INSERT INTO daily_usage (day, model, feature, project, service_tier, calls, unpriced_calls, input_tokens, output_tokens, cache_read_tokens,
     cache_write_5m_tokens, cache_write_1h_tokens, web_search_requests, cost_pico, input_cost_pico, output_cost_pico, cache_write_5m_cost_pico,
     cache_write_1h_cost_pico, cache_read_cost_pico, web_search_cost_pico, cache_read_full_cost_pico)
   VALUES ('2026-09-21', 'claude-sonnet-4-6', 'chat', '', 'standard', 2, 0, 1010, 220, 3000, 400, 0, 0, 9330000000, 3030000000, 3300000000, 1500000000, 0, 900000000, 0, 9000000000)`,
];

async function sqliteUrl(): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tally-upgrade-db-"));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  return `file:${path.join(dir, "tally.db")}`;
}

async function postgresUrl(): Promise<string> {
  const { url, drop } = await createEmptyPostgresDatabase("tally_upgrade");
  cleanups.push(drop);
  return url;
}

describe.each([
  ["sqlite", sqliteUrl],
  ["postgresql", postgresUrl],
] as const)("upgrading %s with stored calls", (_provider, makeUrl) => {
  it("backfills total tokens, stop-reason counts and histograms", async () => {
    const url = await makeUrl();
    await migrateDatabase(url, { migrationsDir: initialMigrations() });
    const before = openDatabase(url);
    for (const sql of OLD_ROWS) await before.run(sql);
    await before.close();

    const { applied } = await migrateDatabase(url);
    expect(applied.length).toBeGreaterThan(0);
    const db = openDatabase(url);
    cleanups.push(() => db.close());
    const calls = await db.all("SELECT id, total_tokens FROM calls ORDER BY id");
    expect(calls.map((c) => [c.id, Number(c.total_tokens)])).toEqual([
      ["old_1", 4600],
      ["old_2", 30],
    ]);
    const { total } = await getUsageSummary(db, { from: "2026-09-21", to: "2026-09-21" });
    expect([total.calls, total.stopMaxTokens, total.stopEndTurn, total.stopRefusal]).toEqual([2, 1, 1, 0]);
    // The narrower rollups the later migrations add were backfilled from the same rows.
    const byFeature = await getUsageSummary(db, { from: "2026-09-21", to: "2026-09-21" }, {}, "feature");
    expect(byFeature.total.calls).toBe(2);
    expect((await db.all("SELECT SUM(calls) AS n FROM daily_model")).map((r) => Number(r.n))).toEqual([2]);

    expect(await ensureHistograms(db)).toBe(2);
    const buckets = await db.all("SELECT metric, bucket, calls FROM daily_histograms ORDER BY metric, bucket");
    expect(buckets.map((b) => [b.metric, Number(b.bucket), Number(b.calls)])).toEqual([
      ["cost", bucketOf(330_000_000n), 1],
      ["cost", bucketOf(9_000_000_000n), 1],
      ["tokens", bucketOf(30), 1],
      ["tokens", bucketOf(4600), 1],
    ]);
    const weekly = await db.all("SELECT week, metric, SUM(calls) AS calls FROM weekly_histograms GROUP BY week, metric ORDER BY metric");
    expect(weekly.map((w) => [w.week, w.metric, Number(w.calls)])).toEqual([
      ["2026-09-21", "cost", 2],
      ["2026-09-21", "tokens", 2],
    ]);
    expect(await ensureHistograms(db)).toBe(0);
  });
});

describe.each([
  ["sqlite", sqliteUrl],
  ["postgresql", postgresUrl],
] as const)("upgrading %s to the summary's cache-split count", (_provider, makeUrl) => {
  it("counts the calls already stored without a cache-write split, so the UTC report warns about them from the summary", async () => {
    const url = await makeUrl();
    await migrateDatabase(url, { migrationsDir: initialMigrations("cache_split_missing_summary") });
    const before = openDatabase(url);
    await before.run(OLD_ROWS[0].replace("'', 'api'", "'cache_split_missing', 'api'"));
    await before.run(OLD_ROWS[1]);
    await before.run(OLD_ROWS[2]);
    await before.run(
      `INSERT INTO daily_model_feature (day, model, feature, calls, unpriced_calls, input_tokens, output_tokens, cache_read_tokens,
         cache_write_5m_tokens, cache_write_1h_tokens, web_search_requests, cost_pico, input_cost_pico, output_cost_pico, cache_write_5m_cost_pico,
         cache_write_1h_cost_pico, cache_read_cost_pico, web_search_cost_pico, cache_read_full_cost_pico)
       VALUES ('2026-09-21', 'claude-sonnet-4-6', 'chat', 2, 0, 1010, 220, 3000, 400, 0, 0, 9330000000, 3030000000, 3300000000, 1500000000, 0, 900000000, 0, 9000000000)`,
    );
    for (const [table, key, values] of [["daily_model", "model", "'claude-sonnet-4-6'"], ["daily_feature", "feature", "'chat'"]]) {
      await before.run(
        `INSERT INTO ${table} (day, ${key}, calls, unpriced_calls, input_tokens, output_tokens, cache_read_tokens, cache_write_5m_tokens, cache_write_1h_tokens,
           web_search_requests, cost_pico, input_cost_pico, output_cost_pico, cache_write_5m_cost_pico, cache_write_1h_cost_pico, cache_read_cost_pico,
           web_search_cost_pico, cache_read_full_cost_pico)
         VALUES ('2026-09-21', ${values}, 2, 0, 1010, 220, 3000, 400, 0, 0, 9330000000, 3030000000, 3300000000, 1500000000, 0, 900000000, 0, 9000000000)`,
      );
    }
    await before.close();

    expect((await migrateDatabase(url)).applied.some((name) => name.endsWith("_cache_split_missing_summary"))).toBe(true);
    const db = openDatabase(url);
    cleanups.push(() => db.close());
    const [usage] = await db.all("SELECT calls, cache_split_missing FROM daily_usage");
    expect([Number(usage.calls), Number(usage.cache_split_missing)]).toEqual([2, 1]);
    for (const table of ["daily_model_feature", "daily_model", "daily_feature"]) {
      const [rollup] = await db.all(`SELECT calls, cache_split_missing FROM ${table}`);
      expect([table, Number(rollup.calls), Number(rollup.cache_split_missing)]).toEqual([table, 2, 1]);
    }
    const report = await getMonthlyReport(db, "2026-09", "UTC");
    expect(report.warnings.find((w) => w.code === "cache_split_missing")?.calls).toBe(1);
  });
});

describe.each([
  ["sqlite", sqliteUrl],
  ["postgresql", postgresUrl],
] as const)("upgrading %s to project-scoped ingest keys", (_provider, makeUrl) => {
  it("keeps a key made before the upgrade working, for any project, and lists it so", async () => {
    const url = await makeUrl();
    await migrateDatabase(url, { migrationsDir: initialMigrations("ingest_key_project") });
    const before = openDatabase(url);
    const secret = "tly_madeBeforeProjectsWereScoped00000";
    await before.run("INSERT INTO ingest_keys (id, name, prefix, hash) VALUES ('key_0ld', 'old app', 'tly_madeBe', ?)", [hashKey(secret)]);
    await before.close();

    expect((await migrateDatabase(url)).applied.some((name) => name.endsWith("_ingest_key_project"))).toBe(true);
    const db = openDatabase(url);
    cleanups.push(() => db.close());
    expect(await verifyIngestKey(db, secret)).toEqual({ id: "key_0ld", project: null });
    expect((await listIngestKeys(db)).map((k) => [k.name, k.project])).toEqual([["old app", null]]);
  });
});
