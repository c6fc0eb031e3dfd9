/** A feature's spend split by model as one thin stacked bar in the models' colours; exact shares on hover. */
import { describeMix, type MixSegment } from "@/lib/core/features-view";

export function ModelMixBar({ mix }: { mix: MixSegment[] }) {
  const description = describeMix(mix);
  if (mix.length === 0) return <span className="text-xs text-zinc-400">—</span>;
  return (
    <div className="w-28" title={description} data-testid="model-mix" data-mix={description}>
      <div className="flex h-2 overflow-hidden rounded-full bg-zinc-100" role="img" aria-label={`Spend by model: ${description}`}>
        {mix.map((m) => (
          <span key={m.model} className="h-full" style={{ width: `${m.share * 100}%`, background: m.color }} />
        ))}
      </div>
      <p className="mt-1 truncate text-[11px] text-zinc-500">
        {mix[0].model}
        {mix.length > 1 ? ` +${mix.length - 1}` : ""}
      </p>
    </div>
  );
}
