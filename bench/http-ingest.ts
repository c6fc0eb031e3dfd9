/**
 * Ingest over HTTP: records POSTed in batches to a running Tally (`next start`) on loopback by several
 * clients at once, as app instances would send them. Records per second from the first request to the
 * last answer; every record is checked to have been accepted.
 */
import os from "node:os";
import path from "node:path";
import fs from "node:fs";
import { createPostgresDatabase } from "@/tests/helpers/databases";
import { startTally } from "./tally-server";

export interface HttpIngestResult {
  records: number;
  seconds: number;
  recordsPerSecond: number;
}

export async function httpIngest(options: {
  provider: "sqlite" | "postgres";
  records: Record<string, unknown>[];
  batch: number;
  concurrency: number;
  port: number;
}): Promise<HttpIngestResult> {
  let databaseUrl: string;
  let cleanup: () => Promise<void>;
  if (options.provider === "sqlite") {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tally-bench-http-"));
    databaseUrl = `file:${path.join(dir, "tally.db")}`;
    cleanup = async () => fs.rmSync(dir, { recursive: true, force: true });
  } else {
    const t = await createPostgresDatabase();
    await t.db.close();
    databaseUrl = t.url;
    cleanup = () => t.drop();
  }
  const server = await startTally({ databaseUrl, port: options.port });
  try {
    // Bodies are serialised before the clock starts: the measurement is the server's, not JSON.stringify's.
    const bodies: string[] = [];
    for (let i = 0; i < options.records.length; i += options.batch) bodies.push(JSON.stringify(options.records.slice(i, i + options.batch)));
    const post = (body: string) =>
      fetch(`${server.url}/api/v1/usage`, { method: "POST", body, headers: { authorization: `Bearer ${server.key}`, "content-type": "application/json" } });
    // Warm the route (compilation of its first request, prices, statements) with one small batch of other ids.
    await (await post(JSON.stringify(options.records.slice(0, 10).map((r, i) => ({ ...r, id: `warm_${i}` }))))).json();
    let next = 0;
    let accepted = 0;
    const start = process.hrtime.bigint();
    await Promise.all(
      Array.from({ length: options.concurrency }, async () => {
        while (next < bodies.length) {
          const body = bodies[next++];
          const response = await post(body);
          if (!response.ok) throw new Error(`POST /api/v1/usage answered ${response.status}: ${await response.text()}`);
          const result = (await response.json()) as { accepted: number; duplicates: number; rejected: { errors: string[] }[] };
          if (result.rejected.length) throw new Error(`records rejected: ${result.rejected[0].errors.join("; ")}`);
          if (result.duplicates) throw new Error(`${result.duplicates} records of a batch were already stored`);
          accepted += result.accepted;
        }
      }),
    );
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    if (accepted !== options.records.length) throw new Error(`accepted ${accepted} of ${options.records.length} records`);
    return { records: accepted, seconds, recordsPerSecond: accepted / seconds };
  } finally {
    server.stop();
    await new Promise((resolve) => server.process.once("exit", resolve));
    await cleanup();
  }
}
