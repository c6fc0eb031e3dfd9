/**
 * `tally alerts run [--at ISO]` (for cron) and `tally alerts list [--status S]`. The clock is the
 * machine's unless --at sets it, so a test or a replay can evaluate any moment.
 */
import type { Database } from "@/lib/server/db";
import { type AlertStatus, listAlerts } from "@/lib/server/alerts";
import { runAlertsAndDeliver } from "@/lib/server/alert-notify";

export function parseClock(at: string | undefined): Date {
  if (at === undefined) return new Date();
  const ms = Date.parse(at);
  if (!/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2})?)?$/.test(at) || Number.isNaN(ms)) {
    throw new Error(`--at: "${at}" is not a time; use an ISO time like 2026-11-23T18:00:00Z`);
  }
  return new Date(ms);
}

export async function runAlerts(db: Database, at: string | undefined, out: (line: string) => void): Promise<void> {
  const now = parseClock(at);
  const report = await runAlertsAndDeliver(db, now);
  out(`Evaluated ${report.rules} rule${report.rules === 1 ? "" : "s"} as of ${now.toISOString()} (day ${report.day}): ${report.fired.length} fired, ${report.resolved.length} resolved, ${report.stillOpen} still open.`);
  for (const c of report.fired) out(`fired    #${c.alert.id} ${c.rule.name}: ${c.alert.title}`);
  for (const c of report.resolved) out(`resolved #${c.alert.id} ${c.rule.name}: ${c.alert.title}`);
  const d = report.deliveries;
  if ("error" in d) out(`Deliveries could not be sent this time (${d.error}); the next run retries them.`);
  else if (d.sent + d.retried + d.failed > 0) out(`Deliveries: ${d.sent} sent, ${d.retried} to retry, ${d.failed} failed.`);
}

const STATUSES = ["open", "firing", "acknowledged", "resolved"] as const;

export async function printAlerts(db: Database, status: string | undefined, out: (line: string) => void): Promise<void> {
  if (status !== undefined && !(STATUSES as readonly string[]).includes(status)) throw new Error(`--status: must be one of ${STATUSES.join(", ")}`);
  const alerts = await listAlerts(db, { status: status as AlertStatus | "open" | undefined });
  if (alerts.length === 0) {
    out("No alerts.");
    return;
  }
  for (const a of alerts) out(`#${a.id}  ${a.status.padEnd(12)} ${a.day}  ${a.title}`);
}
