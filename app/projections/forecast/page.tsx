/**
 * Where this month's spend is heading: spent so far, projected to month end by weekday with a range,
 * the month by day, and how the same forecast did on past months. Looks from one day (asOf, default
 * yesterday) rather than over a range; the filters apply.
 */
import type { Metadata } from "next";
import { DashboardHeader, NoUsageYet } from "@/components/dashboard/page-header";
import { type SearchParams, loadView, param } from "@/components/dashboard/view";
import { type ForecastQuery, parseForecastDay } from "@/components/projections/data";
import { BacktestCard, ForecastChartCard, ForecastKpis } from "@/components/projections/forecast-cards";
import { ProjectionsTabs } from "@/components/projections/tabs";
import { CardSlot } from "@/components/ui/card-slot";
import { CardSkeleton, KpiSkeleton, RowsSkeleton } from "@/components/ui/skeleton";
import { requirePage } from "@/lib/server/session";

export const metadata: Metadata = { title: "Forecast" };

export default async function ForecastPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await requirePage("/projections/forecast");
  const view = await loadView(searchParams);
  if (!view.hasUsage) return <NoUsageYet title="Forecast" />;
  const params = await searchParams;
  const { asOf, problem } = parseForecastDay(params);
  const query: ForecastQuery = { asOf, filters: view.filters };
  // A range carried from another page is not this page's, but it is kept for the way back.
  const keep = Object.fromEntries(["from", "to"].map((name) => [name, param(params, name)]).filter(([, value]) => value));
  return (
    <div className="space-y-4 sm:space-y-6">
      <ProjectionsTabs />
      <DashboardHeader
        title="Forecast"
        path="/projections/forecast"
        view={view}
        keep={keep}
        asOf={{ day: asOf, max: view.today, problem }}
        description="Where this month's spend is heading at the current pace, day by day, and how well that guess did on past months."
      />
      <CardSlot title="This month" fallback={<KpiSkeleton className="h-28" />}>
        <ForecastKpis query={query} />
      </CardSlot>
      <CardSlot title="The month by day" fallback={<CardSkeleton title="The month by day" height="h-64" />}>
        <ForecastChartCard query={query} />
      </CardSlot>
      <CardSlot title="Backtest" fallback={<RowsSkeleton title="Backtest" />}>
        <BacktestCard query={query} />
      </CardSlot>
    </div>
  );
}
