import { CardSkeleton } from "@/components/ui/skeleton";

/** Shown while the calls explorer works out its view. */
export default function Loading() {
  return (
    <div className="space-y-4 sm:space-y-6" aria-busy="true">
      <span className="sr-only">Loading calls…</span>
      <div className="h-12 w-48 animate-pulse rounded-md bg-zinc-200/70" />
      <div className="h-32 animate-pulse rounded-xl border border-zinc-200 bg-white" />
      <div className="h-20 animate-pulse rounded-xl border border-zinc-200 bg-white" />
      <CardSkeleton title="Calls" height="h-96" />
    </div>
  );
}
