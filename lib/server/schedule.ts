/**
 * The server's scheduled work, each piece a job of lib/server/jobs.ts, so that every period runs once
 * across all instances sharing the database:
 *  - `alerts`: evaluate every rule and deliver what fired or resolved, every TALLY_ALERTS_INTERVAL_SECONDS;
 *  - `report-delivery`: send the monthly report once its month has ended, on the same interval (a no-op
 *    the rest of the month);
 *  - `alert-deliveries`: send the deliveries that came due (retries are 1 to 16 minutes apart), every minute;
 *  - `retention`: delete calls older than TALLY_RETENTION_DAYS, once a UTC day (only when it is set).
 * TALLY_ALERTS_INTERVAL_SECONDS=0 turns the first three off (run `tally alerts run` and `tally
 * send-reports` from cron instead); retention runs whenever it is configured. Each instance ticks on its
 * own; a tick whose period another instance has run, or is running, does nothing. A failing run is
 * logged and its period runs again at the next tick.
 */
import { periodOf } from "@/lib/core/job-periods";
import { processDeliveries } from "@/lib/server/alert-delivery";
import { runAlertsAndDeliver } from "@/lib/server/alert-notify";
import type { Database } from "@/lib/server/db";
import { type Job, runJob } from "@/lib/server/jobs";
import { deliverMonthlyReports } from "@/lib/server/report-delivery";
import { describeRetention, runRetention } from "@/lib/server/retention";

export interface ScheduleConfig {
  /** TALLY_ALERTS_INTERVAL_SECONDS; 0 turns alerts, report delivery and delivery retries off. */
  alertsIntervalSeconds: number;
  /** TALLY_RETENTION_DAYS; unset turns retention off. */
  retentionDays?: number;
  /** TALLY_REPORT_TIMEZONE. */
  timeZone: string;
}

export interface ScheduledJob {
  job: Job;
  /** Length of the job's period: it runs once per slot of this many seconds. */
  everySeconds: number;
  /** How often each instance asks whether the current period still needs running. */
  tickSeconds: number;
}

/** The retention job (the server's daily one and `tally retention run`): it returns one line saying what it deleted. */
export function retentionJob(db: Database, settings: { days: number; timeZone: string; batchSize?: number }): Job {
  return { name: "retention", run: async ({ now }) => describeRetention(await runRetention(db, { ...settings, now })) };
}

/** The jobs the server schedules with this configuration. */
export function scheduledJobs(db: Database, config: ScheduleConfig): ScheduledJob[] {
  const jobs: ScheduledJob[] = [];
  const interval = config.alertsIntervalSeconds;
  if (interval > 0) {
    jobs.push({
      everySeconds: interval,
      tickSeconds: interval,
      job: {
        name: "alerts",
        async run({ now }) {
          const report = await runAlertsAndDeliver(db, now);
          if (report.fired.length || report.resolved.length) console.log(`Tally alerts: ${report.fired.length} fired, ${report.resolved.length} resolved (day ${report.day}).`);
          return `${report.rules} rules as of ${now.toISOString()}: ${report.fired.length} fired, ${report.resolved.length} resolved, ${report.stillOpen} still open`;
        },
      },
    });
    jobs.push({
      everySeconds: interval,
      tickSeconds: interval,
      job: {
        name: "report-delivery",
        async run({ now }) {
          const result = await deliverMonthlyReports(db, now);
          if (result.sent.length) console.log(`Tally reports: ${result.month} sent to ${result.sent.join(", ")}.`);
          for (const f of result.failed) console.error(`Tally reports: ${result.month} could not be sent to ${f.destination}: ${f.error}`);
          return `${result.month}: ${result.sent.length} sent, ${result.failed.length} failed`;
        },
      },
    });
    jobs.push({
      everySeconds: 60,
      tickSeconds: 60,
      job: {
        name: "alert-deliveries",
        async run({ now }) {
          const counts = await processDeliveries(db, now);
          return `${counts.sent} sent, ${counts.retried} to retry, ${counts.failed} failed`;
        },
      },
    });
  }
  if (config.retentionDays !== undefined) {
    const job = retentionJob(db, { days: config.retentionDays, timeZone: config.timeZone });
    jobs.push({
      everySeconds: 86_400,
      tickSeconds: 600,
      job: {
        name: job.name,
        async run(context) {
          const result = await job.run(context);
          console.log(`Tally retention: ${result}`);
          return result;
        },
      },
    });
  }
  return jobs;
}

const globalForSchedule = globalThis as unknown as { tallySchedule?: NodeJS.Timeout[] };

/** Starts the timers of the scheduled jobs, once per process. */
export function startSchedule(db: Database, config: ScheduleConfig, clock: () => Date = () => new Date()): void {
  if (globalForSchedule.tallySchedule) return;
  globalForSchedule.tallySchedule = scheduledJobs(db, config).map(({ job, everySeconds, tickSeconds }) => {
    let running = false;
    const tick = async () => {
      if (running) return;
      running = true;
      try {
        const now = clock();
        const outcome = await runJob(db, job, { period: periodOf(now.getTime(), everySeconds), now });
        if (outcome.status === "failed") console.error(`Tally ${job.name}: the run for ${outcome.period} failed (attempt ${outcome.attempt}): ${outcome.error}`);
      } catch (error) {
        console.error(`Tally ${job.name}: ${error instanceof Error ? error.message : String(error)}`);
      } finally {
        running = false;
      }
    };
    const timer = setInterval(tick, tickSeconds * 1000);
    timer.unref();
    return timer;
  });
}
