import type { Metadata } from "next";
import { connection } from "next/server";
import { Suspense } from "react";
import { CardBoundary } from "@/components/ui/card-boundary";
import { CardSlot } from "@/components/ui/card-slot";
import { CardSkeleton, KpiSkeleton, RowsSkeleton } from "@/components/ui/skeleton";
import { type CardQuery, getOptions } from "@/components/overview/data";
import { DemoBanner, DemoOffer } from "@/components/overview/demo-notice";
import { EmptyOverview } from "@/components/overview/empty-state";
import { type FilterName, FilterBar } from "@/components/overview/filter-bar";
import { CacheHitCard, CacheSavingsCard, CallsCard, SpendCard, TokensCard, UnpricedCard } from "@/components/overview/kpi-cards";
import { SpendByDayCard, SpendByFeatureCard, SpendByModelCard } from "@/components/overview/spend-cards";
import { formatRangeLabel, rangePresets } from "@/lib/core/chart-data";
import { filterValueToParam } from "@/lib/core/filter-values";
import { todayUtc } from "@/lib/server/api-params";
import { parseOverviewQuery } from "@/lib/server/dashboard";
import type { UsageFilters } from "@/lib/server/queries";

export const metadata: Metadata = { title: "Overview" };

type SearchParams = Record<string, string | string[] | undefined>;

const FILTER_FIELDS: [FilterName, keyof UsageFilters, string][] = [
  ["model", "model", "Model"],
  ["feature", "feature", "Feature"],
  ["project", "project", "Project"],
  ["service_tier", "serviceTier", "Tier"],
];

/** The overview URL for a range and filters (empty filters left out). */
function overviewHref(range: { from: string; to: string } | null, filters: UsageFilters): string {
  const params = new URLSearchParams();
  if (range) {
    params.set("from", range.from);
    params.set("to", range.to);
  }
  for (const [name, field] of FILTER_FIELDS) if (filters[field]?.length) params.set(name, filters[field].map(filterValueToParam).join(","));
  const query = params.toString();
  return query ? `/?${query}` : "/";
}

export default async function OverviewPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await connection();
  const { range, filters, rangeProblem } = parseOverviewQuery(await searchParams);
  const { options, hasUsage } = await getOptions();
  if (!hasUsage) return <EmptyOverview />;

  const query: CardQuery = { range, filters };
  const today = todayUtc();
  const presets = rangePresets(today).map((preset) => ({
    id: preset.id,
    label: preset.label,
    href: overviewHref(preset, filters),
    active: preset.from === range.from && preset.to === range.to,
  }));
  const hasFilters = FILTER_FIELDS.some(([, field]) => filters[field]?.length);
  const selected = Object.fromEntries(FILTER_FIELDS.map(([name, field]) => [name, (filters[field] ?? []).map(filterValueToParam).join(",")])) as Record<FilterName, string>;
  const filterSummary = FILTER_FIELDS.filter(([, field]) => filters[field]?.length)
    .map(([, field, label]) => `${label}: ${filters[field]!.join(", ")}`)
    .join(" · ");

  return (
    <div className="space-y-4 sm:space-y-6">
      <CardBoundary title="Demo data">
        <Suspense fallback={null}>
          <DemoBanner />
        </Suspense>
      </CardBoundary>

      <div>
        <h1 className="text-xl font-semibold tracking-tight text-zinc-900">Overview</h1>
        <p className="mt-0.5 text-sm text-zinc-500">
          {formatRangeLabel(range.from, range.to)}
          {filterSummary ? ` · ${filterSummary}` : ""}
        </p>
      </div>

      <FilterBar
        key={overviewHref(range, filters)}
        from={range.from}
        to={range.to}
        today={today}
        selected={selected}
        options={{ model: options.model, feature: options.feature, project: options.project, service_tier: options.serviceTier }}
        presets={presets}
        clearHref={hasFilters ? overviewHref(range, {}) : null}
      />

      {rangeProblem ? (
        <p role="alert" className="rounded-lg border border-amber-300 bg-amber-50 px-4 py-2.5 text-sm text-amber-950">
          {rangeProblem}
        </p>
      ) : null}

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
        <SpendByDayCard query={query} />
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
