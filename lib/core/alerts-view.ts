/**
 * What the Alerts pages say about rules and alerts, in plain functions: a rule's kind, scope and key
 * parameters in words, the dashboard links behind an alert, times in UTC, and the rule form's fields
 * to and from a rule. Field names in the form are the rule's own paths ("params.risePercent"), so an
 * error from ruleInputSchema lands next to the field it is about.
 */
import type { ZodError } from "zod";
import { type AlertRuleInput, REGRESSION_METRICS, RULE_KINDS, type RegressionMetric, type RuleKind, ruleInputSchema } from "./alert-rules";
import { formatDayLong, shiftDay } from "./chart-data";
import { dashboardHref, type DashboardFilters } from "./dashboard-url";
import { featurePath } from "./features-view";

// ---------------------------------------------------------------------------------------------------
// Words

export const KIND_INFO: Record<RuleKind, { label: string; description: string }> = {
  regression: { label: "Regression", description: "Cost or tokens per call rise against a trailing baseline, normalised for traffic." },
  spike: { label: "Spend spike", description: "A day's spend is far above its recent median (robust to one-off days), with no amount to set." },
  threshold: { label: "Spend threshold", description: "Spend in a day or a month goes over an amount." },
  budget: { label: "Monthly budget", description: "Spend this month crosses levels of a budget, each once a month, or is forecast to exceed it." },
  truncation: { label: "Truncation rate", description: "Too many of a day's calls stop at max_tokens: their answers were cut off." },
  cache_drop: { label: "Cache hit drop", description: "The cache hit ratio falls sharply against its baseline (a broken prefix bills full input price)." },
  unpriced_model: { label: "New unpriced model", description: "Calls arrive on a model the price book does not know (counted at $0)." },
  model_share: { label: "Expensive model share", description: "An expensive model's share of spend or calls rises against its baseline." },
};

export const METRIC_LABELS: Record<RegressionMetric, string> = {
  cost_per_call: "Cost per call",
  input_tokens_per_call: "Input tokens per call",
  output_tokens_per_call: "Output tokens per call",
  cache_write_tokens_per_call: "Cache-write tokens per call",
};

const GROUP_WORDS = { none: "all together", feature: "per feature", model: "per model", project: "per project" } as const;

const shown = (values: readonly string[]) => values.map((v) => (v === "" ? "(none)" : v)).join(", ");

/** "Project e2e-alerts · per feature", or "All traffic · all together". */
export function describeScope(scope: AlertRuleInput["scope"]): string {
  const parts = [
    scope.feature.length ? `Feature ${shown(scope.feature)}` : null,
    scope.model.length ? `Model ${shown(scope.model)}` : null,
    scope.project.length ? `Project ${shown(scope.project)}` : null,
  ].filter(Boolean);
  return `${parts.length ? parts.join(" · ") : "All traffic"} · ${GROUP_WORDS[scope.groupBy]}`;
}

const baselineWords = (days: number) => `${days}-day baseline`;

/** The rule's key parameters in one line, e.g. "Input tokens per call up more than 50% vs a 7-day baseline; at least 20 calls". */
export function describeParams(rule: AlertRuleInput): string {
  switch (rule.kind) {
    case "regression": {
      const p = rule.params;
      const base = p.sameWeekday ? `the same weekday over ${p.baselineDays} days` : `a ${baselineWords(p.baselineDays)}`;
      return `${METRIC_LABELS[p.metric]} up more than ${p.risePercent}% vs ${base}; at least ${p.minCalls} calls`;
    }
    case "spike":
      return `Spend above median + ${rule.params.sensitivity} robust deviations of a ${baselineWords(rule.params.baselineDays)}; days under $${rule.params.minSpendUsd} ignored`;
    case "threshold":
      return `Over $${rule.params.amountUsd} a ${rule.params.period}`;
    case "budget":
      return `$${rule.params.monthlyUsd} a month; fires at ${rule.params.levels.map((l) => `${l}%`).join(", ")}${rule.params.forecast ? " and when forecast to exceed it" : ""}`;
    case "truncation":
      return `More than ${rule.params.maxRatePercent}% of calls truncated; at least ${rule.params.minCalls} calls`;
    case "cache_drop":
      return `Hit ratio down more than ${rule.params.dropPercent}% vs a ${baselineWords(rule.params.baselineDays)}; at least ${rule.params.minCalls} calls`;
    case "unpriced_model":
      return `Unpriced model not seen in the ${rule.params.baselineDays} days before`;
    case "model_share":
      return `${rule.params.model}'s share of ${rule.params.measure} up more than ${rule.params.risePoints} points vs a ${baselineWords(rule.params.baselineDays)}; at least ${rule.params.minCalls} calls`;
  }
}

