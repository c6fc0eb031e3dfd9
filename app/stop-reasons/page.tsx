/**
 * How calls ended: the share of calls cut at max_tokens (answers silently truncated), refused, or
 * paused, over the range, per day and per feature.
 */
import type { Metadata } from "next";
import Link from "next/link";
import { DailyChart } from "@/components/charts/daily-chart";
import { DashboardHeader, NoUsageYet } from "@/components/dashboard/page-header";
import { type SearchParams, loadView } from "@/components/dashboard/view";
import { type CardQuery, getDayUsage, getGroups, getTotals, previousQuery } from "@/components/overview/data";
import { Kpi } from "@/components/overview/kpi-cards";
import { Card, CardHeader } from "@/components/ui/card";
import { CardSlot } from "@/components/ui/card-slot";
import { previousPeriodLabel } from "@/components/ui/delta-badge";
import { CardSkeleton, KpiSkeleton, RowsSkeleton } from "@/components/ui/skeleton";
import { attributionLabel, formatInteger, formatPercent, rangeLength } from "@/lib/core/chart-data";
import { buildDailyChart } from "@/lib/core/daily-series";
import { dashboardHref } from "@/lib/core/dashboard-url";
import { TRUNCATION_WARNING, rate, stopReasonCounts } from "@/lib/core/features-view";
import { filterValueToParam } from "@/lib/core/filter-values";
import { pointDelta } from "@/lib/core/period-compare";

export const metadata: Metadata = { title: "Stop reasons" };

/** The stop reasons this page is about, with their chart colours. */
const WATCHED = [
  { id: "max_tokens", field: "stopMaxTokens", label: "Truncated (max_tokens)", short: "Truncated", color: "#d97706", note: "Answers cut off at the max_tokens limit" },
  { id: "refusal", field: "stopRefusal", label: "Refused (refusal)", short: "Refused", color: "#dc2626", note: "The model declined to answer" },
  { id: "pause_turn", field: "stopPauseTurn", label: "Paused (pause_turn)", short: "Paused", color: "#7c3aed", note: "Long server-tool turns paused, to be continued" },
] as const;

/** Colours for the distribution bar, in stopReasonCounts order. */
const REASON_COLORS: Record<string, string> = {
  max_tokens: "#d97706",
  refusal: "#dc2626",
  pause_turn: "#7c3aed",
  model_context_window_exceeded: "#db2777",
  end_turn: "#0d9488",
  tool_use: "#2563eb",
  stop_sequence: "#65a30d",
  unknown: "var(--color-zinc-300)",
};

async function RateKpis({ query }: { query: CardQuery }) {
  const [t, p] = await Promise.all([getTotals(query), getTotals(previousQuery(query))]);
  const period = previousPeriodLabel(rangeLength(query.range));
  return (
    <div className="grid grid-cols-1 gap-3 sm:grid-cols-3 sm:gap-4">
      {WATCHED.map((w) => {
        const now = rate(t[w.field], t.calls);
        const before = rate(p[w.field], p.calls);
        return (
          <Kpi
            key={w.id}
            testId={`kpi-${w.id}`}
            exact={String(now ?? "")}
            label={w.label}
            value={formatPercent(now)}
            tone={w.id === "max_tokens" && now !== null && now > TRUNCATION_WARNING ? "warning" : "neutral"}
            title={`${formatInteger(t[w.field])} of ${formatInteger(t.calls)} calls`}
            note={`${formatInteger(t[w.field])} of ${formatInteger(t.calls)} calls. ${w.note}.`}
            change={{ delta: pointDelta(now, before), meaning: "up-is-bad", previous: formatPercent(before), period }}
          />
        );
      })}
    </div>
  );
}

async function RatesByDayCard({ query }: { query: CardQuery }) {
  const days = await getDayUsage(query, "model");
  const byDay = new Map<string, { calls: number; stopMaxTokens: number; stopRefusal: number; stopPauseTurn: number }>();
  for (const d of days) {
    const day = byDay.get(d.day) ?? { calls: 0, stopMaxTokens: 0, stopRefusal: 0, stopPauseTurn: 0 };
    day.calls += d.calls;
    day.stopMaxTokens += d.stopMaxTokens;
    day.stopRefusal += d.stopRefusal;
    day.stopPauseTurn += d.stopPauseTurn;
    byDay.set(d.day, day);
  }
  const chart = buildDailyChart({
    range: query.range,
    kind: "lines",
    unit: "percent",
    series: WATCHED.map((w) => ({ key: w.id, label: w.short, color: w.color })),
    valueOf: (day, i) => {
      const d = byDay.get(day);
      const r = d ? rate(d[WATCHED[i].field], d.calls) : null;
      return r === null ? null : { ratio: r };
    },
    noteOf: (day) => {
      const d = byDay.get(day);
      return d ? `${formatInteger(d.calls)} calls` : "No calls this day";
    },
    emptyText: "No call in this range was truncated, refused or paused.",
  });
  return (
    <Card data-testid="chart-stop-rates" aria-labelledby="stop-rates-heading" className="pb-4 sm:pb-5">
      <CardHeader id="stop-rates-heading" title="Rates by day" description="Share of each day's calls; gaps are days without calls" />
      <div className="px-2 pt-4 sm:px-4">
        <DailyChart chart={chart} label="Stop-reason rates by day" />
      </div>
    </Card>
  );
}

