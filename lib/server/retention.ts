/**
 * Retention: raw calls older than TALLY_RETENTION_DAYS are deleted in bounded batches, each its own
 * transaction, so ingestion waits at most one batch. The summary tables (daily_usage, its rollup,
 * daily_histograms, dimension_values) are left as they are: unlike deleteCalls, which removes data,
 * retention only forgets the detail, so every figure read from the summaries (the dashboard's totals,
 * the summary API, UTC monthly reports, alerts, budgets, reconciliation) stays exact, and closed months
 * keep their snapshots. Which calls may go is decided by lib/core/retention.ts (calls that make up
 * reports in a non-UTC reporting zone wait for their months to be closed).
 *
 * The horizon (meta retention_horizon_ms) is raised in the same transaction as each batch, before the
 * batch deletes: pages that list raw calls say when their range reaches before it, and ingestion
 * refuses calls older than it (one could be a call deleted here, which would be counted twice).
 */
import { type RetentionCutoff, retentionCutoff } from "@/lib/core/retention";
import { type Database, toBigInt } from "@/lib/server/db";
import { RETENTION_HORIZON_KEY } from "@/lib/server/store";

/** Calls deleted per transaction by default. */
export const RETENTION_BATCH = 10_000;

export interface RetentionOptions {
  now: Date;
  /** TALLY_RETENTION_DAYS. */
  days: number;
  /** TALLY_REPORT_TIMEZONE. */
  timeZone: string;
  /** Calls deleted per transaction (default 10,000). */
  batchSize?: number;
  /** Count what would be deleted, delete nothing. */
  dryRun?: boolean;
  /** Called after each batch has committed, with the calls it deleted. */
  afterBatch?: (deleted: number) => Promise<void> | void;
}

export interface RetentionReport extends RetentionCutoff {
  dryRun: boolean;
  /** Calls deleted (or, on a dry run, that would be). */
  deleted: number;
  /** Transactions that deleted calls. */
  batches: number;
}

/** Deletes (or on a dry run counts) the calls older than the retention cutoff at `options.now`. */
export async function runRetention(db: Database, options: RetentionOptions): Promise<RetentionReport> {
  const batchSize = Math.trunc(options.batchSize ?? RETENTION_BATCH);
  if (!(batchSize > 0)) throw new Error(`retention: the batch size must be a positive whole number, got ${options.batchSize}`);
  const [oldest] = await db.all("SELECT MIN(ts_ms) AS ts FROM calls");
  const closed = await db.prisma.monthClose.findMany({ select: { month: true } });
  const cut = retentionCutoff({
    nowMs: options.now.getTime(),
    days: options.days,
    timeZone: options.timeZone,
    closedMonths: new Set(closed.map((c) => c.month)),
    oldestCallMs: oldest?.ts === null || oldest?.ts === undefined ? null : Number(toBigInt(oldest.ts)),
  });
  const cutoff = BigInt(cut.cutoffMs);
  if (options.dryRun) {
    const [row] = await db.all("SELECT COUNT(*) AS n FROM calls WHERE ts_ms < ?", [cutoff]);
    return { ...cut, dryRun: true, deleted: Number(toBigInt(row.n)), batches: 0 };
  }

  // The row exists before any batch runs, so that each batch's update of it takes a lock that
  // concurrent inserts (reading it FOR SHARE) wait on; a row created inside a batch would not be seen.
  await db.run("INSERT INTO meta (key, value) VALUES (?, '0') ON CONFLICT (key) DO NOTHING", [RETENTION_HORIZON_KEY]);
  let deleted = 0;
  let batches = 0;
  for (;;) {
    const count = await db.transaction(async (tx) => {
      await tx.run(
        `UPDATE meta SET value = CASE WHEN CAST(value AS BIGINT) < ? THEN ? ELSE value END WHERE key = ?`,
        [cutoff, String(cut.cutoffMs), RETENTION_HORIZON_KEY],
      );
      // Oldest first, so a run that stops part-way leaves the calls it kept in one piece after those it deleted.
      return tx.run(`DELETE FROM calls WHERE id IN (SELECT id FROM calls WHERE ts_ms < ? ORDER BY ts_ms, id LIMIT ${batchSize})`, [cutoff]);
    });
    if (count === 0) break;
    deleted += count;
    batches++;
    await options.afterBatch?.(count);
    if (count < batchSize) break;
  }
  return { ...cut, dryRun: false, deleted, batches };
}

/** The retention horizon: calls before this time were deleted by retention; null when none ever were. */
export async function getRetentionHorizon(db: Database): Promise<Date | null> {
  const [row] = await db.all("SELECT value FROM meta WHERE key = ?", [RETENTION_HORIZON_KEY]);
  const ms = row ? Number(row.value) : 0;
  return ms > 0 ? new Date(ms) : null;
}

/** One line saying what a retention run did (the CLI and the job runner's record). */
export function describeRetention(report: RetentionReport): string {
  const before = new Date(report.cutoffMs).toISOString().replace(".000Z", "Z");
  const what = report.dryRun
    ? `Would delete ${report.deleted} call${report.deleted === 1 ? "" : "s"} before ${before}`
    : `Deleted ${report.deleted} call${report.deleted === 1 ? "" : "s"} before ${before} in ${report.batches} batch${report.batches === 1 ? "" : "es"}`;
  const held = report.heldBack
    ? `; calls from ${report.heldBack.month} on are kept (${report.heldBack.reason}) although TALLY_RETENTION_DAYS reaches ${new Date(report.requestedCutoffMs).toISOString().slice(0, 10)}`
    : "";
  return `${what}${held}. Summaries and closed reports are unchanged.`;
}
