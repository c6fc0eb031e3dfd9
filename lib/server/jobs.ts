/**
 * The job runner: scheduled work (alert evaluation, report delivery, delivery retries, retention) runs
 * once per period across every instance sharing the database, and a runner that dies mid-run leaves
 * the period to the next runner.
 *
 *  - PostgreSQL: a session-level advisory lock per job (`pg_try_advisory_lock`) on a pooled connection
 *    held for the whole run and unlocked after it. A dead instance's connection drops, which releases
 *    the lock: there is no lease to wait out.
 *  - SQLite (one file, usually one server plus an occasional CLI): a claim on the job's row in
 *    `job_runs`, taken in a write transaction (BEGIN IMMEDIATE, so two claims serialise), renewed while
 *    the job runs, and lapsing when it is not renewed or when its process, on this host, is gone.
 *
 * Both record each period in `job_runs`; a period with finished_at_ms set is never run again, one without
 * it (the runner died or the job failed) runs again, from the start, when a runner next asks for it. So
 * a job's own writes must be transactional or idempotent: alert evaluation opens each alert once (a
 * unique open key), deliveries are claimed row by row before they are sent, retention deletes in
 * batches that each commit on their own and can be repeated.
 */
import crypto from "node:crypto";
import os from "node:os";
import type { Database, Executor } from "@/lib/server/db";
import { toBigInt } from "@/lib/server/db";

export interface Job {
  /** Stable name: the lock's key and job_runs.job. */
  name: string;
  /** Does the work of `period`; returns what it did in one line. Throwing leaves the period to run again. */
  run(context: { period: string; now: Date }): Promise<string>;
}

export type JobOutcome =
  | { status: "ran"; period: string; attempt: number; result: string }
  /** A runner already finished this period. */
  | { status: "done"; period: string }
  /** Another runner is running this job now. */
  | { status: "busy"; period: string }
  | { status: "failed"; period: string; attempt: number; error: string };

export interface RunJobOptions {
  period: string;
  /** The job's clock (alerts and reports are judged as of it); default the machine's. */
  now?: Date;
  /** SQLite: how long a claim lasts unless renewed (renewed every third of it). Default 60 s. */
  leaseMs?: number;
}

/** Finished (or abandoned) periods older than this are deleted when the job next finishes. */
const KEEP_RUNS_MS = 30 * 86_400_000;
const DEFAULT_LEASE_MS = 60_000;

/** Who runs a job now, as stored in job_runs.owner: host, pid and a token unique to this run. */
function newOwner(): { owner: string; host: string; pid: number } {
  const host = os.hostname();
  return { owner: `${host}:${process.pid}:${crypto.randomUUID()}`, host, pid: process.pid };
}

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function errorText(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).slice(0, 500);
}

/**
 * Runs `job` for `options.period` unless a runner already finished that period or another runner is
 * running the job now. Never throws for the job's own failure: it comes back as `failed` and the period
 * stays open for the next runner.
 */
export async function runJob(db: Database, job: Job, options: RunJobOptions): Promise<JobOutcome> {
  const now = options.now ?? new Date();
  return db.dialect === "postgres" ? runUnderAdvisoryLock(db, job, options.period, now) : runUnderLease(db, job, options.period, now, options.leaseMs ?? DEFAULT_LEASE_MS);
}

async function isFinished(tx: Executor, job: string, period: string): Promise<boolean> {
  const [row] = await tx.all("SELECT finished_at_ms FROM job_runs WHERE job = ? AND period = ?", [job, period]);
  return row !== undefined && row.finished_at_ms !== null;
}

/** Records that `owner` starts `period` (again); returns the attempt number. */
async function recordStart(tx: Executor, job: string, period: string, who: ReturnType<typeof newOwner>, leaseUntilMs: number | null): Promise<number> {
  const [row] = await tx.all(
    `INSERT INTO job_runs (job, period, started_at_ms, attempts, owner, host, pid, lease_until_ms) VALUES (?, ?, ?, 1, ?, ?, ?, ?)
     ON CONFLICT (job, period) DO UPDATE SET started_at_ms = excluded.started_at_ms, attempts = job_runs.attempts + 1,
       owner = excluded.owner, host = excluded.host, pid = excluded.pid, lease_until_ms = excluded.lease_until_ms
     RETURNING attempts`,
    [job, period, BigInt(Date.now()), who.owner, who.host, who.pid, leaseUntilMs === null ? null : BigInt(leaseUntilMs)],
  );
  return Number(toBigInt(row.attempts));
}

