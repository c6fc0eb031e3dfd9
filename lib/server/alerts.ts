/**
 * Alert rules, their evaluation and the alert lifecycle. Evaluation reads each rule's daily series from
 * the summary tables, asks lib/core/alert-rules.ts which keys are firing as of the clock's UTC day, and
 * reconciles that with the stored alerts:
 *
 * - a firing key without an open alert opens one (status "firing") and sends a "fired" notice, unless
 *   the same key resolved less than the rule's cooldown ago, or (budgets and thresholds, whose keys name
 *   their period) it already fired in this period;
 * - a firing key with an open alert (firing or acknowledged) only refreshes its numbers: running the
 *   evaluation twice fires nothing new;
 * - an open alert whose key was judged and is no longer firing, or whose period has passed, resolves
 *   and sends a "resolved" notice. A key the rule could not judge (too few calls so far) stays open.
 *
 * Time is always passed in (`now`), so tests and `tally alerts run --at` set the clock.
 */
import { type AlertRule, type AlertRuleInput, type Finding, type RuleSeries, backtestRule, evaluateRule, lookbackDays, ruleInputSchema } from "@/lib/core/alert-rules";
import { shiftDay } from "@/lib/core/chart-data";
import { defaultPriceBook, resolveModel } from "@/lib/core/pricing";
import type { Database } from "@/lib/server/db";
import { type DayRange, type UsageFilters, getUsageByDay } from "@/lib/server/queries";

export type AlertStatus = "firing" | "acknowledged" | "resolved";

export interface StoredAlert {
  id: number;
  ruleId: number;
  key: string;
  status: AlertStatus;
  day: string;
  title: string;
  summary: string;
  observed: string;
  baseline: string | null;
  change: string | null;
  details: { kind: string; group: string; scope: AlertRuleInput["scope"]; values: Finding["values"] };
  firedAt: Date;
  lastSeenAt: Date;
  acknowledgedAt: Date | null;
  resolvedAt: Date | null;
}

/** What an evaluation tells the delivery side about a change in an alert. */
export interface AlertChange {
  event: "fired" | "resolved";
  alert: StoredAlert;
  rule: AlertRule;
}

export const utcDayOf = (now: Date) => now.toISOString().slice(0, 10);

// ---------------------------------------------------------------------------------------------------
// Rules

type RuleRow = { id: number; name: string; kind: string; scope: string; params: string; cooldownHours: number; enabled: boolean };

function ruleFromRow(row: RuleRow): AlertRule {
  // Stored rules were validated on the way in; parsing again fills defaults added since.
  const input = ruleInputSchema.parse({ name: row.name, kind: row.kind, scope: JSON.parse(row.scope), params: JSON.parse(row.params), cooldownHours: row.cooldownHours, enabled: row.enabled });
  return { ...input, id: row.id };
}

export async function listRules(db: Database): Promise<AlertRule[]> {
  return (await db.prisma.alertRule.findMany({ orderBy: { id: "asc" } })).map(ruleFromRow);
}

export async function getRule(db: Database, id: number): Promise<AlertRule | null> {
  const row = await db.prisma.alertRule.findUnique({ where: { id } });
  return row ? ruleFromRow(row) : null;
}

/** Validates (throws the ZodError naming the field) and stores a new rule. */
export async function createRule(db: Database, input: unknown): Promise<AlertRule> {
  const rule = ruleInputSchema.parse(input);
  const row = await db.prisma.alertRule.create({
    data: { name: rule.name, kind: rule.kind, scope: JSON.stringify(rule.scope), params: JSON.stringify(rule.params), cooldownHours: rule.cooldownHours, enabled: rule.enabled },
  });
  return ruleFromRow(row);
}

/** Replaces a rule's definition; its open alerts stay and are judged by the new definition next run. */
export async function updateRule(db: Database, id: number, input: unknown, now: Date): Promise<AlertRule | null> {
  const rule = ruleInputSchema.parse(input);
  if (!(await db.prisma.alertRule.findUnique({ where: { id } }))) return null;
  const row = await db.prisma.alertRule.update({
    where: { id },
    data: { name: rule.name, kind: rule.kind, scope: JSON.stringify(rule.scope), params: JSON.stringify(rule.params), cooldownHours: rule.cooldownHours, enabled: rule.enabled, updatedAt: now },
  });
  return ruleFromRow(row);
}

