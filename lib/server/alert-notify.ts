/**
 * From the evaluator to the destinations: each fired or resolved alert becomes a notice queued for every
 * enabled destination (lib/server/alert-delivery.ts), and `runAlertsAndDeliver` is what the schedule,
 * `tally alerts run`, the API and the page's "Run evaluation now" call: evaluate, then send what is due.
 * Queuing is a database write, so a slow or failing destination never holds up the evaluation; sending
 * failures are retried by later runs and never fail this one.
 */
import type { AlertNotice } from "@/lib/core/alert-messages";
import { type AlertChange, type EvaluationReport, evaluateAlerts } from "@/lib/server/alerts";
import { enqueueNotice, processDeliveries } from "@/lib/server/alert-delivery";
import type { Database } from "@/lib/server/db";
import { getEnv } from "@/lib/server/env";

export function noticeOf(change: AlertChange): AlertNotice {
  const { alert, rule } = change;
  const group = alert.details.group;
  return {
    event: change.event,
    alert: {
      id: alert.id,
      ruleId: rule.id,
      ruleName: rule.name,
      kind: rule.kind,
      status: alert.status,
      title: alert.title,
      summary: alert.summary,
      scope: rule.scope.groupBy === "none" ? null : `${rule.scope.groupBy} ${group === "" ? "(none)" : group}`,
      day: alert.day,
      observed: alert.observed,
      baseline: alert.baseline,
      change: alert.change,
      url: `${getEnv().TALLY_PUBLIC_URL}/alerts/${alert.id}`,
      firedAt: alert.firedAt.toISOString(),
      resolvedAt: alert.resolvedAt?.toISOString() ?? null,
    },
  };
}

export async function deliverAlertChange(db: Database, change: AlertChange, now: Date): Promise<void> {
  await enqueueNotice(db, noticeOf(change), now);
}

export interface RunReport extends EvaluationReport {
  deliveries: { sent: number; retried: number; failed: number } | { error: string };
}

/** Evaluates every rule as of `now`, queues what changed, then sends every due delivery. */
export async function runAlertsAndDeliver(db: Database, now: Date): Promise<RunReport> {
  const report = await evaluateAlerts(db, now, (change) => deliverAlertChange(db, change, now));
  let deliveries: RunReport["deliveries"];
  try {
    deliveries = await processDeliveries(db, now);
  } catch (error) {
    deliveries = { error: error instanceof Error ? error.message : String(error) };
  }
  return { ...report, deliveries };
}
