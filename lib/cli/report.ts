/**
 * `tally report [--month YYYY-MM] [--csv FILE] [--pdf FILE]`: prints the monthly report's totals and
 * breakdowns and writes the same CSV and PDF the page offers. The month follows TALLY_REPORT_TIMEZONE;
 * without --month, the last complete month there.
 */
import fs from "node:fs";
import { formatUsdCents, formatUsdExact } from "@/lib/core/money";
import { DIMENSIONS, isMonth, lastCompleteMonth, monthLabel, priceBookLabel } from "@/lib/core/monthly-report";
import { monthlyReportCsv } from "@/lib/core/monthly-report-csv";
import type { Database } from "@/lib/server/db";
import { getMonthlyReport } from "@/lib/server/monthly-report";
import { renderMonthlyReportPdf } from "@/lib/server/monthly-report-pdf";
import type { UsageFilters } from "@/lib/server/queries";

export interface ReportOptions {
  month?: string;
  csv?: string;
  pdf?: string;
}

export async function runReport(db: Database, options: ReportOptions, timeZone: string, filters: UsageFilters, out: (line: string) => void): Promise<void> {
  const month = options.month ?? lastCompleteMonth(Date.now(), timeZone);
  if (!isMonth(month)) throw new Error(`--month: "${month}" is not a month; use YYYY-MM, like 2026-10`);
  const report = await getMonthlyReport(db, month, timeZone, filters);
  out(`${monthLabel(month)} (${month}, time zone ${report.timeZone}), price book ${priceBookLabel(report.priceBook)}`);
  out(`Total: ${formatUsdCents(report.totalPico)} ($${formatUsdExact(report.totalPico)}) over ${report.calls} calls`);
  out(`Previous month: ${formatUsdCents(report.previousTotalPico)}; change ${formatUsdCents(report.changePico)} (${report.change.label})`);
  for (const sentence of report.narrative) out(`  ${sentence}`);
  for (const w of report.warnings) out(`Warning: ${w.message}`);
  for (const dimension of DIMENSIONS) {
    out(`By ${dimension}:`);
    for (const l of report.lines[dimension]) out(`  ${l.label.padEnd(32)} ${formatUsdCents(l.costPico).padStart(14)}  ${l.change.label}`);
  }
  if (options.csv) {
    fs.writeFileSync(options.csv, monthlyReportCsv(report));
    out(`Wrote ${options.csv}`);
  }
  if (options.pdf) {
    fs.writeFileSync(options.pdf, await renderMonthlyReportPdf(report));
    out(`Wrote ${options.pdf}`);
  }
}