/** "Every 24 hours at most" reads wrong for a cooldown; this says what it does. */
export function describeCooldown(hours: number): string {
  if (hours === 0) return "No cooldown";
  return `${hours} h cooldown`;
}

// ---------------------------------------------------------------------------------------------------
// Times

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const pad = (n: number) => String(n).padStart(2, "0");

/** "Feb 20, 2026, 23:00 UTC" (no locale, so server and browser agree). */
export function formatAlertTime(date: Date): string {
  return `${MONTHS[date.getUTCMonth()]} ${date.getUTCDate()}, ${date.getUTCFullYear()}, ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())} UTC`;
}

/** "Fri, Feb 20, 2026". */
export const formatAlertDay = formatDayLong;

// ---------------------------------------------------------------------------------------------------
// Links

/** The parts of a stored alert its links need. */
export interface AlertForLinks {
  key: string;
  day: string;
  details: { kind: string; group: string; scope: AlertRuleInput["scope"] };
}

export interface AlertLinks {
  chart: { href: string; label: string };
  calls: string;
}

/** Budgets and thresholds over a month look at the month so far; everything else at its day. */
function callsFrom(alert: AlertForLinks): string {
  return /\|\d{4}-\d{2}(\||$)/.test(alert.key) ? `${alert.day.slice(0, 7)}-01` : alert.day;
}

/**
 * Where to look behind an alert: a chart of the 28 days to its day (the feature's own page when it is
 * about one feature; stop reasons, caching or models for those kinds; else the overview) and the calls
 * of its day (its month so far for a monthly budget or threshold), both filtered to the rule's scope
 * and the alert's group.
 */
export function alertLinks(alert: AlertForLinks): AlertLinks {
  const { kind, group, scope } = alert.details;
  const filters: DashboardFilters = { feature: scope.feature, model: scope.model, project: scope.project };
  const groupedBy = kind === "unpriced_model" ? "model" : kind === "model_share" ? "none" : scope.groupBy;
  if (groupedBy !== "none") filters[groupedBy] = [group];
  const chartRange = { from: shiftDay(alert.day, -27), to: alert.day };
  const callsExtra: Record<string, string> = kind === "truncation" ? { stop_reason: "max_tokens" } : kind === "unpriced_model" ? { unpriced: "1" } : {};
  const calls = dashboardHref("/calls", { from: callsFrom(alert), to: alert.day }, filters, callsExtra);

  const features = filters.feature ?? [];
  if (features.length === 1 && !["unpriced_model", "model_share"].includes(kind)) {
    return { chart: { href: dashboardHref(featurePath(features[0]), chartRange, { ...filters, feature: [] }), label: "See the chart" }, calls };
  }
  const page = kind === "truncation" ? "/stop-reasons" : kind === "cache_drop" ? "/caching" : kind === "unpriced_model" || kind === "model_share" || groupedBy === "model" ? "/models" : "/";
  return { chart: { href: dashboardHref(page, chartRange, filters), label: "See the chart" }, calls };
}

// ---------------------------------------------------------------------------------------------------
// Ordering

const OPEN_ORDER: Record<string, number> = { firing: 0, acknowledged: 1 };

/** Open alerts: firing before acknowledged, newest fired first within each. */
export function sortOpenAlerts<T extends { status: string; firedAt: Date; id: number }>(alerts: readonly T[]): T[] {
  return alerts
    .filter((a) => a.status in OPEN_ORDER)
    .sort((a, b) => OPEN_ORDER[a.status] - OPEN_ORDER[b.status] || b.firedAt.getTime() - a.firedAt.getTime() || b.id - a.id);
}

// ---------------------------------------------------------------------------------------------------
// The rule form

export const BASELINE_PRESETS = [7, 14, 28] as const;

/** The form's starting values for a kind: its defaults, and a sensible example where the rule needs one. */
export const KIND_DEFAULTS: { [K in RuleKind]: Record<string, string | boolean> } = {
  regression: { metric: "input_tokens_per_call", risePercent: "50", baselineDays: "7", sameWeekday: false, minCalls: "20" },
  spike: { sensitivity: "5", baselineDays: "14", minSpendUsd: "1" },
  threshold: { period: "day", amountUsd: "" },
  budget: { monthlyUsd: "", levels: "50, 80, 100", forecast: true },
  truncation: { maxRatePercent: "10", minCalls: "20" },
  cache_drop: { dropPercent: "30", baselineDays: "7", minCalls: "20" },
  unpriced_model: { baselineDays: "30" },
  model_share: { model: "opus", measure: "spend", risePoints: "10", baselineDays: "7", minCalls: "20" },
};

