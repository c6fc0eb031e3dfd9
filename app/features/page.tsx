import type { Metadata } from "next";
import { DashboardHeader, NoUsageYet } from "@/components/dashboard/page-header";
import { type SearchParams, loadView, param } from "@/components/dashboard/view";
import { FeaturesTable } from "@/components/features/features-table";
import type { CardQuery } from "@/components/overview/data";
import { CardSlot } from "@/components/ui/card-slot";
import { RowsSkeleton } from "@/components/ui/skeleton";
import { FEATURE_SORTS } from "@/lib/core/features-view";
import { requirePage } from "@/lib/server/session";

export const metadata: Metadata = { title: "Features" };

export default async function FeaturesPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await requirePage("/features");
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
