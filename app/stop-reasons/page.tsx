/**
 * How calls ended: the share of calls cut at max_tokens (answers silently truncated), refused, or
 * paused, over the range, per day and per feature.
 */
import type { Metadata } from "next";
import { DashboardHeader, NoUsageYet } from "@/components/dashboard/page-header";
import { type SearchParams, loadView } from "@/components/dashboard/view";
import type { CardQuery } from "@/components/overview/data";
import { ByFeatureCard, RateKpis, RatesByDayCard } from "@/components/stop-reasons/cards";
import { CardSlot } from "@/components/ui/card-slot";
import { CardSkeleton, KpiSkeleton, RowsSkeleton } from "@/components/ui/skeleton";
import { requirePage } from "@/lib/server/session";

export const metadata: Metadata = { title: "Stop reasons" };

export default async function StopReasonsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await requirePage("/stop-reasons");
  const view = await loadView(searchParams);
  if (!view.hasUsage) return <NoUsageYet title="Stop reasons" />;
  const query: CardQuery = { range: view.range, filters: view.filters };
  return (
    <div className="space-y-4 sm:space-y-6">
      <DashboardHeader
        title="Stop reasons"
        path="/stop-reasons"
        view={view}
        description="A call that ends at max_tokens returns a cut-off answer without an error. These rates show where that, refusals and paused turns happen."
      />
      <CardSlot title="Rates" fallback={<KpiSkeleton className="h-28" />}>
        <RateKpis query={query} />
      </CardSlot>
      <CardSlot title="Rates by day" fallback={<CardSkeleton title="Rates by day" height="h-64" />}>
        <RatesByDayCard query={query} />
      </CardSlot>
      <CardSlot title="By feature" fallback={<RowsSkeleton title="By feature" />}>
        <ByFeatureCard query={query} />
      </CardSlot>
    </div>
  );
}
