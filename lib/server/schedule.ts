/**
 * The server's own alert schedule: evaluate every TALLY_ALERTS_INTERVAL_SECONDS (default 300) and
 * deliver what fired or resolved. Evaluation is idempotent, so a run that overlaps a cron-driven
 * `tally alerts run` fires nothing twice; a run never starts while the previous one is still going, and
 * a failing run is logged and retried at the next tick. Due deliveries (retries) are also sent every minute.
 */
import { processDeliveries } from "@/lib/server/alert-delivery";
import { runAlertsAndDeliver } from "@/lib/server/alert-notify";
import { deliverMonthlyReports } from "@/lib/server/report-delivery";
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
      const report = await runAlertsAndDeliver(db, now);
      // The monthly report goes out once its month has ended (the 1st); a no-op the rest of the month.
      const reports = await deliverMonthlyReports(db, now).catch((error: unknown) => {
        console.error(`Tally reports: delivery failed: ${error instanceof Error ? error.message : String(error)}`);
        return null;
      });
      if (reports?.sent.length) console.log(`Tally reports: ${reports.month} sent to ${reports.sent.join(", ")}.`);
      if (report.fired.length || report.resolved.length) console.log(`Tally alerts: ${report.fired.length} fired, ${report.resolved.length} resolved (day ${report.day}).`);
    } catch (error) {
      console.error(`Tally alerts: evaluation failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      running = false;
    }
  };
  globalForSchedule.tallyAlertTimer = setInterval(tick, intervalSeconds * 1000);
  globalForSchedule.tallyAlertTimer.unref();
  // Retries come due 1 to 16 minutes apart: send what is due every minute, between evaluations too.
  let sending = false;
  const send = async () => {
    if (sending || running) return;
    sending = true;
    try {
      await processDeliveries(db, clock());
    } catch (error) {
      console.error(`Tally alerts: delivery failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      sending = false;
    }
  };
  setInterval(send, 60_000).unref();
}
