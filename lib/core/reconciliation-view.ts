/**
 * The reconciliation page's query (`month`, `tolUsd`, `tolPct`), read leniently: a bad value falls back
 * to its default and is reported, so a mistyped link still shows a page that says what was wrong.
 */
import { parseUsdToPico } from "@/lib/core/money";
import { DEFAULT_TOLERANCE, type Tolerance, percentToBasisPoints } from "@/lib/core/reconcile";

export interface ReconciliationQuery {
  month: string;
  tolerance: Tolerance;
  /** The query as typed, for the form. */
  tolUsd: string;
  tolPct: string;
  problems: string[];
}

/** The month before the one `now` falls in (UTC): the last complete bill. */
export function previousMonth(now: Date): string {
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  return d.toISOString().slice(0, 7);
}

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export function readReconciliationQuery(params: Record<string, string | string[] | undefined>, now: Date): ReconciliationQuery {
  const problems: string[] = [];
  let month = first(params.month) ?? previousMonth(now);
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) {
    problems.push(`"${month}" is not a month (YYYY-MM); showing ${previousMonth(now)}.`);
    month = previousMonth(now);
  }
  let tolUsd = first(params.tolUsd) ?? "0.01";
  let absPico = DEFAULT_TOLERANCE.absPico;
  try {
    absPico = parseUsdToPico(tolUsd);
    if (absPico < 0n) throw new Error("negative");
  } catch {
    problems.push(`Tolerance "${tolUsd}" is not an amount in USD; using 0.01.`);
    tolUsd = "0.01";
    absPico = DEFAULT_TOLERANCE.absPico;
  }
  let tolPct = first(params.tolPct) ?? "1";
  let pctBasisPoints = DEFAULT_TOLERANCE.pctBasisPoints;
  try {
    pctBasisPoints = percentToBasisPoints(tolPct);
  } catch {
    problems.push(`Tolerance "${tolPct}" is not a percentage; using 1.`);
    tolPct = "1";
  }
  return { month, tolerance: { absPico, pctBasisPoints, absTokens: DEFAULT_TOLERANCE.absTokens }, tolUsd, tolPct, problems };
}
