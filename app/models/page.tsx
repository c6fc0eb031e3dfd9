import type { Metadata } from "next";
import { CardSlot } from "@/components/ui/card-slot";
import { CardSkeleton } from "@/components/ui/skeleton";
import { DashboardHeader, NoUsageYet } from "@/components/dashboard/page-header";
import { type SearchParams, loadView } from "@/components/dashboard/view";
import type { CardQuery } from "@/components/models/data";
import { ModelTableCard } from "@/components/models/model-table";
import { ShareOfSpendCard } from "@/components/models/share-of-spend-card";
import { requirePage } from "@/lib/server/session";

export const metadata: Metadata = { title: "Models" };

export default async function ModelsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await requirePage("/models");
  const view = await loadView(searchParams);
  if (!view.hasUsage) return <NoUsageYet title="Models" />;
  const query: CardQuery = { range: view.range, filters: view.filters };
  const filteredBeyondModel = Boolean(view.filters.feature?.length || view.filters.project?.length || view.filters.serviceTier?.length);

  return (
    <div className="space-y-4 sm:space-y-6">
      <DashboardHeader
        title="Models"
        path="/models"
        view={view}
        description="Spend, calls and tokens for each model, what a call typically costs, and how the mix changes from day to day."
      />
      <CardSlot title="Models" fallback={<CardSkeleton title="Models" height="h-48" />}>
        <ModelTableCard query={query} filteredBeyondModel={filteredBeyondModel} />
      </CardSlot>
      <CardSlot title="Share of spend by day" fallback={<CardSkeleton title="Share of spend by day" height="h-72" />}>
        <ShareOfSpendCard query={query} />
      </CardSlot>
    </div>
  );
}
