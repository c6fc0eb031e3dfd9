/**
 * The Forecast page's cards: the month's headline numbers, the month by day, and the backtest. Each
 * streams in its own slot; they share one read through loadForecast.
 */
import { Kpi } from "@/components/overview/kpi-cards";
import { type ForecastQuery, loadForecast } from "@/components/projections/data";
import { ForecastChart } from "@/components/projections/forecast-chart";
import { Card, CardHeader } from "@/components/ui/card";
import { formatDayShort, shiftDay } from "@/lib/core/chart-data";
import { FORECAST_WEEKS } from "@/lib/core/forecast";
import { buildBacktestRows, buildForecastChart, formatMonthLong, thinHistoryNote } from "@/lib/core/forecast-view";
import { formatUsdExact, formatUsdShort } from "@/lib/core/money";

/** One sentence on how the numbers are made, shown with the backtest. */
const HOW_IT_WORKS = `Each remaining day of the month is projected as the latest week's spend times that weekday's share of the spend over the previous ${FORECAST_WEEKS} weeks, so a busy Monday stays a busy Monday and growth or a prompt change counts as soon as a week has passed. The range moves the latest week's level up and down by its largest distance from any of those weeks.`;

export async function ForecastKpis({ query }: { query: ForecastQuery }) {
  const { forecast: f, firstDay } = await loadForecast(query);
  const monthStart = `${f.month}-01`;
  const monthEnd = f.days[f.days.length - 1].day;
  const rest = f.projectedPico - f.actualToDatePico;
  const thin = thinHistoryNote(f, firstDay);
  const low = formatUsdExact(f.lowPico);
  const high = formatUsdExact(f.highPico);
  return (
    <div className="space-y-3">
      <div className="grid grid-cols-2 gap-3 sm:gap-4 lg:grid-cols-4">
        <Kpi
          testId="kpi-spent-so-far"
          exact={formatUsdExact(f.actualToDatePico)}
          label="Spent so far"
          value={formatUsdShort(f.actualToDatePico)}
          title={`Spent from ${formatDayShort(monthStart)} to ${formatDayShort(f.asOf)}: $${formatUsdExact(f.actualToDatePico)} exactly`}
          note={monthStart === f.asOf ? formatDayShort(f.asOf) : `${formatDayShort(monthStart)} – ${formatDayShort(f.asOf)}`}
        />
        <Kpi
          testId="kpi-projected"
          exact={formatUsdExact(f.projectedPico)}
          label="Projected month end"
          value={formatUsdShort(f.projectedPico)}
          title={`Projected spend for ${formatMonthLong(f.month)}: $${formatUsdExact(f.projectedPico)} exactly`}
          note={f.remainingDays ? `≈ ${formatUsdShort(rest)} more by ${formatDayShort(monthEnd)}` : "The month is complete"}
        />
        <Kpi
          testId="kpi-range"
          exact={`${low}-${high}`}
          extra={{ "data-low": low, "data-high": high }}
          label="Range"
          value={f.lowPico === f.highPico ? formatUsdShort(f.lowPico) : `${formatUsdShort(f.lowPico)} – ${formatUsdShort(f.highPico)}`}
          title={`Range of the month end: $${low} to $${high} exactly`}
          note="The latest week's level, give or take its largest gap to the three weeks before"
        />
        <Kpi
          testId="kpi-days-to-go"
          exact={String(f.remainingDays)}
          label="Days to go"
          value={String(f.remainingDays)}
          title={`${f.remainingDays} days of ${formatMonthLong(f.month)} after ${formatDayShort(f.asOf)}`}
          note={f.remainingDays ? `${formatDayShort(shiftDay(f.asOf, 1))} – ${formatDayShort(monthEnd)} projected` : "Nothing left to project"}
        />
      </div>
      {firstDay === null ? (
        <p role="status" data-testid="forecast-no-history" className="rounded-lg border border-amber-300 bg-amber-50 px-4 py-2.5 text-sm text-amber-950">
          No spend matches this view on or before {formatDayShort(f.asOf)}, {f.asOf.slice(0, 4)}: there is nothing to project from.
        </p>
      ) : thin ? (
        <p role="status" data-testid="forecast-thin-history" className="rounded-lg border border-amber-300 bg-amber-50 px-4 py-2.5 text-sm text-amber-950">
          {thin}
        </p>
      ) : null}
    </div>
  );
}

