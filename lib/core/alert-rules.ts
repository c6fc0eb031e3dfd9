/**
 * Alert rules and their evaluation. Pure: a rule is checked against daily series (spend, calls, tokens,
 * truncations per day and group, read from the summary tables by lib/server/alerts.ts) as of one UTC
 * day, and answers which of its keys are firing and with what numbers. The alert lifecycle (firing ->
 * acknowledged -> resolved, deduplication, cooldown) lives in lib/server/alerts.ts; the backtest is this
 * evaluation replayed day by day.
 *
 * Rules compare like with like: per-call metrics (a regression), spend against its own robust spread
 * (a spike), rates and shares against a trailing baseline; only thresholds and budgets take amounts.
 */
import { z } from "zod";
import { forecastMonth } from "./forecast";
import { shiftDay } from "./chart-data";
import { formatUsdExact, parseUsdToPico } from "./money";

// ---------------------------------------------------------------------------------------------------
// Rules

export const RULE_KINDS = ["regression", "spike", "threshold", "budget", "truncation", "cache_drop", "unpriced_model", "model_share"] as const;
export type RuleKind = (typeof RULE_KINDS)[number];

export const REGRESSION_METRICS = ["cost_per_call", "input_tokens_per_call", "output_tokens_per_call", "cache_write_tokens_per_call"] as const;
export type RegressionMetric = (typeof REGRESSION_METRICS)[number];

/** What a rule looks at: the calls matching its filters, checked per value of groupBy ("none": all together). */
const scopeSchema = z.strictObject({
  feature: z.array(z.string()).default([]),
  model: z.array(z.string()).default([]),
  project: z.array(z.string()).default([]),
  groupBy: z.enum(["none", "feature", "model", "project"]).default("none"),
});

const usd = z
  .string()
  .regex(/^\d+(\.\d{1,6})?$/, 'must be an amount in USD like "250" or "12.50"')
  .refine((v) => Number(v) > 0, "must be more than 0");
const days = z.int().min(3, "must be at least 3 days").max(56, "must be at most 56 days");
const percent = z.number().positive("must be more than 0").max(10_000, "must be at most 10000");

const paramsSchemas = {
  regression: z.strictObject({
    metric: z.enum(REGRESSION_METRICS),
    /** Fires when the day's metric is more than this many percent above the baseline. */
    risePercent: percent,
    baselineDays: days.default(7),
    /** Baseline from the same weekday only (for weekly traffic): the N/7 same weekdays before. */
    sameWeekday: z.boolean().default(false),
    /** Fewest calls on the day, and in the baseline, for the rule to judge. */
    minCalls: z.int().min(1).default(20),
  }),
  spike: z.strictObject({
    /** How many robust standard deviations (1.4826 x MAD) above the median the day's spend must be. */
    sensitivity: z.number().min(1).max(50).default(5),
    baselineDays: days.default(14),
    /** Days under this spend never fire (USD). */
    minSpendUsd: z.string().regex(/^\d+(\.\d{1,6})?$/).default("1"),
  }),
  threshold: z.strictObject({ period: z.enum(["day", "month"]), amountUsd: usd }),
  budget: z.strictObject({
    monthlyUsd: usd,
    /** Percent of the budget at which to fire, once each per month. */
    levels: z.array(z.int().min(1).max(1000)).min(1).default([50, 80, 100]),
    /** Also fire when the month-end forecast exceeds the budget. */
    forecast: z.boolean().default(true),
  }),
  truncation: z.strictObject({
    /** Fires when more than this percent of the day's calls stopped at max_tokens. */
    maxRatePercent: z.number().positive().max(100),
    minCalls: z.int().min(1).default(20),
  }),
  cache_drop: z.strictObject({
    /** Fires when the day's cache hit ratio is more than this many percent below its baseline's. */
    dropPercent: z.number().positive().max(100),
    baselineDays: days.default(7),
    minCalls: z.int().min(1).default(20),
  }),
  unpriced_model: z.strictObject({
    /** A model counts as new when it had no unpriced calls in this many days before. */
    baselineDays: z.int().min(1).max(365).default(30),
  }),
  model_share: z.strictObject({
    /** A model id or a family ("opus"): the expensive model whose share is watched. */
    model: z.string().min(1),
    measure: z.enum(["spend", "calls"]).default("spend"),
    /** Fires when its share rises by more than this many percentage points over the baseline's. */
    risePoints: z.number().positive().max(100),
    baselineDays: days.default(7),
    minCalls: z.int().min(1).default(20),
  }),
} as const;

