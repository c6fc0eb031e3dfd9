/**
 * Monthly budgets: stored per scope (total, a project, a feature), and each one's burn-down for a month
 * from the same daily spend the forecast reads (lib/server/forecast.ts), so a budget's projection and
 * the Forecast page's agree.
 */
import { type Budget, type BudgetBurn, budgetAsOf, budgetBurn, budgetInputSchema, budgetPicoOf } from "@/lib/core/budgets";
import type { Database } from "@/lib/server/db";
import { getDailySpend } from "@/lib/server/forecast";
import type { UsageFilters } from "@/lib/server/queries";

type Row = { id: number; scope: string; value: string; amountUsd: string };
const budgetOf = (row: Row): Budget => ({ id: row.id, scope: row.scope as Budget["scope"], value: row.value, amountUsd: row.amountUsd });

export async function listBudgets(db: Database): Promise<Budget[]> {
  const rows = await db.prisma.budget.findMany({ orderBy: [{ scope: "asc" }, { value: "asc" }] });
  // The total first, then projects, then features.
  const order = { total: 0, project: 1, feature: 2 } as const;
  return rows.map(budgetOf).sort((a, b) => order[a.scope] - order[b.scope] || a.value.localeCompare(b.value));
}

/** Creates a budget, or sets the amount of the one for the same scope and value. Throws a ZodError naming the field. */
export async function saveBudget(db: Database, input: unknown): Promise<Budget> {
  const b = budgetInputSchema.parse(input);
  const row = await db.prisma.budget.upsert({
    where: { scope_value: { scope: b.scope, value: b.value } },
    create: { scope: b.scope, value: b.value, amountUsd: b.amountUsd },
    update: { amountUsd: b.amountUsd },
  });
  return budgetOf(row);
}

export async function deleteBudget(db: Database, id: number): Promise<boolean> {
  return (await db.prisma.budget.deleteMany({ where: { id } })).count === 1;
}

export function budgetFilters(budget: Budget): UsageFilters {
  return budget.scope === "total" ? {} : { [budget.scope]: [budget.value] };
}

export interface BudgetView {
  budget: Budget;
  burn: BudgetBurn;
}

/** Every budget's burn-down for `month` (YYYY-MM), read as of its last day or, for the current month, yesterday. */
export async function getBudgetViews(db: Database, month: string, today: string): Promise<BudgetView[]> {
  const asOf = budgetAsOf(month, today);
  const budgets = await listBudgets(db);
  return Promise.all(
    budgets.map(async (budget) => ({ budget, burn: budgetBurn(await getDailySpend(db, asOf, budgetFilters(budget)), asOf, budgetPicoOf(budget)) })),
  );
}
