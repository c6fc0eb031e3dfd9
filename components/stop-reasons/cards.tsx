/**
 * The Stop reasons page's cards: the watched rates (max_tokens, refusal, pause_turn) with their change,
 * the rates per day, and one row per feature, most truncated first.
 */
import Link from "next/link";
import { DailyChart } from "@/components/charts/daily-chart";
import { loadStopRatesByDay, loadStopReasonRows, loadWatchedRates } from "@/components/features/data";
import type { CardQuery } from "@/components/overview/data";
import { Kpi } from "@/components/overview/kpi-cards";
import { StopReasonBar, StopReasonLegend } from "@/components/stop-reasons/distribution-bar";
import { Card, CardHeader } from "@/components/ui/card";
import { previousPeriodLabel } from "@/components/ui/delta-badge";
import { formatInteger, formatPercent, rangeLength } from "@/lib/core/chart-data";
import { dashboardHref } from "@/lib/core/dashboard-url";
import { featurePath } from "@/lib/core/features-view";
import { STOP_REASON_KEY, TRUNCATION_WARNING, WATCHED_STOP_REASONS } from "@/lib/core/stop-reasons-view";

export async function RateKpis({ query }: { query: CardQuery }) {
  const rates = await loadWatchedRates(query);
  const period = previousPeriodLabel(rangeLength(query.range));
  return (
    <div className="grid grid-cols-1 gap-3 sm:grid-cols-3 sm:gap-4">
      {rates.map((r) => {
        const counted = `${formatInteger(r.count)} of ${formatInteger(r.calls)} calls`;
        return (
          <Kpi
            key={r.id}
            testId={`kpi-${r.id}`}
            exact={String(r.rate ?? "")}
            label={r.label}
            value={formatPercent(r.rate)}
            tone={r.id === "max_tokens" && r.rate !== null && r.rate > TRUNCATION_WARNING ? "warning" : "neutral"}
            title={`${r.label}: ${counted} ended with ${r.id}`}
            note={
              <>
                {counted}: {r.note}.
              </>
            }
            change={{
              delta: r.change,
              meaning: "up-is-bad",
              previous: r.previousRate === null ? "no calls" : `${formatPercent(r.previousRate)} (${formatInteger(r.previousCount)} of ${formatInteger(r.previousCalls)} calls)`,
              period,
            }}
          />
        );
      })}
    </div>
  );
}

export async function RatesByDayCard({ query }: { query: CardQuery }) {
  const chart = await loadStopRatesByDay(query);
  return (
    <Card data-testid="chart-stop-rates" aria-labelledby="stop-rates-heading" className="pb-4 sm:pb-5">
      <CardHeader id="stop-rates-heading" title="Rates by day" description="Percent of each day's calls that ended with each reason; gaps are days without calls" />
      <div className="px-2 pt-4 sm:px-4">
        <DailyChart chart={chart} label="Stop-reason rates by day" />
      </div>
    </Card>
  );
}

export async function ByFeatureCard({ query }: { query: CardQuery }) {
  const rows = await loadStopReasonRows(query);
  return (
    <Card data-testid="stop-reasons-by-feature" aria-labelledby="stops-by-feature-heading">
      <CardHeader
        id="stops-by-feature-heading"
        title="By feature"
        description={`Most truncated first. Features where more than ${formatPercent(TRUNCATION_WARNING)} of calls ended at max_tokens are flagged: raise max_tokens or ask for shorter answers.`}
      />
      {rows.length === 0 ? (
        <p className="px-5 py-10 text-center text-sm text-zinc-500">No calls in this range.</p>
      ) : (
        <>
          <div className="relative mt-3 overflow-x-auto">
            <table className="w-full min-w-[48rem] text-sm">
              <caption className="sr-only">Stop reasons by feature, highest truncation rate first</caption>
              <thead className="border-y border-zinc-100 bg-zinc-50 text-xs text-zinc-500">
                <tr>
                  <th scope="col" className="px-3 py-2 text-left font-medium sm:pl-5">
                    Feature
                  </th>
                  <th scope="col" className="px-3 py-2 text-right font-medium">
                    Calls
                  </th>
                  {WATCHED_STOP_REASONS.map((w) => (
                    <th key={w.id} scope="col" className="px-3 py-2 text-right font-medium" aria-sort={w.id === "max_tokens" ? "descending" : undefined}>
                      <span className="font-mono">{w.short}</span>
                    </th>
                  ))}
                  <th scope="col" className="px-3 py-2 text-left font-medium sm:pr-5">
                    All stop reasons
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-zinc-100">
                {rows.map((row) => (
                  <tr key={row.key} data-testid={`stops-row-${row.key === "" ? "(none)" : row.key}`} data-flagged={row.flagged ? "true" : undefined} className={row.flagged ? "bg-amber-50" : undefined}>
                    <th scope="row" className="max-w-60 px-3 py-2.5 text-left font-medium sm:pl-5">
                      <Link
                        href={dashboardHref(featurePath(row.key), query.range, { ...query.filters, feature: [] })}
                        className="block truncate rounded text-zinc-900 hover:text-accent-700 hover:underline"
                        title={row.label}
                      >
                        {row.label}
                      </Link>
                      {row.flagged ? (
                        <span className="mt-0.5 block text-xs font-normal text-amber-700" data-testid="flag">
                          answers cut at max_tokens
                        </span>
                      ) : null}
                    </th>
                    <td className="px-3 py-2.5 text-right tabular-nums text-zinc-700" data-testid="calls" data-exact={String(row.calls)}>
                      {formatInteger(row.calls)}
                    </td>
                    {row.watched.map((w) => (
                      <td
                        key={w.id}
                        data-testid={w.id}
                        data-exact={String(w.rate ?? "")}
                        className={`px-3 py-2.5 text-right tabular-nums ${w.id === "max_tokens" && row.flagged ? "font-medium text-amber-700" : "text-zinc-700"}`}
                        title={`${formatInteger(w.count)} of ${formatInteger(row.calls)} calls ended with ${w.id}`}
                      >
                        {formatPercent(w.rate)}
                        <span className="block text-xs font-normal text-zinc-500">
                          {formatInteger(w.count)} {w.count === 1 ? "call" : "calls"}
                        </span>
                      </td>
                    ))}
                    <td className="px-3 py-2.5 align-middle sm:pr-5">
                      <StopReasonBar counts={row.counts} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className="px-4 pt-3 pb-4 sm:px-5">
            <StopReasonLegend reasons={STOP_REASON_KEY} />
          </div>
        </>
      )}
    </Card>
  );
}
