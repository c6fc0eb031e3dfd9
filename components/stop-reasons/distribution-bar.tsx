/** All stop reasons of a set of calls as one thin stacked bar, with the exact counts on hover and for screen readers. */
import { type StopReasonCount, describeStopReasons } from "@/lib/core/stop-reasons-view";

export function StopReasonBar({ counts, className = "w-40" }: { counts: StopReasonCount[]; className?: string }) {
  const present = counts.filter((c) => c.calls > 0);
  const description = describeStopReasons(counts);
  return (
    <div className={className} title={description}>
      <div className="flex h-2 overflow-hidden rounded-full bg-zinc-100" role="img" aria-label={`Stop reasons: ${description}`}>
        {present.map((c) => (
          <span key={c.id} className="h-full" style={{ width: `${(c.rate ?? 0) * 100}%`, background: c.color }} />
        ))}
      </div>
    </div>
  );
}

/** The colour key for StopReasonBar. */
export function StopReasonLegend({ reasons }: { reasons: readonly { id: string; label: string; color: string }[] }) {
  return (
    <ul className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-zinc-600" aria-label="Colours of the stop reasons">
      {reasons.map((r) => (
        <li key={r.id} className="flex items-center gap-1.5">
          <span className="size-2.5 shrink-0 rounded-sm" style={{ background: r.color }} aria-hidden="true" />
          <span className="font-mono">{r.label}</span>
        </li>
      ))}
    </ul>
  );
}
