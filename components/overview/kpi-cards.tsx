/**
 * The overview's headline numbers. Each is its own async server component (streamed in its own
 * Suspense slot); they share one totals query per request through getTotals. Every card carries its
 * exact value in data-exact (USD as an exact decimal string, counts as integers) and in its title.
 */
import type { ReactNode } from "react";
import { Card, CardHeader } from "@/components/ui/card";
import { DeltaBadge, type DeltaMeaning, previousPeriodLabel } from "@/components/ui/delta-badge";
import { type CardQuery, getTotals, previousQuery } from "@/components/overview/data";
import { cacheHitRatio, cacheSavingsPico, daysInRange, formatInteger, formatPercent, promptTokens, rangeLength } from "@/lib/core/chart-data";
import { formatCount, formatUsdExact, formatUsdShort } from "@/lib/core/money";
import { type Delta, delta, pointDelta } from "@/lib/core/period-compare";

/** This period's and the previous period's totals (same filters, equal length). */
async function getBothTotals(query: CardQuery) {
  const [current, previous] = await Promise.all([getTotals(query), getTotals(previousQuery(query))]);
  return { current, previous, period: previousPeriodLabel(rangeLength(query.range)) };
}

export interface KpiDelta {
  delta: Delta;
  meaning: DeltaMeaning;
  previous: string;
  period: string;
}

export function Kpi({
  testId,
  exact,
  label,
  value,
  note,
  title,
  tone = "neutral",
  icon,
  extra,
  change,
}: {
  testId: string;
  exact: string;
  label: string;
  value: string;
  note?: ReactNode;
  title: string;
  tone?: "neutral" | "warning";
  icon?: ReactNode;
  extra?: Record<string, string>;
  change?: KpiDelta;
}) {
  const warning = tone === "warning";
  return (
    <div
      data-testid={testId}
      data-exact={exact}
      title={title}
      {...extra}
      className={`h-full min-w-0 rounded-xl border p-4 shadow-xs sm:p-5 ${warning ? "border-amber-300 bg-amber-50" : "border-zinc-200 bg-white"}`}
    >
      <p className={`flex items-center gap-1.5 text-sm font-medium ${warning ? "text-amber-900" : "text-zinc-500"}`}>
        {icon}
        {label}
      </p>
      <p className={`mt-2 text-2xl font-semibold tracking-tight tabular-nums ${warning ? "text-amber-950" : "text-zinc-900"}`}>{value}</p>
      <span className="sr-only">{title}</span>
      {change ? (
        <p className="mt-1 text-xs">
          <DeltaBadge testId={`${testId}-delta`} {...change} />
        </p>
      ) : null}
      {note ? <p className={`mt-1 text-xs leading-relaxed ${warning ? "text-amber-900" : "text-zinc-500"}`}>{note}</p> : null}
    </div>
  );
}

export async function SpendCard({ query }: { query: CardQuery }) {
  const { current: totals, previous, period } = await getBothTotals(query);
  const exact = formatUsdExact(totals.costPico);
  const days = BigInt(Math.max(1, daysInRange(query.range.from, query.range.to).length));
  return (
    <Kpi
      testId="kpi-spend"
      exact={exact}
      extra={{ "data-exact-usd": exact }}
      label="Spend"
      value={formatUsdShort(totals.costPico)}
      title={`Spend: $${exact} exactly`}
      note={`≈ ${formatUsdShort(totals.costPico / days)} per day`}
      change={{ delta: delta(totals.costPico, previous.costPico), meaning: "up-is-bad", previous: `$${formatUsdExact(previous.costPico)}`, period }}
    />
  );
}

export async function CallsCard({ query }: { query: CardQuery }) {
  const { current: totals, previous, period } = await getBothTotals(query);
  const perCall = totals.calls > 0 ? formatUsdShort(totals.costPico / BigInt(totals.calls)) : null;
  return (
    <Kpi
      testId="kpi-calls"
      exact={String(totals.calls)}
      label="Calls"
      value={formatCount(totals.calls)}
      title={`${formatInteger(totals.calls)} calls`}
      note={perCall ? `≈ ${perCall} per call` : "No calls in this range"}
      change={{ delta: delta(totals.calls, previous.calls), meaning: "neutral", previous: `${formatInteger(previous.calls)} calls`, period }}
    />
  );
}

export async function CacheHitCard({ query }: { query: CardQuery }) {
  const { current: totals, previous, period } = await getBothTotals(query);
  const ratio = cacheHitRatio(totals);
  const previousRatio = cacheHitRatio(previous);
  const prompt = promptTokens(totals);
  return (
    <Kpi
      testId="kpi-cache-hit-ratio"
      exact={String(ratio ?? 0)}
      label="Cache hit ratio"
      value={formatPercent(ratio)}
      title={`${formatInteger(totals.cacheReadTokens)} cache-read tokens of ${formatInteger(prompt)} prompt tokens (input + cache reads + cache writes)`}
      note={prompt > 0 ? `${formatCount(totals.cacheReadTokens)} of ${formatCount(prompt)} prompt tokens read from cache` : "No prompt tokens in this range"}
      change={{ delta: pointDelta(ratio, previousRatio), meaning: "up-is-good", previous: formatPercent(previousRatio), period }}
    />
  );
}