/** Runs the job and records how it ended, as `owner`; the caller holds the job. */
async function runAndRecord(db: Database, job: Job, period: string, now: Date, owner: string, attempt: number): Promise<JobOutcome> {
  let result: string;
  try {
    result = await job.run({ period, now });
  } catch (error) {
    const message = errorText(error);
    await db.run("UPDATE job_runs SET last_error = ?, owner = NULL, lease_until_ms = NULL WHERE job = ? AND period = ? AND owner = ?", [message, job.name, period, owner]);
    return { status: "failed", period, attempt, error: message };
  }
  const finishedMs = Date.now();
  await db.run(
    "UPDATE job_runs SET finished_at_ms = ?, result = ?, last_error = NULL, owner = NULL, lease_until_ms = NULL WHERE job = ? AND period = ? AND owner = ?",
    [BigInt(finishedMs), result.slice(0, 500), job.name, period, owner],
  );
  await db.run("DELETE FROM job_runs WHERE job = ? AND period <> ? AND started_at_ms < ?", [job.name, period, BigInt(finishedMs - KEEP_RUNS_MS)]);
  return { status: "ran", period, attempt, result };
}

async function runUnderAdvisoryLock(db: Database, job: Job, period: string, now: Date): Promise<JobOutcome> {
  const client = await db.pool!.connect();
  // A checked-out client that loses its connection emits "error"; without a listener that ends the process.
  let broken = false;
  const onError = () => {
    broken = true;
  };
  client.on("error", onError);
  const key = `tally.job:${job.name}`;
  try {
    const { rows } = await client.query("SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS locked", [key]);
    if (!rows[0].locked) return { status: "busy", period };
    try {
      if (await isFinished(db, job.name, period)) return { status: "done", period };
      const who = newOwner();
      const attempt = await recordStart(db, job.name, period, who, null);
      return await runAndRecord(db, job, period, now, who.owner, attempt);
    } finally {
      await client.query("SELECT pg_advisory_unlock(hashtextextended($1, 0))", [key]).catch(() => {
        broken = true;
      });
    }
  } finally {
    client.off("error", onError);
    // A connection that could not unlock is closed rather than returned: closing it releases the lock.
    client.release(broken);
  }
}

async function runUnderLease(db: Database, job: Job, period: string, now: Date, leaseMs: number): Promise<JobOutcome> {
  const who = newOwner();
  const claim = await db.transaction(async (tx): Promise<JobOutcome | { status: "claimed"; attempt: number }> => {
    if (await isFinished(tx, job.name, period)) return { status: "done", period };
    const wallMs = Date.now();
    const holders = await tx.all("SELECT host, pid, lease_until_ms FROM job_runs WHERE job = ? AND owner IS NOT NULL AND finished_at_ms IS NULL", [job.name]);
    const alive = holders.some((h) => {
      if (h.lease_until_ms === null || toBigInt(h.lease_until_ms) <= BigInt(wallMs)) return false;
      // A claim whose process has gone from this machine lapses at once: SIGKILL, a crash, a closed terminal.
      return !(h.host === who.host && h.pid !== null && !processExists(Number(toBigInt(h.pid))));
    });
    if (alive) return { status: "busy", period };
    return { status: "claimed", attempt: await recordStart(tx, job.name, period, who, wallMs + leaseMs) };
  });
  if (claim.status !== "claimed") return claim;
  const renew = setInterval(() => {
    db.run("UPDATE job_runs SET lease_until_ms = ? WHERE job = ? AND period = ? AND owner = ?", [BigInt(Date.now() + leaseMs), job.name, period, who.owner]).catch(
      (error: unknown) => console.error(`Tally jobs: could not renew the claim on ${job.name} ${period}: ${errorText(error)}`),
    );
  }, Math.max(1, Math.floor(leaseMs / 3)));
  renew.unref();
  try {
    return await runAndRecord(db, job, period, now, who.owner, claim.attempt);
  } finally {
    clearInterval(renew);
  }
}

export interface JobRunRow {
  job: string;
  period: string;
  startedAt: Date;
  finishedAt: Date | null;
  attempts: number;
  result: string | null;
  lastError: string | null;
}

/** The recorded periods of `job`, latest first. */
export async function listJobRuns(db: Database, job: string, limit = 20): Promise<JobRunRow[]> {
  const rows = await db.all(
    `SELECT job, period, started_at_ms, finished_at_ms, attempts, result, last_error FROM job_runs WHERE job = ? ORDER BY period DESC LIMIT ${Math.trunc(limit)}`,
    [job],
  );
  return rows.map((r) => ({
    job: String(r.job),
    period: String(r.period),
    startedAt: new Date(Number(toBigInt(r.started_at_ms))),
    finishedAt: r.finished_at_ms === null ? null : new Date(Number(toBigInt(r.finished_at_ms))),
    attempts: Number(toBigInt(r.attempts)),
    result: (r.result as string | null) ?? null,
    lastError: (r.last_error as string | null) ?? null,
  }));
}
