import type { Metadata } from "next";
import { Suspense } from "react";
import { CardBoundary } from "@/components/ui/card-boundary";
import { CardSlot } from "@/components/ui/card-slot";
import { CardSkeleton, KpiSkeleton, RowsSkeleton } from "@/components/ui/skeleton";
import { type CardQuery, SPEND_SPLITS } from "@/components/overview/data";
import { DemoBanner, DemoOffer } from "@/components/overview/demo-notice";
import { EmptyOverview } from "@/components/overview/empty-state";
import { CacheHitCard, CacheSavingsCard, CallsCard, SpendCard, TokensCard, UnpricedCard } from "@/components/overview/kpi-cards";
import { SpendByDayCard, SpendByFeatureCard, SpendByModelCard } from "@/components/overview/spend-cards";
import { DashboardHeader } from "@/components/dashboard/page-header";
import { type SearchParams, loadView, param } from "@/components/dashboard/view";
import { TopMoversCard } from "@/components/overview/top-movers";
import { requirePage } from "@/lib/server/session";

export const metadata: Metadata = { title: "Overview" };

export default async function OverviewPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await requirePage("/");
  const view = await loadView(searchParams);
  if (!view.hasUsage) return <EmptyOverview />;
  const query: CardQuery = { range: view.range, filters: view.filters };
  const splitParam = param(await searchParams, "split");
  const split = SPEND_SPLITS.find((s) => s.id === splitParam)?.id ?? "model";

  return (
    <div className="space-y-4 sm:space-y-6">
      <CardBoundary title="Demo data">
        <Suspense fallback={null}>
          <DemoBanner />
        </Suspense>
      </CardBoundary>

      <DashboardHeader title="Overview" path="/" view={view} keep={split === "model" ? {} : { split }} />

      <div className="grid grid-cols-2 gap-3 sm:gap-4 lg:grid-cols-5">
        <CardSlot title="Spend" fallback={<KpiSkeleton className="h-full" />} className="col-span-2 lg:col-span-1">
          <SpendCard query={query} />
        </CardSlot>
        <CardSlot title="Calls" fallback={<KpiSkeleton className="h-full" />}>
          <CallsCard query={query} />
        </CardSlot>
        <CardSlot title="Cache hit ratio" fallback={<KpiSkeleton className="h-full" />}>
          <CacheHitCard query={query} />
        </CardSlot>
        <CardSlot title="Saved by caching" fallback={<KpiSkeleton className="h-full" />}>
          <CacheSavingsCard query={query} />
        </CardSlot>
        <CardSlot title="Unpriced calls" fallback={<KpiSkeleton className="h-full" />}>
          <UnpricedCard query={query} />
        </CardSlot>
      </div>

      <CardSlot title="Tokens" fallback={<CardSkeleton title="Tokens" height="h-20" />}>
        <TokensCard query={query} />
      </CardSlot>

      <CardSlot title="Spend by day" fallback={<CardSkeleton title="Spend by day" height="h-72" />}>
        <SpendByDayCard query={query} split={split} />
      </CardSlot>

      <CardSlot title="Top movers" fallback={<RowsSkeleton title="Top movers" />}>
        <TopMoversCard query={query} />
      </CardSlot>

      <div className="grid gap-4 lg:grid-cols-2">
        <CardSlot title="Spend by model" fallback={<RowsSkeleton title="Spend by model" />}>
          <SpendByModelCard query={query} />
        </CardSlot>
        <CardSlot title="Spend by feature" fallback={<RowsSkeleton title="Spend by feature" />}>
          <SpendByFeatureCard query={query} />
        </CardSlot>
      </div>

      <CardBoundary title="Demo data">
        <Suspense fallback={null}>
          <DemoOffer />
        </Suspense>
      </CardBoundary>
    </div>
  );
}
