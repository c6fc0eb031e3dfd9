/**
 * One feature: its KPIs against the previous period, and daily charts of spend by model, cost per call,
 * tokens per call by type and calls by model, so a prompt change that doubled tokens shows at a glance.
 */
import type { Metadata } from "next";
import Link from "next/link";
import { DashboardHeader, NoUsageYet } from "@/components/dashboard/page-header";
import { type SearchParams, loadView } from "@/components/dashboard/view";
import { DailyChart } from "@/components/charts/daily-chart";
import { type CardQuery, getDayUsage, getOptions, getTotals, previousQuery } from "@/components/overview/data";
import { Kpi } from "@/components/overview/kpi-cards";
import { SpendByDayChart } from "@/components/overview/spend-by-day-chart";
import { Card, CardHeader } from "@/components/ui/card";
import { CardSlot } from "@/components/ui/card-slot";
import { previousPeriodLabel } from "@/components/ui/delta-badge";
import { CardSkeleton, KpiSkeleton } from "@/components/ui/skeleton";
import { assignModelColors, attributionLabel, buildSpendByDay, cacheHitRatio, formatInteger, formatPercent, modelColor, promptTokens, rangeLength } from "@/lib/core/chart-data";
import { buildDailyChart } from "@/lib/core/daily-series";
import { dashboardHref } from "@/lib/core/dashboard-url";
import { TRUNCATION_WARNING, rate, stopReasonCounts } from "@/lib/core/features-view";
import { filterValueFromParam, filterValueToParam } from "@/lib/core/filter-values";
import { formatCount, formatUsdExact, formatUsdShort } from "@/lib/core/money";
import { costPerCall, delta, pointDelta } from "@/lib/core/period-compare";

type Params = Promise<{ feature: string }>;

function featureOf(segment: string): string {
  return filterValueFromParam(decodeURIComponent(segment));
}

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  return { title: `${attributionLabel(featureOf((await params).feature), "feature")} · Features` };
}

async function FeatureKpis({ query }: { query: CardQuery }) {
  const [t, p] = await Promise.all([getTotals(query), getTotals(previousQuery(query))]);
  const period = previousPeriodLabel(rangeLength(query.range));
  const perCall = costPerCall(t.costPico, t.calls);
  const previousPerCall = costPerCall(p.costPico, p.calls);
  const tokensPerCall = t.calls ? Math.round((promptTokens(t) + t.outputTokens) / t.calls) : null;
  const previousTokensPerCall = p.calls ? Math.round((promptTokens(p) + p.outputTokens) / p.calls) : null;
  const truncation = rate(t.stopMaxTokens, t.calls);
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
        value={perCall === null ? "—" : formatUsdShort(perCall)}
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
        change={{ delta: pointDelta(truncation, rate(p.stopMaxTokens, p.calls)), meaning: "up-is-bad", previous: formatPercent(rate(p.stopMaxTokens, p.calls)), period }}
      />
    </div>
  );
}

async function SpendByModelCard({ query }: { query: CardQuery }) {
  const [days, { options }] = await Promise.all([getDayUsage(query, "model"), getOptions()]);
  const chart = buildSpendByDay(
    days.map((d) => ({ day: d.day, model: d.key, costPico: d.costPico })),
    query.range,
    { colors: assignModelColors(options.model) },
  );
  return (
    <Card data-testid="chart-feature-spend" data-exact={chart.totalExact} aria-labelledby="feature-spend-heading" className="pb-4 sm:pb-5">
      <CardHeader id="feature-spend-heading" title="Spend by day" description="Stacked by model" />
      <div className="px-2 pt-4 sm:px-4">
        <SpendByDayChart chart={chart} />
      </div>
    </Card>
  );
}

