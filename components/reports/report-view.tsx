/**
 * The monthly report page's sections, drawn from a built MonthlyReport: KPIs, narrative, warnings, the
 * three breakdowns with their month-over-month change, and top movers. Short money on screen, the
 * exact amount in each title and data-exact attribute.
 */
import { Card, CardHeader } from "@/components/ui/card";
import { DeltaBadge } from "@/components/ui/delta-badge";
import { formatCount, formatUsdCents, formatUsdExact, formatUsdShort } from "@/lib/core/money";
import { type Dimension, type MonthlyReport, type ReportLine, monthLabel } from "@/lib/core/monthly-report";

function Money({ pico, signed = false, testId }: { pico: bigint; signed?: boolean; testId?: string }) {
  const text = formatUsdShort(pico);
  return (
    <span title={`$${formatUsdExact(pico)} exactly`} data-exact={formatUsdExact(pico)} data-testid={testId} className="tabular-nums">
      {signed && pico > 0n ? `+${text}` : text}
    </span>
  );
}

function Kpi({ label, children, sub, testId, exact }: { label: string; children: React.ReactNode; sub?: React.ReactNode; testId: string; exact?: string }) {
  return (
    <Card className="px-4 py-3" data-testid={testId} data-exact={exact}>
      <p className="text-xs font-medium text-zinc-500">{label}</p>
      <p className="mt-1 text-2xl font-semibold tracking-tight text-zinc-900">{children}</p>
      {sub ? <p className="mt-0.5 text-xs text-zinc-500">{sub}</p> : null}
    </Card>
  );
}

export function ReportKpis({ report }: { report: MonthlyReport }) {
  const previous = `${monthLabel(report.previousMonth)}`;
  return (
    <div className="grid grid-cols-2 gap-3 sm:gap-4 lg:grid-cols-4">
      <Kpi label="Total spend" testId="report-total" exact={formatUsdExact(report.totalPico)} sub={<span title={formatUsdCents(report.totalPico)}>{formatUsdCents(report.totalPico)}</span>}>
        <Money pico={report.totalPico} />
      </Kpi>
      <Kpi label={`Previous month (${previous})`} testId="report-previous" exact={formatUsdExact(report.previousTotalPico)} sub={`${report.previousCalls.toLocaleString("en-US")} calls`}>
        <Money pico={report.previousTotalPico} />
      </Kpi>
      <Kpi
        label="Change"
        testId="report-change"
        exact={formatUsdExact(report.changePico)}
        sub={<DeltaBadge delta={report.change} meaning="up-is-bad" previous={formatUsdCents(report.previousTotalPico)} period={previous} />}
      >
        <Money pico={report.changePico} signed />
      </Kpi>
      <Kpi label="Calls" testId="report-calls" exact={String(report.calls)} sub={report.unpricedCalls ? `${report.unpricedCalls.toLocaleString("en-US")} unpriced` : "all priced"}>
        <span title={`${report.calls.toLocaleString("en-US")} calls`}>{formatCount(report.calls)}</span>
      </Kpi>
    </div>
  );
}

export function ReportWarnings({ report }: { report: MonthlyReport }) {
  if (report.warnings.length === 0) return null;
  return (
    <section aria-labelledby="report-warnings-title" data-testid="report-warnings" className="rounded-xl border border-amber-300 bg-amber-50 px-4 py-3 sm:px-5">
      <h2 id="report-warnings-title" className="text-sm font-semibold text-amber-900">
        Data-quality warnings
      </h2>
      <ul className="mt-1.5 list-disc space-y-1 pl-5 text-sm text-amber-900">
        {report.warnings.map((w) => (
          <li key={w.code} data-warning={w.code}>
            {w.message}
          </li>
        ))}
      </ul>
    </section>
  );
}

export function ReportNarrative({ report }: { report: MonthlyReport }) {
  return (
    <Card data-testid="report-narrative">
      <CardHeader title="What changed" />
      <div className="space-y-1 px-4 pt-2 pb-4 text-sm text-zinc-700 sm:px-5 sm:pb-5">
        {report.narrative.map((sentence) => (
          <p key={sentence}>{sentence}</p>
        ))}
      </div>
    </Card>
  );
}

const TITLES: Record<Dimension, string> = { project: "By project", feature: "By feature", model: "By model" };
const NAMES: Record<Dimension, string> = { project: "Project", feature: "Feature", model: "Model" };