/** Deletes a rule; its open alerts are resolved (its history stays). */
export async function deleteRule(db: Database, id: number, now: Date): Promise<boolean> {
  const deleted = await db.prisma.alertRule.deleteMany({ where: { id } });
  if (deleted.count === 0) return false;
  await db.prisma.alert.updateMany({ where: { ruleId: id, status: { in: ["firing", "acknowledged"] } }, data: { status: "resolved", resolvedAt: now, openKey: null } });
  return true;
}

// ---------------------------------------------------------------------------------------------------
// Series

function filtersOf(rule: AlertRuleInput): UsageFilters {
  return { feature: rule.scope.feature, model: rule.scope.model, project: rule.scope.project };
}

/** A rule's daily series over a range, from the summary tables. */
export async function loadRuleSeries(db: Database, rule: AlertRuleInput, range: DayRange): Promise<RuleSeries> {
  const filters = filtersOf(rule);
  const groupBy = rule.scope.groupBy === "none" ? undefined : rule.scope.groupBy;
  const needsModels = rule.kind === "unpriced_model" || rule.kind === "model_share";
  const [groups, models] = await Promise.all([
    needsModels ? Promise.resolve([]) : getUsageByDay(db, range, filters, groupBy, ["calls", "costPico", "inputTokens", "outputTokens", "cacheReadTokens", "cacheWrite5mTokens", "cacheWrite1hTokens", "stopMaxTokens", "unpricedCalls"]),
    needsModels ? getUsageByDay(db, range, filters, "model", ["calls", "costPico", "unpricedCalls"]) : Promise.resolve([]),
  ]);
  return {
    byGroup: groups.map((g) => ({
      day: g.day,
      group: g.key,
      calls: g.calls,
      costPico: g.costPico,
      inputTokens: g.inputTokens,
      outputTokens: g.outputTokens,
      cacheReadTokens: g.cacheReadTokens,
      cacheWriteTokens: g.cacheWrite5mTokens + g.cacheWrite1hTokens,
      stopMaxTokens: g.stopMaxTokens,
      unpricedCalls: g.unpricedCalls,
    })),
    byModel: models.map((m) => ({ day: m.day, model: m.key, family: resolveModel(defaultPriceBook, m.key)?.family ?? null, calls: m.calls, costPico: m.costPico, unpricedCalls: m.unpricedCalls })),
  };
}

/** The days of the last `days` (to the clock's day) on which a rule, saved or not, would have fired. */
export async function backtestAlertRule(db: Database, input: unknown, now: Date, days = 90): Promise<{ rule: AlertRuleInput; from: string; to: string; days: { day: string; findings: Finding[] }[] }> {
  const rule = ruleInputSchema.parse(input);
  const to = utcDayOf(now);
  const from = shiftDay(to, -(days - 1));
  const series = await loadRuleSeries(db, rule, { from: shiftDay(from, -lookbackDays(rule) - 1), to });
  return { rule, from, to, days: backtestRule(rule, series, from, to) };
}

// ---------------------------------------------------------------------------------------------------
// Alerts

type AlertRow = {
  id: number;
  ruleId: number;
  key: string;
  status: string;
  day: string;
  title: string;
  summary: string;
  observed: string;
  baseline: string | null;
  change: string | null;
  details: string;
  firedAt: Date;
  lastSeenAt: Date;
  acknowledgedAt: Date | null;
  resolvedAt: Date | null;
  openKey?: string | null;
};

function alertFromRow({ openKey: _openKey, ...row }: AlertRow): StoredAlert {
  return { ...row, status: row.status as AlertStatus, details: JSON.parse(row.details) };
}

/** Prisma's unique-constraint error: another evaluation opened the same alert first. */
function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002";
}

export async function listAlerts(db: Database, options: { status?: AlertStatus | "open"; ruleId?: number; limit?: number } = {}): Promise<StoredAlert[]> {
  const status = options.status === "open" ? { in: ["firing", "acknowledged"] } : options.status;
  const rows = await db.prisma.alert.findMany({
    where: { ...(status ? { status } : {}), ...(options.ruleId ? { ruleId: options.ruleId } : {}) },
    orderBy: [{ firedAt: "desc" }, { id: "desc" }],
    take: options.limit ?? 200,
  });
  return rows.map(alertFromRow);
}

export async function getAlert(db: Database, id: number): Promise<StoredAlert | null> {
  const row = await db.prisma.alert.findUnique({ where: { id } });
  return row ? alertFromRow(row) : null;
}

