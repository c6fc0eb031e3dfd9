import { CardSkeleton, RowsSkeleton } from "@/components/ui/skeleton";

export default function Loading() {
  return (
    <div className="space-y-4 sm:space-y-6" aria-busy="true">
      <span className="sr-only">Loading alert destinations…</span>
      <div className="h-12 w-64 animate-pulse rounded-md bg-zinc-200/70" />
      <RowsSkeleton title="Destinations" rows={2} />
      <CardSkeleton title="Delivery log" height="h-48" />
    </div>
  );
}
