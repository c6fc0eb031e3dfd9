import type { Metadata } from "next";
import Link from "next/link";
import { DashboardHeader, NoUsageYet } from "@/components/dashboard/page-header";
import { type SearchParams, loadView, param } from "@/components/dashboard/view";
import { ModelMixBar, Sparkline } from "@/components/features/mini-charts";
import { SortHeader } from "@/components/features/sort-header";
import { type CardQuery, getDayUsage, getGroups, getOptions, getPairs, previousQuery } from "@/components/overview/data";
import { Card, CardHeader } from "@/components/ui/card";
import { CardSlot } from "@/components/ui/card-slot";
import { DeltaBadge, previousPeriodLabel } from "@/components/ui/delta-badge";
import { RowsSkeleton } from "@/components/ui/skeleton";
import { assignModelColors, formatInteger, formatPercent, rangeLength } from "@/lib/core/chart-data";
import { dashboardHref } from "@/lib/core/dashboard-url";
import { FEATURE_SORTS, type FeatureSort, TRUNCATION_WARNING, buildFeatureRows, sortFeatureRows } from "@/lib/core/features-view";
import { filterValueToParam } from "@/lib/core/filter-values";
import { formatCount, formatUsdExact, formatUsdShort } from "@/lib/core/money";

export const metadata: Metadata = { title: "Features" };

const COLUMNS: { sort: FeatureSort; label: string }[] = [
  { sort: "spend", label: "Spend" },
  { sort: "calls", label: "Calls" },
  { sort: "per-call", label: "Cost per call" },
];

