/**
 * The server's own alert schedule: evaluate every TALLY_ALERTS_INTERVAL_SECONDS (default 300) and
 * deliver what fired or resolved. Evaluation is idempotent, so a run that overlaps a cron-driven
 * `tally alerts run` fires nothing twice; a run never starts while the previous one is still going, and
 * a failing run is logged and retried at the next tick.
 */
import { deliverAlertChange } from "@/lib/server/alert-notify";
import { evaluateAlerts } from "@/lib/server/alerts";
import type { Database } from "@/lib/server/db";

const globalForSchedule = globalThis as unknown as { tallyAlertTimer?: NodeJS.Timeout };

export function startAlertSchedule(db: Database, intervalSeconds: number, clock: () => Date = () => new Date()): void {
  if (intervalSeconds <= 0 || globalForSchedule.tallyAlertTimer) return;
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      const now = clock();
      const report = await evaluateAlerts(db, now, (change) => deliverAlertChange(db, change, now));
      if (report.fired.length || report.resolved.length) console.log(`Tally alerts: ${report.fired.length} fired, ${report.resolved.length} resolved (day ${report.day}).`);
    } catch (error) {
      console.error(`Tally alerts: evaluation failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      running = false;
    }
  };
  globalForSchedule.tallyAlertTimer = setInterval(tick, intervalSeconds * 1000);
  globalForSchedule.tallyAlertTimer.unref();
}
