/**
 * Retention on both databases: five months of calls (July to November 2026), August closed; deleting the
 * calls before October 1 in batches leaves the summary API, the monthly reports (live and closed) and
 * their CSV exports unchanged to the pico-dollar, and the old calls gone. In a non-UTC reporting zone
 * the calls of months that are not closed (or whose next month is not) are kept.
 */
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as summaryApi } from "@/app/api/v1/summary/route";
import { GET as exportCsv } from "@/app/reports/[month]/export.csv/route";
import { RetentionNotice } from "@/components/dashboard/retention-notice";
import { monthlyReportToJson } from "@/lib/core/monthly-report";
import { stopApp } from "@/lib/server/app";
import { openDatabase } from "@/lib/server/db";
import { removeDemoData } from "@/lib/server/demo";
import { ingestItems } from "@/lib/server/ingest";
import { closeMonth, getSinceClose, reopenMonth } from "@/lib/server/month-close";
import { getReportForRequest } from "@/lib/server/monthly-report";
import { addPriceOverride } from "@/lib/server/pricing-context";
import { getRetentionHorizon, runRetention } from "@/lib/server/retention";
import { PROJECTION_TABLES, ensureHistograms } from "@/lib/server/store";
import { tally } from "@/tests/helpers/cli";
import { PROVIDERS, type TestDatabase } from "@/tests/helpers/databases";
import { SUMMARY_TABLES } from "@/tests/helpers/ledger";
import { authedRequest, tokenFor } from "@/tests/helpers/auth";

/** Requests signed in as an admin of the database under test (set in beforeAll). */
let req: ReturnType<typeof authedRequest>;

const NOW = new Date("2026-11-23T12:00:00Z");
/** 2026-11-23 minus 53 days: October 1, midnight UTC. */
const DAYS = 53;
const CUTOFF = "2026-10-01T00:00:00.000Z";
const MODELS = ["claude-sonnet-4-6", "claude-haiku-4-5", "claude-opus-4-6", "claude-mystery-9"];
const FEATURES = ["chat", "search", "summarize"];
const PROJECTS = ["web", "support"];
const TIERS = ["standard", "batch", "priority"];

/** Calls on every third day from July 1 to November 22, a few per day, every kind of token and tier. */
function history(): Record<string, unknown>[] {
  const records: Record<string, unknown>[] = [];
  let n = 0;
  for (let ms = Date.parse("2026-07-01T00:00:00Z"); ms < Date.parse("2026-11-23T00:00:00Z"); ms += 3 * 86_400_000) {
    for (let k = 0; k < 4; k++, n++) {
      const cacheWrite = n % 3 === 0 ? 1000 + n : 0;
      records.push({
        id: `ret_${n}`,
        timestamp: ms + (k * 6 + 1) * 3_600_000,
        model: MODELS[n % MODELS.length],
        feature: FEATURES[n % FEATURES.length],
        project: PROJECTS[n % PROJECTS.length],
        service_tier: TIERS[n % TIERS.length],
        stop_reason: n % 5 === 0 ? "max_tokens" : "end_turn",
        usage: {
          input_tokens: 1000 + 37 * n,
          output_tokens: 200 + 11 * n,
          cache_read_input_tokens: n % 2 === 0 ? 5000 + n : 0,
          cache_creation_input_tokens: cacheWrite,
          // Every other cache write comes without its 5m/1h split (priced as 5m, flagged).
          ...(cacheWrite && n % 2 === 0 ? { cache_creation: { ephemeral_5m_input_tokens: cacheWrite - 100, ephemeral_1h_input_tokens: 100 } } : {}),
          server_tool_use: { web_search_requests: n % 7 === 0 ? 2 : 0 },
        },
      });
    }
  }
  return records;
}

const SUMMARY_QUERIES = ["groupBy=day", "groupBy=model", "groupBy=feature", "groupBy=project", "groupBy=service_tier", "groupBy=model&feature=chat", "groupBy=day&project=web"].map(
  (q) => `from=2026-07-01&to=2026-11-23&${q}`,
);
const MONTHS = ["2026-07", "2026-08", "2026-09", "2026-10", "2026-11"];

