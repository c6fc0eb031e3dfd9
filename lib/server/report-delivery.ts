/**
 * Scheduled delivery of the monthly report: once a month has ended in TALLY_REPORT_TIMEZONE (so on the
 * 1st, the first time the schedule runs), its report goes to every destination chosen as a recipient:
 * email with the CSV and PDF attached, a webhook with the report as JSON, Slack with the headline and a
 * link. Each month goes to each destination once (report_deliveries, where a send is claimed before it
 * is made, so concurrent runs never both make it); a failed send is retried on later runs, up to six
 * attempts, 30 minutes apart at least. A closed month sends its frozen figures.
 */
import { settingsOf } from "@/lib/server/alert-destinations";
import { postJson, sendEmail } from "@/lib/server/alert-delivery";
import { htmlEscape } from "@/lib/core/alert-messages";
import { deserializeReport } from "@/lib/core/month-close";
import { formatUsdCents, formatUsdExact } from "@/lib/core/money";
import { type MonthlyReport, lastCompleteMonth, monthLabel, monthlyReportToJson } from "@/lib/core/monthly-report";
import { monthlyReportCsv, reportFilename } from "@/lib/core/monthly-report-csv";
import type { Database } from "@/lib/server/db";
import { getEnv } from "@/lib/server/env";
import { getMonthlyReport } from "@/lib/server/monthly-report";
import { renderMonthlyReportPdf } from "@/lib/server/monthly-report-pdf";

const MAX_ATTEMPTS = 6;
const RETRY_MS = 30 * 60_000;
const TIMEOUT_MS = 20_000;
/** How long past its timeout a claimed send stays claimed, so a crashed process's send comes due again. */
const LEASE_MARGIN_MS = 60_000;

/**
 * Claims the month's send to one destination before it is made, so two processes (two instances, or the
 * server and `tally send-reports`) never both send it: the first send inserts its row, a retry moves
 * the row's next attempt past the send's timeout; whoever changes nothing has lost the claim.
 */
async function claimSend(db: Database, month: string, destinationId: number, hadRow: boolean, now: Date): Promise<boolean> {
  const leaseUntil = new Date(now.getTime() + TIMEOUT_MS + LEASE_MARGIN_MS);
  if (!hadRow) {
    try {
      await db.prisma.reportDelivery.create({ data: { month, destinationId, status: "pending", attempts: 0, nextAttemptAt: leaseUntil } });
      return true;
    } catch (error) {
      if ((error as { code?: unknown }).code === "P2002") return false;
      throw error;
    }
  }
  const { count } = await db.prisma.reportDelivery.updateMany({
    where: { month, destinationId, status: "pending", nextAttemptAt: { lte: now } },
    data: { nextAttemptAt: leaseUntil },
  });
  return count === 1;
}

export async function listReportRecipients(db: Database): Promise<number[]> {
  return (await db.prisma.reportRecipient.findMany({ orderBy: { destinationId: "asc" } })).map((r) => r.destinationId);
}

/** Replaces the set of destinations that receive the monthly report. */
export async function setReportRecipients(db: Database, destinationIds: number[]): Promise<void> {
  const known = new Set((await db.prisma.alertDestination.findMany({ select: { id: true } })).map((d) => d.id));
  const ids = [...new Set(destinationIds)].filter((id) => known.has(id));
  await db.prisma.reportRecipient.deleteMany({ where: { destinationId: { notIn: ids } } });
  for (const id of ids) await db.prisma.reportRecipient.upsert({ where: { destinationId: id }, create: { destinationId: id }, update: {} });
}

async function reportFor(db: Database, month: string, timeZone: string): Promise<MonthlyReport> {
  const closed = await db.prisma.monthClose.findUnique({ where: { month } });
  return closed ? deserializeReport(closed.snapshot) : getMonthlyReport(db, month, timeZone);
}

function headline(report: MonthlyReport): string {
  return `${monthLabel(report.month)}: ${formatUsdCents(report.totalPico)} over ${report.calls.toLocaleString("en-US")} calls`;
}

export interface ReportDeliveryResult {
  month: string;
  sent: string[];
  failed: { destination: string; error: string }[];
}

