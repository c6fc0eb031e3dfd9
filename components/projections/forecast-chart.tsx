"use client";
/**
 * The forecast month by day: spend so far as solid bars, projected days as lighter bars with a whisker
 * from the low to the high end of their range. Rows arrive prepared by buildForecastChart; this only
 * draws, with the exact amounts in the tooltip and in the table under it.
 */
import { Bar, BarChart, CartesianGrid, ErrorBar, ResponsiveContainer, Tooltip, XAxis, YAxis, type TooltipContentProps } from "recharts";
import { ChartTable } from "@/components/charts/chart-table";
import { AXIS_LINE, AXIS_TICK, CURSOR_FILL, GRID_STROKE } from "@/components/charts/theme";
import { formatUsdTick } from "@/lib/core/chart-data";
import type { ForecastChartDay } from "@/lib/core/forecast-view";

/** Theme-following colours (app/globals.css remaps the accent in the dark theme). */
export const FORECAST_COLORS = {
  actual: "var(--color-accent-600)",
  projected: "var(--color-accent-200)",
  range: "var(--color-accent-700)",
} as const;

function DayTooltip({ active, payload }: TooltipContentProps) {
  if (!active || !payload?.length) return null;
  const day = payload[0].payload as ForecastChartDay;
  return (
    <div className="max-w-[18rem] rounded-lg border border-zinc-200 bg-white/95 p-3 text-xs shadow-lg backdrop-blur">
      <p className="font-semibold text-zinc-900">{day.longLabel}</p>
      {day.kind === "actual" ? (
        <p className="mt-2 flex justify-between gap-4">
          <span className="flex items-center gap-1.5 text-zinc-600">
            <span className="size-2 shrink-0 rounded-sm" style={{ background: FORECAST_COLORS.actual }} />
            Spent
          </span>
          <span className="font-medium text-zinc-900 tabular-nums">${day.exact}</span>
        </p>
      ) : (
        <>
          <p className="mt-2 flex justify-between gap-4">
            <span className="flex items-center gap-1.5 text-zinc-600">
              <span className="size-2 shrink-0 rounded-sm" style={{ background: FORECAST_COLORS.projected }} />
              Projected
            </span>
            <span className="font-medium text-zinc-900 tabular-nums">${day.exact}</span>
          </p>
          <p className="mt-1 flex justify-between gap-4 text-zinc-600">
            <span>Range</span>
            <span className="tabular-nums">
              ${day.lowExact} – ${day.highExact}
            </span>
          </p>
          <p className="mt-2 border-t border-zinc-100 pt-2 text-zinc-500">{day.basis}</p>
        </>
      )}
    </div>
  );
}

/** The key for the bars and the whisker (the chart has no series to hide). */
function Legend() {
  return (
    <ul className="mt-3 flex flex-wrap gap-x-4 gap-y-1 text-xs text-zinc-600" aria-label="Key to the chart">
      <li className="flex items-center gap-1.5">
        <span className="size-2.5 shrink-0 rounded-sm" style={{ background: FORECAST_COLORS.actual }} aria-hidden="true" />
        Spent
      </li>
      <li className="flex items-center gap-1.5">
        <span className="size-2.5 shrink-0 rounded-sm" style={{ background: FORECAST_COLORS.projected }} aria-hidden="true" />
        Projected (latest week, by weekday)
      </li>
      <li className="flex items-center gap-1.5">
        <svg viewBox="0 0 10 12" className="h-3 w-2.5 shrink-0" aria-hidden="true">
          <path d="M2 1h6M5 1v10M2 11h6" stroke={FORECAST_COLORS.range} strokeWidth="1.5" fill="none" />
        </svg>
        Range (lowest to highest of those days)
      </li>
    </ul>
  );
}

export function ForecastChart({ days, label }: { days: ForecastChartDay[]; label: string }) {
  return (
    <div>
      <div className="h-64 sm:h-72" role="group" aria-label={`${label}; the same numbers are in the table below`}>
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={days} margin={{ top: 8, right: 4, bottom: 0, left: 0 }} barCategoryGap="18%">
            <CartesianGrid vertical={false} stroke={GRID_STROKE} />
            <XAxis dataKey="label" tick={AXIS_TICK} tickLine={false} axisLine={AXIS_LINE} minTickGap={14} interval="preserveStartEnd" />
            <YAxis tickFormatter={formatUsdTick} tick={AXIS_TICK} tickLine={false} axisLine={false} width="auto" niceTicks="snap125" />
            <Tooltip cursor={{ fill: CURSOR_FILL }} content={(props) => <DayTooltip {...props} />} isAnimationActive={false} />
            <Bar dataKey="actual" name="Spent" stackId="day" fill={FORECAST_COLORS.actual} maxBarSize={44} isAnimationActive={false} />
            <Bar dataKey="projected" name="Projected" stackId="day" fill={FORECAST_COLORS.projected} maxBarSize={44} isAnimationActive={false}>
              <ErrorBar dataKey="band" width={6} strokeWidth={1.5} stroke={FORECAST_COLORS.range} direction="y" />
            </Bar>
          </BarChart>
        </ResponsiveContainer>
      </div>
      <Legend />
      <ChartTable
        summary="The month by day as a table"
        columns={["Spent", "Projected", "Low", "High"]}
        rows={days.map((day) => ({
          day: day.day,
          cells:
            day.kind === "actual"
              ? [{ text: `$${day.exact}`, series: "actual" }, { text: "—", muted: true }, { text: "—", muted: true }, { text: "—", muted: true }]
              : [
                  { text: "—", muted: true },
                  { text: `$${day.exact}`, title: day.basis ?? undefined, series: "projected" },
                  { text: `$${day.lowExact}`, series: "low" },
                  { text: `$${day.highExact}`, series: "high" },
                ],
        }))}
        footnote="Spent through the as-of day; each later day is the latest week's spend times its weekday's share of the four weeks before."
      />
    </div>
  );
}
