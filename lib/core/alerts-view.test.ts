/** The Alerts pages' words, links and rule form, as a user would read or submit them. */
import { describe, expect, it } from "vitest";
import { ruleInputSchema } from "@/lib/core/alert-rules";
import {
  type FormFields,
  type RuleFormValues,
  alertLinks,
  baselineChoice,
  describeParams,
  describeScope,
  formToRuleInput,
  formatAlertTime,
  readRuleForm,
  ruleFieldErrors,
  ruleToFormValues,
  sortOpenAlerts,
} from "@/lib/core/alerts-view";

/** A form as the browser would post it: one entry per filled field, repeated for several values. */
function form(entries: [string, string][]): FormFields {
  return {
    get: (name) => entries.find(([n]) => n === name)?.[1] ?? null,
    getAll: (name) => entries.filter(([n]) => n === name).map(([, v]) => v),
  };
}

/** The entries a form shows for `values` posts (checkboxes only when checked). */
function entriesOf(values: RuleFormValues): [string, string][] {
  const entries: [string, string][] = [["name", values.name], ["kind", values.kind], ["scope.groupBy", values.groupBy], ["cooldownHours", values.cooldownHours]];
  for (const dim of ["feature", "model", "project"] as const) for (const v of values[dim]) entries.push([`scope.${dim}`, v]);
  for (const [name, value] of Object.entries(values.params)) {
    if (value === true) entries.push([`params.${name}`, "true"]);
    else if (typeof value === "string") {
      if (name === "baselineDays" && values.kind !== "unpriced_model") {
        const choice = baselineChoice(value);
        entries.push([`params.${name}`, choice.preset], ["params.baselineDaysCustom", choice.custom]);
      } else entries.push([`params.${name}`, value]);
    }
  }
  if (values.enabled) entries.push(["enabled", "true"]);
  return entries;
}

const scope = (over: Partial<ReturnType<typeof ruleInputSchema.parse>["scope"]> = {}) => ({ feature: [], model: [], project: [], groupBy: "none" as const, ...over });

