"use client";
/**
 * A feature's daily spend as a tiny area chart for a table row. Fixed size (no resize observer per row),
 * no axes or tooltip: the row's numbers carry the exact values, and the label states the range's lowest
 * and highest day for screen readers and on hover.
 */
import { Area, AreaChart, YAxis } from "recharts";

export function Sparkline({ values, description }: { values: number[]; description: string }) {
  const data = values.map((usd, day) => ({ day, usd }));
  return (
    <div role="img" aria-label={description} title={description} className="h-7 w-24">
      <AreaChart width={96} height={28} data={data} margin={{ top: 2, right: 1, bottom: 1, left: 1 }} accessibilityLayer={false}>
        <YAxis hide domain={[0, "dataMax"]} />
        <Area
          dataKey="usd"
          type="linear"
          stroke="var(--color-accent-600)"
          strokeWidth={1.5}
          fill="var(--color-accent-100)"
          fillOpacity={1}
          dot={false}
          activeDot={false}
          isAnimationActive={false}
        />
      </AreaChart>
    </div>
  );
}
