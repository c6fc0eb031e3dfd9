/**
 * Which raw calls retention may delete. Summaries (daily_usage, its rollup, histograms) are never
 * touched by retention, so everything read from them stays exact; only readers of the calls table lose
 * what is deleted. The monthly report in UTC reads summaries only. In any other reporting time zone a
 * month's report reads the calls between its midnights there, so those calls are kept until the month
 * is closed (its report frozen) and the month after it is too (whose report compares with it).
 */
import { type Month, monthOf, monthRangeMs, shiftMonth } from "@/lib/core/monthly-report";

const MS_PER_DAY = 86_400_000;

export interface RetentionCutoffInput {
  nowMs: number;
  /** TALLY_RETENTION_DAYS: calls older than this many days may go. */
  days: number;
  /** TALLY_REPORT_TIMEZONE. */
  timeZone: string;
  /** Months closed (month_closes). */
  closedMonths: ReadonlySet<Month>;
  /** The oldest stored call's time, or null when there is none. */
  oldestCallMs: number | null;
}

export interface RetentionCutoff {
  /** Calls with ts_ms before this are deleted. */
  cutoffMs: number;
  /** What TALLY_RETENTION_DAYS alone asks for: the UTC midnight `days` days before today's. */
  requestedCutoffMs: number;
  /** The first month whose calls are kept although old enough, and why; null when none is. */
  heldBack: { month: Month; reason: string } | null;
}

/**
 * The retention cutoff at `nowMs`: the UTC midnight `days` days before today's (whole UTC days, so the
 * horizon is a date), moved back to the start of the first month, in a non-UTC reporting zone, that
 * must keep its calls because it or the month after it is not closed.
 */
export function retentionCutoff(input: RetentionCutoffInput): RetentionCutoff {
  const requestedCutoffMs = Math.floor(input.nowMs / MS_PER_DAY) * MS_PER_DAY - input.days * MS_PER_DAY;
  if (input.timeZone === "UTC" || input.oldestCallMs === null || input.oldestCallMs >= requestedCutoffMs) {
    return { cutoffMs: requestedCutoffMs, requestedCutoffMs, heldBack: null };
  }
  for (let month = monthOf(input.oldestCallMs, input.timeZone); ; month = shiftMonth(month, 1)) {
    const { startMs } = monthRangeMs(month, input.timeZone);
    if (startMs >= requestedCutoffMs) break;
    const next = shiftMonth(month, 1);
    const open = [month, next].filter((m) => !input.closedMonths.has(m));
    if (open.length > 0) {
      const reason = `its calls make up reports in ${input.timeZone}, and ${open.join(" and ")} ${open.length === 1 ? "is" : "are"} not closed`;
      return { cutoffMs: Math.min(startMs, requestedCutoffMs), requestedCutoffMs, heldBack: { month, reason } };
    }
  }
  return { cutoffMs: requestedCutoffMs, requestedCutoffMs, heldBack: null };
}

/** A horizon as people read it: its UTC date when it is a UTC midnight, else the UTC date and time. */
export function formatHorizon(horizonMs: number): string {
  const iso = new Date(horizonMs).toISOString();
  return horizonMs % MS_PER_DAY === 0 ? iso.slice(0, 10) : `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

/**
 * The notice a page that reads raw calls shows when what it looks at starts before the retention
 * horizon: "Calls before 2026-10-01 were deleted by retention: <consequence>". Null when it does not
 * (or retention never deleted anything).
 */
export function retentionNotice(horizonMs: number | null, rangeStartMs: number, consequence: string): string | null {
  if (horizonMs === null || horizonMs <= 0 || rangeStartMs >= horizonMs) return null;
  return `Calls before ${formatHorizon(horizonMs)} were deleted by retention (TALLY_RETENTION_DAYS): ${consequence}`;
}
