/**
 * Ingest under load against a real `next start` server, for the durability and load browser-suite specs
 * and `npm run bench:load`. Node only (child processes, /proc, the database drivers directly), no
 * imports from the app, so Playwright and tsx both run it as it is.
 *
 * - startServer: `next start` from the existing build on a database of the caller's, in a process group
 *   of its own so that kill("SIGKILL") takes down every process serving it at once, as a crash would.
 * - runIngestLoad: concurrent clients POSTing batches of unique ids (plus ids shared between clients, to
 *   exercise deduplication) until a deadline or until stopped; every id whose request answered 200 is
 *   recorded as acknowledged.
 * - checkStored: reads the database afterwards: which acknowledged ids are missing, whether any id is
 *   stored twice, and whether the summary tables add up to the calls.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Sqlite from "better-sqlite3";
import pg from "pg";
import { createEmptyPostgresDatabase } from "./pg-server";

const ROOT = path.resolve(import.meta.dirname, "..", "..");
const NEXT = path.join(ROOT, "node_modules/next/dist/bin/next");


export interface LoadDatabase {
  provider: "sqlite" | "postgres";
  url: string;
  drop(): Promise<void>;
}

/** An empty database (the CLI or the server migrates it): a SQLite file in a temporary folder, or a new PostgreSQL database. */
export async function createLoadDatabase(provider: "sqlite" | "postgres"): Promise<LoadDatabase> {
  if (provider === "sqlite") {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tally-load-"));
    return { provider, url: `file:${path.join(dir, "tally.db")}`, drop: async () => fs.rmSync(dir, { recursive: true, force: true }) };
  }
  return { provider, ...(await createEmptyPostgresDatabase("tally_load")) };
}

/** Creates an ingest key with the CLI (which migrates the database first); returns the key. */
export function createKeyWithCli(databaseUrl: string, name: string): string {
  const out = execFileSync(process.execPath, [path.join(ROOT, "scripts/tally.mjs"), "keys", "create", "--name", name], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl },
    encoding: "utf8",
  });
  return out.trim().split("\n").pop()!;
}

export interface LoadServer {
  url: string;
  pid: number;
  /** Resident memory of every process in the server's group, in KiB (from /proc/<pid>/status). */
  rssKb(): number;
  /** Sends `signal` to the whole process group and waits for the server to be gone. */
  kill(signal: NodeJS.Signals): Promise<void>;
}

async function waitForHealth(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`the server exited with code ${child.exitCode} before answering`);
    try {
      const response = await fetch(`${url}/api/health`);
      await response.body?.cancel();
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`nothing answered at ${url}/api/health within ${timeoutMs} ms`);
}

/** The pids in process group `pgid`, read from /proc. */
function groupPids(pgid: number): number[] {
  const pids: number[] = [];
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // Fields after the command name (which may hold spaces): state, ppid, pgrp.
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(fields[2]) === pgid) pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

