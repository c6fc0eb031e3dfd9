/**
 * The job runner across processes, on both databases: runners racing for the same job and period run
 * it exactly once, and a runner killed mid-run (SIGKILL: no cleanup of any kind) leaves the period to the
 * next runner, which runs it to completion.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { periodOf } from "@/lib/core/job-periods";
import { listJobRuns, runJob } from "@/lib/server/jobs";
import { scheduledJobs } from "@/lib/server/schedule";
import { PROVIDERS, type TestDatabase } from "@/tests/helpers/databases";
import { type TsProcess, spawnTs } from "@/tests/helpers/ts-process";

const RACERS = 6;

function worker(t: TestDatabase, period: string, mode: "hold" | "hang" | "quick", file: string): TsProcess {
  return spawnTs("tests/fixtures/job-worker.ts", [t.url, period, mode, file]);
}

/** Waits until no session holds an advisory lock in the database (a killed runner's backend has exited). */
async function advisoryLocksGone(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (;;) {
      const { rows } = await client.query("SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())");
      if (rows[0].n === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  } finally {
    await client.end();
  }
}

describe.each(PROVIDERS)("the job runner on %s", (provider, create) => {
  let t: TestDatabase;
  let dir: string;
  beforeAll(async () => {
    t = await create();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "tally-jobs-"));
  });
  afterAll(async () => {
    await t?.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it(`runs a job once when ${RACERS} processes ask for the same period at the same moment`, async () => {
    const file = path.join(dir, "race.log");
    const racers = Array.from({ length: RACERS }, () => worker(t, "2026-11-23T10:05:00Z", "hold", file));
    for (const r of racers) expect(await r.nextLine()).toBe("ready");
    for (const r of racers) r.child.stdin!.write("go\n");
    // The one that got the job holds it (until told to finish) while every other one answers.
    const first = await Promise.all(racers.map((r) => r.nextLine()));
    expect(first.filter((line) => line === "running")).toHaveLength(1);
    const others = first.filter((line) => line !== "running").map((line) => JSON.parse(line));
    expect(others).toEqual(Array.from({ length: RACERS - 1 }, () => ({ status: "busy", period: "2026-11-23T10:05:00Z" })));
    const winner = racers[first.indexOf("running")];
    winner.child.stdin!.write("finish\n");
    expect(JSON.parse(await winner.nextLine())).toMatchObject({ status: "ran", attempt: 1 });
    for (const r of racers) r.child.stdin!.end();
    expect(await Promise.all(racers.map((r) => r.exited))).toEqual(racers.map(() => 0));

    // Asked again for the same period, later: done, not run.
    const late = worker(t, "2026-11-23T10:05:00Z", "quick", file);
    expect(await late.nextLine()).toBe("ready");
    late.child.stdin!.end("go\n");
    expect(JSON.parse(await late.nextLine())).toEqual({ status: "done", period: "2026-11-23T10:05:00Z" });
    await late.exited;

    const pid = winner.child.pid;
    expect(fs.readFileSync(file, "utf8")).toBe(`${pid} start\n${pid} end\n`);
    const [run] = await listJobRuns(t.db, "test-job");
    expect(run).toMatchObject({ period: "2026-11-23T10:05:00Z", attempts: 1, result: `ran in ${pid}`, lastError: null });
    expect(run.finishedAt).not.toBeNull();
  });

  it("hands the period of a runner killed mid-run to the next runner, which completes it", async () => {
    const file = path.join(dir, "killed.log");
    const period = "2026-11-24T00:00:00Z";
    const doomed = worker(t, period, "hang", file);
    expect(await doomed.nextLine()).toBe("ready");
    doomed.child.stdin!.write("go\n");
    expect(await doomed.nextLine()).toBe("running");
    doomed.child.kill("SIGKILL");
    expect(await doomed.exited).toBe("SIGKILL");
    const [left] = await listJobRuns(t.db, "test-job");
    expect(left).toMatchObject({ period, attempts: 1, finishedAt: null });
    if (provider === "postgres") await advisoryLocksGone(t.url);

    const next = worker(t, period, "quick", file);
    expect(await next.nextLine()).toBe("ready");
    next.child.stdin!.end("go\n");
    expect(await next.nextLine()).toBe("running");
    expect(JSON.parse(await next.nextLine())).toMatchObject({ status: "ran", period, attempt: 2 });
    expect(await next.exited).toBe(0);

    expect(fs.readFileSync(file, "utf8")).toBe(`${doomed.child.pid} start\n${next.child.pid} start\n${next.child.pid} end\n`);
    const [run] = await listJobRuns(t.db, "test-job");
    expect(run).toMatchObject({ period, attempts: 2, result: `ran in ${next.child.pid}` });
    expect(run.finishedAt).not.toBeNull();
  });

  it.runIf(provider === "sqlite")("on SQLite, leaves a claim from another host alone until its lease lapses", async () => {
    const period = "2026-11-25T00:00:00Z";
    const job = { name: "lease-job", run: async () => "ran here" };
    await t.db.run("INSERT INTO job_runs (job, period, started_at_ms, attempts, owner, host, pid, lease_until_ms) VALUES (?, ?, 0, 1, 'elsewhere:1:x', 'elsewhere', 1, ?)", [job.name, period, BigInt(Date.now() + 60_000)]);
    expect(await runJob(t.db, job, { period })).toEqual({ status: "busy", period });
    await t.db.run("UPDATE job_runs SET lease_until_ms = ? WHERE job = ?", [BigInt(Date.now() - 1), job.name]);
    expect(await runJob(t.db, job, { period })).toEqual({ status: "ran", period, attempt: 2, result: "ran here" });
  });

  it("schedules alerts, report delivery, delivery retries and retention, and runs a day's retention once", async () => {
    const jobs = scheduledJobs(t.db, { alertsIntervalSeconds: 300, retentionDays: 400, timeZone: "UTC" });
    expect(jobs.map((j) => [j.job.name, j.everySeconds])).toEqual([["alerts", 300], ["report-delivery", 300], ["alert-deliveries", 60], ["retention", 86_400]]);
    expect(scheduledJobs(t.db, { alertsIntervalSeconds: 0, timeZone: "UTC" })).toEqual([]);
    const retention = jobs[3];
    const now = new Date("2026-11-23T04:00:00Z");
    const period = periodOf(now.getTime(), retention.everySeconds);
    expect(await runJob(t.db, retention.job, { period, now })).toMatchObject({ status: "ran", result: "Deleted 0 calls before 2025-10-19T00:00:00Z in 0 batches. Summaries and closed reports are unchanged." });
    expect(await runJob(t.db, retention.job, { period, now: new Date("2026-11-23T16:00:00Z") })).toEqual({ status: "done", period: "2026-11-23T00:00:00Z" });
  });
});
