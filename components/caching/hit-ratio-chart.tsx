"use client";
/**
 * Draws the cache hit ratio per day, one line per series, prepared by buildHitRatioByDay. A day where a
 * series had no prompt tokens is a gap in its line (and says so in the tooltip), never 0%.
 */
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis, type TooltipContentProps } from "recharts";
import { AXIS_LINE, AXIS_TICK, GRID_STROKE } from "@/components/charts/theme";
import type { HitRatioChart as ChartData, RatioDay } from "@/lib/core/caching-view";
import { formatInteger } from "@/lib/core/chart-data";
import { SeriesLegend, useHiddenSeries } from "@/components/charts/series-legend";
import { ChartTable } from "@/components/charts/chart-table";

function percentText(percent: number | null): string {
  return percent === null ? "no prompt" : `${percent.toFixed(1)}%`;
}

function DayTooltip({ active, payload, chart, hidden }: TooltipContentProps & { chart: ChartData; hidden: Set<string> }) {
  if (!active || !payload?.length) return null;
  const day = payload[0].payload as RatioDay;
  return (
    <div className="max-w-[20rem] rounded-lg border border-zinc-200 bg-white/95 p-3 text-xs shadow-lg backdrop-blur">
      <p className="font-semibold text-zinc-900">{day.longLabel}</p>
      <ul className="mt-2 space-y-1">
        {chart.series.map((s, i) => {
          if (hidden.has(s.key)) return null;
          const point = day.points[i];
          return (
            <li key={s.key} className="flex items-center justify-between gap-4">
              <span className="flex min-w-0 items-center gap-1.5 text-zinc-600">
                <span className="size-2 shrink-0 rounded-sm" style={{ background: s.color }} />
                <span className="truncate">{s.label}</span>
              </span>
              <span
                className={`tabular-nums ${point.percent === null ? "text-zinc-400" : "font-medium text-zinc-900"}`}
                title={`${formatInteger(point.cacheReadTokens)} of ${formatInteger(point.promptTokens)} prompt tokens read from cache`}
              >
                {percentText(point.percent)}
              </span>
            </li>
          );
        })}
      </ul>
      {day.points[0].percent === null ? (
        <p className="mt-2 border-t border-zinc-100 pt-2 text-zinc-500">No prompt tokens this day: no ratio, so the lines break here.</p>
      ) : (
        <p className="mt-2 border-t border-zinc-100 pt-2 text-zinc-500 tabular-nums">
          {formatInteger(day.points[0].cacheReadTokens)} of {formatInteger(day.points[0].promptTokens)} prompt tokens from cache
        </p>
      )}
    </div>
  );
}

export function HitRatioChart({ chart, noun }: { chart: ChartData; noun: string }) {
  const [hidden, toggle] = useHiddenSeries();

  if (chart.series.length <= 1) {
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
        aria-label={`Cache hit ratio per day, all calls and by ${noun}; the same numbers are in the table below`}
      >
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={chart.days} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
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
            <Tooltip content={(props) => <DayTooltip {...props} chart={chart} hidden={hidden} />} isAnimationActive={false} />
            {chart.series.map((s, i) => (
              <Line
                key={s.key}
                type="linear"
                dataKey={(day: RatioDay) => day.points[i].percent}
                name={s.label}
                stroke={s.color}
                strokeWidth={i === 0 ? 2.5 : 2}
                strokeDasharray={i === 0 ? "5 4" : undefined}
                dot={{ r: 2.5, fill: s.color, strokeWidth: 0 }}
                activeDot={{ r: 4 }}
                connectNulls={false}
                hide={hidden.has(s.key)}
                isAnimationActive={false}
              />
            ))}
          </LineChart>
        </ResponsiveContainer>
      </div>
      <SeriesLegend
        label="Lines in the chart: press to hide or show"
        hidden={hidden}
        toggle={toggle}
        series={chart.series.map((s) => ({ ...s, detail: s.overall === null ? "no prompt tokens" : `${(s.overall * 100).toFixed(1)}% over the range` }))}
      />
      <ChartTable
        summary="Hit ratio by day as a table"
        columns={chart.series.map((s) => s.label)}
        rows={chart.days.map((day) => ({
          day: day.day,
          cells: day.points.map((point) => ({
            text: point.percent === null ? "—" : `${point.percent.toFixed(1)}%`,
            title: `${formatInteger(point.cacheReadTokens)} of ${formatInteger(point.promptTokens)} prompt tokens`,
            muted: point.percent === null,
          })),
        }))}
        footnote="— : no prompt tokens that day, so no ratio."
      />
    </div>
  );
}
