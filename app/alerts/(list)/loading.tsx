import { CardSkeleton, RowsSkeleton } from "@/components/ui/skeleton";

export default function Loading() {
  return (
    <div className="space-y-4 sm:space-y-6" aria-busy="true">
      <span className="sr-only">Loading alerts…</span>
      <div className="h-9 w-64 animate-pulse rounded-md bg-zinc-200/70" />
      <div className="h-12 w-72 animate-pulse rounded-md bg-zinc-200/70" />
      <CardSkeleton title="Open alerts" height="h-48" />
      <RowsSkeleton title="History" />
    </div>
  );
}