export async function CacheSavingsCard({ query }: { query: CardQuery }) {
  const { current: totals, previous, period } = await getBothTotals(query);
  const saved = cacheSavingsPico(totals);
  const previousSaved = cacheSavingsPico(previous);
  const exact = formatUsdExact(saved);
  return (
    <Kpi
      testId="kpi-cache-savings"
      exact={exact}
      label="Saved by caching"
      value={formatUsdShort(saved)}
      title={`Saved by caching: $${exact} exactly (cache reads at the uncached input price, minus what they cost)`}
      note="Cache reads vs. the full input price"
      change={{ delta: delta(saved, previousSaved), meaning: "up-is-good", previous: `$${formatUsdExact(previousSaved)}`, period }}
    />
  );
}

function WarningIcon() {
  return (
    <svg viewBox="0 0 20 20" className="size-4 shrink-0 fill-amber-600" aria-hidden="true">
      <path d="M8.3 2.9a2 2 0 0 1 3.4 0l6.1 10.6A2 2 0 0 1 16.1 16.5H3.9a2 2 0 0 1-1.7-3l6.1-10.6ZM10 7a1 1 0 0 0-1 1v3a1 1 0 1 0 2 0V8a1 1 0 0 0-1-1Zm0 8a1.1 1.1 0 1 0 0-2.2 1.1 1.1 0 0 0 0 2.2Z" />
    </svg>
  );
}

export async function UnpricedCard({ query }: { query: CardQuery }) {
  const { current, previous, period } = await getBothTotals(query);
  const { unpricedCalls } = current;
  const warn = unpricedCalls > 0;
  return (
    <Kpi
      testId="kpi-unpriced-calls"
      exact={String(unpricedCalls)}
      label="Unpriced calls"
      value={formatCount(unpricedCalls)}
      tone={warn ? "warning" : "neutral"}
      icon={warn ? <WarningIcon /> : null}
      title={`${formatInteger(unpricedCalls)} unpriced calls`}
      change={{ delta: delta(unpricedCalls, previous.unpricedCalls), meaning: "up-is-bad", previous: `${formatInteger(previous.unpricedCalls)} unpriced calls`, period }}
      note={
        warn
          ? "Counted in calls and tokens, but their model has no known price, so they add $0 to spend."
          : "Every call in this range has a price"
      }
    />
  );
}

const TOKEN_TILES = [
  { testId: "kpi-input-tokens", field: "inputTokens", label: "Input", note: "Uncached prompt" },
  { testId: "kpi-output-tokens", field: "outputTokens", label: "Output", note: "Generated" },
  { testId: "kpi-cache-read-tokens", field: "cacheReadTokens", label: "Cache read", note: "Prompt served from cache" },
  { testId: "kpi-cache-write-5m-tokens", field: "cacheWrite5mTokens", label: "Cache write 5m", note: "Written, 5-minute TTL" },
  { testId: "kpi-cache-write-1h-tokens", field: "cacheWrite1hTokens", label: "Cache write 1h", note: "Written, 1-hour TTL" },
] as const;

export async function TokensCard({ query }: { query: CardQuery }) {
  const { current: totals, previous, period } = await getBothTotals(query);
  const all = TOKEN_TILES.reduce((sum, tile) => sum + totals[tile.field], 0);
  return (
    <Card aria-labelledby="tokens-heading">
      <CardHeader
        id="tokens-heading"
        title="Tokens"
        description="The whole prompt is input + cache read + cache writes."
        actions={
          <span className="text-sm text-zinc-500 tabular-nums" title={`${formatInteger(all)} tokens`}>
            {formatCount(all)} total
          </span>
        }
      />
      <dl className="mt-4 grid grid-cols-2 gap-px overflow-hidden rounded-b-xl border-t border-zinc-100 bg-zinc-100 sm:grid-cols-3 lg:grid-cols-5">
        {TOKEN_TILES.map((tile) => {
          const value = totals[tile.field];
          return (
            <div
              key={tile.testId}
              data-testid={tile.testId}
              data-exact={String(value)}
              title={`${formatInteger(value)} ${tile.label.toLowerCase()} tokens`}
              className="min-w-0 bg-white px-4 py-3 sm:px-5 sm:py-4"
            >
              <dt className="text-xs font-medium text-zinc-500">{tile.label}</dt>
              <dd className="mt-1 text-lg font-semibold tracking-tight tabular-nums text-zinc-900">
                {formatCount(value)}
                <span className="sr-only"> ({formatInteger(value)} exactly)</span>
              </dd>
              <dd className="text-xs text-zinc-500">{tile.note}</dd>
              <dd className="mt-0.5 text-xs">
                <DeltaBadge
                  testId={`${tile.testId}-delta`}
                  delta={delta(value, previous[tile.field])}
                  meaning="neutral"
                  previous={`${formatInteger(previous[tile.field])} tokens`}
                  period={period}
                />
              </dd>
            </div>
          );
        })}
        <div className="bg-white lg:hidden" aria-hidden="true" />
      </dl>
    </Card>
  );
}
