"use client";
/**
 * Draws spend per day stacked by model. Everything it shows (days, series, colours, exact strings)
 * arrives prepared by buildSpendByDay; this component only draws and lets the user hide series.
 */
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis, type TooltipContentProps } from "recharts";
import { type SpendByDayChart as ChartData, type SpendDay, type SpendSeries, formatUsdTick } from "@/lib/core/chart-data";
import { formatUsdExact, parseUsdToPico } from "@/lib/core/money";
import { AXIS_LINE, AXIS_TICK, CURSOR_FILL, GRID_STROKE } from "@/components/charts/theme";
import { SeriesLegend, useHiddenSeries } from "@/components/charts/series-legend";
import { ChartTable } from "@/components/charts/chart-table";


function DayTooltip({ active, payload, series, hidden, noun }: TooltipContentProps & { series: SpendSeries[]; hidden: Set<string>; noun: string }) {
  if (!active || !payload?.length) return null;
  const day = payload[0].payload as SpendDay;
  return (
    <div className="max-w-[18rem] rounded-lg border border-zinc-200 bg-white/95 p-3 text-xs shadow-lg backdrop-blur">
      <p className="font-semibold text-zinc-900">{day.longLabel}</p>
      <ul className="mt-2 space-y-1">
        {series.map((s, i) =>
          hidden.has(s.key) ? null : (
            <li key={s.key} className="flex items-center justify-between gap-4">
              <span className="flex min-w-0 items-center gap-1.5 text-zinc-600">
                <span className="size-2 shrink-0 rounded-sm" style={{ background: s.color }} />
                <span className="truncate">{s.label}</span>
              </span>
              <span className={`tabular-nums ${day.exact[i] === "0" ? "text-zinc-400" : "font-medium text-zinc-900"}`}>${day.exact[i]}</span>
            </li>
          ),
        )}
      </ul>
      {hidden.size ? (
        <p className="mt-2 flex justify-between gap-4 border-t border-zinc-100 pt-2 text-zinc-600">
          <span>Shown {noun}</span>
          <span className="tabular-nums">${formatUsdExact(series.reduce((sum, s, i) => (hidden.has(s.key) ? sum : sum + parseUsdToPico(day.exact[i])), 0n))}</span>
        </p>
      ) : null}
      <p className={`flex justify-between gap-4 font-semibold text-zinc-900 ${hidden.size ? "mt-1" : "mt-2 border-t border-zinc-100 pt-2"}`}>
        <span>Day total{hidden.size ? ` (all ${noun})` : ""}</span>
        <span className="tabular-nums">${day.totalExact}</span>
      </p>
    </div>
  );
}

export function SpendByDayChart({ chart, noun = "models" }: { chart: ChartData; noun?: string }) {
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
      <div className="h-64 sm:h-72">
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={chart.days} margin={{ top: 8, right: 4, bottom: 0, left: 0 }} barCategoryGap="18%">
            <CartesianGrid vertical={false} stroke={GRID_STROKE} />
            <XAxis dataKey="label" tick={AXIS_TICK} tickLine={false} axisLine={AXIS_LINE} minTickGap={14} interval="preserveStartEnd" />
            <YAxis tickFormatter={formatUsdTick} tick={AXIS_TICK} tickLine={false} axisLine={false} width="auto" niceTicks="snap125" />
            <Tooltip
              cursor={{ fill: CURSOR_FILL }}
              content={(props) => <DayTooltip {...props} series={chart.series} hidden={hidden} noun={noun} />}
              isAnimationActive={false}
            />
            {chart.series.map((s, i) => (
              <Bar
                key={s.key}
                dataKey={(day: SpendDay) => day.values[i]}
                name={s.label}
                stackId="spend"
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
        label={`${noun[0].toUpperCase()}${noun.slice(1)} in the chart: press to hide or show`}
        hidden={hidden}
        toggle={toggle}
        series={chart.series.map((s) => ({ ...s, detail: `$${s.totalExact} in range` }))}
      />
      <ChartTable summary="Daily totals as a table" columns={["Spend (USD)"]} rows={chart.days.map((day) => ({ day: day.day, cells: [{ text: `$${day.totalExact}` }] }))} />
    </div>
  );
}
