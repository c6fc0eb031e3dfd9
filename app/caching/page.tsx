import type { Metadata } from "next";
import { CardSlot } from "@/components/ui/card-slot";
import { CardSkeleton, KpiSkeleton } from "@/components/ui/skeleton";
import { DashboardHeader, NoUsageYet } from "@/components/dashboard/page-header";
import { type SearchParams, loadView, param } from "@/components/dashboard/view";
import { CacheKpis } from "@/components/caching/cache-kpis";
import { CacheTableCard } from "@/components/caching/cache-table";
import { type CardQuery, parseRatioSplit } from "@/components/caching/data";
import { HitRatioCard } from "@/components/caching/hit-ratio-card";
import { requirePage } from "@/lib/server/session";

export const metadata: Metadata = { title: "Caching" };

function KpiRowSkeleton() {
  return (
    <div className="grid grid-cols-2 gap-3 sm:gap-4 lg:grid-cols-5">
      <KpiSkeleton className="col-span-2 lg:col-span-1" />
      <KpiSkeleton />
      <KpiSkeleton />
      <KpiSkeleton />
      <KpiSkeleton />
    </div>
  );
}

export default async function CachingPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await requirePage("/caching");
  const params = await searchParams;
  const view = await loadView(Promise.resolve(params));
  if (!view.hasUsage) return <NoUsageYet title="Caching" />;
  const split = parseRatioSplit(param(params, "by"));
  const query: CardQuery = { range: view.range, filters: view.filters };

  return (
    <div className="space-y-4 sm:space-y-6">
      <DashboardHeader
        title="Caching"
        path="/caching"
        view={view}
        keep={split === "feature" ? { by: split } : {}}
        description="How much of each prompt comes from the cache, what that saved against the full input price, what cache writes cost, and where writes are not read back."
      />
      <CardSlot title="Caching totals" fallback={<KpiRowSkeleton />}>
        <CacheKpis query={query} />
      </CardSlot>
      <CardSlot title="Cache hit ratio by day" fallback={<CardSkeleton title="Cache hit ratio by day" height="h-72" />}>
        <HitRatioCard query={query} split={split} />
      </CardSlot>
      <CardSlot title="Caching by feature" fallback={<CardSkeleton title="Caching by feature" height="h-48" />}>
        <CacheTableCard query={query} by="feature" />
      </CardSlot>
      <CardSlot title="Caching by model" fallback={<CardSkeleton title="Caching by model" height="h-32" />}>
        <CacheTableCard query={query} by="model" />
      </CardSlot>
    </div>
  );
}
