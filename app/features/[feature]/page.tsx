/**
 * One feature: its KPIs against the previous period, and daily charts of spend by model, cost per call,
 * tokens per call by type and calls by model, so a prompt change that doubled tokens shows at a glance.
 * The feature comes from the path ("(none)" for calls sent without one); a `feature=` filter in the
 * URL is ignored, the other filters apply.
 */
import type { Metadata } from "next";
import Link from "next/link";
import { DashboardHeader, NoUsageYet } from "@/components/dashboard/page-header";
import { type SearchParams, loadView } from "@/components/dashboard/view";
import { FeatureKpis, FeatureStopReasonsCard, PerCallCards, SpendByModelCard } from "@/components/features/feature-cards";
import { type CardQuery, getTotals } from "@/components/overview/data";
import { CardSlot } from "@/components/ui/card-slot";
import { CardSkeleton, KpiSkeleton } from "@/components/ui/skeleton";
import { attributionLabel, formatRangeLabel } from "@/lib/core/chart-data";
import { dashboardHref } from "@/lib/core/dashboard-url";
import { featureFromSegment, featurePath } from "@/lib/core/features-view";
import { requirePage } from "@/lib/server/session";

type Params = Promise<{ feature: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  return { title: `${attributionLabel(featureFromSegment((await params).feature), "feature")} · Features` };
}

function Notice({ testId, title, children }: { testId: string; title: string; children: React.ReactNode }) {
  return (
    <div role="status" data-testid={testId} className="rounded-xl border border-dashed border-zinc-300 bg-white px-6 py-10 text-center">
      <p className="text-sm font-medium text-zinc-900">{title}</p>
      <p className="mt-1 text-sm text-zinc-500">{children}</p>
    </div>
  );
}

export default async function FeaturePage({ params, searchParams }: { params: Params; searchParams: Promise<SearchParams> }) {
  await requirePage("/features");
  const feature = featureFromSegment((await params).feature);
  const view = await loadView(searchParams);
  const label = attributionLabel(feature, "feature");
  if (!view.hasUsage) return <NoUsageYet title={label} />;
  const others = { ...view.filters, feature: [] };
  const query: CardQuery = { range: view.range, filters: { ...view.filters, feature: [feature] } };
  const backHref = dashboardHref("/features", view.range, others);
  const linkClass = "font-medium text-accent-700 hover:underline";

  if (!view.options.feature.includes(feature)) {
    return (
      <div className="space-y-4">
        <nav aria-label="Breadcrumb" className="text-sm">
          <Link href={backHref} className="rounded text-accent-700 hover:underline">
            Features
          </Link>
        </nav>
        <h1 className="text-xl font-semibold tracking-tight text-zinc-900">Feature not found</h1>
        <Notice testId="feature-not-found" title={`No calls have ever been recorded for a feature named “${label}”.`}>
          Check the name, or pick one from the{" "}
          <Link href={backHref} className={linkClass}>
            features list
          </Link>
          .
        </Notice>
      </div>
    );
  }

  const totals = await getTotals(query);
  return (
    <div className="space-y-4 sm:space-y-6">
      <nav aria-label="Breadcrumb" className="text-sm">
        <Link href={backHref} className="rounded text-accent-700 hover:underline">
          Features
        </Link>
        <span className="text-zinc-400" aria-hidden="true">
          {" / "}
        </span>
        <span className="text-zinc-700" aria-current="page">
          {label}
        </span>
      </nav>
      <DashboardHeader
        title={label}
        path={featurePath(feature)}
        view={{ ...view, filters: others }}
        hide={["feature"]}
        actions={
          <Link
            href={dashboardHref("/calls", view.range, query.filters)}
            data-testid="see-calls"
            className="inline-flex rounded-md border border-zinc-200 bg-white px-3 py-1.5 text-sm font-medium text-zinc-700 shadow-xs hover:bg-zinc-50"
          >
            See its calls
          </Link>
        }
      />
      {totals.calls === 0 ? (
        <Notice testId="feature-no-calls" title={`No calls for ${label} in ${formatRangeLabel(view.range.from, view.range.to)}${Object.values(others).some((v) => v?.length) ? " with these filters" : ""}.`}>
          Pick a longer range above, or go back to the{" "}
          <Link href={backHref} className={linkClass}>
            features list
          </Link>
          .
        </Notice>
      ) : (
        <>
          <CardSlot title="Totals" fallback={<KpiSkeleton className="h-28" />}>
            <FeatureKpis query={query} />
          </CardSlot>
          <CardSlot title="Spend by day" fallback={<CardSkeleton title="Spend by day" height="h-64" />}>
            <SpendByModelCard query={query} feature={feature} />
          </CardSlot>
          <CardSlot title="Per call" fallback={<CardSkeleton title="Per call" height="h-64" />}>
            <PerCallCards query={query} feature={feature} />
          </CardSlot>
          <CardSlot title="How calls ended" fallback={<CardSkeleton title="How calls ended" height="h-32" />}>
            <FeatureStopReasonsCard query={query} />
          </CardSlot>
        </>
      )}
    </div>
  );
}