describe("the rule form", () => {
  const rules = [
    { name: "Prompt doubled", kind: "regression", scope: { project: ["e2e-alerts"], groupBy: "feature" }, params: { metric: "input_tokens_per_call", risePercent: 50, baselineDays: 10, sameWeekday: true, minCalls: 5 }, cooldownHours: 12 },
    { name: "Spikes", kind: "spike", scope: { feature: ["", "chat"] }, params: { sensitivity: 3.5, minSpendUsd: "0.5" }, enabled: false },
    { name: "Daily cap", kind: "threshold", params: { period: "month", amountUsd: "250.25" } },
    { name: "Budget", kind: "budget", scope: { project: ["web"] }, params: { monthlyUsd: "1000", levels: [50, 90, 110], forecast: false } },
    { name: "Cut off", kind: "truncation", params: { maxRatePercent: 7.5 } },
    { name: "Cache", kind: "cache_drop", params: { dropPercent: 40, baselineDays: 28 } },
    { name: "Unknown", kind: "unpriced_model", params: { baselineDays: 90 } },
    { name: "Opus share", kind: "model_share", params: { model: "opus", measure: "calls", risePoints: 15 } },
  ];

  it.each(rules.map((r) => [r.kind, r] as const))("gives back the same %s rule it was filled from", (_kind, input) => {
    const rule = ruleInputSchema.parse(input);
    const { input: back, errors } = formToRuleInput(form(entriesOf(ruleToFormValues(rule))));
    expect(errors).toEqual({});
    expect(ruleInputSchema.parse(back)).toEqual(rule);
  });

  it("leaves empty optional fields to the kind's defaults and says which required ones are missing", () => {
    const { input, errors } = formToRuleInput(form([["name", "x"], ["kind", "regression"], ["params.metric", "cost_per_call"], ["params.risePercent", ""], ["params.minCalls", ""]]));
    expect(errors).toEqual({ "params.risePercent": ["Enter a value."] });
    expect(input).toMatchObject({ params: { metric: "cost_per_call" }, enabled: false, scope: { groupBy: "none" } });
  });

  it("says where text was typed for a number, a whole number or a list of percents", () => {
    const { errors } = formToRuleInput(
      form([["kind", "budget"], ["params.monthlyUsd", "$1,200"], ["params.levels", "50, eighty"], ["cooldownHours", "1.5"]]),
    );
    expect(errors).toEqual({ "params.levels": ["Enter whole percents separated by commas, like 50, 80, 100."], cooldownHours: ["Enter a whole number of hours."] });
    expect(formToRuleInput(form([["kind", "budget"], ["params.monthlyUsd", "$1,200"]])).input).toMatchObject({ params: { monthlyUsd: "1200" } });
    expect(formToRuleInput(form([["kind", "truncation"], ["params.maxRatePercent", "ten"]])).errors).toEqual({ "params.maxRatePercent": ["Enter a number."] });
    expect(formToRuleInput(form([["kind", "cache_drop"], ["params.dropPercent", "30"], ["params.baselineDays", "custom"], ["params.baselineDaysCustom", "9.5"]])).errors).toEqual({
      "params.baselineDays": ["Enter a whole number."],
    });
  });

  it("puts the schema's errors next to their fields, in sentences", () => {
    const { input } = formToRuleInput(
      form([["name", " "], ["kind", "regression"], ["params.metric", "cost_per_call"], ["params.risePercent", "0"], ["params.baselineDays", "custom"], ["params.baselineDaysCustom", "2"], ["params.minCalls", "0"]]),
    );
    const parsed = ruleInputSchema.safeParse(input);
    expect(parsed.success).toBe(false);
    // The params are judged once the rule itself (name, kind) is well formed.
    expect(ruleFieldErrors(parsed.error!)).toEqual({ name: ["Give the rule a name."] });
    const named = ruleInputSchema.safeParse({ ...(input as object), name: "ok" });
    expect(ruleFieldErrors(named.error!)).toEqual({
      "params.risePercent": ["Must be more than 0."],
      "params.baselineDays": ["Must be at least 3 days."],
      "params.minCalls": ["Must be at least 1."],
    });
    expect(readRuleForm(form([["name", ""], ["kind", "truncation"], ["params.maxRatePercent", "101"], ["cooldownHours", "x"]]))).toEqual({
      ok: false,
      fieldErrors: { name: ["Give the rule a name."], "params.maxRatePercent": ["Must be at most 100."], cooldownHours: ["Enter a whole number of hours."] },
    });
    const levels = ruleInputSchema.safeParse({ name: "b", kind: "budget", params: { monthlyUsd: "0", levels: [50, 2000] } });
    expect(ruleFieldErrors(levels.error!)).toEqual({ "params.monthlyUsd": ["Must be more than 0."], "params.levels": ["Must be at most 1000."] });
  });

  it("offers the baseline presets and a custom number", () => {
    expect(baselineChoice("7")).toEqual({ preset: "7", custom: "" });
    expect(baselineChoice("28")).toEqual({ preset: "28", custom: "" });
    expect(baselineChoice("10")).toEqual({ preset: "custom", custom: "10" });
  });
});

describe("rules in words", () => {
  it("say the scope and the key parameters", () => {
    const rule = ruleInputSchema.parse(rulesByKind().regression);
    expect(describeScope(rule.scope)).toBe("Project e2e-alerts · per feature");
    expect(describeScope(scope({ feature: ["", "chat"], model: ["claude-opus-4-6"] }))).toBe("Feature (none), chat · Model claude-opus-4-6 · all together");
    expect(describeScope(scope())).toBe("All traffic · all together");
    expect(describeParams(rule)).toBe("Input tokens per call up more than 50% vs a 7-day baseline; at least 20 calls");
    expect(describeParams(ruleInputSchema.parse({ name: "b", kind: "budget", params: { monthlyUsd: "500" } }))).toBe("$500 a month; fires at 50%, 80%, 100% and when forecast to exceed it");
    expect(describeParams(ruleInputSchema.parse({ name: "w", kind: "regression", params: { metric: "cost_per_call", risePercent: 30, baselineDays: 28, sameWeekday: true } }))).toBe(
      "Cost per call up more than 30% vs the same weekday over 28 days; at least 20 calls",
    );
  });
});

