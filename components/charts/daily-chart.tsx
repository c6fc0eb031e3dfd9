"use client";
/**
 * A per-day chart of several series: lines (rates, cost per call) or stacked bars (tokens, spend).
 * Everything it shows arrives prepared (lib/core/daily-series.ts): the days, one value per day per
 * series (null where the day has no value: a gap, never a fake zero), and the exact strings for the
 * tooltip and the table. Legend buttons hide and show series.
 */
import { Bar, BarChart, CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis, type TooltipContentProps } from "recharts";
import { AXIS_LINE, AXIS_TICK, CURSOR_FILL, GRID_STROKE } from "@/components/charts/theme";
import { type DailyChartData, type DailyPoint, formatAxisValue } from "@/lib/core/daily-series";
import { SeriesLegend, useHiddenSeries } from "@/components/charts/series-legend";
import { ChartTable } from "@/components/charts/chart-table";

function PointTooltip({ active, payload, chart, hidden }: TooltipContentProps & { chart: DailyChartData; hidden: Set<string> }) {
  if (!active || !payload?.length) return null;
  const point = payload[0].payload as DailyPoint;
  return (
    <div className="max-w-[19rem] rounded-lg border border-zinc-200 bg-white/95 p-3 text-xs shadow-lg backdrop-blur">
      <p className="font-semibold text-zinc-900">{point.longLabel}</p>
      <ul className="mt-2 space-y-1">
        {chart.series.map((s, i) =>
          hidden.has(s.key) ? null : (
            <li key={s.key} className="flex items-center justify-between gap-4">
              <span className="flex min-w-0 items-center gap-1.5 text-zinc-600">
                <span className="size-2 shrink-0 rounded-sm" style={{ background: s.color }} />
                <span className="truncate">{s.label}</span>
              </span>
              <span className={`tabular-nums ${point.values[i] === null ? "text-zinc-400" : "font-medium text-zinc-900"}`}>{point.exact[i]}</span>
            </li>
          ),
        )}
      </ul>
      {point.note ? <p className="mt-2 border-t border-zinc-100 pt-2 text-zinc-500">{point.note}</p> : null}
    </div>
  );
}

export function DailyChart({ chart, label }: { chart: DailyChartData; label: string }) {
  const [hidden, toggle] = useHiddenSeries();

  if (chart.series.length === 0 || chart.points.every((p) => p.values.every((v) => v === null || v === 0))) {
    return (
      <div className="flex h-56 items-center justify-center rounded-lg border border-dashed border-zinc-200 text-sm text-zinc-500">
        {chart.emptyText ?? "Nothing to draw in this range."}
      </div>
    );
  }

  const axis = (
    <>
      <CartesianGrid vertical={false} stroke={GRID_STROKE} />
      <XAxis dataKey="label" tick={AXIS_TICK} tickLine={false} axisLine={AXIS_LINE} minTickGap={14} interval="preserveStartEnd" />
      <YAxis
        tickFormatter={(v: number) => formatAxisValue(v, chart.unit)}
        tick={AXIS_TICK}
        tickLine={false}
        axisLine={false}
        width="auto"
        allowDecimals={chart.unit !== "tokens"}
        domain={chart.unit === "percent" ? [0, "auto"] : undefined}
      />
      <Tooltip cursor={chart.kind === "bars" ? { fill: CURSOR_FILL } : true} content={(props) => <PointTooltip {...props} chart={chart} hidden={hidden} />} isAnimationActive={false} />
    </>
  );

  return (
    <div>
      <div className="h-56 sm:h-64" role="img" aria-label={`${label}: ${chart.summary}`}>
        <ResponsiveContainer width="100%" height="100%">
          {chart.kind === "bars" ? (
            <BarChart data={chart.points} margin={{ top: 8, right: 4, bottom: 0, left: 0 }} barCategoryGap="18%">
              {axis}
              {chart.series.map((s, i) => (
                <Bar
                  key={s.key}
                  dataKey={(p: DailyPoint) => p.values[i] ?? 0}
                  name={s.label}
                  stackId="stack"
                  fill={s.color}
                  hide={hidden.has(s.key)}
                  maxBarSize={44}
                  isAnimationActive={false}
                />
              ))}
            </BarChart>
          ) : (
            <LineChart data={chart.points} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
              {axis}
              {chart.series.map((s, i) => (
                <Line
                  key={s.key}
                  dataKey={(p: DailyPoint) => p.values[i]}
                  name={s.label}
                  stroke={s.color}
                  strokeWidth={2}
                  dot={chart.points.length <= 31 ? { r: 2.5, fill: s.color, strokeWidth: 0 } : false}
                  connectNulls={false}
                  hide={hidden.has(s.key)}
                  isAnimationActive={false}
                />
              ))}
            </LineChart>
          )}
        </ResponsiveContainer>
      </div>
      {chart.series.length > 1 ? (
        <SeriesLegend label={`${label}: press a series to hide or show it`} hidden={hidden} toggle={toggle} series={chart.series.map((s) => ({ ...s, detail: s.total }))} />
      ) : null}
      <ChartTable
        summary={`${label} as a table`}
        columns={chart.series.map((s) => s.label)}
        rows={chart.points.map((p) => ({ day: p.day, cells: p.exact.map((text, i) => ({ text, muted: p.values[i] === null, series: chart.series[i].key })) }))}
      />
    </div>
  );
}
