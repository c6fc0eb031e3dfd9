import { CardSkeleton, KpiSkeleton } from "@/components/ui/skeleton";

/** Shown while the Caching page works out its filters. */
export default function Loading() {
  return (
    <div className="space-y-4 sm:space-y-6" aria-busy="true">
      <span className="sr-only">Loading caching…</span>
      <div className="h-12 w-48 animate-pulse rounded-md bg-zinc-200/70" />
      <div className="h-32 animate-pulse rounded-xl border border-zinc-200 bg-white" />
      <div className="grid grid-cols-2 gap-3 sm:gap-4 lg:grid-cols-5">
        <KpiSkeleton className="col-span-2 lg:col-span-1" />
        <KpiSkeleton />
        <KpiSkeleton />
        <KpiSkeleton />
        <KpiSkeleton />
      </div>
      <CardSkeleton title="Cache hit ratio by day" height="h-72" />
      <CardSkeleton title="Caching by feature" height="h-48" />
    </div>
  );
}
