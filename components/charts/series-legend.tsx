"use client";
/**
 * The legend under every chart: one button per series that hides or shows it (aria-pressed says
 * which), with the series' total or overall value in its title.
 */
import { useState } from "react";

/** Which series are hidden, and a function that flips one. */
export function useHiddenSeries(): [Set<string>, (key: string) => void] {
  const [hidden, setHidden] = useState<Set<string>>(() => new Set());
  const toggle = (key: string) =>
    setHidden((current) => {
      const next = new Set(current);
      if (next.has(key)) next.delete(key);
      else next.add(key);
      return next;
    });
  return [hidden, toggle];
}

export interface LegendSeries {
  key: string;
  label: string;
  color: string;
  /** Shown after the label in the button's title, e.g. "$12.34 in range". */
  detail?: string;
}

export function SeriesLegend({ series, hidden, toggle, label }: { series: LegendSeries[]; hidden: Set<string>; toggle: (key: string) => void; label: string }) {
  return (
    <div className="mt-3 flex flex-wrap gap-1.5" role="group" aria-label={label}>
      {series.map((s) => {
        const shown = !hidden.has(s.key);
        return (
          <button
            key={s.key}
            type="button"
            aria-pressed={shown}
            title={`${shown ? "Hide" : "Show"} ${s.label}${s.detail ? ` (${s.detail})` : ""}`}
            onClick={() => toggle(s.key)}
            className={`inline-flex max-w-full items-center gap-1.5 rounded-full border px-2.5 py-1 text-xs transition-colors ${
              shown ? "border-zinc-200 bg-white text-zinc-700 hover:bg-zinc-50" : "border-dashed border-zinc-300 bg-zinc-50 text-zinc-400"
            }`}
          >
            <span className="size-2.5 shrink-0 rounded-sm border" style={{ background: shown ? s.color : "transparent", borderColor: s.color }} />
            <span className={`truncate ${shown ? "" : "line-through"}`}>{s.label}</span>
          </button>
        );
      })}
    </div>
  );
}
