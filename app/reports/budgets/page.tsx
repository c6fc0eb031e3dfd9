/**
 * Budgets: a monthly amount for all spend, a project or a feature, each with its burn-down for the
 * month (`month=YYYY-MM`, default this one): spent so far, the rest projected by the forecast engine
 * with its range, the even pace, and whether it is on track. Months are UTC, as the summaries are.
 */
import type { Metadata } from "next";
import { ReportsTabs } from "@/components/reports/tabs";
import { BudgetForm } from "@/components/budgets/budget-form";
import { BurnChart } from "@/components/budgets/burn-chart";
import { type SearchParams, loadView, param } from "@/components/dashboard/view";
import { Card, CardHeader } from "@/components/ui/card";
import { deleteBudgetAction } from "@/app/reports/budgets/actions";
import { STATUS_LABEL, budgetLabel, buildBurnChart, burnSentence } from "@/lib/core/budgets-view";
import { picoToUsd } from "@/lib/core/chart-data";
import { formatUsdExact, formatUsdShort } from "@/lib/core/money";
import { getApp } from "@/lib/server/app";
import { getBudgetViews } from "@/lib/server/budgets";
import { requirePage } from "@/lib/server/session";

export const metadata: Metadata = { title: "Budgets" };

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

const STATUS_STYLE = {
  on_track: "bg-emerald-50 text-emerald-800 ring-emerald-200",
  at_risk: "bg-amber-50 text-amber-900 ring-amber-200",
  over: "bg-red-50 text-red-800 ring-red-200",
} as const;

export default async function BudgetsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await requirePage("/reports/budgets");
  const view = await loadView(searchParams);
  const params = await searchParams;
  const asked = param(params, "month");
  const month = MONTH.test(asked) ? asked : view.today.slice(0, 7);
  const { db } = await getApp();
  const budgets = await getBudgetViews(db, month, view.today);

  return (
    <div className="space-y-4 sm:space-y-6">
      <ReportsTabs current="budgets" />
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div className="min-w-0">
          <h1 className="text-xl font-semibold tracking-tight text-zinc-900">Budgets</h1>
          <p className="mt-1 max-w-3xl text-sm text-zinc-600">
            A monthly amount for all spend, a project or a feature. Each month shows what is spent, where the rest of the month is heading (the forecast, with its range) and the even pace
            that would spend the budget exactly. Months are UTC.
          </p>
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
      {asked && !MONTH.test(asked) ? (
        <p role="alert" className="rounded-lg border border-amber-300 bg-amber-50 px-4 py-2.5 text-sm text-amber-950">
          month: &ldquo;{asked}&rdquo; is not a month like 2026-10; showing {month}.
        </p>
      ) : null}

      <Card>
        <CardHeader title="Set a budget" />
        <BudgetForm projects={view.options.project} features={view.options.feature} />
      </Card>

      {budgets.length === 0 ? (
        <p className="rounded-xl border border-zinc-200 bg-white px-4 py-6 text-center text-sm text-zinc-500">No budgets yet. Set one above: for all spend, a project or a feature.</p>
      ) : (
        <div className="grid gap-4 lg:grid-cols-2">
          {budgets.map(({ budget, burn }) => {
            const share = burn.budgetPico === 0n ? 0 : Math.min(100, Number((burn.spentPico * 1000n) / burn.budgetPico) / 10);
            const label = budgetLabel(budget);
            return (
              <Card key={budget.id} data-testid="budget" data-label={label}>
                <CardHeader
                  title={label}
                  description={`$${budget.amountUsd} a month`}
                  actions={
                    <>
                      <span data-testid="budget-status" className={`rounded-full px-2 py-0.5 text-xs font-medium ring-1 ${STATUS_STYLE[burn.status]}`}>
                        {STATUS_LABEL[burn.status]}
                      </span>
                      <form action={deleteBudgetAction}>
                        <input type="hidden" name="id" value={budget.id} />
                        <button type="submit" className="rounded-md px-2 py-1 text-xs text-zinc-500 hover:bg-zinc-50 hover:text-red-700" aria-label={`Delete the budget for ${label}`}>
                          Delete
                        </button>
                      </form>
                    </>
                  }
                />
                <div className="space-y-3 px-4 pt-3 pb-4 sm:px-5 sm:pb-5">
                  <dl className="grid grid-cols-3 gap-3 text-sm">
                    {[
                      ["Spent", burn.spentPico, "budget-spent"],
                      ["Projected", burn.projectedPico, "budget-projected"],
                      [burn.remainingPico < 0n ? "Over by" : "Left", burn.remainingPico < 0n ? -burn.remainingPico : burn.remainingPico, "budget-left"],
                    ].map(([name, pico, testId]) => (
                      <div key={String(testId)}>
                        <dt className="text-zinc-500">{String(name)}</dt>
                        <dd className="mt-0.5 text-lg font-semibold tabular-nums text-zinc-900" data-testid={String(testId)} data-exact={formatUsdExact(pico as bigint)} title={`$${formatUsdExact(pico as bigint)} exactly`}>
                          {formatUsdShort(pico as bigint)}
                        </dd>
                      </div>
                    ))}
                  </dl>
                  <div className="h-2 overflow-hidden rounded-full bg-zinc-100" role="meter" aria-valuemin={0} aria-valuemax={100} aria-valuenow={share} aria-label={`${share}% of the budget spent`}>
                    <div className={`h-full ${burn.status === "over" ? "bg-red-500" : burn.status === "at_risk" ? "bg-amber-500" : "bg-accent-600"}`} style={{ width: `${share}%` }} />
                  </div>
                  <p className="text-sm text-zinc-600" data-testid="budget-sentence">
                    {burnSentence(burn)}
                  </p>
                  <BurnChart rows={buildBurnChart(burn)} budgetUsd={picoToUsd(burn.budgetPico)} label={label} />
                </div>
              </Card>
            );
          })}
        </div>
      )}
    </div>
  );
}