export type RuleParams<K extends RuleKind> = z.infer<(typeof paramsSchemas)[K]>;

export const ruleInputSchema = z
  .strictObject({
    name: z.string().trim().min(1, "is required").max(100, "must be at most 100 characters"),
    kind: z.enum(RULE_KINDS),
    scope: scopeSchema.default({ feature: [], model: [], project: [], groupBy: "none" }),
    params: z.record(z.string(), z.unknown()).default({}),
    /** After an alert resolves, the same key does not fire again for this long. */
    cooldownHours: z.int().min(0).max(24 * 90).default(24),
    enabled: z.boolean().default(true),
  })
  .transform((rule, ctx) => {
    const parsed = paramsSchemas[rule.kind].safeParse(rule.params);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) ctx.addIssue({ code: "custom", path: ["params", ...issue.path], message: issue.message });
      return z.NEVER;
    }
    return { ...rule, params: parsed.data } as AlertRuleInput;
  });

export type AlertRuleInput = {
  [K in RuleKind]: { name: string; kind: K; scope: z.infer<typeof scopeSchema>; params: RuleParams<K>; cooldownHours: number; enabled: boolean };
}[RuleKind];

export type AlertRule = AlertRuleInput & { id: number };

// ---------------------------------------------------------------------------------------------------
// Series

/** One day of one group's traffic (group "" when the rule is not grouped). */
export interface DayMetrics {
  day: string;
  group: string;
  calls: number;
  costPico: bigint;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  stopMaxTokens: number;
  unpricedCalls: number;
}

/** One day of one model's traffic within the rule's scope (for unpriced_model and model_share). */
export interface ModelDay {
  day: string;
  model: string;
  /** Price-book family, or null for an unknown model. */
  family: string | null;
  calls: number;
  costPico: bigint;
  unpricedCalls: number;
}

export interface RuleSeries {
  byGroup: DayMetrics[];
  byModel: ModelDay[];
}

/** The days a rule needs before `day`, to read its series from. */
export function lookbackDays(rule: AlertRuleInput): number {
  switch (rule.kind) {
    case "regression":
      return rule.params.sameWeekday ? rule.params.baselineDays * 7 : rule.params.baselineDays;
    case "spike":
    case "cache_drop":
    case "model_share":
      return rule.params.baselineDays;
    case "unpriced_model":
      return rule.params.baselineDays;
    case "budget":
      return 62; // the month so far and four weeks before it, for the forecast
    default:
      return 31;
  }
}

// ---------------------------------------------------------------------------------------------------
// Findings

/** What a rule says about one key on one day. Only firing findings raise or keep alerts. */
export interface Finding {
  /** Stable within a rule: the group, or the group and period for once-per-period rules. */
  key: string;
  group: string;
  firing: boolean;
  title: string;
  summary: string;
  observed: string;
  baseline: string | null;
  change: string | null;
  /** Numbers for the API and charts. */
  values: { observed: number; baseline: number | null; threshold: number | null };
}

const pct = (ratio: number) => `${ratio >= 0 ? "+" : "−"}${Math.abs(ratio * 100).toFixed(ratio !== 0 && Math.abs(ratio) < 0.1 ? 1 : 0)}%`;
const usdText = (pico: bigint) => `$${formatUsdExact(pico)}`;
const num = (n: number) => (Number.isInteger(n) ? n.toLocaleString("en-US") : n.toLocaleString("en-US", { maximumFractionDigits: 2 }));

