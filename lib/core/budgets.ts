/**
 * Monthly budgets: a budget is an amount a month for all spend, one project or one feature. Its month
 * is a burn-down: spend to date day by day, the rest of the month projected by the forecast engine
 * (lib/core/forecast.ts) with its low-high range, against the budget and the even pace that would spend
 * it exactly. Pure; money is pico-USD.
 */
import { z } from "zod";
import { daysInRange, shiftDay } from "./chart-data";
import { forecastMonth, lastDayOfMonth } from "./forecast";
import { parseUsdToPico } from "./money";

export const BUDGET_SCOPES = ["total", "project", "feature"] as const;
export type BudgetScope = (typeof BUDGET_SCOPES)[number];

export const budgetInputSchema = z
  .strictObject({
    scope: z.enum(BUDGET_SCOPES),
    /** The project or feature; "" for the total (and for calls sent without one). */
    value: z.string().max(200, "must be at most 200 characters").default(""),
    amountUsd: z
      .string()
      .trim()
      .regex(/^\d{1,12}(\.\d{1,2})?$/, 'must be an amount in USD like "2500" or "120.50"')
      .refine((v) => Number(v) > 0, "must be more than 0"),
  })
  .refine((b) => b.scope !== "total" || b.value === "", { path: ["value"], message: "must be empty for the total budget" });

export type BudgetInput = z.infer<typeof budgetInputSchema>;

export interface Budget extends BudgetInput {
  id: number;
}

export type BudgetStatus = "on_track" | "at_risk" | "over";

export interface BurnDay {
  day: string;
  /** Spend from the 1st through this day, on days up to asOf; null after. */
  spentPico: bigint | null;
  /** The same with projected days added, from asOf on; null before asOf. */
  projectedPico: bigint | null;
  lowPico: bigint | null;
  highPico: bigint | null;
  /** The even pace: budget x day / days in the month. */
  pacePico: bigint;
}

export interface BudgetBurn {
  month: string;
  asOf: string;
  budgetPico: bigint;
  spentPico: bigint;
  projectedPico: bigint;
  lowPico: bigint;
  highPico: bigint;
  /** Budget left (negative when over). */
  remainingPico: bigint;
  /** on_track: projected within budget; at_risk: projected over it; over: already spent more. */
  status: BudgetStatus;
  days: BurnDay[];
}

/**
 * The burn-down of one budget for the month of `asOf`, given spend per UTC day (the same history the
 * forecast uses). Cumulative series add up the forecast's own days, so the last point is its total.
 */
export function budgetBurn(daily: ReadonlyMap<string, bigint>, asOf: string, budgetPico: bigint): BudgetBurn {
  const f = forecastMonth(daily, asOf);
  const monthDays = daysInRange(`${f.month}-01`, lastDayOfMonth(f.month));
  let spent = 0n;
  let projected = 0n;
  let low = 0n;
  let high = 0n;
  const days = f.days.map((d, i): BurnDay => {
    const pace = (budgetPico * BigInt(i + 1)) / BigInt(monthDays.length);
    if (d.actualPico !== null) {
      spent += d.actualPico;
      projected = low = high = spent;
      return { day: d.day, spentPico: spent, projectedPico: d.day === asOf ? spent : null, lowPico: d.day === asOf ? spent : null, highPico: d.day === asOf ? spent : null, pacePico: pace };
    }
    projected += d.projectedPico ?? 0n;
    low += d.lowPico ?? 0n;
    high += d.highPico ?? 0n;
    return { day: d.day, spentPico: null, projectedPico: projected, lowPico: low, highPico: high, pacePico: pace };
  });
  const status: BudgetStatus = f.actualToDatePico > budgetPico ? "over" : f.projectedPico > budgetPico ? "at_risk" : "on_track";
  return {
    month: f.month,
    asOf,
    budgetPico,
    spentPico: f.actualToDatePico,
    projectedPico: f.projectedPico,
    lowPico: f.lowPico,
    highPico: f.highPico,
    remainingPico: budgetPico - f.actualToDatePico,
    status,
    days,
  };
}

/**
 * The day a month's burn-down is read as of: its last day once it has passed; else yesterday, since today
 * is partial (on the 1st, the 1st itself: the forecast needs a day of its own month).
 */
export function budgetAsOf(month: string, today: string): string {
  const last = lastDayOfMonth(month);
  if (last < today) return last;
  const yesterday = shiftDay(today, -1);
  return yesterday < `${month}-01` ? `${month}-01` : yesterday;
}

export function budgetPicoOf(budget: BudgetInput): bigint {
  return parseUsdToPico(budget.amountUsd);
}
