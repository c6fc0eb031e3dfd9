/**
 * The monthly report's budget vs actual: each budget's spend for the month against its amount (the
 * month projected to its end while it is still running), linking to the burn-downs.
 */
import Link from "next/link";
import { Card, CardHeader } from "@/components/ui/card";
import { STATUS_LABEL, budgetLabel } from "@/lib/core/budgets-view";
import { formatUsdExact, formatUsdShort } from "@/lib/core/money";
import { getApp } from "@/lib/server/app";
import { getBudgetViews } from "@/lib/server/budgets";
import { now } from "@/lib/server/clock";

const TD = "px-3 py-2 text-right tabular-nums whitespace-nowrap";

export async function ReportBudgets({ month }: { month: string }) {
  const { db } = await getApp();
  const views = await getBudgetViews(db, month, now().toISOString().slice(0, 10));
  return (
    <Card data-testid="report-budgets">
      <CardHeader
        title="Budget vs actual"
        description={views.length ? "Each budget's month, UTC; a running month is projected to its end." : undefined}
        actions={
          <Link href={`/reports/budgets?month=${month}`} className="text-sm font-medium text-indigo-700 hover:underline print:hidden">
            Burn-downs →
          </Link>
        }
      />
      {views.length === 0 ? (
        <p className="px-4 pt-2 pb-4 text-sm text-zinc-500 sm:px-5">No budgets set.</p>
      ) : (
        <div className="relative mt-3 overflow-x-auto" tabIndex={0} aria-label="Budget vs actual, scrolls sideways">
          <table className="w-full text-sm">
            <thead className="border-y border-zinc-100 bg-zinc-50 text-xs text-zinc-500">
              <tr>
                <th scope="col" className="px-3 py-2 text-left font-medium sm:pl-5">Budget</th>
                <th scope="col" className="px-3 py-2 text-right font-medium">Amount</th>
                <th scope="col" className="px-3 py-2 text-right font-medium">Actual</th>
                <th scope="col" className="px-3 py-2 text-right font-medium">Projected</th>
                <th scope="col" className="px-3 py-2 text-right font-medium sm:pr-5">Status</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-100">
              {views.map(({ budget, burn }) => (
                <tr key={budget.id}>
                  <th scope="row" className="px-3 py-2 text-left font-medium text-zinc-900 sm:pl-5">{budgetLabel(budget)}</th>
                  <td className={TD}>${budget.amountUsd}</td>
                  <td className={TD} title={`$${formatUsdExact(burn.spentPico)} exactly`}>{formatUsdShort(burn.spentPico)}</td>
                  <td className={TD} title={`$${formatUsdExact(burn.projectedPico)} exactly`}>{formatUsdShort(burn.projectedPico)}</td>
                  <td className={`${TD} sm:pr-5`}>{STATUS_LABEL[burn.status]}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}