/** Everything a user reads that retention must not move: summary API answers, reports (JSON), report CSVs, and the summary tables themselves. */
async function figures(t: TestDatabase) {
  const summary = await Promise.all(SUMMARY_QUERIES.map(async (q) => (await summaryApi(req(`http://tally.test/api/v1/summary?${q}`))).json()));
  const reports = await Promise.all(
    MONTHS.flatMap((month) => [{}, { feature: "chat" }, { model: "claude-opus-4-6" }].map(async (filters) => monthlyReportToJson((await getReportForRequest(month, filters))!))),
  );
  const csv = await Promise.all(
    MONTHS.map(async (month) => (await exportCsv(req(`http://tally.test/reports/${month}/export.csv`), { params: Promise.resolve({ month }) })).text()),
  );
  // Every summary table, row for row: retention must not touch any of them.
  const tables: Record<string, string[]> = {};
  for (const table of [...SUMMARY_TABLES.map((t) => t.table), "daily_histograms", "weekly_histograms", ...PROJECTION_TABLES.map((t) => t.table), "dimension_values"]) {
    tables[table] = (await t.db.all(`SELECT * FROM ${table}`)).map((r) => Object.values(r).map(String).join("|")).sort();
  }
  return { summary, reports, csv, tables };
}

async function callCount(t: TestDatabase, where = "1 = 1", params: unknown[] = []): Promise<number> {
  const [row] = await t.db.all(`SELECT COUNT(*) AS n FROM calls WHERE ${where}`, params);
  return Number(row.n);
}

