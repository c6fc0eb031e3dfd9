/**
 * The monthly finance report: a month's spend in the reporting time zone against the month before,
 * by project, feature and model, with warnings, a narrative and CSV and PDF exports of the same figures.
 * Filters (project=, feature=, model=, service_tier=) narrow it, as on every page.
 */
import type { Metadata } from "next";
import Link from "next/link";
import { connection } from "next/server";
import { notFound } from "next/navigation";
import type { SearchParams } from "@/components/dashboard/view";
import { ReportBudgets } from "@/components/budgets/report-budgets";
import { ReportsTabs } from "@/components/reports/tabs";
import { BreakdownCard, MoversCard, ReportKpis, ReportNarrative, ReportWarnings } from "@/components/reports/report-view";
import { DIMENSIONS, monthLabel, monthRangeMs, priceBookLabel, shiftMonth } from "@/lib/core/monthly-report";
import { getReportForRequest } from "@/lib/server/monthly-report";
import { getApp } from "@/lib/server/app";
import { now } from "@/lib/server/clock";
import { getSinceClose } from "@/lib/server/month-close";
import { CloseMonthForm } from "@/components/reports/close-month";
import { SinceCloseNotice } from "@/components/reports/since-close";
import { ReportRecipients } from "@/components/reports/report-recipients";
import { requirePage } from "@/lib/server/session";

export async function generateMetadata({ params }: { params: Promise<{ month: string }> }): Promise<Metadata> {
  const { month } = await params;
  return { title: `Report ${month}` };
}

function queryString(params: SearchParams): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) for (const v of [value ?? []].flat()) search.append(name, v);
  const text = search.toString();
  return text ? `?${text}` : "";
}

export default async function ReportPage({ params, searchParams }: { params: Promise<{ month: string }>; searchParams: Promise<SearchParams> }) {
  await requirePage("/reports");
  await connection();
  const { month } = await params;
  const query = queryString(await searchParams);
  const report = await getReportForRequest(month, await searchParams);
  if (!report) notFound();
  const { db } = await getApp();
  const unfiltered = !Object.values(report.filters).some((values) => values.length);
  const since = unfiltered ? await getSinceClose(db, report.month) : null;
  const ended = monthRangeMs(report.month, report.timeZone).endMs <= now().getTime();
  const scope = Object.entries(report.filters).map(([name, values]) => `${name} ${values.join(", ")}`);
  const linkClass = "inline-flex items-center rounded-md border border-zinc-300 bg-white px-3 py-1.5 text-sm font-medium text-zinc-800 hover:bg-zinc-50";

  return (
    <div className="space-y-4 sm:space-y-6">
      <ReportsTabs current="report" />
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div className="min-w-0">
          <h1 className="text-xl font-semibold tracking-tight text-zinc-900">Monthly report</h1>
          <p className="mt-0.5 text-lg text-zinc-700" data-testid="report-month">
            {monthLabel(report.month)}
          </p>
          <p className="mt-1 text-sm break-words text-zinc-500">
            Time zone <span data-testid="report-timezone">{report.timeZone}</span> · price book{" "}
            <span data-testid="report-price-book">{priceBookLabel(report.priceBook)}</span>
            {scope.length ? <> · {scope.join("; ")}</> : null}
          </p>
        </div>
        <nav aria-label="Report" className="flex flex-wrap gap-2 print:hidden">
          <Link href={`/reports/${shiftMonth(report.month, -1)}${query}`} className={linkClass} prefetch={false}>
            ← {shiftMonth(report.month, -1)}
          </Link>
          <Link href={`/reports/${shiftMonth(report.month, 1)}${query}`} className={linkClass} prefetch={false}>
            {shiftMonth(report.month, 1)} →
          </Link>
          <a href={`/reports/${report.month}/export.csv${query}`} download className={linkClass} data-testid="report-csv">
            Download CSV
          </a>
          <a href={`/reports/${report.month}/report.pdf${query}`} download className={linkClass} data-testid="report-pdf">
            Download PDF
          </a>
        </nav>
      </div>
      {since ? <SinceCloseNotice since={since} /> : null}
      {unfiltered && (since || ended) ? <CloseMonthForm month={report.month} closed={since !== null} /> : null}
      <ReportKpis report={report} />
      <ReportWarnings report={report} />
      <ReportNarrative report={report} />
      <ReportBudgets month={report.month} />
      {DIMENSIONS.map((dimension) => (
        <BreakdownCard key={dimension} report={report} dimension={dimension} />
      ))}
      <MoversCard report={report} />
      {unfiltered ? <ReportRecipients month={report.month} /> : null}
    </div>
  );
}
