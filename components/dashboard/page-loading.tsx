/**
 * What a dashboard page shows while it works out its view (route-level loading.tsx files): the header
 * and filter bar as placeholders, then optional KPI tiles and the page's main cards as skeletons.
 */
import { CardSkeleton, KpiSkeleton } from "@/components/ui/skeleton";

export function PageLoading({ label, kpis = 0, cards }: { label: string; kpis?: number; cards: { title: string; height: string }[] }) {
  return (
    <div className="space-y-4 sm:space-y-6" aria-busy="true">
      <span className="sr-only">Loading {label}…</span>
      <div className="h-12 w-48 animate-pulse rounded-md bg-zinc-200/70" />
      <div className="h-32 animate-pulse rounded-xl border border-zinc-200 bg-white" />
      {kpis > 0 ? (
        <div className="grid grid-cols-2 gap-3 sm:gap-4 lg:grid-cols-5">
          {Array.from({ length: kpis }, (_, i) => (
            <KpiSkeleton key={i} className={i === 0 && kpis === 5 ? "col-span-2 lg:col-span-1" : ""} />
          ))}
        </div>
      ) : null}
      {cards.map((card) => (
        <CardSkeleton key={card.title} title={card.title} height={card.height} />
      ))}
    </div>
  );
}
