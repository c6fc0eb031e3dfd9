import { CardSkeleton, KpiSkeleton, RowsSkeleton } from "@/components/ui/skeleton";

/** Shown while the overview works out its filters and whether any usage is stored. */
export default function Loading() {
  return (
    <div className="space-y-4 sm:space-y-6" aria-busy="true">
      <span className="sr-only">Loading the dashboard…</span>
      <div className="h-12 w-48 animate-pulse rounded-md bg-zinc-200/70" />
      <div className="h-32 animate-pulse rounded-xl border border-zinc-200 bg-white" />
      <div className="grid grid-cols-2 gap-3 sm:gap-4 lg:grid-cols-5">
        <KpiSkeleton className="col-span-2 lg:col-span-1" />
        <KpiSkeleton />
        <KpiSkeleton />
        <KpiSkeleton />
        <KpiSkeleton />
      </div>
      <CardSkeleton title="Spend by day" height="h-72" />
      <div className="grid gap-4 lg:grid-cols-2">
        <RowsSkeleton title="Spend by model" />
        <RowsSkeleton title="Spend by feature" />
      </div>
    </div>
  );
}