/** Sends the last complete month's report to each recipient that has not had it yet and is due. */
export async function deliverMonthlyReports(db: Database, now: Date): Promise<ReportDeliveryResult> {
  const env = getEnv();
  const month = lastCompleteMonth(now.getTime(), env.TALLY_REPORT_TIMEZONE);
  const result: ReportDeliveryResult = { month, sent: [], failed: [] };
  const recipients = await listReportRecipients(db);
  if (recipients.length === 0) return result;
  const destinations = await db.prisma.alertDestination.findMany({ where: { id: { in: recipients }, enabled: true }, orderBy: { id: "asc" } });
  const done = new Map((await db.prisma.reportDelivery.findMany({ where: { month } })).map((d) => [d.destinationId, d]));
  const due = destinations.filter((d) => {
    const previous = done.get(d.id);
    return !previous || (previous.status === "pending" && previous.nextAttemptAt <= now);
  });
  if (due.length === 0) return result;

  const report = await reportFor(db, month, env.TALLY_REPORT_TIMEZONE);
  const url = `${env.TALLY_PUBLIC_URL}/reports/${month}`;
  const csv = monthlyReportCsv(report);
  const pdf = await renderMonthlyReportPdf(report);
  const text = [`Tally monthly report, ${headline(report)} (${report.timeZone}).`, "", ...report.narrative, "", `Report: ${url}`].join("\n");

  for (const destination of due) {
    if (!(await claimSend(db, month, destination.id, done.has(destination.id), now))) continue;
    let outcome;
    try {
      const settings = settingsOf(destination);
      if (settings.kind === "email") {
        outcome = await sendEmail(
          settings.config,
          {
            subject: `Tally report: ${headline(report)}`,
            text,
            html: `<p>Tally monthly report, <strong>${htmlEscape(headline(report))}</strong> (${htmlEscape(report.timeZone)}).</p>${report.narrative.map((line) => `<p>${htmlEscape(line)}</p>`).join("")}<p><a href="${htmlEscape(url)}">Open the report</a>; the CSV and PDF are attached.</p>`,
            attachments: [
              { filename: reportFilename(month, "csv"), content: csv, contentType: "text/csv; charset=utf-8" },
              { filename: reportFilename(month, "pdf"), content: pdf, contentType: "application/pdf" },
            ],
          },
          TIMEOUT_MS,
        );
      } else if (settings.kind === "slack") {
        outcome = await postJson(settings.config.url, [], JSON.stringify({ text: `Tally monthly report, ${headline(report)}. ${report.narrative[0] ?? ""} <${url}|Open the report>` }), TIMEOUT_MS, now);
      } else {
        const body = { event: "monthly_report", month, timeZone: report.timeZone, totalUsd: formatUsdExact(report.totalPico), url, csvUrl: `${url}/export.csv`, pdfUrl: `${url}/report.pdf`, report: monthlyReportToJson(report) };
        outcome = await postJson(settings.config.url, settings.config.headers, JSON.stringify(body), TIMEOUT_MS, now);
      }
    } catch (error) {
      outcome = { ok: false as const, permanent: true, status: null, error: error instanceof Error ? error.message : String(error) };
    }
    const attempts = (done.get(destination.id)?.attempts ?? 0) + 1;
    const status = outcome.ok ? "sent" : outcome.permanent || attempts >= MAX_ATTEMPTS ? "failed" : "pending";
    const data = { status, attempts, lastError: outcome.ok ? null : outcome.error.slice(0, 500), nextAttemptAt: new Date(now.getTime() + RETRY_MS), sentAt: outcome.ok ? now : null };
    await db.prisma.reportDelivery.update({ where: { month_destinationId: { month, destinationId: destination.id } }, data });
    if (outcome.ok) result.sent.push(destination.name);
    else result.failed.push({ destination: destination.name, error: outcome.error });
  }
  return result;
}

export async function listReportDeliveries(db: Database, month: string) {
  return db.prisma.reportDelivery.findMany({ where: { month }, orderBy: { destinationId: "asc" } });
}
