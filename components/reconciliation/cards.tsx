/**
 * The reconciliation page's cards: totals of the cost comparison (Anthropic, Tally, variance), the
 * usage comparison's totals, and the lines, flagged first with why. Amounts are short for the eye with
 * the exact value in title and data-exact.
 */
import "server-only";
import { cache } from "react";
import { Kpi } from "@/components/overview/kpi-cards";
import { Card, CardHeader } from "@/components/ui/card";
import { TOKEN_TYPE_LABELS } from "@/lib/core/admin-reports";
import { formatCount, formatUsdExact, formatUsdShort } from "@/lib/core/money";
import type { Reconciliation, Tolerance } from "@/lib/core/reconcile";
import { getApp } from "@/lib/server/app";
import { getMonthReconciliation } from "@/lib/server/reconciliation";

export const loadMonthReconciliation = cache(async (month: string, absPico: bigint, pctBasisPoints: bigint) => {
  const tolerance: Tolerance = { absPico, pctBasisPoints, absTokens: 0n };
  return getMonthReconciliation((await getApp()).db, month, tolerance);
});

type Query = { month: string; tolerance: Tolerance };

const load = (q: Query) => loadMonthReconciliation(q.month, q.tolerance.absPico, q.tolerance.pctBasisPoints);

function amountOf(source: Reconciliation["source"], v: bigint): { short: string; exact: string } {
  return source === "cost" ? { short: formatUsdShort(v), exact: `$${formatUsdExact(v)}` } : { short: formatCount(v), exact: `${v} tokens` };
}

export async function TotalsKpis({ query }: { query: Query }) {
  const r = await load(query);
  const days = r.coveredDays.cost.length;
  if (days === 0) {
    return (
      <Card data-testid="no-cost-report" className="p-4 text-sm text-zinc-600 sm:p-5">
        No cost report imported for {r.month} yet. Fetch it with <code>tally reconcile fetch --month {r.month}</code> (needs ANTHROPIC_ADMIN_KEY), or import the JSON pages below.
      </Card>
    );
  }
  const t = r.cost.totals;
  const kpi = (id: string, label: string, v: bigint, note: string, warning = false) => (
    <Kpi testId={`kpi-${id}`} exact={formatUsdExact(v)} label={label} value={formatUsdShort(v)} title={`${label}: $${formatUsdExact(v)}`} note={note} tone={warning ? "warning" : "neutral"} />
  );
  return (
    <div className="grid grid-cols-1 gap-3 sm:grid-cols-3 sm:gap-4">
      {kpi("anthropic", "Anthropic (cost report)", t.anthropic, `${days} of the month's days imported`)}
      {kpi("tally", "Tally", t.tally, "the same days, priced by Tally")}
      {kpi("variance", "Variance", t.variance, `${t.variancePct === null ? "" : `${t.variancePct}% of Anthropic's; `}${t.flaggedLines} line${t.flaggedLines === 1 ? "" : "s"} beyond tolerance`, t.flaggedLines > 0)}
    </div>
  );
}

function LinesTable({ r, testId }: { r: Reconciliation; testId: string }) {
  if (r.lines.length === 0) return <p className="px-4 pb-4 text-sm text-zinc-500 sm:px-5">No lines on either side.</p>;
  return (
    <div className="overflow-x-auto px-4 pb-4 sm:px-5 sm:pb-5">
      <table className="w-full text-sm" data-testid={testId}>
        <thead className="text-left text-xs text-zinc-500">
          <tr>
            <th className="py-2 pr-3 font-medium">Day</th>
            <th className="py-2 pr-3 font-medium">Model</th>
            <th className="py-2 pr-3 font-medium">Tier</th>
            <th className="py-2 pr-3 font-medium">Type</th>
            <th className="py-2 pr-3 text-right font-medium">Anthropic</th>
            <th className="py-2 pr-3 text-right font-medium">Tally</th>
            <th className="py-2 pr-3 text-right font-medium">Variance</th>
            <th className="py-2 font-medium">Why</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100">
          {r.lines.map((l) => {
            const cells = [l.anthropic, l.tally, l.variance].map((v) => amountOf(r.source, v));
            return (
              <tr
                key={`${l.day}-${l.model}-${l.serviceTier}-${l.tokenType}`}
                data-testid="reconciliation-line"
                data-flagged={l.flagged ? "true" : "false"}
                data-variance={r.source === "cost" ? formatUsdExact(l.variance) : l.variance.toString()}
                className={l.flagged ? "bg-amber-50" : ""}
              >
                <td className="py-2 pr-3 whitespace-nowrap tabular-nums">{l.day}</td>
                <td className="py-2 pr-3" title={l.modelIds.join(", ")}>
                  {l.model}
                  {l.modelIds.some((id) => id !== l.model) ? <span className="block text-xs text-zinc-500">{l.modelIds.filter((id) => id !== l.model).join(", ")}</span> : null}
                </td>
                <td className="py-2 pr-3">{l.serviceTier}</td>
                <td className="py-2 pr-3 whitespace-nowrap">{TOKEN_TYPE_LABELS[l.tokenType]}</td>
                {cells.map((c, i) => (
                  <td key={i} className="py-2 pr-3 text-right whitespace-nowrap tabular-nums" title={c.exact}>
                    {c.short}
                    {i === 2 && l.variancePct !== null ? <span className="block text-xs text-zinc-500">{l.variancePct}%</span> : null}
                  </td>
                ))}
                <td className="py-2 text-xs text-zinc-700">
                  {l.flagged ? <span className="mr-1 rounded bg-amber-200 px-1.5 py-0.5 font-medium text-amber-900">flagged</span> : null}
                  {l.explanation}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

export async function CostLinesCard({ query }: { query: Query }) {
  const r = await load(query);
  if (r.coveredDays.cost.length === 0) return null;
  return (
    <Card>
      <CardHeader
        title="Cost by day, model, tier and type"
        description="Variance is Anthropic minus Tally. Flagged lines first; model ids that resolve to the same price-book model are compared together."
      />
      <LinesTable r={r.cost} testId="cost-lines" />
    </Card>
  );
}

export async function UsageLinesCard({ query }: { query: Query }) {
  const r = await load(query);
  if (r.coveredDays.usage.length === 0) {
    return (
      <Card className="p-4 text-sm text-zinc-600 sm:p-5">
        No usage report imported for {r.month}: token counts are not compared.
      </Card>
    );
  }
  const t = r.usage.totals;
  return (
    <Card>
      <CardHeader
        title="Tokens by day, model, tier and type"
        description={`From the usage report (${r.coveredDays.usage.length} days): Anthropic ${formatCount(t.anthropic)}, Tally ${formatCount(t.tally)}, variance ${formatCount(t.variance)} tokens; ${t.flaggedLines} line${t.flaggedLines === 1 ? "" : "s"} flagged beyond the percentage.`}
      />
      <LinesTable r={r.usage} testId="usage-lines" />
    </Card>
  );
}

export async function ImportsList({ query }: { query: Query }) {
  const r = await load(query);
  if (r.imports.length === 0) return null;
  return (
    <ul className="space-y-1 px-4 pb-4 text-xs text-zinc-500 sm:px-5" data-testid="imports">
      {r.imports.slice(0, 10).map((i) => (
        <li key={i.id}>
          #{i.id} {i.source} report {i.firstDay} to {i.lastDay}, {i.lines} lines, from {i.origin === "api" ? "the Admin API" : i.label}, {i.importedAt.toISOString().replace("T", " ").slice(0, 16)} UTC
        </li>
      ))}
    </ul>
  );
}
