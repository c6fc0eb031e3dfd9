/**
 * Reconciliation with Anthropic's bill: a month's Admin API cost report (and usage report) against
 * Tally's own totals per day x model x tier x token type, flagged beyond a tolerance with known causes.
 */
import type { Metadata } from "next";
import { ReportsTabs } from "@/components/reports/tabs";
import { connection } from "next/server";
import { CostLinesCard, ImportsList, TotalsKpis, UsageLinesCard } from "@/components/reconciliation/cards";
import { ImportReportForm } from "@/components/reconciliation/import-form";
import { Card, CardHeader } from "@/components/ui/card";
import { CardSlot } from "@/components/ui/card-slot";
import { CardSkeleton, KpiSkeleton, RowsSkeleton } from "@/components/ui/skeleton";
import { readReconciliationQuery } from "@/lib/core/reconciliation-view";
import { now } from "@/lib/server/clock";
import { requirePage } from "@/lib/server/session";

export const metadata: Metadata = { title: "Reconciliation" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function ReconciliationPage({ searchParams }: { searchParams: SearchParams }) {
  await requirePage("/reports/reconciliation");
  await connection();
  const q = readReconciliationQuery(await searchParams, now());
  const query = { month: q.month, tolerance: q.tolerance };
  return (
    <div className="space-y-4 sm:space-y-6">
      <ReportsTabs current="reconciliation" />
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div className="min-w-0">
          <h1 className="text-xl font-semibold tracking-tight text-zinc-900">Reconciliation {q.month}</h1>
          <p className="mt-1 max-w-3xl text-sm text-zinc-600">
            Anthropic&apos;s Admin API cost report against what Tally priced, per UTC day, model, service tier and token type. A line is flagged when it is off
            by more than ${q.tolUsd} and {q.tolPct}% of Anthropic&apos;s amount.
          </p>
        </div>
        <form method="get" className="flex flex-wrap items-end gap-2 text-sm" data-testid="month-form">
          <label className="flex flex-col text-xs text-zinc-600">
            Month
            <input type="month" name="month" defaultValue={q.month} className="rounded-md border border-zinc-300 px-2 py-1 text-sm" />
          </label>
          <label className="flex flex-col text-xs text-zinc-600">
            Tolerance USD
            <input name="tolUsd" defaultValue={q.tolUsd} inputMode="decimal" className="w-20 rounded-md border border-zinc-300 px-2 py-1 text-sm" />
          </label>
          <label className="flex flex-col text-xs text-zinc-600">
            Tolerance %
            <input name="tolPct" defaultValue={q.tolPct} inputMode="decimal" className="w-16 rounded-md border border-zinc-300 px-2 py-1 text-sm" />
          </label>
          <button type="submit" className="rounded-md border border-zinc-300 bg-white px-3 py-1.5 text-sm text-zinc-800 hover:bg-zinc-50">
            Show
          </button>
        </form>
      </div>
      {q.problems.length ? (
        <p role="alert" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900">
          {q.problems.join(" ")}
        </p>
      ) : null}
      <CardSlot title="Totals" fallback={<KpiSkeleton className="h-28" />}>
        <TotalsKpis query={query} />
      </CardSlot>
      <CardSlot title="Cost lines" fallback={<RowsSkeleton title="Cost by day, model, tier and type" />}>
        <CostLinesCard query={query} />
      </CardSlot>
      <CardSlot title="Usage lines" fallback={<CardSkeleton title="Tokens by day, model, tier and type" height="h-32" />}>
        <UsageLinesCard query={query} />
      </CardSlot>
      <Card>
        <CardHeader
          title="Import reports"
          description="JSON pages of GET /v1/organizations/cost_report or /usage_report/messages as the Admin API returns them: one page, an array of pages, or one page per line. Importing a range again replaces it."
        />
        <ImportReportForm />
        <CardSlot title="Imports" fallback={null}>
          <ImportsList query={query} />
        </CardSlot>
      </Card>
    </div>
  );
}