/** Everything the rule form shows, as the inputs hold it. */
export interface RuleFormValues {
  name: string;
  kind: RuleKind;
  feature: string[];
  model: string[];
  project: string[];
  groupBy: AlertRuleInput["scope"]["groupBy"];
  /** The params of `kind` (text for inputs, booleans for checkboxes). */
  params: Record<string, string | boolean>;
  cooldownHours: string;
  enabled: boolean;
}

export const NEW_RULE_VALUES: RuleFormValues = {
  name: "",
  kind: "regression",
  feature: [],
  model: [],
  project: [],
  groupBy: "feature",
  params: KIND_DEFAULTS.regression,
  cooldownHours: "24",
  enabled: true,
};

/** A stored rule as the form shows it. */
export function ruleToFormValues(rule: AlertRuleInput): RuleFormValues {
  const params: Record<string, string | boolean> = {};
  for (const [name, value] of Object.entries(rule.params)) {
    params[name] = typeof value === "boolean" ? value : Array.isArray(value) ? value.join(", ") : String(value);
  }
  return {
    name: rule.name,
    kind: rule.kind,
    feature: rule.scope.feature,
    model: rule.scope.model,
    project: rule.scope.project,
    groupBy: rule.scope.groupBy,
    params,
    cooldownHours: String(rule.cooldownHours),
    enabled: rule.enabled,
  };
}

/** Form fields as FormData offers them (and a plain object in tests). */
export interface FormFields {
  get(name: string): unknown;
  getAll(name: string): unknown[];
}

type FieldErrors = Record<string, string[]>;

/** Which params each kind reads, and how: text, a number (integer or not), USD, a checkbox, a list of percents. */
const PARAM_FIELDS: { [K in RuleKind]: Record<string, "text" | "int" | "number" | "usd" | "bool" | "levels" | "days"> } = {
  regression: { metric: "text", risePercent: "number", baselineDays: "days", sameWeekday: "bool", minCalls: "int" },
  spike: { sensitivity: "number", baselineDays: "days", minSpendUsd: "usd" },
  threshold: { period: "text", amountUsd: "usd" },
  budget: { monthlyUsd: "usd", levels: "levels", forecast: "bool" },
  truncation: { maxRatePercent: "number", minCalls: "int" },
  cache_drop: { dropPercent: "number", baselineDays: "days", minCalls: "int" },
  unpriced_model: { baselineDays: "int" },
  model_share: { model: "text", measure: "text", risePoints: "number", baselineDays: "days", minCalls: "int" },
};

/** Params that the rule cannot do without (the others fall back to the kind's defaults when left empty). */
const REQUIRED = new Set(["metric", "risePercent", "period", "amountUsd", "monthlyUsd", "maxRatePercent", "dropPercent", "model", "risePoints"]);

const text = (value: unknown) => (typeof value === "string" ? value.trim() : "");

/**
 * The form's fields as a rule input for ruleInputSchema, with the errors found on the way (text where a
 * number belongs, an empty required field). Empty optional fields are left out so the schema's defaults
 * apply. A baseline of "custom" reads its number from `params.baselineDaysCustom`.
 */
export function formToRuleInput(form: FormFields): { input: unknown; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const fail = (field: string, message: string) => (errors[field] ??= []).push(message);
  const kindText = text(form.get("kind"));
  const kind = (RULE_KINDS as readonly string[]).includes(kindText) ? (kindText as RuleKind) : null;
  if (!kind) fail("kind", "Choose what the rule watches.");

  const params: Record<string, unknown> = {};
  for (const [name, type] of Object.entries(kind ? PARAM_FIELDS[kind] : {})) {
    const field = `params.${name}`;
    if (type === "bool") {
      params[name] = form.get(field) !== null && form.get(field) !== "false";
      continue;
    }
    let value = text(form.get(field));
    if (type === "days" && value === "custom") value = text(form.get("params.baselineDaysCustom"));
    if (value === "") {
      if (REQUIRED.has(name)) fail(field, type === "text" ? "Choose a value." : "Enter a value.");
      continue;
    }
    if (type === "text") params[name] = value;
    else if (type === "usd") params[name] = value.replace(/^\$\s*/, "").replace(/,/g, "");
    else if (type === "levels") {
      const levels = value.split(/[\s,]+/).filter(Boolean).map((l) => l.replace(/%$/, ""));
      if (levels.every((l) => /^\d+$/.test(l))) params[name] = levels.map(Number);
      else fail(field, "Enter whole percents separated by commas, like 50, 80, 100.");
    } else {
      const numeric = value.replace(/%$/, "");
      const integer = type === "int" || type === "days";
      if (integer ? /^\d+$/.test(numeric) : /^\d+(\.\d+)?$|^\.\d+$/.test(numeric)) params[name] = Number(numeric);
      else fail(field, integer ? "Enter a whole number." : "Enter a number.");
    }
  }

  const cooldown = text(form.get("cooldownHours"));
  if (cooldown !== "" && !/^\d+$/.test(cooldown)) fail("cooldownHours", "Enter a whole number of hours.");
  const list = (name: string) => form.getAll(name).filter((v): v is string => typeof v === "string");
  const input = {
    name: typeof form.get("name") === "string" ? form.get("name") : "",
    kind: kind ?? kindText,
    scope: { feature: list("scope.feature"), model: list("scope.model"), project: list("scope.project"), groupBy: text(form.get("scope.groupBy")) || "none" },
    params,
    ...(cooldown !== "" && /^\d+$/.test(cooldown) ? { cooldownHours: Number(cooldown) } : {}),
    enabled: form.get("enabled") !== null && form.get("enabled") !== "false",
  };
  return { input, errors };
}