describe.each(PROVIDERS)("retention on %s", (_provider, create) => {
  let t: TestDatabase;
  const records = history();
  const oldCalls = records.filter((r) => (r.timestamp as number) < Date.parse(CUTOFF)).length;

  beforeAll(async () => {
    t = await create();
    req = authedRequest(await tokenFor(t.db));
    process.env.DATABASE_URL = t.url;
    process.env.TALLY_REPORT_TIMEZONE = "UTC";
    expect((await ingestItems(t.db, records, { source: "import" })).accepted).toBe(records.length);
    await closeMonth(t.db, "2026-08", "UTC", NOW);
  });
  afterAll(async () => {
    await stopApp();
    delete process.env.DATABASE_URL;
    delete process.env.TALLY_REPORT_TIMEZONE;
    await t.drop();
  });

  it("deletes the calls before the cutoff in bounded batches and changes no figure a user reads", async () => {
    const before = await figures(t);
    expect(oldCalls).toBeGreaterThan(100);
    // The fixture reaches every warning the report reads from the calls or the summaries.
    expect(before.reports[0].warnings.map((w: { code: string }) => w.code)).toEqual(["unpriced_calls", "cache_split_missing", "priority_tier"]);

    const dry = await tally(["retention", "run", "--dry-run", "--days", String(DAYS), "--at", NOW.toISOString()], { DATABASE_URL: t.url });
    expect(dry.stdout.trim()).toBe(`Would delete ${oldCalls} calls before 2026-10-01T00:00:00Z. Summaries and closed reports are unchanged.`);
    expect(await callCount(t)).toBe(records.length);

    // Each batch commits on its own: another connection sees the calls go 100 at a time.
    const other = openDatabase(t.url);
    const seen: number[] = [];
    const report = await runRetention(t.db, { now: NOW, days: DAYS, timeZone: "UTC", batchSize: 100, afterBatch: async () => void seen.push(await callCount({ ...t, db: other })) });
    await other.close();
    expect([report.deleted, report.batches]).toEqual([oldCalls, Math.ceil(oldCalls / 100)]);
    expect(seen).toEqual(Array.from({ length: report.batches }, (_, i) => records.length - Math.min((i + 1) * 100, oldCalls)));

    expect(await callCount(t, "ts_ms < ?", [BigInt(Date.parse(CUTOFF))])).toBe(0);
    expect(await callCount(t)).toBe(records.length - oldCalls);
    expect((await getRetentionHorizon(t.db))?.toISOString()).toBe(CUTOFF);

    const after = await figures(t);
    expect(after.summary).toEqual(before.summary);
    expect(after.reports).toEqual(before.reports);
    expect(after.csv).toEqual(before.csv);
    expect(after.tables).toEqual(before.tables);
    expect(await getSinceClose(t.db, "2026-08")).toMatchObject({ difference: null, repricings: 0 });

    // Rebuilding the histograms (as after a change of bucket scheme) recounts the days still whole and keeps the others.
    await t.db.run("DELETE FROM meta WHERE key = 'histograms_version'");
    expect(await ensureHistograms(t.db)).toBe(records.length - oldCalls);
    const rebuilt = await figures(t);
    expect([rebuilt.tables.daily_histograms, rebuilt.tables.weekly_histograms]).toEqual([before.tables.daily_histograms, before.tables.weekly_histograms]);
  });

  it("has the pages that list raw calls say so when their range starts before the horizon", async () => {
    const notice = async (from: string) => (await RetentionNotice({ fromMs: Date.parse(`${from}T00:00:00Z`), consequence: "the list starts there." }))?.props.children ?? null;
    expect(await notice("2026-09-15")).toBe("Calls before 2026-10-01 were deleted by retention (TALLY_RETENTION_DAYS): the list starts there.");
    expect(await notice("2026-10-01")).toBeNull();
  });

  it("refuses a re-sent call from before the horizon instead of counting it again", async () => {
    const before = await figures(t);
    const old = records.filter((r) => (r.timestamp as number) < Date.parse(CUTOFF)).slice(0, 2);
    const fresh = { id: "ret_new", timestamp: "2026-11-22T09:00:00Z", model: "claude-haiku-4-5", usage: { input_tokens: 100, output_tokens: 10 } };
    const result = await ingestItems(t.db, [old[0], fresh, old[1]], { source: "api" });
    expect([result.accepted, result.duplicates, result.rejected.map((r) => [r.index, r.id])]).toEqual([1, 0, [[0, old[0].id], [2, old[1].id]]]);
    expect(result.rejected[0].errors[0]).toMatch(/^timestamp: 2026-07-01T01:00:00.000Z is before 2026-10-01T00:00:00.000Z: calls that old were deleted by retention/);
    const after = await figures(t);
    expect(after.reports.slice(0, 9)).toEqual(before.reports.slice(0, 9));
    expect(after.csv.slice(0, 3)).toEqual(before.csv.slice(0, 3));
  });

  it("re-prices only the calls it kept: the deleted months' summaries keep the prices they had", async () => {
    const before = await figures(t);
    const run = await addPriceOverride(t.db, {
      model: "claude-haiku-4-5", effectiveFrom: "2026-07-01", effectiveTo: null, multiplier: "0.5",
      inputUsdPerMTok: null, outputUsdPerMTok: null, cacheWrite5mUsdPerMTok: null, cacheWrite1hUsdPerMTok: null, cacheReadUsdPerMTok: null,
    });
    expect(Number(run.report.calls)).toBe(records.filter((r) => r.model === "claude-haiku-4-5" && (r.timestamp as number) >= Date.parse(CUTOFF)).length + 1);
    const after = await figures(t);
    // July to September (deleted, August closed) unchanged; October and November re-priced.
    const byMonth = (f: typeof before) => f.reports.filter((_, i) => i % 3 === 0).map((r) => r.totalUsd);
    expect(byMonth(after).slice(0, 3)).toEqual(byMonth(before).slice(0, 3));
    expect(byMonth(after)[3]).not.toBe(byMonth(before)[3]);
    for (const table of ["daily_usage", "daily_model", "daily_projection"]) {
      expect(after.tables[table].filter((l) => l.startsWith("2026-09"))).toEqual(before.tables[table].filter((l) => l.startsWith("2026-09")));
    }
  });

  it.runIf(_provider === "postgres")("re-pricing and removing data that meet a call deleted under them leave its summary rows as they were", async () => {
    const day = "2026-11-20";
    const race = (id: string, input: number) => ({ id, timestamp: `${day}T08:00:00Z`, model: "claude-sonnet-4-6", feature: "race", usage: { input_tokens: input, output_tokens: 0 } });
    await ingestItems(t.db, [race("race_a", 100_000), race("race_b", 150_000), race("race_c", 190_000)], { source: "demo" });
    const dayCost = async () => (await t.db.all("SELECT SUM(cost_pico) AS c, SUM(calls) AS n FROM daily_usage WHERE day = ? AND feature = 'race'", [day])).map((r) => [String(r.c), Number(r.n)])[0];
    // Sonnet 4.6 input at $3/MTok: $0.30 + $0.45 + $0.57.
    expect(await dayCost()).toEqual(["1320000000000", 3]);

    /** Deletes `id` in a transaction of its own (as a retention batch does) that commits once `other` waits on it. */
    const deleteUnder = async <T>(id: string, other: () => Promise<T>): Promise<T> => {
      const client = new pg.Client({ connectionString: t.url });
      await client.connect();
      try {
        await client.query("BEGIN");
        await client.query("DELETE FROM calls WHERE id = $1", [id]);
        const running = other();
        for (;;) {
          const { rows } = await client.query("SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'");
          if (rows[0].n > 0) break;
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        await client.query("COMMIT");
        return await running;
      } finally {
        await client.end();
      }
    };

    const { report } = await deleteUnder("race_a", () =>
      addPriceOverride(t.db, {
        model: "claude-sonnet-4-6", effectiveFrom: day, effectiveTo: "2026-11-21", multiplier: "0.5",
        inputUsdPerMTok: null, outputUsdPerMTok: null, cacheWrite5mUsdPerMTok: null, cacheWrite1hUsdPerMTok: null, cacheReadUsdPerMTok: null,
      }),
    );
    // race_a (deleted while being re-priced) keeps its $0.30; race_b and race_c go to half price ($0.225, $0.285).
    expect([Number(report.changedCalls), await dayCost()]).toEqual([2, ["810000000000", 3]]);

    const removed = await deleteUnder("race_b", () => removeDemoData(t.db));
    // Only race_c was removed by the demo removal; race_b, deleted under it, stays counted ($0.30 + $0.225).
    expect([removed, await dayCost()]).toEqual([1, ["525000000000", 2]]);
  });

  it("says so when TALLY_RETENTION_DAYS is not set, and deletes nothing", async () => {
    const count = await callCount(t);
    const run = await tally(["retention", "run"], { DATABASE_URL: t.url });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("TALLY_RETENTION_DAYS is not set, so every call is kept");
    expect(await callCount(t)).toBe(count);
    const real = await tally(["retention", "run", "--at", NOW.toISOString()], { DATABASE_URL: t.url, TALLY_RETENTION_DAYS: String(DAYS) });
    expect(real.stdout.trim()).toBe("Deleted 0 calls before 2026-10-01T00:00:00Z in 0 batches. Summaries and closed reports are unchanged.");
  });
});

describe.each(PROVIDERS)("retention with reports in Europe/Berlin on %s", (_provider, create) => {
  let t: TestDatabase;
  const ZONE = "Europe/Berlin";
  // 21:30 UTC on July 31 is still July in Berlin; 22:30 UTC is August there.
  const records = [
    ...history(),
    { id: "ber_july", timestamp: "2026-07-31T21:30:00Z", model: "claude-haiku-4-5", feature: "edge", usage: { input_tokens: 1000, output_tokens: 100 } },
    { id: "ber_august", timestamp: "2026-07-31T22:30:00Z", model: "claude-haiku-4-5", feature: "edge", usage: { input_tokens: 2000, output_tokens: 100 } },
  ];
  const storedIds = async () => new Set((await t.db.all("SELECT id FROM calls")).map((r) => String(r.id)));
  const berlinReports = async () => Promise.all(MONTHS.map(async (month) => monthlyReportToJson((await getReportForRequest(month, {}))!)));
  const filteredReports = async () => Promise.all(MONTHS.map(async (month) => monthlyReportToJson((await getReportForRequest(month, { feature: "chat" }))!)));

  beforeAll(async () => {
    t = await create();
    req = authedRequest(await tokenFor(t.db));
    await stopApp();
    process.env.DATABASE_URL = t.url;
    process.env.TALLY_REPORT_TIMEZONE = ZONE;
    expect((await ingestItems(t.db, records, { source: "import" })).accepted).toBe(records.length);
    await closeMonth(t.db, "2026-07", ZONE, NOW);
    await closeMonth(t.db, "2026-08", ZONE, NOW);
  });
  afterAll(async () => {
    await stopApp();
    delete process.env.DATABASE_URL;
    delete process.env.TALLY_REPORT_TIMEZONE;
    await t.drop();
  });

  it("keeps the calls of a month until it and the next month are closed there", async () => {
    const reports = await berlinReports();
    const filtered = await filteredReports();
    // July and August closed, September open: July's calls may go, August's stay (September's report compares with them).
    const first = await runRetention(t.db, { now: NOW, days: DAYS, timeZone: ZONE });
    expect(new Date(first.cutoffMs).toISOString()).toBe("2026-07-31T22:00:00.000Z");
    expect(first.heldBack).toEqual({ month: "2026-08", reason: "its calls make up reports in Europe/Berlin, and 2026-09 is not closed" });
    let ids = await storedIds();
    expect([ids.has("ber_july"), ids.has("ber_august"), ids.has("ret_0")]).toEqual([false, true, false]);
    expect(await callCount(t, "ts_ms < ?", [BigInt(first.cutoffMs)])).toBe(0);
    expect(await berlinReports()).toEqual(reports);
    // Filtered views are live, read from the calls: September's and later ones (and their previous months) unchanged.
    expect((await filteredReports()).slice(2)).toEqual(filtered.slice(2));

    await closeMonth(t.db, "2026-09", ZONE, NOW);
    const second = await runRetention(t.db, { now: NOW, days: DAYS, timeZone: ZONE });
    expect(new Date(second.cutoffMs).toISOString()).toBe("2026-08-31T22:00:00.000Z");
    expect(second.heldBack?.month).toBe("2026-09");
    ids = await storedIds();
    expect(ids.has("ber_august")).toBe(false);
    expect(await berlinReports()).toEqual(reports);

    // Reopening September would make its report read August's calls, now gone: refused. October is still live.
    await expect(reopenMonth(t.db, "2026-09", ZONE)).rejects.toThrow(
      "2026-09 stays closed: retention has deleted calls before 2026-08-31 22:00 UTC, and its live report in Europe/Berlin would read the calls of 2026-08 and 2026-09",
    );
    expect(await reopenMonth(t.db, "2026-10", ZONE)).toBe(false);
  });
});
