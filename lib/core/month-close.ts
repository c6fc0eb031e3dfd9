/**
 * Month close: a closed month's report is frozen as a snapshot, and what happened since (re-pricing,
 * late records) is shown as a difference against it, never folded in silently. Pure: the snapshot is
 * the report itself, kept exactly (bigints included) as JSON text, and the difference compares two reports.
 */
import { DIMENSIONS, type Dimension, type MonthlyReport } from "./monthly-report";

/** The report as JSON text with its bigints kept exactly ({"$bigint": "123"}). */
export function serializeReport(report: MonthlyReport): string {
  return JSON.stringify(report, (_key, value) => (typeof value === "bigint" ? { $bigint: value.toString() } : value));
}

export function deserializeReport(text: string): MonthlyReport {
  return JSON.parse(text, (_key, value) =>
    value !== null && typeof value === "object" && !Array.isArray(value) && Object.keys(value).length === 1 && typeof value.$bigint === "string" ? BigInt(value.$bigint) : value,
  ) as MonthlyReport;
}

export interface LineDifference {
  dimension: Dimension;
  key: string;
  label: string;
  closedPico: bigint;
  nowPico: bigint;
  differencePico: bigint;
}

export interface CloseDifference {
  closedTotalPico: bigint;
  nowTotalPico: bigint;
  differencePico: bigint;
  closedCalls: number;
  nowCalls: number;
  /** Lines whose spend moved, largest move first, per dimension. */
  lines: LineDifference[];
}

/** What the live figures say now against the snapshot; null when nothing moved. */
export function compareWithClose(closed: MonthlyReport, now: MonthlyReport): CloseDifference | null {
  const lines: LineDifference[] = [];
  for (const dimension of DIMENSIONS) {
    const before = new Map(closed.lines[dimension].map((l) => [l.key, l]));
    const after = new Map(now.lines[dimension].map((l) => [l.key, l]));
    for (const key of new Set([...before.keys(), ...after.keys()])) {
      const closedPico = before.get(key)?.costPico ?? 0n;
      const nowPico = after.get(key)?.costPico ?? 0n;
      if (closedPico !== nowPico) lines.push({ dimension, key, label: (after.get(key) ?? before.get(key))!.label, closedPico, nowPico, differencePico: nowPico - closedPico });
    }
  }
  if (lines.length === 0 && closed.totalPico === now.totalPico && closed.calls === now.calls) return null;
  const size = (d: bigint) => (d < 0n ? -d : d);
  lines.sort((a, b) => DIMENSIONS.indexOf(a.dimension) - DIMENSIONS.indexOf(b.dimension) || (size(b.differencePico) > size(a.differencePico) ? 1 : size(b.differencePico) < size(a.differencePico) ? -1 : 0));
  return { closedTotalPico: closed.totalPico, nowTotalPico: now.totalPico, differencePico: now.totalPico - closed.totalPico, closedCalls: closed.calls, nowCalls: now.calls, lines };
}
