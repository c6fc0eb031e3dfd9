/**
 * Several app instances on one PostgreSQL: 4 processes ingest overlapping batches (the same message ids
 * sent by 2 to 4 of them, in different orders) at the same moment. Every id is stored once, each
 * process is told exactly which of its records were new, every summary table (daily_usage and its
 * rollups, daily and weekly histograms, the projection summary, the filter values) equals the calls to
 * the pico-dollar, and no transaction deadlocked.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { sendersOf } from "@/tests/fixtures/overlapping-batches";
import { type Database, openDatabase } from "@/lib/server/db";
import { migrateDatabase } from "@/lib/server/migrate";
import { type TestDatabase, createEmptyPostgresDatabase, createPostgresDatabase } from "@/tests/helpers/databases";
import { SUMMARY_TABLES, dimensionsVsLedger, histogramsVsLedger, projectionVsLedger, summaryVsLedger, weeklyHistogramsVsLedger } from "@/tests/helpers/ledger";
import { spawnTs } from "@/tests/helpers/ts-process";

const WORKERS = 4;
const RECORDS = 20_000;
const BATCH = 500;

interface WorkerTotals {
  sent: number;
  accepted: number;
  duplicates: number;
  rejected: number;
  failedBatches: number;
  errors: string[];
}

/** Deadlocks PostgreSQL detected in the database; read once every other session has gone (a backend reports its counts as it exits). */
async function deadlocksAfterOthersLeft(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (;;) {
      const { rows } = await client.query("SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()");
      if (rows[0].n === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const { rows } = await client.query("SELECT deadlocks::int AS n FROM pg_stat_database WHERE datname = current_database()");
    return rows[0].n;
  } finally {
    await client.end();
  }
}

describe("4 instances ingesting overlapping batches into one PostgreSQL", () => {
  let database: { url: string; drop: () => Promise<void> };
  let db: Database;
  let totals: WorkerTotals[];
  let sentPerRecord = 0;
  let deadlocks: number;

  beforeAll(async () => {
    database = await createEmptyPostgresDatabase("tally_multi");
    await migrateDatabase(database.url);
    for (let n = 0; n < RECORDS; n++) sentPerRecord += sendersOf(n, WORKERS).length;
    const workers = Array.from({ length: WORKERS }, (_, worker) =>
      spawnTs("tests/fixtures/ingest-worker.ts", [database.url, String(worker), String(WORKERS), String(RECORDS), String(BATCH)]),
    );
    for (const w of workers) expect(await w.nextLine()).toBe("ready");
    for (const w of workers) w.child.stdin!.write("go\n");
    totals = await Promise.all(workers.map(async (w) => JSON.parse(await w.nextLine()) as WorkerTotals));
    expect(await Promise.all(workers.map((w) => w.exited))).toEqual([0, 0, 0, 0]);
    // Read before this process opens its own connections, so the count is the workers' alone.
    deadlocks = await deadlocksAfterOthersLeft(database.url);
    db = openDatabase(database.url);
  }, 240_000);

  afterAll(async () => {
    await db?.close();
    await database?.drop();
  });

  it("sends many ids from several processes at once", () => {
    expect(totals.map((w) => w.sent).reduce((a, b) => a + b)).toBe(sentPerRecord);
    // About half the records each, and about half the records sent more than once.
    for (const w of totals) expect(w.sent).toBeGreaterThan(RECORDS / 2 - 1000);
    expect(sentPerRecord - RECORDS).toBeGreaterThan(RECORDS * 0.9);
  });

  it("stores every distinct id once and tells the processes exactly which records were new", async () => {
    for (const w of totals) expect({ failedBatches: w.failedBatches, errors: w.errors, rejected: w.rejected }).toEqual({ failedBatches: 0, errors: [], rejected: 0 });
    const [row] = await db.all("SELECT COUNT(*) AS calls, COUNT(DISTINCT id) AS ids FROM calls");
    expect(Number(row.calls)).toBe(RECORDS);
    expect(Number(row.ids)).toBe(RECORDS);
    expect(totals.reduce((sum, w) => sum + w.accepted, 0)).toBe(RECORDS);
    expect(totals.reduce((sum, w) => sum + w.duplicates, 0)).toBe(sentPerRecord - RECORDS);
  });

  it("leaves daily_usage, its rollups, the histograms and the projection summary equal to the stored calls, every column exact", async () => {
    const usage = await summaryVsLedger(db, "daily_usage");
    expect(usage.stored.length).toBeGreaterThan(100);
    expect(usage.stored).toEqual(usage.ledger);
    for (const { table } of SUMMARY_TABLES.slice(1)) {
      const rollup = await summaryVsLedger(db, table);
      expect({ table, rows: rollup.stored }).toEqual({ table, rows: rollup.ledger });
    }
    const histograms = await histogramsVsLedger(db);
    expect(histograms.stored).toEqual(histograms.ledger);
    const weekly = await weeklyHistogramsVsLedger(db);
    expect(weekly.stored).toEqual(weekly.ledger);
    const projection = await projectionVsLedger(db);
    expect(projection.stored.length).toBeGreaterThan(100);
    expect(projection.stored).toEqual(projection.ledger);
    const dimensions = await dimensionsVsLedger(db);
    expect(dimensions.stored).toEqual(dimensions.ledger);
  });

  it("ran without a single deadlock", () => {
    expect(deadlocks).toBe(0);
  });
});

describe("a PostgreSQL transaction chosen as a deadlock victim", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createPostgresDatabase();
    await t.db.run("INSERT INTO meta (key, value) VALUES ('deadlock_a', ''), ('deadlock_b', '')");
  });
  afterAll(async () => {
    await t?.drop();
  });

  it("is run again and commits, so both transactions' writes land exactly once", async () => {
    // Each transaction locks one row, waits until the other has locked the other row, then asks for it:
    // a deadlock PostgreSQL breaks by rolling one back. The retried run does not wait again.
    const runs = { first: 0, second: 0 };
    const locked: (() => void)[] = [];
    const bothLocked = new Promise<void>((resolve) => {
      let count = 0;
      locked.push(() => ++count === 2 && resolve(), () => ++count === 2 && resolve());
    });
    const transaction = (name: "first" | "second", rows: [string, string], mark: string, signal: () => void) =>
      t.db.transaction(async (tx) => {
        runs[name]++;
        await tx.run("UPDATE meta SET value = value || ? WHERE key = ?", [mark, rows[0]]);
        if (runs[name] === 1) {
          signal();
          await bothLocked;
        }
        await tx.run("UPDATE meta SET value = value || ? WHERE key = ?", [mark, rows[1]]);
      });
    await Promise.all([
      transaction("first", ["deadlock_a", "deadlock_b"], "1", locked[0]),
      transaction("second", ["deadlock_b", "deadlock_a"], "2", locked[1]),
    ]);
    expect(runs.first + runs.second).toBe(3);
    const values = await t.db.all("SELECT key, value FROM meta WHERE key LIKE 'deadlock_%' ORDER BY key");
    expect(values.map((r) => [...String(r.value)].sort().join(""))).toEqual(["12", "12"]);
  });
});
