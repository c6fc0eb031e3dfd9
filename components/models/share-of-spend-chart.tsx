"use client";
/**
 * Draws each day's spend as 100% stacked bars by model. Shares, exact amounts and empty days arrive
 * prepared by buildShareOfSpend; a day without spend has no bar (and says so in its tooltip).
 */
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis, type TooltipContentProps } from "recharts";
import { AXIS_LINE, AXIS_TICK, CURSOR_FILL, GRID_STROKE } from "@/components/charts/theme";
import type { ShareDay, ShareOfSpendChart as ChartData } from "@/lib/core/models-view";
import { SeriesLegend, useHiddenSeries } from "@/components/charts/series-legend";
import { ChartTable } from "@/components/charts/chart-table";

function shareText(share: number | null): string {
  return share === null ? "—" : `${share.toFixed(share > 0 && share < 0.1 ? 2 : 1)}%`;
}

function DayTooltip({ active, payload, chart, hidden }: TooltipContentProps & { chart: ChartData; hidden: Set<string> }) {
  if (!active || !payload?.length) return null;
  const day = payload[0].payload as ShareDay;
  return (
    <div className="max-w-[20rem] rounded-lg border border-zinc-200 bg-white/95 p-3 text-xs shadow-lg backdrop-blur">
      <p className="font-semibold text-zinc-900">{day.longLabel}</p>
      {day.empty ? (
        <p className="mt-2 text-zinc-500">No spend this day, so no shares.</p>
      ) : (
        <>
          <ul className="mt-2 space-y-1">
            {chart.series.map((s, i) =>
              hidden.has(s.key) ? null : (
                <li key={s.key} className="flex items-center justify-between gap-4">
                  <span className="flex min-w-0 items-center gap-1.5 text-zinc-600">
                    <span className="size-2 shrink-0 rounded-sm" style={{ background: s.color }} />
                    <span className="truncate">{s.label}</span>
                  </span>
                  <span className={`tabular-nums ${day.exact[i] === "0" ? "text-zinc-400" : "font-medium text-zinc-900"}`}>
                    {shareText(day.shares[i])} · ${day.exact[i]}
                  </span>
                </li>
              ),
            )}
          </ul>
          <p className="mt-2 flex justify-between gap-4 border-t border-zinc-100 pt-2 font-semibold text-zinc-900">
            <span>Day total</span>
            <span className="tabular-nums">${day.totalExact}</span>
          </p>
        </>
      )}
    </div>
  );
}

export function ShareOfSpendChart({ chart }: { chart: ChartData }) {
  const [hidden, toggle] = useHiddenSeries();

  if (chart.series.length === 0) {
    return (
      <div className="flex h-64 items-center justify-center rounded-lg border border-dashed border-zinc-200 text-sm text-zinc-500 sm:h-72">
        No calls in this range.
      </div>
    );
  }

  return (
    <div>
      <div
        className="h-64 sm:h-72"
        role="group"
        aria-label={`Share of spend per day by model, ${chart.days[0]?.day} to ${chart.days[chart.days.length - 1]?.day}; the same numbers are in the table below`}
      >
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={chart.days} margin={{ top: 8, right: 4, bottom: 0, left: 0 }} barCategoryGap="18%">
            <CartesianGrid vertical={false} stroke={GRID_STROKE} />
            <XAxis dataKey="label" tick={AXIS_TICK} tickLine={false} axisLine={AXIS_LINE} minTickGap={14} interval="preserveStartEnd" />
            <YAxis
              domain={[0, 100]}
              ticks={[0, 25, 50, 75, 100]}
              tickFormatter={(v: number) => `${v}%`}
              tick={AXIS_TICK}
              tickLine={false}
              axisLine={false}
              width={44}
            />
            <Tooltip cursor={{ fill: CURSOR_FILL }} content={(props) => <DayTooltip {...props} chart={chart} hidden={hidden} />} isAnimationActive={false} />
            {chart.series.map((s, i) => (
              <Bar
                key={s.key}
                dataKey={(day: ShareDay) => day.shares[i]}
                name={s.label}
                stackId="share"
                fill={s.color}
                hide={hidden.has(s.key)}
                maxBarSize={44}
                isAnimationActive={false}
              />
            ))}
          </BarChart>
        </ResponsiveContainer>
      </div>
      <SeriesLegend
        label="Models in the chart: press to hide or show"
        hidden={hidden}
        toggle={toggle}
        series={chart.series.map((s) => ({ ...s, detail: `$${s.totalExact} in range` }))}
      />
      <ChartTable
        summary="Shares by day as a table"
        columns={[...chart.series.map((s) => s.label), "Total (USD)"]}
        rows={chart.days.map((day) => ({
          day: day.day,
          cells: [...chart.series.map((_, i) => ({ text: shareText(day.shares[i]), title: `$${day.exact[i]}` })), { text: `$${day.totalExact}` }],
        }))}
      />
    </div>
  );
}