async function PerCallCards({ query }: { query: CardQuery }) {
  const [days, { options }] = await Promise.all([getDayUsage(query, "model"), getOptions()]);
  const colors = assignModelColors(options.model);
  // Per day over all models (the day rows are split by model; add them up).
  const byDay = new Map<string, { costPico: bigint; calls: number; input: number; cacheRead: number; cacheWrite: number; output: number }>();
  const models = new Map<string, number>();
  for (const d of days) {
    const day = byDay.get(d.day) ?? { costPico: 0n, calls: 0, input: 0, cacheRead: 0, cacheWrite: 0, output: 0 };
    day.costPico += d.costPico;
    day.calls += d.calls;
    day.input += d.inputTokens;
    day.cacheRead += d.cacheReadTokens;
    day.cacheWrite += d.cacheWrite5mTokens + d.cacheWrite1hTokens;
    day.output += d.outputTokens;
    byDay.set(d.day, day);
    models.set(d.key, (models.get(d.key) ?? 0) + d.calls);
  }
  const noCalls = (day: string) => (byDay.get(day)?.calls ? undefined : "No calls this day");
  const perCall = buildDailyChart({
    range: query.range,
    kind: "lines",
    unit: "usd",
    series: [{ key: "per-call", label: "Cost per call", color: "var(--color-accent-600)" }],
    valueOf: (day) => {
      const d = byDay.get(day);
      return d && d.calls ? { pico: d.costPico / BigInt(d.calls) } : null;
    },
    noteOf: noCalls,
  });
  const TOKEN_SERIES = [
    { key: "input", label: "Input", color: "#2563eb", field: "input" },
    { key: "cache-read", label: "Cache read", color: "#0d9488", field: "cacheRead" },
    { key: "cache-write", label: "Cache write", color: "#d97706", field: "cacheWrite" },
    { key: "output", label: "Output", color: "#7c3aed", field: "output" },
  ] as const;
  const tokens = buildDailyChart({
    range: query.range,
    kind: "bars",
    unit: "tokens",
    series: TOKEN_SERIES.map(({ key, label, color }) => ({ key, label, color })),
    valueOf: (day, i) => {
      const d = byDay.get(day);
      return d && d.calls ? { count: Math.round(d[TOKEN_SERIES[i].field] / d.calls) } : null;
    },
    noteOf: noCalls,
  });
  const modelIds = [...models.keys()].sort((a, b) => models.get(b)! - models.get(a)!);
  const callsByModel = new Map(days.map((d) => [`${d.day}\u0000${d.key}`, d.calls]));
  const mix = buildDailyChart({
    range: query.range,
    kind: "bars",
    unit: "tokens",
    series: modelIds.map((model) => ({ key: model, label: model, color: modelColor(model, colors), total: `${formatInteger(models.get(model)!)} calls` })),
    valueOf: (day, i) => ({ count: callsByModel.get(`${day}\u0000${modelIds[i]}`) ?? 0 }),
  });
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <Card data-testid="chart-cost-per-call" aria-labelledby="per-call-heading" className="pb-4 sm:pb-5">
        <CardHeader id="per-call-heading" title="Cost per call" description="USD per call each day; gaps are days without calls" />
        <div className="px-2 pt-4 sm:px-4">
          <DailyChart chart={perCall} label="Cost per call by day" />
        </div>
      </Card>
      <Card data-testid="chart-tokens-per-call" aria-labelledby="tokens-per-call-heading" className="pb-4 sm:pb-5">
        <CardHeader id="tokens-per-call-heading" title="Tokens per call" description="Average tokens per call each day, by type" />
        <div className="px-2 pt-4 sm:px-4">
          <DailyChart chart={tokens} label="Tokens per call by day" />
        </div>
      </Card>
      <Card data-testid="chart-model-mix" aria-labelledby="model-mix-heading" className="pb-4 sm:pb-5 lg:col-span-2">
        <CardHeader id="model-mix-heading" title="Model mix" description="Calls per day by model" />
        <div className="px-2 pt-4 sm:px-4">
          <DailyChart chart={mix} label="Calls by model by day" />
        </div>
      </Card>
    </div>
  );
}

