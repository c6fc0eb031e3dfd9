import { RowsSkeleton } from "@/components/ui/skeleton";

export default function Loading() {
  return (
    <div className="space-y-4 sm:space-y-6" aria-busy="true">
      <span className="sr-only">Loading rules…</span>
      <div className="h-9 w-64 animate-pulse rounded-md bg-zinc-200/70" />
      <div className="h-12 w-72 animate-pulse rounded-md bg-zinc-200/70" />
      <RowsSkeleton title="Rules" />
    </div>
  );
}
