/** A data-quality flag as a small badge; the explanation is on hover and for screen readers. */
import type { FlagExplanation } from "@/lib/core/calls-view";

export function FlagBadge({ flag }: { flag: FlagExplanation }) {
  return (
    <span
      title={flag.explanation}
      data-flag={flag.flag}
      className={`inline-flex shrink-0 rounded px-1.5 py-px text-[11px] font-medium whitespace-nowrap ${
        flag.tone === "warning" ? "bg-amber-100 text-amber-900" : "bg-zinc-100 text-zinc-600"
      }`}
    >
      {flag.label}
      <span className="sr-only">: {flag.explanation}</span>
    </span>
  );
}
