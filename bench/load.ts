/**
 * Ingest load against a running server (`next start` from the build), on SQLite and PostgreSQL: many
 * concurrent clients POSTing overlapping batches for a fixed time, then the database is read to count
 * what was lost or stored twice, and the summaries are compared with the calls. Prints one row per
 * database: clients, duration, records/s, requests/s, p50/p99 latency, 5xx, lost, duplicated, and the
 * server's resident memory at the start, at its peak and at the end.
 *
 * npm run bench:load -- [--clients 32] [--seconds 60] [--batch 100] [--only sqlite|postgres]
 */
import { markdownTable } from "./table";
import { checkStored, createKeyWithCli, createLoadDatabase, percentile, runIngestLoad, sampleMemory, startServer } from "../tests/helpers/ingest-load";

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const clients = Number(option("clients", "32"));
const seconds = Number(option("seconds", "60"));
const batch = Number(option("batch", "100"));
const only = option("only", "");
const providers = (["sqlite", "postgres"] as const).filter((p) => !only || p === only);

const rows: string[][] = [
  ["database", "clients", "duration s", "records/s", "requests/s", "p50 ms", "p99 ms", "5xx", "lost", "duplicated", "summaries = calls", "RSS start/peak/end MB"],
];
let failed = false;
for (const [i, provider] of providers.entries()) {
  const database = await createLoadDatabase(provider);
  const key = createKeyWithCli(database.url, "bench-load");
  const server = await startServer({ databaseUrl: database.url, port: 3690 + i });
  try {
    const runId = `bench${provider}${Date.now().toString(36)}`;
    await runIngestLoad({ url: server.url, key, clients: 4, batch: 20, durationMs: 2000, runId: `${runId}warm` });
    const memory = sampleMemory(() => server.rssKb(), 500);
    const seen = await runIngestLoad({ url: server.url, key, clients, batch, durationMs: seconds * 1000, runId, sharedPerBatch: 5, sharedPool: 1000 });
    const rss = memory.stop();
    const stored = await checkStored(database.url, runId, seen.acknowledged);
    // Lost: acknowledged and not stored. Duplicated: an id stored twice, or a summary counting a call twice.
    const summariesAgree = Object.values(stored.summaries).every((totals) => totals.join() === stored.callTotals.join());
    const duplicated = stored.duplicated + (seen.accepted - stored.storedForRun > 0 ? seen.accepted - stored.storedForRun : 0);
    const mb = (kb: number) => String(Math.round(kb / 1024));
    rows.push([
      provider === "sqlite" ? "SQLite" : "PostgreSQL",
      String(clients),
      seen.seconds.toFixed(1),
      Math.round(seen.recordsAcknowledged / seen.seconds).toLocaleString("en-US"),
      Math.round(seen.ok / seen.seconds).toLocaleString("en-US"),
      percentile(seen.latenciesMs, 50).toFixed(0),
      percentile(seen.latenciesMs, 99).toFixed(0),
      String(seen.serverErrors),
      String(stored.missing.length),
      String(duplicated),
      summariesAgree ? "yes" : "NO",
      `${mb(rss.startKb)} / ${mb(rss.peakKb)} / ${mb(rss.endKb)}`,
    ]);
    if (seen.serverErrors || stored.missing.length || duplicated || !summariesAgree || seen.noAnswer || seen.badAnswers.length) failed = true;
  } finally {
    await server.kill("SIGTERM");
    await database.drop();
  }
}
console.log(`\nIngest load: ${clients} clients, batches of ${batch} (5 ids of each shared with other clients), ${seconds} s per database\n`);
console.log(markdownTable(rows));
if (failed) {
  console.error("\nSomething was lost, duplicated, refused or inconsistent: see the table.");
  process.exitCode = 1;
}