async function FeaturesTable({ query, sort, dir }: { query: CardQuery; sort: FeatureSort; dir: "asc" | "desc" }) {
  const [current, previous, daily, pairs, { options }] = await Promise.all([
    getGroups(query, "feature"),
    getGroups(previousQuery(query), "feature"),
    getDayUsage(query, "feature"),
    getPairs(query, "feature", "model"),
    getOptions(),
  ]);
  const rows = sortFeatureRows(
    buildFeatureRows({ range: query.range, current, previous, daily, pairs, modelColors: assignModelColors(options.model) }),
    sort,
    dir,
  );
  const period = previousPeriodLabel(rangeLength(query.range));
  const sortHref = (column: FeatureSort) =>
    dashboardHref("/features", query.range, query.filters, { sort: column === "spend" ? null : column, dir: column === sort && dir === "desc" ? "asc" : null });
  const featureHref = (key: string) => dashboardHref(`/features/${encodeURIComponent(filterValueToParam(key))}`, query.range, { ...query.filters, feature: [] });

  return (
    <Card data-testid="features-table" aria-labelledby="features-heading">
      <CardHeader
        id="features-heading"
        title={`${rows.length} ${rows.length === 1 ? "feature" : "features"}`}
        description={`Changes compare with the ${period}. Truncation: calls that ended at max_tokens.`}
      />
      {rows.length === 0 ? (
        <p className="px-5 py-10 text-center text-sm text-zinc-500">No calls in this range.</p>
      ) : (
        <div className="mt-3 overflow-x-auto">
          <table className="w-full min-w-[56rem] text-sm">
            <thead className="border-y border-zinc-100 bg-zinc-50 text-xs text-zinc-500">
              <tr>
                <th scope="col" className="px-3 py-2 text-left font-medium sm:pl-5">
                  Feature
                </th>
                {COLUMNS.map((c) => (
                  <SortHeader key={c.sort} label={c.label} active={sort === c.sort} dir={dir} href={sortHref(c.sort)} />
                ))}
                <th scope="col" className="px-3 py-2 text-left font-medium">
                  Daily spend
                </th>
                <th scope="col" className="px-3 py-2 text-left font-medium">
                  Model mix
                </th>
                <th scope="col" className="px-3 py-2 text-right font-medium">
                  Cache hit
                </th>
                <SortHeader label="Truncated" active={sort === "truncation"} dir={dir} href={sortHref("truncation")} />
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-100">
              {rows.map((row) => {
                const warn = row.truncationRate !== null && row.truncationRate > TRUNCATION_WARNING;
                return (
                  <tr key={row.key} data-testid={`feature-row-${row.key}`} className="align-top hover:bg-zinc-50/60">
                    <th scope="row" className="max-w-56 px-3 py-2.5 text-left font-medium sm:pl-5">
                      <Link href={featureHref(row.key)} className="block truncate text-zinc-900 hover:text-accent-700 hover:underline" title={row.label}>
                        {row.label}
                      </Link>
                    </th>
                    <td className="px-3 py-2.5 text-right tabular-nums" data-testid="spend" data-exact={formatUsdExact(row.costPico)}>
                      <span className="font-semibold text-zinc-900" title={`$${formatUsdExact(row.costPico)} exactly`}>
                        {formatUsdShort(row.costPico)}
                      </span>
                      <span className="block text-xs">
                        <DeltaBadge delta={row.spendChange} meaning="up-is-bad" previous={`$${formatUsdExact(row.previousCostPico)}`} period={period} />
                      </span>
                    </td>
                    <td className="px-3 py-2.5 text-right tabular-nums text-zinc-700" data-testid="calls" data-exact={String(row.calls)} title={`${formatInteger(row.calls)} calls`}>
                      {formatCount(row.calls)}
                    </td>
                    <td
                      className="px-3 py-2.5 text-right tabular-nums"
                      data-testid="per-call"
                      data-exact={row.perCallPico === null ? "" : formatUsdExact(row.perCallPico)}
                    >
                      <span className="text-zinc-900" title={row.perCallPico === null ? undefined : `$${formatUsdExact(row.perCallPico)} per call (rounded down to the pico-dollar)`}>
                        {row.perCallPico === null ? "—" : formatUsdShort(row.perCallPico)}
                      </span>
                      <span className="block text-xs">
                        <DeltaBadge
                          delta={row.perCallChange}
                          meaning="up-is-bad"
                          previous={row.previousPerCallPico === null ? "no calls" : `$${formatUsdExact(row.previousPerCallPico)} per call`}
                          period={period}
                        />
                      </span>
                    </td>
                    <td className="px-3 py-2.5">
                      <Sparkline values={row.sparkline} label={row.label} />
                    </td>
                    <td className="px-3 py-2.5">
                      <ModelMixBar mix={row.mix} />
                    </td>
                    <td className="px-3 py-2.5 text-right tabular-nums text-zinc-700" data-testid="hit-ratio">
                      {formatPercent(row.hitRatio)}
                    </td>
                    <td
                      className={`px-3 py-2.5 text-right tabular-nums ${warn ? "font-medium text-amber-700" : "text-zinc-700"}`}
                      data-testid="truncation"
                      data-exact={String(row.truncationRate ?? "")}
                      title={warn ? "More than 5% of answers were cut at max_tokens" : undefined}
                    >
                      {formatPercent(row.truncationRate)}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}

export default async function FeaturesPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const view = await loadView(searchParams);
  if (!view.hasUsage) return <NoUsageYet title="Features" />;
  const params = await searchParams;
  const sort = FEATURE_SORTS.find((s) => s === param(params, "sort")) ?? "spend";
  const dir = param(params, "dir") === "asc" ? "asc" : "desc";
  const query: CardQuery = { range: view.range, filters: view.filters };
  return (
    <div className="space-y-4 sm:space-y-6">
      <DashboardHeader
        title="Features"
        path="/features"
        view={view}
        keep={{ ...(sort === "spend" ? {} : { sort }), ...(dir === "asc" ? { dir } : {}) }}
        description="Where the money goes by feature, and which features changed. Open a feature for its daily charts."
      />
      <CardSlot title="Features" fallback={<RowsSkeleton title="Features" rows={6} />}>
        <FeaturesTable query={query} sort={sort} dir={dir} />
      </CardSlot>
    </div>
  );
}
