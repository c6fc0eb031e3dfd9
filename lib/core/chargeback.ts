/**
 * Chargeback: a month's spend allocated to cost centres by rules that map a tag, a feature or a project
 * to a cost centre. Each call goes wholly to the first rule it matches, tags first (the most specific),
 * then its feature, then its project, and in the order the rules were listed within each; a call that
 * matches nothing is "unallocated" and shown, never hidden. Every total is the sum of its lines. Pure.
 */
import { z } from "zod";

export const MATCH_KINDS = ["tag", "feature", "project"] as const;
export type MatchKind = (typeof MATCH_KINDS)[number];

export const chargebackRuleSchema = z.strictObject({
  match: z.enum(MATCH_KINDS),
  value: z.string().max(200, "must be at most 200 characters"),
  costCentre: z.string().trim().min(1, "is required").max(100, "must be at most 100 characters"),
});

export type ChargebackRuleInput = z.infer<typeof chargebackRuleSchema>;
export interface ChargebackRule extends ChargebackRuleInput {
  id: number;
}

/** Calls sharing a feature, project and tag set, with their spend. */
export interface SpendGroup {
  feature: string;
  project: string;
  tags: string[];
  calls: number;
  costPico: bigint;
}

export interface AllocationLine {
  /** What matched: "tag team:search", "feature chat", "project web". */
  matchedBy: string;
  calls: number;
  costPico: bigint;
}

export interface CostCentreAllocation {
  costCentre: string;
  calls: number;
  costPico: bigint;
  lines: AllocationLine[];
}

export interface Chargeback {
  totalPico: bigint;
  calls: number;
  centres: CostCentreAllocation[];
  /** Spend no rule matched, by feature. */
  unallocated: { calls: number; costPico: bigint; byFeature: { feature: string; calls: number; costPico: bigint }[] };
}

const PRECEDENCE: Record<MatchKind, number> = { tag: 0, feature: 1, project: 2 };

/** The rule a group of calls goes to, or null. */
export function ruleFor(group: SpendGroup, rules: readonly ChargebackRule[]): ChargebackRule | null {
  const ordered = [...rules].sort((a, b) => PRECEDENCE[a.match] - PRECEDENCE[b.match] || a.id - b.id);
  for (const rule of ordered) {
    if (rule.match === "tag" && group.tags.includes(rule.value)) return rule;
    if (rule.match === "feature" && group.feature === rule.value) return rule;
    if (rule.match === "project" && group.project === rule.value) return rule;
  }
  return null;
}

const byCost = <T extends { costPico: bigint }>(a: T, b: T) => (a.costPico === b.costPico ? 0 : a.costPico > b.costPico ? -1 : 1);

export function allocate(groups: readonly SpendGroup[], rules: readonly ChargebackRule[]): Chargeback {
  const centres = new Map<string, CostCentreAllocation>();
  const unallocated = new Map<string, { feature: string; calls: number; costPico: bigint }>();
  let totalPico = 0n;
  let calls = 0;
  for (const group of groups) {
    totalPico += group.costPico;
    calls += group.calls;
    const rule = ruleFor(group, rules);
    if (!rule) {
      const u = unallocated.get(group.feature) ?? { feature: group.feature, calls: 0, costPico: 0n };
      u.calls += group.calls;
      u.costPico += group.costPico;
      unallocated.set(group.feature, u);
      continue;
    }
    const centre = centres.get(rule.costCentre) ?? { costCentre: rule.costCentre, calls: 0, costPico: 0n, lines: [] };
    centre.calls += group.calls;
    centre.costPico += group.costPico;
    const matchedBy = `${rule.match} ${rule.value === "" ? "(none)" : rule.value}`;
    const line = centre.lines.find((l) => l.matchedBy === matchedBy);
    if (line) {
      line.calls += group.calls;
      line.costPico += group.costPico;
    } else centre.lines.push({ matchedBy, calls: group.calls, costPico: group.costPico });
    centres.set(rule.costCentre, centre);
  }
  const byFeature = [...unallocated.values()].sort(byCost);
  return {
    totalPico,
    calls,
    centres: [...centres.values()].map((c) => ({ ...c, lines: c.lines.sort(byCost) })).sort(byCost),
    unallocated: { calls: byFeature.reduce((n, f) => n + f.calls, 0), costPico: byFeature.reduce((s, f) => s + f.costPico, 0n), byFeature },
  };
}
