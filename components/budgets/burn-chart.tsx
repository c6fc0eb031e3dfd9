"use client";
/**
 * One budget's month: cumulative spend to date, the projected rest with its range, the even pace that
 * would spend the budget exactly, and the budget itself. Exact amounts in the tooltip and the table.
 */
import { Area, CartesianGrid, ComposedChart, Line, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis, type TooltipContentProps } from "recharts";
import { ChartTable } from "@/components/charts/chart-table";
import { AXIS_LINE, AXIS_TICK, GRID_STROKE } from "@/components/charts/theme";
import type { BurnChartRow } from "@/lib/core/budgets-view";
import { formatUsdTick } from "@/lib/core/chart-data";

const COLORS = { spent: "var(--color-accent-600)", projected: "var(--color-accent-500)", range: "var(--color-accent-200)", pace: "var(--color-zinc-400)", budget: "var(--color-red-500)" };

function RowTooltip({ active, payload }: TooltipContentProps) {
  if (!active || !payload?.length) return null;
  const row = payload[0].payload as BurnChartRow;
  const line = (label: string, color: string, value: string | null) =>
    value === null ? null : (
      <p className="mt-1 flex justify-between gap-4">
        <span className="flex items-center gap-1.5 text-zinc-600">
          <span className="size-2 shrink-0 rounded-sm" style={{ background: color }} />
          {label}
        </span>
        <span className="font-medium text-zinc-900 tabular-nums">{value}</span>
      </p>
    );
  return (
    <div className="max-w-[18rem] rounded-lg border border-zinc-200 bg-white/95 p-3 text-xs shadow-lg backdrop-blur">
      <p className="font-semibold text-zinc-900">{row.longLabel}</p>
      {line("Spent so far", COLORS.spent, row.spentExact && `$${row.spentExact}`)}
      {line("Projected", COLORS.projected, row.spent === null && row.projectedExact ? `$${row.projectedExact}` : null)}
      {row.spent === null ? line("Range", COLORS.range, row.rangeExact) : null}
      {line("Even pace", COLORS.pace, `$${row.paceExact}`)}
    </div>
  );
}

export function BurnChart({ rows, budgetUsd, label }: { rows: BurnChartRow[]; budgetUsd: number; label: string }) {
  return (
    <div>
      <div className="h-48" role="img" aria-label={`${label}: spend to date and projected against the budget`}>
        <ResponsiveContainer width="100%" height="100%">
          <ComposedChart data={rows} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
            <CartesianGrid vertical={false} stroke={GRID_STROKE} />
            <XAxis dataKey="label" tick={AXIS_TICK} tickLine={false} axisLine={AXIS_LINE} interval="preserveStartEnd" minTickGap={24} />
            <YAxis tickFormatter={formatUsdTick} tick={AXIS_TICK} tickLine={false} axisLine={false} width="auto" domain={[0, (max: number) => Math.max(max, budgetUsd) * 1.05]} />
            <Tooltip content={(props) => <RowTooltip {...props} />} />
            <Area dataKey="range" stroke="none" fill={COLORS.range} fillOpacity={0.6} isAnimationActive={false} connectNulls={false} />
            <Line dataKey="pace" stroke={COLORS.pace} strokeDasharray="3 3" dot={false} isAnimationActive={false} />
            <Line dataKey="projected" stroke={COLORS.projected} strokeDasharray="6 4" strokeWidth={2} dot={false} isAnimationActive={false} connectNulls={false} />
            <Line dataKey="spent" stroke={COLORS.spent} strokeWidth={2} dot={false} isAnimationActive={false} connectNulls={false} />
            <ReferenceLine y={budgetUsd} stroke={COLORS.budget} strokeDasharray="4 2" ifOverflow="extendDomain" />
          </ComposedChart>
        </ResponsiveContainer>
      </div>
      <ul className="mt-2 flex flex-wrap gap-x-4 gap-y-1 text-xs text-zinc-600" aria-label="Key to the chart">
        {[
          ["Spent so far", COLORS.spent],
          ["Projected (with range)", COLORS.projected],
          ["Even pace", COLORS.pace],
          ["Budget", COLORS.budget],
        ].map(([text, color]) => (
          <li key={text} className="flex items-center gap-1.5">
            <span className="h-0.5 w-3 shrink-0" style={{ background: color }} aria-hidden="true" />
            {text}
          </li>
        ))}
      </ul>
      <ChartTable
        summary="The month by day as a table"
        columns={["Spent so far", "Projected", "Even pace"]}
        rows={rows.map((r) => ({
          day: r.label,
          cells: [
            r.spentExact === null ? { text: "—", muted: true } : { text: `$${r.spentExact}`, series: "spent" },
            r.spent === null && r.projectedExact ? { text: `$${r.projectedExact}`, title: r.rangeExact ?? undefined, series: "projected" } : { text: "—", muted: true },
            { text: `$${r.paceExact}`, series: "pace" },
          ],
        }))}
      />
    </div>
  );
}
