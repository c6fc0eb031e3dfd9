"use client";
/**
 * A backtest's answer: a strip of the 90 days (one cell per day, fired days marked, each cell's tooltip
 * naming what would have fired) and the list of those days with their findings. The list is what a
 * screen reader reads; the strip is the picture of it.
 */
import type { BacktestDay } from "@/app/alerts/actions";
import { daysInRange, formatDayShort, formatRangeLabel } from "@/lib/core/chart-data";
import { formatAlertDay } from "@/lib/core/alerts-view";

export function BacktestResult({ result }: { result: { from: string; to: string; days: BacktestDay[] } }) {
  const fired = new Map(result.days.map((d) => [d.day, d]));
  const days = daysInRange(result.from, result.to);
  const range = formatRangeLabel(result.from, result.to);
  // Month starts under the strip, so a fired day can be placed by eye.
  const starts = days.map((day, i) => ({ day, i })).filter(({ day, i }) => i > 0 && day.endsWith("-01"));
  const marks = starts.length === 0 || starts[0].i / days.length > 0.12 ? [{ day: days[0], i: 0 }, ...starts] : starts;

  return (
    <div className="mt-4 space-y-3" data-testid="backtest-result">
      <p className="text-sm font-medium text-zinc-900" data-testid="backtest-summary">
        {result.days.length === 0
          ? `Would not have fired in the last ${days.length} days (${range}).`
          : `Would have fired on ${result.days.length} of the last ${days.length} days (${range}).`}
      </p>
      <div aria-hidden="true">
        <div className="flex h-7 gap-px" data-testid="backtest-strip">
          {days.map((day) => {
            const hit = fired.get(day);
            return (
              <span
                key={day}
                data-day={day}
                data-fired={hit ? "true" : undefined}
                title={hit ? `${formatDayShort(day)}: ${hit.findings.map((f) => f.title).join("; ")}` : `${formatDayShort(day)}: would not have fired`}
                className={`min-w-0 flex-1 rounded-[2px] ${hit ? "bg-red-400" : "bg-zinc-200"}`}
              />
            );
          })}
        </div>
        <div className="relative mt-1 h-4 text-[11px] text-zinc-500">
          {marks.map(({ day, i }) => (
            <span
              key={day}
              className="absolute whitespace-nowrap"
              style={{ left: `${(i / days.length) * 100}%`, transform: i / days.length > 0.88 ? "translateX(-100%)" : undefined }}
            >
              {formatDayShort(day)}
            </span>
          ))}
        </div>
      </div>
      {result.days.length > 0 ? (
        <ol className="divide-y divide-zinc-100 rounded-lg border border-zinc-200" data-testid="backtest-days">
          {result.days.map((d) => (
            <li key={d.day} className="px-3 py-2 text-sm" data-testid="backtest-day" data-day={d.day}>
              <p className="font-medium text-zinc-900">{formatAlertDay(d.day)}</p>
              <ul className="mt-0.5 space-y-0.5">
                {d.findings.map((f, i) => (
                  <li key={i} className="break-words text-zinc-600">
                    {f.title}
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ol>
      ) : null}
    </div>
  );
}