function rssOf(pid: number): number {
  try {
    const match = /^VmRSS:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

/** `next start` from the existing build (`npm run build`, or the browser suite's), on `databaseUrl`, with the alert schedule off. */
export async function startServer(options: { databaseUrl: string; port: number; env?: Record<string, string>; timeoutMs?: number }): Promise<LoadServer> {
  if (!fs.existsSync(path.join(ROOT, ".next/BUILD_ID"))) throw new Error("no Next.js build: run `npm run build` first");
  const env = {
    ...process.env,
    DATABASE_URL: options.databaseUrl,
    TALLY_ALERTS_INTERVAL_SECONDS: "0",
    TALLY_ADMIN_PASSWORD: "load test admin passphrase",
    ...options.env,
  };
  const child = spawn(process.execPath, [NEXT, "start", "-p", String(options.port), "-H", "127.0.0.1"], {
    cwd: ROOT,
    env,
    detached: true,
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const url = `http://127.0.0.1:${options.port}`;
  try {
    await waitForHealth(url, child, options.timeoutMs ?? 60_000);
  } catch (error) {
    try {
      process.kill(-child.pid!, "SIGKILL");
    } catch {
      // already gone
    }
    throw new Error(`${error instanceof Error ? error.message : error}\n${stderr}`);
  }
  const pid = child.pid!;
  return {
    url,
    pid,
    rssKb: () => groupPids(pid).reduce((sum, p) => sum + rssOf(p), 0),
    kill: async (signal) => {
      try {
        process.kill(-pid, signal);
      } catch {
        return;
      }
      await exited;
      // Whatever else was in the group goes with it.
      for (let i = 0; i < 50 && groupPids(pid).length > 0; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    },
  };
}

/** A record for `id`: its content follows from the id, so the same id sent by two clients is the same call. */
export function loadRecord(id: string, timestampMs: number): Record<string, unknown> {
  let h = 0;
  for (let i = 0; i < id.length; i++) h = (h * 31 + id.charCodeAt(i)) >>> 0;
  return {
    id,
    timestamp: new Date(timestampMs).toISOString(),
    model: ["claude-sonnet-4-6", "claude-haiku-4-5", "claude-opus-4-6"][h % 3],
    feature: `feature-${h % 5}`,
    project: `project-${h % 3}`,
    stop_reason: h % 7 === 0 ? "max_tokens" : "end_turn",
    latency_ms: 200 + (h % 2000),
    usage: { input_tokens: 100 + (h % 5000), output_tokens: 10 + (h % 800), cache_read_input_tokens: h % 4 === 0 ? 1000 : 0 },
  };
}

export interface LoadOptions {
  url: string;
  key: string;
  clients: number;
  /** Records per request. */
  batch: number;
  /** The run ends at this time after the start; or earlier, when `signal` aborts. */
  durationMs: number;
  signal?: AbortSignal;
  /** Prefix of every id this run sends, so runs never collide. */
  runId: string;
  /** Each batch also carries this many ids drawn from a pool shared by all clients (default 2). */
  sharedPerBatch?: number;
  /** Size of the shared pool (default 200). */
  sharedPool?: number;
  /** The records' timestamp (default now). */
  timestampMs?: number;
  /** Called after each 200, with how many requests have been answered 200 so far. */
  onAcknowledged?: (ok: number) => void;
}

export interface LoadResult {
  clients: number;
  seconds: number;
  requests: number;
  /** Requests answered 200. */
  ok: number;
  /** Requests answered with a 5xx. */
  serverErrors: number;
  /** Other answers that were not 200, by status. */
  otherStatuses: Record<string, number>;
  /** Requests that got no answer (connection refused or reset: the server was killed). */
  noAnswer: number;
  /** Distinct ids acknowledged by a 200. */
  acknowledged: Set<string>;
  /** Records in 200 answers: accepted + duplicates. */
  recordsAcknowledged: number;
  accepted: number;
  duplicates: number;
  /** 200 answers whose counts did not add up to the batch, or that rejected records. */
  badAnswers: string[];
  latenciesMs: number[];
}

/** Runs the clients until the deadline or the signal; returns what they saw. */
export async function runIngestLoad(options: LoadOptions): Promise<LoadResult> {
  const sharedPerBatch = options.sharedPerBatch ?? 2;
  const sharedPool = options.sharedPool ?? 200;
  const timestampMs = options.timestampMs ?? Date.now();
  const result: LoadResult = {
    clients: options.clients,
    seconds: 0,
    requests: 0,
    ok: 0,
    serverErrors: 0,
    otherStatuses: {},
    noAnswer: 0,
    acknowledged: new Set(),
    recordsAcknowledged: 0,
    accepted: 0,
    duplicates: 0,
    badAnswers: [],
    latenciesMs: [],
  };
  const started = performance.now();
  const deadline = started + options.durationMs;
  const stopped = () => options.signal?.aborted || performance.now() >= deadline;
  let random = 12345;
  const nextRandom = () => (random = (random * 1103515245 + 12345) % 2147483648);

  await Promise.all(
    Array.from({ length: options.clients }, async (_, client) => {
      for (let seq = 0; !stopped(); seq++) {
        const ids = Array.from({ length: options.batch - sharedPerBatch }, (_, i) => `${options.runId}_c${client}_${seq}_${i}`);
        for (let i = 0; i < sharedPerBatch; i++) ids.push(`${options.runId}_shared_${nextRandom() % sharedPool}`);
        const unique = [...new Set(ids)];
        const body = JSON.stringify(unique.map((id, i) => loadRecord(id, timestampMs + i)));
        const t0 = performance.now();
        let status = 0;
        let answer: { accepted?: number; duplicates?: number; rejected?: unknown[] } | null = null;
        try {
          const response = await fetch(`${options.url}/api/v1/usage`, {
            method: "POST",
            body,
            headers: { authorization: `Bearer ${options.key}`, "content-type": "application/json" },
          });
          status = response.status;
          answer = status === 200 ? await response.json() : (await response.body?.cancel(), null);
        } catch {
          status = 0;
        }
        result.requests += 1;
        if (status === 200 && answer) {
          result.latenciesMs.push(performance.now() - t0);
          result.ok += 1;
          options.onAcknowledged?.(result.ok);
          for (const id of unique) result.acknowledged.add(id);
          const accepted = answer.accepted ?? 0;
          const duplicates = answer.duplicates ?? 0;
          result.accepted += accepted;
          result.duplicates += duplicates;
          result.recordsAcknowledged += accepted + duplicates;
          if (accepted + duplicates !== unique.length || (answer.rejected?.length ?? 0) > 0) {
            result.badAnswers.push(`client ${client} batch ${seq}: ${JSON.stringify(answer).slice(0, 300)}`);
          }
        } else if (status === 0) {
          result.noAnswer += 1;
          // The server is gone: wait a little rather than spin on refused connections.
          await new Promise((resolve) => setTimeout(resolve, 20));
        } else if (status >= 500) {
          result.serverErrors += 1;
        } else {
          result.otherStatuses[status] = (result.otherStatuses[status] ?? 0) + 1;
        }
      }
    }),
  );
  result.seconds = (performance.now() - started) / 1000;
  return result;
}

export interface StoredCheck {
  /** Acknowledged ids not in `calls`. */
  missing: string[];
  /** Rows in `calls` for the run beyond one per id (the primary key should make this 0). */
  duplicated: number;
  /** Calls stored for the run (acknowledged or not: a request cut off by the kill may have committed). */
  storedForRun: number;
  /** Each summary table's totals next to the calls' own: table -> [calls, cost, input, output] as strings. */
  summaries: Record<string, string[]>;
  callTotals: string[];
}

const SUMMARY_TABLES = ["daily_usage", "daily_model_feature", "daily_model", "daily_feature"];
const TOTALS = "COUNT(*) AS calls, SUM(cost_pico) AS cost, SUM(input_tokens) AS input, SUM(output_tokens) AS output";
const SUMMED = "SUM(calls) AS calls, SUM(cost_pico) AS cost, SUM(input_tokens) AS input, SUM(output_tokens) AS output";

/** What the database holds for the run, read directly: missing acknowledged ids, duplicates, summary totals vs the calls'. */
export async function checkStored(databaseUrl: string, runId: string, acknowledged: Iterable<string>): Promise<StoredCheck> {
  const like = `${runId}\\_%`;
  let query: (sql: string, params?: unknown[]) => Promise<Record<string, unknown>[]>;
  let close: () => Promise<void>;
  if (databaseUrl.startsWith("file:")) {
    const db = new Sqlite(databaseUrl.slice("file:".length));
    db.defaultSafeIntegers(true);
    query = async (sql, params = []) => db.prepare(sql).all(...params) as Record<string, unknown>[];
    close = async () => {
      db.close();
    };
  } else {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    let n = 0;
    query = async (sql, params = []) => (await client.query(sql.replace(/\?/g, () => `$${++n}`), params)).rows;
    close = () => client.end();
  }
  try {
    const ids = new Set<string>();
    const rows = await query("SELECT id FROM calls WHERE id LIKE ? ESCAPE '\\'", [like]);
    for (const row of rows) ids.add(String(row.id));
    const missing = [...acknowledged].filter((id) => !ids.has(id));
    const line = (r: Record<string, unknown>) => [r.calls, r.cost, r.input, r.output].map((v) => String(v ?? 0));
    const callTotals = line((await query(`SELECT ${TOTALS} FROM calls`))[0]);
    const summaries: Record<string, string[]> = {};
    for (const table of SUMMARY_TABLES) summaries[table] = line((await query(`SELECT ${SUMMED} FROM ${table}`))[0]);
    return { missing, duplicated: rows.length - ids.size, storedForRun: ids.size, summaries, callTotals };
  } finally {
    await close();
  }
}

/** The p-th percentile (0 to 100) of `values`, nearest rank. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** Samples `read()` every `everyMs` until stopped: start, peak, end. */
export function sampleMemory(read: () => number, everyMs = 250): { stop(): { startKb: number; peakKb: number; endKb: number; samples: number[] } } {
  const samples = [read()];
  const timer = setInterval(() => samples.push(read()), everyMs);
  return {
    stop() {
      clearInterval(timer);
      samples.push(read());
      return { startKb: samples[0], peakKb: Math.max(...samples), endKb: samples.at(-1)!, samples };
    },
  };
}
