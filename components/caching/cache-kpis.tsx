/**
 * The Caching page's headline numbers: hit ratio, what reads saved, what 5m and 1h writes cost, and the
 * net of savings minus the write premium. Exact values in data-exact and in each tile's title.
 */
import type { ReactNode } from "react";
import { type CardQuery, getCachePairs } from "@/components/caching/data";
import { getTotals } from "@/components/overview/data";
import { economicsByModel, moneyPair } from "@/lib/core/caching-view";
import { cacheHitRatio, formatInteger, formatPercent, promptTokens } from "@/lib/core/chart-data";
import { formatCount } from "@/lib/core/money";
import { defaultPriceBook } from "@/lib/core/pricing";

function Tile({ testId, exact, label, value, title, note, tone = "neutral" }: {
  testId: string;
  exact: string;
  label: string;
  value: string;
  title: string;
  note: ReactNode;
  tone?: "neutral" | "warning";
}) {
  const warning = tone === "warning";
  return (
    <div
      data-testid={testId}
      data-exact={exact}
      title={title}
      className={`h-full min-w-0 rounded-xl border p-4 shadow-xs sm:p-5 ${warning ? "border-amber-300 bg-amber-50" : "border-zinc-200 bg-white"}`}
    >
      <p className={`text-sm font-medium ${warning ? "text-amber-900" : "text-zinc-500"}`}>{label}</p>
      <p className={`mt-2 text-2xl font-semibold tracking-tight tabular-nums ${warning ? "text-amber-950" : "text-zinc-900"}`}>{value}</p>
      <span className="sr-only">{title}</span>
      <p className={`mt-1 text-xs leading-relaxed ${warning ? "text-amber-900" : "text-zinc-500"}`}>{note}</p>
    </div>
  );
}

/** All five tiles in one component: they share one totals read and one per-model read. */
export async function CacheKpis({ query }: { query: CardQuery }) {
  const [totals, byModel] = await Promise.all([getTotals(query), getCachePairs(query, "model")]);
  const ratio = cacheHitRatio(totals);
  const prompt = promptTokens(totals);
  const economics = economicsByModel(
    byModel.map((g) => ({ ...g, model: g.second })),
    defaultPriceBook,
  );
  const saved = moneyPair(economics.savedPico);
  const w5 = moneyPair(economics.write5mCostPico);
  const w1 = moneyPair(economics.write1hCostPico);
  const p5 = moneyPair(economics.premium5mPico);
  const p1 = moneyPair(economics.premium1hPico);
  const net = moneyPair(economics.netPico);
  const premium = moneyPair(economics.premium5mPico + economics.premium1hPico);

  return (
    <div className="grid grid-cols-2 gap-3 sm:gap-4 lg:grid-cols-5">
      <div className="col-span-2 min-w-0 lg:col-span-1">
        <Tile
          testId="kpi-hit-ratio"
          exact={String(ratio ?? "")}
          label="Cache hit ratio"
          value={formatPercent(ratio)}
          title={`${formatInteger(totals.cacheReadTokens)} cache-read tokens of ${formatInteger(prompt)} prompt tokens (input + cache reads + cache writes)`}
          note={prompt > 0 ? `${formatCount(totals.cacheReadTokens)} of ${formatCount(prompt)} prompt tokens read from cache` : "No prompt tokens in this range"}
        />
      </div>
      <Tile
        testId="kpi-saved"
        exact={saved.exact}
        label="Saved by caching"
        value={saved.short}
        title={`Saved by caching: $${saved.exact} exactly (cache reads at the uncached input price, minus what they cost)`}
        note="Cache reads vs. the full input price"
      />
      <Tile
        testId="kpi-write-5m"
        exact={w5.exact}
        label="5-minute writes"
        value={w5.short}
        title={`5-minute cache writes cost $${w5.exact} exactly, of which $${p5.exact} is premium over plain input`}
        note={`${formatCount(totals.cacheWrite5mTokens)} tokens; ${p5.short} of it premium`}
      />
      <Tile
        testId="kpi-write-1h"
        exact={w1.exact}
        label="1-hour writes"
        value={w1.short}
        title={`1-hour cache writes cost $${w1.exact} exactly, of which $${p1.exact} is premium over plain input`}
        note={`${formatCount(totals.cacheWrite1hTokens)} tokens; ${p1.short} of it premium`}
      />
      <Tile
        testId="kpi-net-saving"
        exact={net.exact}
        label="Net saving"
        value={net.short}
        tone={economics.netPico < 0n ? "warning" : "neutral"}
        title={`Net saving: $${net.exact} exactly = saved $${saved.exact} minus the write premium $${premium.exact}`}
        note={`Saved minus ${premium.short} write premium`}
      />
    </div>
  );
}