function LineRow({ line, period }: { line: ReportLine; period: string }) {
  return (
    <tr data-key={line.key} className="border-t border-zinc-100">
      <th scope="row" className="max-w-48 truncate py-1.5 pr-3 text-left font-medium text-zinc-800" title={line.label}>
        {line.label}
      </th>
      <td className="px-2 text-right" data-col="spend">
        <Money pico={line.costPico} />
      </td>
      <td className="px-2 text-right text-zinc-600 tabular-nums" title={`${(line.share * 100).toFixed(4)}%`}>
        {(line.share * 100).toFixed(1)}%
      </td>
      <td className="px-2 text-right text-zinc-600 tabular-nums" title={`${line.calls.toLocaleString("en-US")} calls`}>
        {formatCount(line.calls)}
      </td>
      <td className="px-2 text-right text-zinc-600" data-col="previous">
        <Money pico={line.previousCostPico} />
      </td>
      <td className="px-2 text-right" data-col="change">
        <Money pico={line.changePico} signed />
      </td>
      <td className="pl-2 text-right" data-col="change-pct">
        <DeltaBadge delta={line.change} meaning="up-is-bad" previous={formatUsdCents(line.previousCostPico)} period={period} compact />
      </td>
    </tr>
  );
}

export function BreakdownCard({ report, dimension }: { report: MonthlyReport; dimension: Dimension }) {
  const period = monthLabel(report.previousMonth);
  return (
    <Card data-testid={`report-by-${dimension}`}>
      <CardHeader title={TITLES[dimension]} description={`Spend in ${monthLabel(report.month)} against ${period}.`} />
      <div className="relative overflow-x-auto px-4 pt-2 pb-4 sm:px-5 sm:pb-5">
        <table className="w-full min-w-[36rem] text-sm">
          <thead>
            <tr className="text-xs text-zinc-500">
              <th scope="col" className="py-1.5 pr-3 text-left font-medium">
                {NAMES[dimension]}
              </th>
              <th scope="col" className="px-2 text-right font-medium">Spend</th>
              <th scope="col" className="px-2 text-right font-medium">Share</th>
              <th scope="col" className="px-2 text-right font-medium">Calls</th>
              <th scope="col" className="px-2 text-right font-medium">Previous</th>
              <th scope="col" className="px-2 text-right font-medium">Change</th>
              <th scope="col" className="pl-2 text-right font-medium">MoM</th>
            </tr>
          </thead>
          <tbody>
            {report.lines[dimension].map((line) => (
              <LineRow key={line.key} line={line} period={period} />
            ))}
          </tbody>
          <tfoot>
            <tr className="border-t-2 border-zinc-300 font-semibold text-zinc-900" data-key="TOTAL">
              <th scope="row" className="py-1.5 pr-3 text-left">
                Total
              </th>
              <td className="px-2 text-right" data-col="spend">
                <Money pico={report.totalPico} />
              </td>
              <td className="px-2 text-right tabular-nums">{report.totalPico === 0n ? "—" : "100%"}</td>
              <td className="px-2 text-right tabular-nums">{formatCount(report.calls)}</td>
              <td className="px-2 text-right">
                <Money pico={report.previousTotalPico} />
              </td>
              <td className="px-2 text-right">
                <Money pico={report.changePico} signed />
              </td>
              <td className="pl-2 text-right">
                <DeltaBadge delta={report.change} meaning="up-is-bad" previous={formatUsdCents(report.previousTotalPico)} period={period} compact />
              </td>
            </tr>
          </tfoot>
        </table>
      </div>
    </Card>
  );
}

export function MoversCard({ report }: { report: MonthlyReport }) {
  const period = monthLabel(report.previousMonth);
  return (
    <Card data-testid="report-movers">
      <CardHeader title="Top movers" description="Projects and features whose spend changed most, either way." />
      {report.movers.length === 0 ? (
        <p className="px-4 pt-2 pb-4 text-sm text-zinc-500 sm:px-5 sm:pb-5">Nothing changed.</p>
      ) : (
        <ul className="relative divide-y divide-zinc-100 px-4 pt-2 pb-3 text-sm sm:px-5">
          {report.movers.map((m) => (
            <li key={`${m.dimension}:${m.key}`} className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-0.5 py-2">
              <span className="min-w-0 break-all">
                <span className="text-zinc-500">{m.dimension}</span> <span className="font-medium text-zinc-900">{m.label}</span>
              </span>
              <span className="flex items-baseline gap-3">
                <Money pico={m.changePico} signed />
                <DeltaBadge delta={m.change} meaning="up-is-bad" previous={formatUsdCents(m.previousCostPico)} period={period} compact />
                <span className="text-zinc-500">
                  now <Money pico={m.costPico} />
                </span>
              </span>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