function rulesByKind() {
  return { regression: { name: "r", kind: "regression", scope: { project: ["e2e-alerts"], groupBy: "feature" }, params: { metric: "input_tokens_per_call", risePercent: 50 } } };
}

describe("an alert's links", () => {
  const alert = (kind: string, group: string, s: ReturnType<typeof scope>, key = group) => ({ key, day: "2026-02-20", details: { kind, group, scope: s } });

  it("lead to the feature's own page over the 28 days to the alert's day, and to that day's calls", () => {
    const links = alertLinks(alert("regression", "summarize", scope({ project: ["e2e-alerts"], groupBy: "feature" })));
    expect(links.chart.href).toBe("/features/summarize?from=2026-01-24&to=2026-02-20&project=e2e-alerts");
    expect(links.calls).toBe("/calls?from=2026-02-20&to=2026-02-20&feature=summarize&project=e2e-alerts");
  });

  it("use (none) for calls sent without a feature", () => {
    const links = alertLinks(alert("regression", "", scope({ groupBy: "feature" })));
    expect(links.chart.href).toBe("/features/(none)?from=2026-01-24&to=2026-02-20");
    expect(links.calls).toBe("/calls?from=2026-02-20&to=2026-02-20&feature=%28none%29");
  });

  it("lead to the models page per model, the overview per project, and the kind's own page", () => {
    expect(alertLinks(alert("spike", "claude-opus-4-6", scope({ groupBy: "model" }))).chart.href).toBe("/models?from=2026-01-24&to=2026-02-20&model=claude-opus-4-6");
    expect(alertLinks(alert("spike", "web", scope({ groupBy: "project" }))).chart.href).toBe("/?from=2026-01-24&to=2026-02-20&project=web");
    const truncation = alertLinks(alert("truncation", "web", scope({ groupBy: "project" })));
    expect(truncation.chart.href).toBe("/stop-reasons?from=2026-01-24&to=2026-02-20&project=web");
    expect(truncation.calls).toBe("/calls?from=2026-02-20&to=2026-02-20&project=web&stop_reason=max_tokens");
    expect(alertLinks(alert("cache_drop", "", scope())).chart.href).toBe("/caching?from=2026-01-24&to=2026-02-20");
    const unpriced = alertLinks(alert("unpriced_model", "claude-mystery-9", scope()));
    expect(unpriced.chart.href).toBe("/models?from=2026-01-24&to=2026-02-20&model=claude-mystery-9");
    expect(unpriced.calls).toBe("/calls?from=2026-02-20&to=2026-02-20&model=claude-mystery-9&unpriced=1");
    expect(alertLinks(alert("model_share", "opus", scope({ project: ["web"] }))).chart.href).toBe("/models?from=2026-01-24&to=2026-02-20&project=web");
  });

  it("show a monthly budget's calls from the start of its month", () => {
    expect(alertLinks(alert("budget", "", scope({ feature: ["chat"] }), "|2026-02|80%")).calls).toBe("/calls?from=2026-02-01&to=2026-02-20&feature=chat");
    expect(alertLinks(alert("threshold", "", scope(), "|2026-02-20")).calls).toBe("/calls?from=2026-02-20&to=2026-02-20");
  });
});

describe("alerts in order and time", () => {
  it("list firing before acknowledged, newest first, without resolved ones", () => {
    const a = (id: number, status: string, day: number) => ({ id, status, firedAt: new Date(Date.UTC(2026, 1, day)) });
    expect(sortOpenAlerts([a(1, "acknowledged", 20), a(2, "firing", 10), a(3, "resolved", 25), a(4, "firing", 12)]).map((x) => x.id)).toEqual([4, 2, 1]);
  });

  it("say times in UTC", () => {
    expect(formatAlertTime(new Date("2026-02-20T23:05:00Z"))).toBe("Feb 20, 2026, 23:05 UTC");
  });
});
