/**
 * A feature page's cards: KPIs against the previous period, spend per day by model, cost per call per
 * day, tokens per call per day by type, calls per day by model, and how its calls ended.
 */
import { DailyChart } from "@/components/charts/daily-chart";
import { getModelColors, loadFeatureDays } from "@/components/features/data";
import { type CardQuery, getTotals, previousQuery } from "@/components/overview/data";
import { Kpi } from "@/components/overview/kpi-cards";
import { SpendByDayChart } from "@/components/overview/spend-by-day-chart";
import { StopReasonBar } from "@/components/stop-reasons/distribution-bar";
import { Card, CardHeader } from "@/components/ui/card";
import { previousPeriodLabel } from "@/components/ui/delta-badge";
import { buildSpendByDay, cacheHitRatio, formatInteger, formatPercent, promptTokens, rangeLength } from "@/lib/core/chart-data";
import { buildFeatureDailyCharts } from "@/lib/core/features-view";
import { formatCount, formatUsdExact, formatUsdPerCall, formatUsdShort } from "@/lib/core/money";
import { costPerCall, delta, pointDelta } from "@/lib/core/period-compare";
import { TRUNCATION_WARNING, stopReasonCounts, truncationRate } from "@/lib/core/stop-reasons-view";

/** `query` here already has the feature filter set to this one feature. */
export async function FeatureKpis({ query }: { query: CardQuery }) {
  const [t, p] = await Promise.all([getTotals(query), getTotals(previousQuery(query))]);
  const period = previousPeriodLabel(rangeLength(query.range));
  const perCall = costPerCall(t.costPico, t.calls);
  const previousPerCall = costPerCall(p.costPico, p.calls);
  const tokensPerCall = t.calls ? Math.round((promptTokens(t) + t.outputTokens) / t.calls) : null;
  const previousTokensPerCall = p.calls ? Math.round((promptTokens(p) + p.outputTokens) / p.calls) : null;
  const truncation = truncationRate(t);
  const previousTruncation = truncationRate(p);
  const none = { direction: "none", ratio: null, label: "—" } as const;
  return (
    <div className="grid grid-cols-2 gap-3 sm:gap-4 lg:grid-cols-5">
      <Kpi
        testId="kpi-spend"
        exact={formatUsdExact(t.costPico)}
        label="Spend"
        value={formatUsdShort(t.costPico)}
        title={`Spend: $${formatUsdExact(t.costPico)} exactly`}
        change={{ delta: delta(t.costPico, p.costPico), meaning: "up-is-bad", previous: `$${formatUsdExact(p.costPico)}`, period }}
      />
      <Kpi
        testId="kpi-calls"
        exact={String(t.calls)}
        label="Calls"
        value={formatCount(t.calls)}
        title={`${formatInteger(t.calls)} calls`}
        change={{ delta: delta(t.calls, p.calls), meaning: "neutral", previous: `${formatInteger(p.calls)} calls`, period }}
      />
      <Kpi
        testId="kpi-cost-per-call"
        exact={perCall === null ? "" : formatUsdExact(perCall)}
        label="Cost per call"
        value={perCall === null ? "—" : formatUsdPerCall(perCall)}
        title={perCall === null ? "No calls" : `$${formatUsdExact(perCall)} per call on average`}
        change={{
          delta: perCall === null || previousPerCall === null ? none : delta(perCall, previousPerCall),
          meaning: "up-is-bad",
          previous: previousPerCall === null ? "no calls" : `$${formatUsdExact(previousPerCall)} per call`,
          period,
        }}
      />
      <Kpi
        testId="kpi-tokens-per-call"
        exact={String(tokensPerCall ?? "")}
        label="Tokens per call"
        value={tokensPerCall === null ? "—" : formatCount(tokensPerCall)}
        title={tokensPerCall === null ? "No calls" : `${formatInteger(tokensPerCall)} tokens per call on average (prompt + output)`}
        change={{
          delta: tokensPerCall === null || previousTokensPerCall === null ? none : delta(tokensPerCall, previousTokensPerCall),
          meaning: "up-is-bad",
          previous: previousTokensPerCall === null ? "no calls" : `${formatInteger(previousTokensPerCall)} tokens per call`,
          period,
        }}
      />
      <Kpi
        testId="kpi-truncation"
        exact={String(truncation ?? "")}
        label="Truncated"
        value={formatPercent(truncation)}
        tone={truncation !== null && truncation > TRUNCATION_WARNING ? "warning" : "neutral"}
        title={`${formatInteger(t.stopMaxTokens)} of ${formatInteger(t.calls)} calls ended at max_tokens`}
        note={`Cache hit ratio ${formatPercent(cacheHitRatio(t))}`}
        change={{ delta: pointDelta(truncation, previousTruncation), meaning: "up-is-bad", previous: formatPercent(previousTruncation), period }}
      />
    </div>
  );
}