/** "must be at least 3 days" becomes "Must be at least 3 days." */
function sentence(message: string): string {
  const trimmed = message.trim();
  return `${trimmed.charAt(0).toUpperCase()}${trimmed.slice(1)}${/[.!?]$/.test(trimmed) ? "" : "."}`;
}

/**
 * zod's default wording ("Too small: expected number to be >=1"), also when the rule schema passed it
 * on as a custom issue, said as the form would; the schema's own sentences are kept.
 */
function issueMessage(message: string): string {
  let m: RegExpExecArray | null;
  if ((m = /^Too small: expected number to be >(=?)(-?[\d.]+)/.exec(message))) return m[1] ? `Must be at least ${m[2]}.` : `Must be more than ${m[2]}.`;
  if ((m = /^Too big: expected number to be <(=?)(-?[\d.]+)/.exec(message))) return m[1] ? `Must be at most ${m[2]}.` : `Must be less than ${m[2]}.`;
  if (/^Too small: expected array/.test(message)) return "Choose at least one.";
  if (/^Invalid input: expected int/.test(message)) return "Enter a whole number.";
  if (/^Invalid input: expected \w+, received undefined/.test(message)) return "Enter a value.";
  if (/^Invalid input: expected number/.test(message)) return "Enter a number.";
  if (/^Invalid option/.test(message)) return "Choose one of the options.";
  if (/^Invalid string: must match pattern/.test(message)) return "Enter an amount in USD, like 12.50.";
  if (/^Unrecognized key/.test(message)) return "Not a setting of this kind of rule.";
  return sentence(message);
}

/** A ruleInputSchema error as messages per form field ("params.levels.1" is said at "params.levels"). */
export function ruleFieldErrors(error: ZodError): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const path = issue.path.map(String);
    const field = path[0] === "params" || path[0] === "scope" ? path.slice(0, 2).join(".") : (path[0] ?? "form");
    (errors[field] ??= []).push(field === "name" && issue.message === "is required" ? "Give the rule a name." : issueMessage(issue.message));
  }
  return errors;
}

/**
 * The rule in a posted form, checked by ruleInputSchema; or the messages per field. The schema judges
 * params only once name and kind are well formed, so a missing name is checked apart from the rest:
 * every field's error shows at once.
 */
export function readRuleForm(form: FormFields): { ok: true; rule: AlertRuleInput } | { ok: false; fieldErrors: FieldErrors } {
  const { input, errors } = formToRuleInput(form);
  const parsed = ruleInputSchema.safeParse(input);
  if (parsed.success && Object.keys(errors).length === 0) return { ok: true, rule: parsed.data };
  let fieldErrors = parsed.success ? {} : ruleFieldErrors(parsed.error);
  if (fieldErrors.name) {
    const rest = ruleInputSchema.safeParse({ ...(input as object), name: "named" });
    if (!rest.success) fieldErrors = { ...ruleFieldErrors(rest.error), name: fieldErrors.name };
  }
  // The form's own reading of a field (text where a number belongs) says more than the schema's.
  return { ok: false, fieldErrors: { ...fieldErrors, ...errors } };
}

/** The baseline select's value and the custom number for a stored number of days. */
export function baselineChoice(days: string): { preset: string; custom: string } {
  return (BASELINE_PRESETS as readonly number[]).includes(Number(days)) ? { preset: days, custom: "" } : { preset: "custom", custom: days };
}

export { REGRESSION_METRICS, RULE_KINDS };
