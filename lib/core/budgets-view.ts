/** Budgets as the page shows them: labels, chart rows, and the sentence under each burn-down. */
import type { Budget, BudgetBurn, BudgetStatus } from "./budgets";
import { formatDayLong, formatDayShort, picoToUsd } from "./chart-data";
import { formatUsdExact, formatUsdShort } from "./money";

export function budgetLabel(b: Pick<Budget, "scope" | "value">): string {
  if (b.scope === "total") return "All spend";
  return `${b.scope === "project" ? "Project" : "Feature"} ${b.value === "" ? "(none)" : b.value}`;
}

export const STATUS_LABEL: Record<BudgetStatus, string> = { on_track: "On track", at_risk: "Projected over", over: "Over budget" };

export interface BurnChartRow {
  day: string;
  label: string;
  longLabel: string;
  spent: number | null;
  projected: number | null;
  range: [number, number] | null;
  pace: number;
  spentExact: string | null;
  projectedExact: string | null;
  rangeExact: string | null;
  paceExact: string;
}

export function buildBurnChart(burn: BudgetBurn): BurnChartRow[] {
  return burn.days.map((d) => ({
    day: d.day,
    label: formatDayShort(d.day),
    longLabel: formatDayLong(d.day),
    spent: d.spentPico === null ? null : picoToUsd(d.spentPico),
    projected: d.projectedPico === null ? null : picoToUsd(d.projectedPico),
    range: d.lowPico === null || d.highPico === null ? null : [picoToUsd(d.lowPico), picoToUsd(d.highPico)],
    pace: picoToUsd(d.pacePico),
    spentExact: d.spentPico === null ? null : formatUsdExact(d.spentPico),
    projectedExact: d.projectedPico === null ? null : formatUsdExact(d.projectedPico),
    rangeExact: d.lowPico === null || d.highPico === null ? null : `$${formatUsdExact(d.lowPico)} – $${formatUsdExact(d.highPico)}`,
    paceExact: formatUsdExact(d.pacePico),
  }));
}

/** "$1.2K of $4K spent (30%); projected $3.6K by Nov 30 (range $3.1K – $4.2K): $400 under." */
export function burnSentence(burn: BudgetBurn): string {
  const pct = burn.budgetPico === 0n ? 0 : Number((burn.spentPico * 1000n) / burn.budgetPico) / 10;
  const last = burn.days.at(-1)!.day;
  const complete = burn.asOf === last;
  const diff = burn.projectedPico - burn.budgetPico;
  const verdict = diff > 0n ? `${formatUsdShort(diff)} over` : `${formatUsdShort(-diff)} under`;
  const range = burn.lowPico !== burn.highPico ? ` (range ${formatUsdShort(burn.lowPico)} – ${formatUsdShort(burn.highPico)})` : "";
  return complete
    ? `${formatUsdShort(burn.spentPico)} of ${formatUsdShort(burn.budgetPico)} spent (${pct}%): ${verdict}.`
    : `${formatUsdShort(burn.spentPico)} of ${formatUsdShort(burn.budgetPico)} spent by ${formatDayShort(burn.asOf)} (${pct}%); projected ${formatUsdShort(burn.projectedPico)} by ${formatDayShort(last)}${range}: ${verdict}.`;
}