export async function ForecastChartCard({ query }: { query: ForecastQuery }) {
  const { forecast: f } = await loadForecast(query);
  const title = `${formatMonthLong(f.month)} by day`;
  return (
    <Card data-testid="chart-forecast" aria-labelledby="forecast-chart-heading" className="pb-4 sm:pb-5">
      <CardHeader
        id="forecast-chart-heading"
        title={title}
        description={
          f.remainingDays
            ? `Spent through ${formatDayShort(f.asOf)}; the lighter bars are projected, with their range.`
            : `Spent each day; the month ended on ${formatDayShort(f.asOf)}.`
        }
      />
      <div className="px-2 pt-4 sm:px-4">
        <ForecastChart days={buildForecastChart(f)} label={`${title}: spent and projected spend per day`} />
      </div>
    </Card>
  );
}

export async function BacktestCard({ query }: { query: ForecastQuery }) {
  const { backtest: points, meanAbsoluteError: mae } = await loadForecast(query);
  const rows = buildBacktestRows(points);
  const inBand = rows.filter((r) => r.withinBand).length;
  const counted = points.filter((p) => p.error !== null).length;
  return (
    <Card data-testid="backtest" aria-labelledby="backtest-heading">
      <CardHeader
        id="backtest-heading"
        title="Backtest"
        description="The same forecast made on past months as of day 7, 14 and 21, against what they actually came to."
        actions={
          mae === null ? null : (
            <p className="text-right text-sm" data-testid="backtest-mae" data-exact={String(mae)}>
              <span className="text-zinc-500">Mean absolute error </span>
              <span className="font-semibold text-zinc-900 tabular-nums">{(mae * 100).toFixed(1)}%</span>
              <span className="block text-xs text-zinc-500">
                over {counted} forecast{counted === 1 ? "" : "s"}; {inBand} of {rows.length} in range
              </span>
            </p>
          )
        }
      />
      {rows.length === 0 ? (
        <p className="px-5 py-8 text-center text-sm text-zinc-500">
          Nothing to backtest yet: no complete month before {formatMonthLong(query.asOf.slice(0, 7))} has {FORECAST_WEEKS} weeks of history before its day 7.
        </p>
      ) : (
        <div className="relative mt-3 overflow-x-auto" tabIndex={0} aria-label="Backtest table, scrolls sideways">
          <table className="w-full min-w-[20rem] text-xs sm:text-sm">
            <caption className="sr-only">Backtest: forecast and actual month totals, as of day 7, 14 and 21 of each past month</caption>
            <thead className="border-y border-zinc-100 bg-zinc-50 text-xs text-zinc-500">
              <tr>
                <th scope="col" className="py-2 pr-2 pl-4 text-left font-medium sm:pr-3 sm:pl-5">
                  Month
                </th>
                <th scope="col" className="px-2 py-2 text-left font-medium sm:px-3">
                  As of
                </th>
                <th scope="col" className="px-2 py-2 text-right font-medium sm:px-3">
                  Forecast
                </th>
                <th scope="col" className="px-2 py-2 text-right font-medium sm:px-3">
                  Actual
                </th>
                <th scope="col" className="px-2 py-2 text-right font-medium sm:px-3">
                  Off by
                </th>
                <th scope="col" className="py-2 pr-4 pl-2 text-left font-medium sm:pr-5 sm:pl-3">
                  In range
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-100">
              {rows.map((row) => (
                <tr key={row.key} data-testid={`backtest-row-${row.key}`}>
                  <th scope="row" className="py-2.5 pr-2 pl-4 text-left font-medium whitespace-nowrap text-zinc-900 sm:pr-3 sm:pl-5">
                    {row.monthLabel}
                  </th>
                  <td className="px-2 py-2.5 whitespace-nowrap text-zinc-700 sm:px-3">{row.asOfLabel}</td>
                  <td className="px-2 py-2.5 text-right tabular-nums text-zinc-900 sm:px-3" data-testid="forecast" data-exact={row.forecastExact} title={`$${row.forecastExact}`}>
                    {row.forecastShort}
                  </td>
                  <td className="px-2 py-2.5 text-right tabular-nums text-zinc-900 sm:px-3" data-testid="actual" data-exact={row.actualExact} title={`$${row.actualExact}`}>
                    {row.actualShort}
                  </td>
                  <td className="px-2 py-2.5 text-right tabular-nums text-zinc-700 sm:px-3" data-testid="miss" data-exact={String(row.error ?? "")}>
                    {row.miss}
                  </td>
                  <td className="py-2.5 pr-4 pl-2 whitespace-nowrap sm:pr-5 sm:pl-3" data-testid="in-range">
                    {row.withinBand ? (
                      <span className="text-emerald-700">
                        <span aria-hidden="true">✓ </span>yes
                      </span>
                    ) : (
                      <span className="text-amber-700">
                        <span aria-hidden="true">✕ </span>no
                      </span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p className="border-t border-zinc-100 px-4 py-3 text-xs leading-relaxed text-zinc-500 sm:px-5" data-testid="forecast-method">
        {HOW_IT_WORKS}
      </p>
    </Card>
  );
}
