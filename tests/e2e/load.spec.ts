/**
 * Ingest under load for a bounded time: many concurrent clients against a server of its own (the suite's
 * build, another port, a SQLite database of its own), batches overlapping on purpose (ids shared between
 * clients). No 5xx, every acknowledged record stored exactly once, duplicates told apart, summaries
 * equal to the calls, and the server's memory bounded. `npm run bench:load` runs the same for longer,
 * on both databases, and prints the figures.
 */
import { expect, test } from "@playwright/test";
import { checkStored, createKeyWithCli, createLoadDatabase, percentile, runIngestLoad, sampleMemory, startServer } from "../helpers/ingest-load";

test("24 clients for 15 s: no 5xx, nothing lost or counted twice, memory steady", async () => {
  test.setTimeout(90_000);
  const database = await createLoadDatabase("sqlite");
  const key = createKeyWithCli(database.url, "load");
  const server = await startServer({ databaseUrl: database.url, port: 3603 });
  const runId = `load${Date.now().toString(36)}`;
  try {
    // Warm the route so the first requests' compilation and price loading are not counted as growth.
    await runIngestLoad({ url: server.url, key, clients: 4, batch: 20, durationMs: 1000, runId: `${runId}warm` });
    const memory = sampleMemory(() => server.rssKb());
    const seen = await runIngestLoad({ url: server.url, key, clients: 24, batch: 100, durationMs: 15_000, runId, sharedPerBatch: 5, sharedPool: 300 });
    const rss = memory.stop();

    expect(seen.serverErrors).toBe(0);
    expect(seen.noAnswer).toBe(0);
    expect(seen.otherStatuses).toEqual({});
    expect(seen.badAnswers).toEqual([]);
    expect(seen.ok).toBeGreaterThan(100);

    const stored = await checkStored(database.url, runId, seen.acknowledged);
    expect(stored.missing).toEqual([]);
    expect(stored.duplicated).toBe(0);
    expect(stored.storedForRun).toBe(seen.acknowledged.size);
    // Each distinct id was accepted once; every other copy of it was answered as a duplicate.
    expect(seen.accepted).toBe(seen.acknowledged.size);
    expect(seen.duplicates).toBe(seen.recordsAcknowledged - seen.acknowledged.size);
    expect(seen.duplicates).toBeGreaterThan(0);
    for (const [table, totals] of Object.entries(stored.summaries)) expect([table, ...totals]).toEqual([table, ...stored.callTotals]);

    // Memory: no growth with the records stored (they are on disk, not in the process).
    const mb = (kb: number) => Math.round(kb / 1024);
    expect(mb(rss.peakKb)).toBeLessThan(1024);
    expect(mb(rss.endKb - rss.startKb)).toBeLessThan(256);
    console.log(
      `load (sqlite): 24 clients, ${seen.seconds.toFixed(1)} s, ${Math.round(seen.recordsAcknowledged / seen.seconds)} records/s, ` +
        `${Math.round(seen.ok / seen.seconds)} requests/s, p50 ${percentile(seen.latenciesMs, 50).toFixed(0)} ms, p99 ${percentile(seen.latenciesMs, 99).toFixed(0)} ms, ` +
        `RSS ${mb(rss.startKb)}/${mb(rss.peakKb)}/${mb(rss.endKb)} MB (start/peak/end)`,
    );
  } finally {
    await server.kill("SIGKILL");
    await database.drop();
  }
});
