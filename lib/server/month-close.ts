/**
 * Closing a month: its report (all traffic, the reporting time zone) is stored as a snapshot, and from
 * then on the page and the exports show the snapshot. What changed since (history re-priced, late
 * records) is computed against the live figures and shown as a difference, with its likely causes.
 */
import { type CloseDifference, compareWithClose, deserializeReport, serializeReport } from "@/lib/core/month-close";
import { type MonthlyReport, isMonth, monthRangeMs, shiftMonth } from "@/lib/core/monthly-report";
import { formatHorizon } from "@/lib/core/retention";
import { type Database, toBigInt } from "@/lib/server/db";
import { getMonthlyReport } from "@/lib/server/monthly-report";
import { getRetentionHorizon } from "@/lib/server/retention";

export class CloseError extends Error {}

export async function getMonthClose(db: Database, month: string): Promise<{ closedAt: Date; timeZone: string; report: MonthlyReport } | null> {
  const row = await db.prisma.monthClose.findUnique({ where: { month } });
  return row ? { closedAt: row.closedAt, timeZone: row.timeZone, report: deserializeReport(row.snapshot) } : null;
}

/** Freezes a month that has ended in `timeZone`. Throws a CloseError saying why it cannot. */
export async function closeMonth(db: Database, month: string, timeZone: string, now: Date): Promise<{ closedAt: Date; report: MonthlyReport }> {
  if (!isMonth(month)) throw new CloseError(`"${month}" is not a month like 2026-10`);
  if (monthRangeMs(month, timeZone).endMs > now.getTime()) throw new CloseError(`${month} has not ended yet in ${timeZone}`);
  if (await db.prisma.monthClose.findUnique({ where: { month } })) throw new CloseError(`${month} is already closed`);
  const report = await getMonthlyReport(db, month, timeZone);
  await db.prisma.monthClose.create({ data: { month, timeZone, snapshot: serializeReport(report), closedAt: now } });
  return { closedAt: now, report };
}

/**
 * Reopens a closed month: its report is live again. In a non-UTC reporting zone a live report reads the
 * calls of the month and of the month before, so a month is not reopened once retention has deleted
 * calls of either (retention waited for them to be closed): its report would silently lose them.
 */
export async function reopenMonth(db: Database, month: string, timeZone = "UTC"): Promise<boolean> {
  if (timeZone !== "UTC" && isMonth(month)) {
    const horizon = await getRetentionHorizon(db);
    if (horizon && horizon.getTime() > monthRangeMs(shiftMonth(month, -1), timeZone).startMs) {
      throw new CloseError(
        `${month} stays closed: retention has deleted calls before ${formatHorizon(horizon.getTime())}, and its live report in ${timeZone} would read the calls of ${shiftMonth(month, -1)} and ${month}`,
      );
    }
  }
  return (await db.prisma.monthClose.deleteMany({ where: { month } })).count === 1;
}

export interface SinceClose {
  closedAt: Date;
  timeZone: string;
  difference: CloseDifference | null;
  /** Calls of the month stored after it was closed, among the calls retention has kept. */
  lateCalls: number;
  lateCostPico: bigint;
  /** Re-pricing runs since the close (overrides added or removed, a new price book). */
  repricings: number;
}

/** For a closed month: the live figures against the snapshot, and what may explain the difference. */
export async function getSinceClose(db: Database, month: string): Promise<SinceClose | null> {
  const close = await getMonthClose(db, month);
  if (!close) return null;
  const { startMs, endMs } = monthRangeMs(month, close.timeZone);
  const [live, late, repricings] = await Promise.all([
    getMonthlyReport(db, month, close.timeZone),
    db.all("SELECT COUNT(*) AS calls, SUM(cost_pico) AS cost FROM calls WHERE ts_ms >= ? AND ts_ms < ? AND ingested_at_ms > ?", [BigInt(startMs), BigInt(endMs), BigInt(close.closedAt.getTime())]),
    db.prisma.repriceRun.count({ where: { createdAt: { gt: close.closedAt } } }),
  ]);
  return {
    closedAt: close.closedAt,
    timeZone: close.timeZone,
    difference: compareWithClose(close.report, live),
    lateCalls: Number(toBigInt(late[0]?.calls)),
    lateCostPico: toBigInt(late[0]?.cost),
    repricings,
  };
}