export async function SpendByModelCard({ query, feature }: { query: CardQuery; feature: string }) {
  const [days, colors] = await Promise.all([loadFeatureDays(query, feature), getModelColors()]);
  const chart = buildSpendByDay(
    days.map((d) => ({ day: d.day, model: d.key, costPico: d.costPico })),
    query.range,
    { colors },
  );
  return (
    <Card data-testid="chart-feature-spend" data-exact={chart.totalExact} aria-labelledby="feature-spend-heading" className="pb-4 sm:pb-5">
      <CardHeader id="feature-spend-heading" title="Spend by day" description="USD per day, stacked by model" />
      <div className="px-2 pt-4 sm:px-4">
        <SpendByDayChart chart={chart} />
      </div>
    </Card>
  );
}

export async function PerCallCards({ query, feature }: { query: CardQuery; feature: string }) {
  const [days, colors] = await Promise.all([loadFeatureDays(query, feature), getModelColors()]);
  const { perCall, tokens, mix } = buildFeatureDailyCharts(query.range, days, colors);
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <Card data-testid="chart-cost-per-call" aria-labelledby="per-call-heading" className="pb-4 sm:pb-5">
        <CardHeader id="per-call-heading" title="Cost per call" description="Average USD per call each day; gaps are days without calls" />
        <div className="px-2 pt-4 sm:px-4">
          <DailyChart chart={perCall} label="Cost per call by day" />
        </div>
      </Card>
      <Card data-testid="chart-tokens-per-call" aria-labelledby="tokens-per-call-heading" className="pb-4 sm:pb-5">
        <CardHeader id="tokens-per-call-heading" title="Tokens per call" description="Average tokens per call each day, stacked by type" />
        <div className="px-2 pt-4 sm:px-4">
          <DailyChart chart={tokens} label="Tokens per call by day" />
        </div>
      </Card>
      <Card data-testid="chart-model-mix" aria-labelledby="model-mix-heading" className="pb-4 sm:pb-5 lg:col-span-2">
        <CardHeader id="model-mix-heading" title="Model mix" description="Calls per day, stacked by model" />
        <div className="px-2 pt-4 sm:px-4">
          <DailyChart chart={mix} label="Calls by model by day" />
        </div>
      </Card>
    </div>
  );
}

export async function FeatureStopReasonsCard({ query }: { query: CardQuery }) {
  const totals = await getTotals(query);
  const counts = stopReasonCounts(totals);
  const present = counts.filter((r) => r.calls > 0);
  return (
    <Card data-testid="feature-stop-reasons" aria-labelledby="feature-stops-heading" className="pb-2">
      <CardHeader id="feature-stops-heading" title="How calls ended" description="Stop reasons in this range; max_tokens means the answer was cut off" />
      {present.length === 0 ? (
        <p className="px-5 py-6 text-sm text-zinc-500">No calls in this range.</p>
      ) : (
        <>
          <div className="px-4 pt-3 sm:px-5">
            <StopReasonBar counts={counts} className="w-full" />
          </div>
          <div className="relative mt-3 overflow-x-auto">
            <table className="w-full text-sm">
              <thead className="border-y border-zinc-100 bg-zinc-50 text-xs text-zinc-500">
                <tr>
                  <th scope="col" className="px-4 py-2 text-left font-medium sm:px-5">
                    Stop reason
                  </th>
                  <th scope="col" className="px-4 py-2 text-right font-medium">
                    Calls
                  </th>
                  <th scope="col" className="px-4 py-2 text-right font-medium sm:px-5">
                    Share
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-zinc-100">
                {present.map((r) => (
                  <tr key={r.id} data-testid={`stop-${r.id}`} data-exact={String(r.calls)}>
                    <th scope="row" className="px-4 py-2 text-left font-normal sm:px-5">
                      <span className="flex items-center gap-2">
                        <span className="size-2.5 shrink-0 rounded-sm" style={{ background: r.color }} aria-hidden="true" />
                        <span className="font-mono text-xs break-all text-zinc-900">{r.label}</span>
                      </span>
                      <span className="mt-0.5 block text-xs text-zinc-500">{r.meaning}</span>
                    </th>
                    <td className="px-4 py-2 text-right tabular-nums">{formatInteger(r.calls)}</td>
                    <td className={`px-4 py-2 text-right tabular-nums sm:px-5 ${r.id === "max_tokens" && (r.rate ?? 0) > TRUNCATION_WARNING ? "font-medium text-amber-700" : ""}`}>
                      {formatPercent(r.rate)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </Card>
  );
}