function groupLabel(rule: AlertRuleInput, group: string): string {
  if (rule.scope.groupBy === "none") return "All traffic";
  return `${rule.scope.groupBy} ${group === "" ? "(none)" : group}`;
}

function sumDays(rows: readonly DayMetrics[]): DayMetrics {
  const total: DayMetrics = { day: "", group: "", calls: 0, costPico: 0n, inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, stopMaxTokens: 0, unpricedCalls: 0 };
  for (const r of rows) {
    total.calls += r.calls;
    total.costPico += r.costPico;
    total.inputTokens += r.inputTokens;
    total.outputTokens += r.outputTokens;
    total.cacheReadTokens += r.cacheReadTokens;
    total.cacheWriteTokens += r.cacheWriteTokens;
    total.stopMaxTokens += r.stopMaxTokens;
    total.unpricedCalls += r.unpricedCalls;
  }
  return total;
}

const METRIC_LABEL: Record<RegressionMetric, string> = {
  cost_per_call: "cost per call",
  input_tokens_per_call: "input tokens per call",
  output_tokens_per_call: "output tokens per call",
  cache_write_tokens_per_call: "cache-write tokens per call",
};

function perCall(metric: RegressionMetric, m: DayMetrics): number {
  if (m.calls === 0) return 0;
  switch (metric) {
    case "cost_per_call":
      return Number(m.costPico) / 1e12 / m.calls;
    case "input_tokens_per_call":
      return m.inputTokens / m.calls;
    case "output_tokens_per_call":
      return m.outputTokens / m.calls;
    case "cache_write_tokens_per_call":
      return m.cacheWriteTokens / m.calls;
  }
}