/** firing -> acknowledged. Returns the alert, or a reason it could not be acknowledged. */
export async function acknowledgeAlert(db: Database, id: number, now: Date): Promise<StoredAlert | "not_found" | "not_firing"> {
  const changed = await db.prisma.alert.updateMany({ where: { id, status: "firing" }, data: { status: "acknowledged", acknowledgedAt: now } });
  const alert = await getAlert(db, id);
  if (!alert) return "not_found";
  return changed.count === 1 || alert.status === "acknowledged" ? alert : "not_firing";
}

/** Keys of budgets and thresholds end in their period: "|2026-11", "|2026-11-23", "|2026-11|80%". */
function keyPeriod(key: string): string | null {
  const match = /\|(\d{4}-\d{2}(?:-\d{2})?)(?:\||$)/.exec(key);
  return match ? match[1] : null;
}

function detailsOf(rule: AlertRuleInput, finding: Finding): string {
  return JSON.stringify({ kind: rule.kind, group: finding.group, scope: rule.scope, values: finding.values });
}

export interface EvaluationReport {
  day: string;
  rules: number;
  fired: AlertChange[];
  resolved: AlertChange[];
  /** Open alerts whose numbers were refreshed. */
  stillOpen: number;
}

/**
 * Evaluates every enabled rule as of `now` and reconciles the alerts (see the header). Returns what
 * changed; `onChange` is told of each fired and resolved alert after it is stored.
 */
export async function evaluateAlerts(db: Database, now: Date, onChange?: (change: AlertChange) => Promise<void>): Promise<EvaluationReport> {
  const day = utcDayOf(now);
  const rules = (await listRules(db)).filter((r) => r.enabled);
  const report: EvaluationReport = { day, rules: rules.length, fired: [], resolved: [], stillOpen: 0 };

  for (const rule of rules) {
    const series = await loadRuleSeries(db, rule, { from: shiftDay(day, -lookbackDays(rule) - 1), to: day });
    const findings = evaluateRule(rule, series, day);
    const judged = new Map(findings.map((f) => [f.key, f]));
    const history = (await db.prisma.alert.findMany({ where: { ruleId: rule.id }, orderBy: { id: "desc" } })).map(alertFromRow);
    const open = new Map(history.filter((a) => a.status !== "resolved").map((a) => [a.key, a]));

    for (const finding of findings.filter((f) => f.firing)) {
      const current = open.get(finding.key);
      if (current) {
        await db.prisma.alert.update({
          where: { id: current.id },
          data: { day, title: finding.title, summary: finding.summary, observed: finding.observed, baseline: finding.baseline, change: finding.change, details: detailsOf(rule, finding), lastSeenAt: now },
        });
        report.stillOpen += 1;
        continue;
      }
      const previous = history.filter((a) => a.key === finding.key);
      if (keyPeriod(finding.key) && previous.length > 0) continue; // once per period
      const lastResolved = previous.find((a) => a.resolvedAt)?.resolvedAt;
      if (lastResolved && now.getTime() - lastResolved.getTime() < rule.cooldownHours * 3_600_000) continue;
      const row = await db.prisma.alert
        .create({
          data: {
            ruleId: rule.id,
            openKey: `${rule.id}|${finding.key}`,
            key: finding.key,
            status: "firing",
            day,
            title: finding.title,
            summary: finding.summary,
            observed: finding.observed,
            baseline: finding.baseline,
            change: finding.change,
            details: detailsOf(rule, finding),
            firedAt: now,
            lastSeenAt: now,
          },
        })
        .catch((error: unknown) => {
          if (isUniqueViolation(error)) return null;
          throw error;
        });
      if (!row) continue;
      const change: AlertChange = { event: "fired", alert: alertFromRow(row), rule };
      report.fired.push(change);
      await onChange?.(change);
    }

    for (const alert of open.values()) {
      const finding = judged.get(alert.key);
      const period = keyPeriod(alert.key);
      const periodOver = period !== null && period !== (period.length === 7 ? day.slice(0, 7) : day);
      if (!(finding && !finding.firing) && !periodOver) continue;
      const row = await db.prisma.alert.update({ where: { id: alert.id }, data: { status: "resolved", resolvedAt: now, lastSeenAt: now, openKey: null } });
      const change: AlertChange = { event: "resolved", alert: alertFromRow(row), rule };
      report.resolved.push(change);
      await onChange?.(change);
    }
  }
  await db.run("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value", ["alerts_last_run", now.toISOString()]);
  return report;
}
