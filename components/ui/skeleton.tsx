/** Placeholders shown while a card's data streams in; sized like the card they stand for. */

function Bone({ className }: { className: string }) {
  return <div className={`animate-pulse rounded-md bg-zinc-200/70 ${className}`} />;
}

export function KpiSkeleton({ className = "" }: { className?: string }) {
  return (
    <div className={`min-w-0 rounded-xl border border-zinc-200 bg-white p-4 shadow-xs sm:p-5 ${className}`} aria-hidden="true">
      <Bone className="h-4 w-20" />
      <Bone className="mt-3 h-7 w-24" />
      <Bone className="mt-3 h-3 w-28" />
    </div>
  );
}

export function CardSkeleton({ title, height = "h-64", className = "" }: { title: string; height?: string; className?: string }) {
  return (
    <div className={`min-w-0 rounded-xl border border-zinc-200 bg-white p-4 shadow-xs sm:p-5 ${className}`} aria-busy="true">
      <p className="text-sm font-semibold text-zinc-400">{title}</p>
      <span className="sr-only">Loading…</span>
      <Bone className={`mt-4 w-full ${height}`} />
    </div>
  );
}

export function RowsSkeleton({ title, rows = 5 }: { title: string; rows?: number }) {
  return (
    <div className="min-w-0 rounded-xl border border-zinc-200 bg-white p-4 shadow-xs sm:p-5" aria-busy="true">
      <p className="text-sm font-semibold text-zinc-400">{title}</p>
      <span className="sr-only">Loading…</span>
      <div className="mt-4 space-y-4">
        {Array.from({ length: rows }, (_, i) => (
          <div key={i}>
            <div className="flex justify-between">
              <Bone className="h-3.5 w-32" />
              <Bone className="h-3.5 w-12" />
            </div>
            <Bone className="mt-2 h-2 w-full" />
          </div>
        ))}
      </div>
    </div>
  );
}