async function StopReasonsCard({ query }: { query: CardQuery }) {
  const totals = await getTotals(query);
  const counts = stopReasonCounts(totals).filter((r) => r.calls > 0);
  return (
    <Card data-testid="feature-stop-reasons" aria-labelledby="feature-stops-heading" className="pb-2">
      <CardHeader id="feature-stops-heading" title="How calls ended" description="Stop reasons in this range" />
      {counts.length === 0 ? (
        <p className="px-5 py-6 text-sm text-zinc-500">No calls in this range.</p>
      ) : (
        <table className="mt-3 w-full text-sm">
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
            {counts.map((r) => (
              <tr key={r.id} data-testid={`stop-${r.id}`} data-exact={String(r.calls)}>
                <th scope="row" className="px-4 py-2 text-left font-normal sm:px-5">
                  <span className="font-mono text-xs text-zinc-900">{r.label}</span> <span className="text-xs text-zinc-500">{r.meaning}</span>
                </th>
                <td className="px-4 py-2 text-right tabular-nums">{formatInteger(r.calls)}</td>
                <td className="px-4 py-2 text-right tabular-nums sm:px-5">{formatPercent(r.rate)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Card>
  );
}

export default async function FeaturePage({ params, searchParams }: { params: Params; searchParams: Promise<SearchParams> }) {
  const feature = featureOf((await params).feature);
  const view = await loadView(searchParams);
  const label = attributionLabel(feature, "feature");
  if (!view.hasUsage) return <NoUsageYet title={label} />;
  const filters = { ...view.filters, feature: [feature] };
  const query: CardQuery = { range: view.range, filters };
  const path = `/features/${encodeURIComponent(filterValueToParam(feature))}`;
  const known = view.options.feature.includes(feature);
  const backHref = dashboardHref("/features", view.range, { ...view.filters, feature: [] });

  return (
    <div className="space-y-4 sm:space-y-6">
      <nav aria-label="Breadcrumb" className="text-sm">
        <Link href={backHref} className="text-accent-700 hover:underline">
          Features
        </Link>
        <span className="text-zinc-400"> / </span>
        <span className="text-zinc-700">{label}</span>
      </nav>
      <DashboardHeader
        title={label}
        path={path}
        view={{ ...view, filters: { ...view.filters, feature: [] } }}
        actions={
          <Link
            href={dashboardHref("/calls", view.range, filters)}
            data-testid="see-calls"
            className="inline-flex rounded-md border border-zinc-200 bg-white px-3 py-1.5 text-sm font-medium text-zinc-700 shadow-xs hover:bg-zinc-50"
          >
            See its calls
          </Link>
        }
      />
      {!known ? (
        <div role="status" className="rounded-xl border border-dashed border-zinc-300 bg-white px-6 py-10 text-center">
          <p className="text-sm font-medium text-zinc-900">No calls have been recorded for the feature “{label}”.</p>
          <p className="mt-1 text-sm text-zinc-500">
            Check the name, or pick one from the{" "}
            <Link href={backHref} className="font-medium text-accent-700 hover:underline">
              features list
            </Link>
            .
          </p>
        </div>
      ) : (
        <>
          <CardSlot title="Totals" fallback={<KpiSkeleton className="h-28" />}>
            <FeatureKpis query={query} />
          </CardSlot>
          <CardSlot title="Spend by day" fallback={<CardSkeleton title="Spend by day" height="h-64" />}>
            <SpendByModelCard query={query} />
          </CardSlot>
          <CardSlot title="Per call" fallback={<CardSkeleton title="Per call" height="h-64" />}>
            <PerCallCards query={query} />
          </CardSlot>
          <CardSlot title="How calls ended" fallback={<CardSkeleton title="How calls ended" height="h-32" />}>
            <StopReasonsCard query={query} />
          </CardSlot>
        </>
      )}
    </div>
  );
}
