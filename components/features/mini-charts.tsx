/**
 * Inline charts for table rows, drawn as plain SVG and divs on the server (a table of many features
 * should not hydrate a chart per row): a spend sparkline and a model-mix bar.
 */
import { describeMix, type MixSegment } from "@/lib/core/features-view";
import { formatUsdTick } from "@/lib/core/chart-data";

/** Daily spend as a small line; the label states the range's lowest and highest day for screen readers. */
export function Sparkline({ values, label }: { values: number[]; label: string }) {
  const width = 96;
  const height = 24;
  const max = Math.max(...values, 0);
  const min = Math.min(...values, 0);
  const step = values.length > 1 ? width / (values.length - 1) : 0;
  const y = (v: number) => (max === 0 ? height - 1 : height - 1 - (v / max) * (height - 2));
  const points = values.map((v, i) => `${(i * step).toFixed(1)},${y(v).toFixed(1)}`).join(" ");
  const description = `${label}: daily spend from ${formatUsdTick(min)} to ${formatUsdTick(max)}`;
  return (
    <svg viewBox={`0 0 ${width} ${height}`} width={width} height={height} role="img" aria-label={description} className="overflow-visible">
      <title>{description}</title>
      {values.length > 1 ? (
        <polyline points={points} fill="none" stroke="var(--color-accent-600)" strokeWidth="1.5" strokeLinejoin="round" strokeLinecap="round" />
      ) : (
        <circle cx={width / 2} cy={y(values[0] ?? 0)} r="2" fill="var(--color-accent-600)" />
      )}
    </svg>
  );
}

/** The feature's spend split by model as one thin stacked bar; exact shares in the title. */
export function ModelMixBar({ mix }: { mix: MixSegment[] }) {
  const description = describeMix(mix);
  if (mix.length === 0) return <span className="text-xs text-zinc-400">—</span>;
  return (
    <div className="w-28" title={description}>
      <div className="flex h-2 overflow-hidden rounded-full bg-zinc-100" role="img" aria-label={`Model mix: ${description}`}>
        {mix.map((m) => (
          <span key={m.model} className="h-full" style={{ width: `${m.share * 100}%`, background: m.color }} />
        ))}
      </div>
      <p className="mt-1 truncate text-[11px] text-zinc-500">{mix[0].model}</p>
    </div>
  );
}
