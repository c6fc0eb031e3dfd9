/**
 * `tally retention run [--dry-run] [--at ISO] [--days N] [--batch-size N]`: deletes the calls older than
 * TALLY_RETENTION_DAYS (or --days), as the server's daily retention job does, and prints what it
 * deleted. A real run goes through the job runner under its own period, so it never runs at the same
 * time as an instance's scheduled retention; a dry run only counts.
 */
import { parseClock } from "@/lib/cli/alerts";
import type { Database } from "@/lib/server/db";
import { runJob } from "@/lib/server/jobs";
import { retentionJob } from "@/lib/server/schedule";
import { describeRetention, runRetention } from "@/lib/server/retention";

export interface RetentionCommandOptions {
  dryRun?: boolean;
  at?: string;
  days?: string;
  batchSize?: string;
}

function wholeNumber(flag: string, text: string, max: number): number {
  if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > max) throw new Error(`${flag}: "${text}" must be a whole number from 1 to ${max}`);
  return Number(text);
}

/** Runs retention and prints one line; returns the exit code (1 when retention is not configured, or another run holds it). */
export async function runRetentionCommand(
  db: Database,
  options: RetentionCommandOptions,
  env: { TALLY_RETENTION_DAYS?: number; TALLY_REPORT_TIMEZONE: string },
  out: (line: string) => void,
  err: (line: string) => void,
): Promise<number> {
  const days = options.days !== undefined ? wholeNumber("--days", options.days, 36_500) : env.TALLY_RETENTION_DAYS;
  if (days === undefined) {
    err("tally: TALLY_RETENTION_DAYS is not set, so every call is kept; set it (or pass --days N) to delete older calls.");
    return 1;
  }
  const now = parseClock(options.at);
  const retention = {
    days,
    timeZone: env.TALLY_REPORT_TIMEZONE,
    batchSize: options.batchSize === undefined ? undefined : wholeNumber("--batch-size", options.batchSize, 1_000_000),
  };
  if (options.dryRun) {
    out(describeRetention(await runRetention(db, { ...retention, now, dryRun: true })));
    return 0;
  }
  const outcome = await runJob(db, retentionJob(db, retention), { period: `cli ${new Date().toISOString()}`, now });
  if (outcome.status === "ran") {
    out(outcome.result);
    return 0;
  }
  if (outcome.status === "failed") throw new Error(`retention failed: ${outcome.error}`);
  err("tally: another instance is running retention now; nothing was deleted by this run.");
  return 1;
}