async function ByFeatureCard({ query }: { query: CardQuery }) {
  const groups = await getGroups(query, "feature");
  const rows = groups
    .map((g) => ({ key: g.key, label: attributionLabel(g.key, "feature"), totals: g, truncation: rate(g.stopMaxTokens, g.calls) ?? 0 }))
    .sort((a, b) => b.truncation - a.truncation || b.totals.calls - a.totals.calls || a.key.localeCompare(b.key));
  return (
    <Card data-testid="stop-reasons-by-feature" aria-labelledby="stops-by-feature-heading">
      <CardHeader
        id="stops-by-feature-heading"
        title="By feature"
        description={`Most truncated first. Above ${formatPercent(TRUNCATION_WARNING)} truncated is flagged: raise max_tokens or shorten the answers asked for.`}
      />
      <div className="mt-3 overflow-x-auto">
        <table className="w-full min-w-[46rem] text-sm">
          <thead className="border-y border-zinc-100 bg-zinc-50 text-xs text-zinc-500">
            <tr>
              <th scope="col" className="px-3 py-2 text-left font-medium sm:pl-5">
                Feature
              </th>
              <th scope="col" className="px-3 py-2 text-right font-medium">
                Calls
              </th>
              {WATCHED.map((w) => (
                <th key={w.id} scope="col" className="px-3 py-2 text-right font-medium">
                  {w.short}
                </th>
              ))}
              <th scope="col" className="px-3 py-2 text-left font-medium sm:pr-5">
                All stop reasons
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-100">
            {rows.map((row) => {
              const counts = stopReasonCounts(row.totals).filter((c) => c.calls > 0);
              const flagged = row.truncation > TRUNCATION_WARNING;
              return (
                <tr key={row.key} data-testid={`stops-row-${row.key}`} className={flagged ? "bg-amber-50/60" : undefined}>
                  <th scope="row" className="max-w-56 px-3 py-2.5 text-left font-medium sm:pl-5">
                    <Link
                      href={dashboardHref(`/features/${encodeURIComponent(filterValueToParam(row.key))}`, query.range, { ...query.filters, feature: [] })}
                      className="block truncate text-zinc-900 hover:text-accent-700 hover:underline"
                    >
                      {row.label}
                    </Link>
                    {flagged ? <span className="text-xs font-normal text-amber-700">answers cut at max_tokens</span> : null}
                  </th>
                  <td className="px-3 py-2.5 text-right tabular-nums text-zinc-700">{formatInteger(row.totals.calls)}</td>
                  {WATCHED.map((w) => {
                    const r = rate(row.totals[w.field], row.totals.calls);
                    return (
                      <td
                        key={w.id}
                        data-testid={w.id}
                        data-exact={String(r ?? "")}
                        className="px-3 py-2.5 text-right tabular-nums text-zinc-700"
                        title={`${formatInteger(row.totals[w.field])} of ${formatInteger(row.totals.calls)} calls`}
                      >
                        {formatPercent(r)}
                        <span className="block text-xs text-zinc-500">{formatInteger(row.totals[w.field])}</span>
                      </td>
                    );
                  })}
                  <td className="px-3 py-2.5 sm:pr-5">
                    <div
                      className="flex h-2 w-40 overflow-hidden rounded-full bg-zinc-100"
                      role="img"
                      aria-label={counts.map((c) => `${c.label} ${formatPercent(c.rate)}`).join(", ")}
                      title={counts.map((c) => `${c.label}: ${formatInteger(c.calls)} (${formatPercent(c.rate)})`).join("\n")}
                    >
                      {counts.map((c) => (
                        <span key={c.id} style={{ width: `${(c.rate ?? 0) * 100}%`, background: REASON_COLORS[c.id] }} />
                      ))}
                    </div>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </Card>
  );
}

export default async function StopReasonsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const view = await loadView(searchParams);
  if (!view.hasUsage) return <NoUsageYet title="Stop reasons" />;
  const query: CardQuery = { range: view.range, filters: view.filters };
  return (
    <div className="space-y-4 sm:space-y-6">
      <DashboardHeader
        title="Stop reasons"
        path="/stop-reasons"
        view={view}
        description="A call that ends at max_tokens returns a cut-off answer without an error. These rates show where that, refusals and paused turns happen."
      />
      <CardSlot title="Rates" fallback={<KpiSkeleton className="h-28" />}>
        <RateKpis query={query} />
      </CardSlot>
      <CardSlot title="Rates by day" fallback={<CardSkeleton title="Rates by day" height="h-64" />}>
        <RatesByDayCard query={query} />
      </CardSlot>
      <CardSlot title="By feature" fallback={<RowsSkeleton title="By feature" />}>
        <ByFeatureCard query={query} />
      </CardSlot>
    </div>
  );
}
