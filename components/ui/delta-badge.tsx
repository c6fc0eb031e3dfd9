/**
 * A period-over-period change: "▲ +12.3%" coloured by whether the move is good or bad for this number
 * (more spend is bad, more cache hits good, more calls neutral), with the previous value on hover.
 */
import type { Delta } from "@/lib/core/period-compare";

export type DeltaMeaning = "up-is-bad" | "up-is-good" | "neutral";

export function DeltaBadge({
  delta,
  meaning,
  previous,
  period,
  testId,
  compact = false,
}: {
  delta: Delta;
  meaning: DeltaMeaning;
  /** The previous period's value as shown to people, e.g. "$1,234.56" or "12,345 calls". */
  previous: string;
  /** "previous 30 days" */
  period: string;
  testId?: string;
  /** Only the change ("+12.3%", "new"), for table cells; the period stays in the title and for screen readers. */
  compact?: boolean;
}) {
  const bad = (delta.direction === "up" && meaning === "up-is-bad") || (delta.direction === "down" && meaning === "up-is-good");
  const good = (delta.direction === "up" && meaning === "up-is-good") || (delta.direction === "down" && meaning === "up-is-bad");
  const tone = bad ? "text-amber-700" : good ? "text-emerald-700" : "text-zinc-500";
  const arrow = delta.direction === "up" ? "▲" : delta.direction === "down" ? "▼" : "";
  const text =
    delta.direction === "new" ? `new vs ${period}` : delta.direction === "none" ? `— vs ${period}` : `${delta.label} vs ${period}`;
  return (
    <span data-testid={testId} data-delta={delta.label} title={`${period[0].toUpperCase()}${period.slice(1)}: ${previous}`} className={`inline-flex items-baseline gap-1 tabular-nums ${tone}`}>
      {arrow ? (
        <span aria-hidden="true" className="text-[0.65rem]">
          {arrow}
        </span>
      ) : null}
      {compact ? (
        <>
          <span>{delta.direction === "none" ? "—" : delta.label}</span>
          <span className="sr-only">{delta.direction === "new" ? ` (none in ${period})` : delta.direction === "none" ? ` (none in ${period} either)` : ` vs ${period}`}</span>
        </>
      ) : (
        <span>{text}</span>
      )}
      <span className="sr-only">(previously {previous})</span>
    </span>
  );
}

/** "previous 30 days" / "previous day" for a range length in days. */
export function previousPeriodLabel(days: number): string {
  return days === 1 ? "previous day" : `previous ${days} days`;
}
