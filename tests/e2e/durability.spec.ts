/**
 * An acknowledged record survives a crash. A server of its own (the suite's build, another port, its own
 * database) takes batches from concurrent clients; in the middle of it the whole server is killed with
 * SIGKILL, restarted on the same database, and every id whose request had answered 200 must be stored
 * exactly once, with every summary table adding up to the calls. SQLite and PostgreSQL.
 */
import { expect, test } from "@playwright/test";
import { checkStored, createKeyWithCli, createLoadDatabase, runIngestLoad, startServer } from "../helpers/ingest-load";

const PORTS = { sqlite: 3601, postgres: 3602 } as const;

for (const provider of ["sqlite", "postgres"] as const) {
  test(`SIGKILL in the middle of ingestion loses no acknowledged record (${provider})`, async () => {
    test.setTimeout(90_000);
    const database = await createLoadDatabase(provider);
    const key = createKeyWithCli(database.url, "durability");
    let server = await startServer({ databaseUrl: database.url, port: PORTS[provider] });
    const runId = `dur${provider}${Date.now().toString(36)}`;
    try {
      // Warm the route first (its first requests compile and load prices), with ids outside the run.
      await runIngestLoad({ url: server.url, key, clients: 2, batch: 10, durationMs: 500, runId: `${runId}warm` });
      const stop = new AbortController();
      let enough: () => void = () => {};
      const acknowledgedEnough = new Promise<void>((resolve) => (enough = resolve));
      const load = runIngestLoad({
        url: server.url,
        key,
        clients: 8,
        batch: 50,
        durationMs: 40_000,
        signal: stop.signal,
        runId,
        onAcknowledged: (ok) => ok >= 60 && enough(),
      });
      // Let acknowledgements pile up, then crash the server while requests are in flight.
      await Promise.race([acknowledgedEnough, new Promise((resolve) => setTimeout(resolve, 20_000))]);
      await server.kill("SIGKILL");
      await new Promise((resolve) => setTimeout(resolve, 300));
      stop.abort();
      const seen = await load;
      expect(seen.ok).toBeGreaterThanOrEqual(60);
      expect(seen.noAnswer).toBeGreaterThan(0);
      expect(seen.serverErrors).toBe(0);

      server = await startServer({ databaseUrl: database.url, port: PORTS[provider] });
      const stored = await checkStored(database.url, runId, seen.acknowledged);
      expect(stored.missing).toEqual([]);
      expect(stored.duplicated).toBe(0);
      // Requests cut off by the kill may have committed without their answer reaching the client: never the other way round.
      expect(stored.storedForRun).toBeGreaterThanOrEqual(seen.acknowledged.size);
      for (const [table, totals] of Object.entries(stored.summaries)) expect([table, ...totals]).toEqual([table, ...stored.callTotals]);

      // Sending an acknowledged batch again after the restart is all duplicates: each record was stored once.
      const again = [...seen.acknowledged].slice(0, 200);
      const response = await fetch(`${server.url}/api/v1/usage`, {
        method: "POST",
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
        body: JSON.stringify(again.map((id) => ({ id, model: "claude-haiku-4-5", usage: { input_tokens: 1, output_tokens: 1 } }))),
      });
      expect(await response.json()).toMatchObject({ accepted: 0, duplicates: again.length });
      console.log(
        `durability (${provider}): ${seen.ok} batches acknowledged (${seen.acknowledged.size} ids) before SIGKILL, ${seen.noAnswer} requests unanswered; ` +
          `after restart ${stored.storedForRun} stored, 0 acknowledged missing, summaries = calls (${stored.callTotals[0]} calls)`,
      );
    } finally {
      await server.kill("SIGKILL");
      await database.drop();
    }
  });
}
