/**
 * Chargeback: a month's spend (`month=YYYY-MM`, UTC, default this one) allocated to cost centres by
 * rules on tags, features and projects, with the spend no rule matched shown as unallocated.
 */
import type { Metadata } from "next";
import { ReportsTabs } from "@/components/reports/tabs";
import { ChargebackRuleForm } from "@/components/chargeback/rule-form";
import { RetentionNotice } from "@/components/dashboard/retention-notice";
import { type SearchParams, loadView, param } from "@/components/dashboard/view";
import { Card, CardHeader } from "@/components/ui/card";
import { deleteChargebackRuleAction } from "@/app/reports/chargeback/actions";
import { formatInteger } from "@/lib/core/chart-data";
import { formatUsdExact, formatUsdShort } from "@/lib/core/money";
import { monthRangeMs } from "@/lib/core/monthly-report";
import { getApp } from "@/lib/server/app";
import { getChargeback, listChargebackRules } from "@/lib/server/chargeback";
import { requirePage } from "@/lib/server/session";

export const metadata: Metadata = { title: "Chargeback" };

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const TD = "px-3 py-2 text-right tabular-nums whitespace-nowrap";

function Usd({ pico, testId }: { pico: bigint; testId?: string }) {
  return (
    <span data-testid={testId} data-exact={formatUsdExact(pico)} title={`$${formatUsdExact(pico)} exactly`}>
      {formatUsdShort(pico)}
    </span>
  );
}

const share = (part: bigint, total: bigint) => (total === 0n ? "—" : `${(Number((part * 1000n) / total) / 10).toFixed(1)}%`);

export default async function ChargebackPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await requirePage("/reports/chargeback");
  const view = await loadView(searchParams);
  const asked = param(await searchParams, "month");
  const month = MONTH.test(asked) ? asked : view.today.slice(0, 7);
  const { db, env } = await getApp();
  const [rules, result] = await Promise.all([listChargebackRules(db), getChargeback(db, month, env.TALLY_REPORT_TIMEZONE)]);

  return (
    <div className="space-y-4 sm:space-y-6">
      <ReportsTabs current="chargeback" />
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div className="min-w-0">
          <h1 className="text-xl font-semibold tracking-tight text-zinc-900">Chargeback</h1>
          <p className="mt-1 max-w-3xl text-sm text-zinc-600">The month&apos;s spend charged to cost centres by the rules below. Spend no rule matches is shown as unallocated. Months follow the reporting time zone, {env.TALLY_REPORT_TIMEZONE}.</p>
        </div>
        <form method="get" className="flex items-end gap-2">
          <label className="text-sm font-medium text-zinc-700">
            Month
            <input type="month" name="month" defaultValue={month} className="mt-1 block rounded-md border border-zinc-300 bg-white px-2.5 py-1.5 text-sm text-zinc-900" />
          </label>
          <button type="submit" className="rounded-md border border-zinc-300 bg-white px-3.5 py-2 text-sm font-medium text-zinc-800 hover:bg-zinc-50">
            Show
          </button>
        </form>
      </div>

      <RetentionNotice
        fromMs={monthRangeMs(month, env.TALLY_REPORT_TIMEZONE).startMs}
        consequence="chargeback reads each call's tags, so this month's allocation covers only the calls since then (the monthly report still has the whole month)."
      />

      <Card>
        <CardHeader title={`Allocation, ${month}`} description={`${formatUsdShort(result.totalPico)} over ${formatInteger(result.calls)} calls`} />
        <div className="relative mt-3 overflow-x-auto" tabIndex={0} aria-label="Allocation, scrolls sideways">
          <table className="w-full text-sm" data-testid="allocation">
            <thead className="border-y border-zinc-100 bg-zinc-50 text-xs text-zinc-500">
              <tr>
                <th scope="col" className="px-3 py-2 text-left font-medium sm:pl-5">Cost centre</th>
                <th scope="col" className="px-3 py-2 text-left font-medium">Matched by</th>
                <th scope="col" className="px-3 py-2 text-right font-medium">Calls</th>
                <th scope="col" className="px-3 py-2 text-right font-medium">Spend</th>
                <th scope="col" className="px-3 py-2 text-right font-medium sm:pr-5">Share</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-100">
              {result.centres.map((c) => (
                <tr key={c.costCentre} data-testid="centre-row">
                  <th scope="row" className="px-3 py-2 text-left font-medium text-zinc-900 sm:pl-5">{c.costCentre}</th>
                  <td className="px-3 py-2 text-zinc-600">{c.lines.map((l) => l.matchedBy).join(", ")}</td>
                  <td className={TD}>{formatInteger(c.calls)}</td>
                  <td className={TD}><Usd pico={c.costPico} /></td>
                  <td className={`${TD} sm:pr-5`}>{share(c.costPico, result.totalPico)}</td>
                </tr>
              ))}
              <tr data-testid="unallocated-row" className={result.unallocated.costPico > 0n ? "bg-amber-50" : undefined}>
                <th scope="row" className="px-3 py-2 text-left font-medium text-zinc-900 sm:pl-5">Unallocated</th>
                <td className="px-3 py-2 text-zinc-600">
                  {result.unallocated.byFeature.length ? result.unallocated.byFeature.slice(0, 5).map((f) => `${f.feature || "(none)"} ${formatUsdShort(f.costPico)}`).join(", ") : "nothing"}
                </td>
                <td className={TD}>{formatInteger(result.unallocated.calls)}</td>
                <td className={TD}><Usd pico={result.unallocated.costPico} testId="unallocated" /></td>
                <td className={`${TD} sm:pr-5`}>{share(result.unallocated.costPico, result.totalPico)}</td>
              </tr>
            </tbody>
            <tfoot className="border-t border-zinc-200 font-medium">
              <tr>
                <th scope="row" className="px-3 py-2 text-left sm:pl-5">Total</th>
                <td />
                <td className={TD}>{formatInteger(result.calls)}</td>
                <td className={TD}><Usd pico={result.totalPico} testId="chargeback-total" /></td>
                <td className={`${TD} sm:pr-5`}>100%</td>
              </tr>
            </tfoot>
          </table>
        </div>
      </Card>

      <Card>
        <CardHeader title="Rules" description={rules.length ? `${rules.length} rule${rules.length === 1 ? "" : "s"}` : "No rules yet: all spend is unallocated."} />
        {rules.length ? (
          <ul className="divide-y divide-zinc-100 px-4 pt-2 text-sm sm:px-5">
            {rules.map((r) => (
              <li key={r.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
                <span className="text-zinc-900">
                  {r.match} <strong>{r.value || "(none)"}</strong> → {r.costCentre}
                </span>
                <form action={deleteChargebackRuleAction}>
                  <input type="hidden" name="id" value={r.id} />
                  <button type="submit" className="rounded-md px-2 py-1 text-xs text-zinc-500 hover:bg-zinc-50 hover:text-red-700" aria-label={`Delete the rule for ${r.match} ${r.value}`}>
                    Delete
                  </button>
                </form>
              </li>
            ))}
          </ul>
        ) : null}
        <ChargebackRuleForm features={view.options.feature} projects={view.options.project} />
      </Card>
    </div>
  );
}