function formatMetric(metric: RegressionMetric, value: number): string {
  return metric === "cost_per_call" ? `$${value.toPrecision(3)} per call` : `${num(Math.round(value))} ${METRIC_LABEL[metric].replace(" per call", "")} per call`;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The groups' rows by group, each group's rows keyed by day. */
function byGroupDay(rows: readonly DayMetrics[]): Map<string, Map<string, DayMetrics>> {
  const groups = new Map<string, Map<string, DayMetrics>>();
  for (const row of rows) {
    let g = groups.get(row.group);
    if (!g) groups.set(row.group, (g = new Map()));
    g.set(row.day, row);
  }
  return groups;
}

/** The baseline days before `day`: the N days before, or the N/7 same weekdays before. */
function baselineDayList(day: string, baselineDays: number, sameWeekday: boolean): string[] {
  if (sameWeekday) return Array.from({ length: Math.max(1, Math.round(baselineDays / 7)) }, (_, i) => shiftDay(day, -7 * (i + 1)));
  return Array.from({ length: baselineDays }, (_, i) => shiftDay(day, -(i + 1)));
}

/**
 * Evaluates a rule as of `day` (its data so far that day). Returns one finding per key the rule could
 * judge; firing ones are conditions met now.
 */
export function evaluateRule(rule: AlertRuleInput, series: RuleSeries, day: string): Finding[] {
  const groups = byGroupDay(series.byGroup);
  const findings: Finding[] = [];
  const month = day.slice(0, 7);

  switch (rule.kind) {
    case "regression": {
      const p = rule.params;
      for (const [group, days] of groups) {
        const today = days.get(day);
        if (!today || today.calls < p.minCalls) continue;
        const base = sumDays(baselineDayList(day, p.baselineDays, p.sameWeekday).flatMap((d) => days.get(d) ?? []));
        if (base.calls < p.minCalls) continue;
        const observed = perCall(p.metric, today);
        const baseline = perCall(p.metric, base);
        if (baseline === 0) continue;
        const change = observed / baseline - 1;
        const firing = change * 100 > p.risePercent;
        const label = groupLabel(rule, group);
        findings.push({
          key: group,
          group,
          firing,
          title: `${label}: ${METRIC_LABEL[p.metric]} ${pct(change)} vs its ${p.sameWeekday ? "same-weekday" : `${p.baselineDays}-day`} baseline`,
          summary: `${label} averaged ${formatMetric(p.metric, observed)} over ${num(today.calls)} calls on ${day}, against ${formatMetric(p.metric, baseline)} over ${num(base.calls)} calls in the baseline (${pct(change)}; the rule fires above +${p.risePercent}%).`,
          observed: formatMetric(p.metric, observed),
          baseline: formatMetric(p.metric, baseline),
          change: pct(change),
          values: { observed, baseline, threshold: baseline * (1 + p.risePercent / 100) },
        });
      }
      break;
    }
    case "spike": {
      const p = rule.params;
      const floor = parseUsdToPico(p.minSpendUsd);
      for (const [group, days] of groups) {
        const today = days.get(day);
        if (!today) continue;
        const history = baselineDayList(day, p.baselineDays, false).map((d) => Number(days.get(d)?.costPico ?? 0n) / 1e12);
        const med = median(history);
        const mad = median(history.map((v) => Math.abs(v - med)));
        // A flat history has no spread: 5% of its median (or a cent) stands in, so a small wobble does not fire.
        const spread = Math.max(1.4826 * mad, med * 0.05, 0.01);
        const observed = Number(today.costPico) / 1e12;
        const threshold = med + p.sensitivity * spread;
        const firing = today.costPico >= floor && observed > threshold;
        const label = groupLabel(rule, group);
        findings.push({
          key: group,
          group,
          firing,
          title: `${label}: spend ${usdText(today.costPico)} on ${day}, ${med > 0 ? `${(observed / med).toFixed(1)}x` : "far above"} its ${p.baselineDays}-day median`,
          summary: `${label} spent ${usdText(today.costPico)} on ${day}; the ${p.baselineDays} days before had a median of $${med.toFixed(2)} with a robust spread of $${spread.toFixed(2)}, so above $${threshold.toFixed(2)} is a spike.`,
          observed: usdText(today.costPico),
          baseline: `$${med.toFixed(2)} median`,
          change: med > 0 ? pct(observed / med - 1) : null,
          values: { observed, baseline: med, threshold },
        });
      }
      break;
    }
    case "threshold": {
      const p = rule.params;
      const limit = parseUsdToPico(p.amountUsd);
      for (const [group, days] of groups) {
        const rows = [...days.values()].filter((r) => (p.period === "day" ? r.day === day : r.day.startsWith(month) && r.day <= day));
        const spend = sumDays(rows).costPico;
        const period = p.period === "day" ? day : month;
        const label = groupLabel(rule, group);
        findings.push({
          key: `${group}|${period}`,
          group,
          firing: spend > limit,
          title: `${label}: ${usdText(spend)} spent ${p.period === "day" ? `on ${day}` : `in ${month}`}, over $${p.amountUsd}`,
          summary: `${label} spent ${usdText(spend)} ${p.period === "day" ? `on ${day}` : `in ${month} so far`}; the rule's limit is $${p.amountUsd} a ${p.period}.`,
          observed: usdText(spend),
          baseline: null,
          change: null,
          values: { observed: Number(spend) / 1e12, baseline: null, threshold: Number(limit) / 1e12 },
        });
      }
      break;
    }
    case "budget": {
      const p = rule.params;
      const budget = parseUsdToPico(p.monthlyUsd);
      for (const [group, days] of groups) {
        const spent = sumDays([...days.values()].filter((r) => r.day.startsWith(month) && r.day <= day)).costPico;
        const label = groupLabel(rule, group);
        for (const level of [...p.levels].sort((a, b) => a - b)) {
          const mark = (budget * BigInt(level)) / 100n;
          findings.push({
            key: `${group}|${month}|${level}%`,
            group,
            firing: spent >= mark,
            title: `${label}: ${level}% of the $${p.monthlyUsd} budget for ${month} spent`,
            summary: `${label} has spent ${usdText(spent)} of its $${p.monthlyUsd} monthly budget in ${month} (${((Number(spent) / Number(budget)) * 100).toFixed(1)}%), crossing ${level}%.`,
            observed: usdText(spent),
            baseline: `$${p.monthlyUsd} budget`,
            change: `${((Number(spent) / Number(budget)) * 100).toFixed(1)}% used`,
            values: { observed: Number(spent) / 1e12, baseline: null, threshold: Number(mark) / 1e12 },
          });
        }
        if (p.forecast) {
          const daily = new Map([...days.values()].filter((r) => r.day <= day).map((r) => [r.day, r.costPico]));
          const f = forecastMonth(daily, day);
          findings.push({
            key: `${group}|${month}|forecast`,
            group,
            firing: f.projectedPico > budget && spent < budget,
            title: `${label}: forecast ${usdText(f.projectedPico)} for ${month}, over the $${p.monthlyUsd} budget`,
            summary: `${label} has spent ${usdText(spent)} in ${month} so far and is projected to reach ${usdText(f.projectedPico)} by month end (range ${usdText(f.lowPico)} to ${usdText(f.highPico)}), over its $${p.monthlyUsd} budget.`,
            observed: `${usdText(f.projectedPico)} projected`,
            baseline: `$${p.monthlyUsd} budget`,
            change: pct(Number(f.projectedPico) / Number(budget) - 1),
            values: { observed: Number(f.projectedPico) / 1e12, baseline: null, threshold: Number(budget) / 1e12 },
          });
        }
      }
      break;
    }
    case "truncation": {
      const p = rule.params;
      for (const [group, days] of groups) {
        const today = days.get(day);
        if (!today || today.calls < p.minCalls) continue;
        const rate = today.stopMaxTokens / today.calls;
        const label = groupLabel(rule, group);
        findings.push({
          key: group,
          group,
          firing: rate * 100 > p.maxRatePercent,
          title: `${label}: ${(rate * 100).toFixed(1)}% of calls cut off at max_tokens`,
          summary: `${num(today.stopMaxTokens)} of ${label}'s ${num(today.calls)} calls on ${day} stopped at max_tokens (${(rate * 100).toFixed(1)}%; the rule fires above ${p.maxRatePercent}%): their answers were cut off.`,
          observed: `${(rate * 100).toFixed(1)}% truncated`,
          baseline: null,
          change: null,
          values: { observed: rate, baseline: null, threshold: p.maxRatePercent / 100 },
        });
      }
      break;
    }
    case "cache_drop": {
      const p = rule.params;
      const hit = (m: DayMetrics) => {
        const prompt = m.inputTokens + m.cacheReadTokens + m.cacheWriteTokens;
        return prompt === 0 ? null : m.cacheReadTokens / prompt;
      };
      for (const [group, days] of groups) {
        const today = days.get(day);
        if (!today || today.calls < p.minCalls) continue;
        const base = sumDays(baselineDayList(day, p.baselineDays, false).flatMap((d) => days.get(d) ?? []));
        const [now, before] = [hit(today), hit(base)];
        if (now === null || before === null || before === 0 || base.calls < p.minCalls) continue;
        const change = now / before - 1;
        const label = groupLabel(rule, group);
        findings.push({
          key: group,
          group,
          firing: -change * 100 > p.dropPercent,
          title: `${label}: cache hit ratio ${(now * 100).toFixed(1)}%, down from ${(before * 100).toFixed(1)}%`,
          summary: `${label} read ${(now * 100).toFixed(1)}% of its prompt tokens from the cache on ${day}, against ${(before * 100).toFixed(1)}% over the ${p.baselineDays} days before (${pct(change)}): a broken cache prefix bills those tokens at the full input price.`,
          observed: `${(now * 100).toFixed(1)}% hit ratio`,
          baseline: `${(before * 100).toFixed(1)}% hit ratio`,
          change: pct(change),
          values: { observed: now, baseline: before, threshold: before * (1 - p.dropPercent / 100) },
        });
      }
      break;
    }
    case "unpriced_model": {
      const p = rule.params;
      const since = shiftDay(day, -p.baselineDays);
      const seenBefore = new Set(series.byModel.filter((m) => m.unpricedCalls > 0 && m.day >= since && m.day < day).map((m) => m.model));
      for (const m of series.byModel) {
        if (m.day !== day || m.unpricedCalls === 0) continue;
        const isNew = !seenBefore.has(m.model);
        findings.push({
          key: m.model,
          group: m.model,
          firing: isNew,
          title: `New unpriced model: ${m.model}`,
          summary: `${num(m.unpricedCalls)} calls on ${day} used ${m.model}, which the price book does not know, so they are counted at $0. Add it to the price book or set a price override.`,
          observed: `${num(m.unpricedCalls)} unpriced calls`,
          baseline: isNew ? `none in the ${p.baselineDays} days before` : "seen before",
          change: null,
          values: { observed: m.unpricedCalls, baseline: 0, threshold: null },
        });
      }
      break;
    }
    case "model_share": {
      const p = rule.params;
      const watched = (m: ModelDay) => m.model === p.model || m.family === p.model;
      const measure = (rows: readonly ModelDay[]) => rows.reduce((s, m) => s + (p.measure === "spend" ? Number(m.costPico) / 1e12 : m.calls), 0);
      const calls = (rows: readonly ModelDay[]) => rows.reduce((s, m) => s + m.calls, 0);
      const today = series.byModel.filter((m) => m.day === day);
      const baseDays = new Set(baselineDayList(day, p.baselineDays, false));
      const base = series.byModel.filter((m) => baseDays.has(m.day));
      if (calls(today) < p.minCalls || calls(base) < p.minCalls || measure(today) === 0 || measure(base) === 0) break;
      const share = measure(today.filter(watched)) / measure(today);
      const before = measure(base.filter(watched)) / measure(base);
      const points = (share - before) * 100;
      findings.push({
        key: p.model,
        group: p.model,
        firing: points > p.risePoints,
        title: `${p.model}: ${(share * 100).toFixed(1)}% of ${p.measure}, up from ${(before * 100).toFixed(1)}%`,
        summary: `${p.model} took ${(share * 100).toFixed(1)}% of the ${p.measure === "spend" ? "spend" : "calls"} on ${day}, against ${(before * 100).toFixed(1)}% over the ${p.baselineDays} days before (${points >= 0 ? "+" : "−"}${Math.abs(points).toFixed(1)} points; the rule fires above +${p.risePoints}).`,
        observed: `${(share * 100).toFixed(1)}% of ${p.measure}`,
        baseline: `${(before * 100).toFixed(1)}% of ${p.measure}`,
        change: `${points >= 0 ? "+" : "−"}${Math.abs(points).toFixed(1)} points`,
        values: { observed: share, baseline: before, threshold: before + p.risePoints / 100 },
      });
      break;
    }
  }
  return findings;
}

/**
 * The days in [from, to] on which the rule would have fired (each day judged on its full data). Budgets
 * and thresholds fire each key once per period, as the live evaluation does, so only a key's first day counts.
 */
export function backtestRule(rule: AlertRuleInput, series: RuleSeries, from: string, to: string): { day: string; findings: Finding[] }[] {
  const out: { day: string; findings: Finding[] }[] = [];
  const oncePerPeriod = rule.kind === "budget" || rule.kind === "threshold";
  const seen = new Set<string>();
  for (let day = from; day <= to; day = shiftDay(day, 1)) {
    const firing = evaluateRule(rule, series, day).filter((f) => f.firing && !(oncePerPeriod && seen.has(f.key)));
    for (const f of firing) seen.add(f.key);
    if (firing.length) out.push({ day, findings: firing });
  }
  return out;
}
