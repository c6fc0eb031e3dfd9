import { CardSkeleton } from "@/components/ui/skeleton";

/** Shown while the Models page works out its filters. */
export default function Loading() {
  return (
    <div className="space-y-4 sm:space-y-6" aria-busy="true">
      <span className="sr-only">Loading models…</span>
      <div className="h-12 w-48 animate-pulse rounded-md bg-zinc-200/70" />
      <div className="h-32 animate-pulse rounded-xl border border-zinc-200 bg-white" />
      <CardSkeleton title="Models" height="h-48" />
      <CardSkeleton title="Share of spend by day" height="h-72" />
    </div>
  );
}
