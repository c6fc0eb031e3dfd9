import type { Metadata } from "next";
import { CallsTable } from "@/components/calls/calls-table";
import { CallsTotals } from "@/components/calls/calls-totals";
import { ExplorerFilters } from "@/components/calls/explorer-filters";
import { DashboardHeader, NoUsageYet } from "@/components/dashboard/page-header";
import { RetentionNotice } from "@/components/dashboard/retention-notice";
import { type SearchParams, loadView, param } from "@/components/dashboard/view";
import { CardSlot } from "@/components/ui/card-slot";
import { CardSkeleton } from "@/components/ui/skeleton";
import { STOP_REASON_CHOICES, explorerParams, hasExplorerFilters, parseExplorerState } from "@/lib/core/calls-view";
import { dashboardHref, dashboardParams } from "@/lib/core/dashboard-url";
import type { CallsQuery } from "@/lib/server/calls-queries";
import { requirePage } from "@/lib/server/session";

export const metadata: Metadata = { title: "Calls" };

export default async function CallsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await requirePage("/calls");
  const view = await loadView(searchParams);
  if (!view.hasUsage) return <NoUsageYet title="Calls" />;
  const params = await searchParams;
  const state = parseExplorerState((name) => param(params, name) || undefined);
  const count = param(params, "count") === "1";
  const query: CallsQuery = { range: view.range, filters: view.filters, explorer: state.filters, sort: state.sort, dir: state.dir };

  // The explorer's filters and sort ride along when the header's range or filters change; the cursor does not.
  const keep = explorerParams(state);
  const base = { ...keep, ...(count ? { count: "1" } : {}) };
  const hrefWith = (extra: Record<string, string | null>) =>
    dashboardHref("/calls", view.range, view.filters, { ...base, ...(state.cursor ? { cursor: state.cursor } : {}), ...extra });
  const backQuery = dashboardParams(view.range, view.filters, { ...base, cursor: state.cursor }).toString();
  const exportHref = dashboardHref("/calls/export", view.range, view.filters, keep);
  const sortOnly = { sort: keep.sort, dir: keep.dir };
  const hidden = Object.fromEntries(dashboardParams(view.range, view.filters, sortOnly));
  const explorerSet = hasExplorerFilters(state.filters) || Object.keys(state.problems).length > 0;
  const orderProblem = [state.problems.sort, state.problems.dir].filter(Boolean).join(" ");

  return (
    <div className="space-y-4 sm:space-y-6">
      <DashboardHeader
        title="Calls"
        path="/calls"
        view={view}
        keep={keep}
        description="Every call with its tokens and exact cost. Open one for its full price breakdown."
        actions={
          <a
            href={exportHref}
            download
            data-testid="export-csv"
            className="inline-flex items-center gap-1.5 rounded-md border border-zinc-200 bg-white px-3 py-1.5 text-sm font-medium text-zinc-700 shadow-xs hover:border-zinc-300 hover:bg-zinc-50"
          >
            <svg viewBox="0 0 20 20" className="size-4 fill-zinc-500" aria-hidden="true">
              <path d="M10 2.5a.9.9 0 0 1 .9.9v7.6l2.5-2.5a.9.9 0 1 1 1.3 1.3l-4 4a.9.9 0 0 1-1.3 0l-4-4a.9.9 0 1 1 1.3-1.3l2.5 2.5V3.4a.9.9 0 0 1 .9-.9ZM3.4 14a.9.9 0 0 1 .9.9v1.3h11.4v-1.3a.9.9 0 1 1 1.8 0v2.2a.9.9 0 0 1-.9.9H3.4a.9.9 0 0 1-.9-.9v-2.2a.9.9 0 0 1 .9-.9Z" />
            </svg>
            Export CSV
          </a>
        }
      />

      <RetentionNotice
        fromMs={Date.parse(`${view.range.from}T00:00:00Z`)}
        consequence="the list and its CSV export start there; totals read from the daily summary still count the deleted calls."
      />

      <ExplorerFilters
        key={JSON.stringify([hidden, state.raw])}
        path="/calls"
        hidden={hidden}
        values={state.raw}
        problems={state.problems}
        stopReasons={STOP_REASON_CHOICES}
        clearHref={explorerSet ? dashboardHref("/calls", view.range, view.filters, sortOnly) : null}
      />

      {orderProblem ? (
        <p role="alert" className="rounded-lg border border-amber-300 bg-amber-50 px-4 py-2.5 text-sm text-amber-950">
          {orderProblem}
        </p>
      ) : null}

      <CardSlot title="Totals" fallback={<div className="h-16 animate-pulse rounded-xl border border-zinc-200 bg-white" aria-hidden="true" />}>
        <CallsTotals query={query} count={count} countHref={hrefWith({ count: "1" })} exportHref={exportHref} />
      </CardSlot>

      <CardSlot title="Calls" fallback={<CardSkeleton title="Calls" height="h-96" />}>
        <CallsTable query={query} cursor={state.cursor} hrefWith={hrefWith} backQuery={backQuery} />
      </CardSlot>
    </div>
  );
}
