/**
 * The Scenarios page's data, prepared: one editor row per feature in scope with its current monthly
 * spend, model mix and cache hit ratio (from the summary tables); the models a split can go to; what a
 * scenario changes, in a few words; and the checked, canonical form of a scenario before it is saved.
 * Pure; the page and lib/server/scenarios.ts only read and write.
 */
import { z } from "zod";
import { attributionLabel, cacheHitRatio, shareOf } from "./chart-data";
import { type DashboardFilters, dashboardParams } from "./dashboard-url";
import { type PriceBook, resolveModel } from "./pricing";
import { type ProjectionAssumptions, DEFAULT_ASSUMPTIONS } from "./projection";
import { type Rational, formatRational, multiply, rational, roundHalfUp } from "./rational";
import { type Scenario, currentModel, isEmptyPlan, isScenarioParam, modelFamilies, parseScenario, scenarioParams } from "./scenario";

/** 365.25 / 12 days, the month the projection engine reports in. */
const AVERAGE_MONTH_DAYS = rational(1461n, 48n);

/** An amount over `days` days as a 30.4375-day month, rounded half up: the projection engine's monthly figure. */
export function monthlyPico(pico: bigint, days: number): bigint {
  return roundHalfUp(multiply({ num: pico, den: BigInt(days) }, AVERAGE_MONTH_DAYS));
}

/** Summary totals of one feature on one model (getUsageByPair's feature x model rows). */
export interface FeatureModelTotals {
  first: string;
  second: string;
  costPico: bigint;
  calls: number;
  inputTokens: number;
  cacheReadTokens: number;
  cacheWrite5mTokens: number;
  cacheWrite1hTokens: number;
}

/** What the editor shows about a feature before anything changes. */
export interface EditorFeature {
  feature: string;
  label: string;
  calls: number;
  costPico: bigint;
  /** costPico as a month. */
  monthlyPico: bigint;
  /** Cache reads / whole prompt, 0..1; null without prompt tokens. */
  hitRatio: number | null;
  /** Spend per model, largest first; share of the feature's spend, 0..1. */
  mix: { model: string; costPico: bigint; share: number }[];
}

/** One row per feature from its per-model totals over `days` days, most spend first. */
export function buildEditorFeatures(pairs: readonly FeatureModelTotals[], days: number): EditorFeature[] {
  const byFeature = new Map<string, FeatureModelTotals[]>();
  for (const pair of pairs) byFeature.set(pair.first, [...(byFeature.get(pair.first) ?? []), pair]);
  const rows = [...byFeature].map(([feature, models]): EditorFeature => {
    const sum = (pick: (m: FeatureModelTotals) => number) => models.reduce((total, m) => total + pick(m), 0);
    const costPico = models.reduce((total, m) => total + m.costPico, 0n);
    return {
      feature,
      label: attributionLabel(feature, "feature"),
      calls: sum((m) => m.calls),
      costPico,
      monthlyPico: monthlyPico(costPico, days),
      hitRatio: cacheHitRatio({
        inputTokens: sum((m) => m.inputTokens),
        cacheReadTokens: sum((m) => m.cacheReadTokens),
        cacheWrite5mTokens: sum((m) => m.cacheWrite5mTokens),
        cacheWrite1hTokens: sum((m) => m.cacheWrite1hTokens),
      }),
      mix: models
        .map((m) => ({ model: m.second, costPico: m.costPico, share: shareOf(m.costPico, costPico) }))
        .sort((a, b) => (a.costPico === b.costPico ? a.model.localeCompare(b.model) : a.costPico > b.costPico ? -1 : 1)),
    };
  });
  return rows.sort((a, b) => (a.costPico === b.costPico ? a.label.localeCompare(b.label) : a.costPico > b.costPico ? -1 : 1));
}

export interface ModelOption {
  id: string;
  label: string;
}

/** The models a split can go to: each family's current model first, then the rest in book order. */
export function modelOptions(book: PriceBook): { current: ModelOption[]; other: ModelOption[] } {
  const option = (id: string): ModelOption => {
    const model = book.byId.get(id)!;
    return { id, label: `${model.displayName}${model.unconfirmed ? " (prices unconfirmed)" : ""}` };
  };
  const current = modelFamilies(book).map((family) => currentModel(book, family)!);
  return {
    current: current.map(option),
    other: book.models.map((m) => m.canonical).filter((id) => !current.includes(id)).map(option),
  };
}

/** "Sonnet 4.6" for claude-sonnet-4-6: the display name without "Claude". */
export function shortModelName(book: PriceBook, id: string): string {
  return (resolveModel(book, id)?.displayName ?? id).replace(/^Claude /, "");
}

const equal = (a: Rational, b: Rational) => a.num * b.den === b.num * a.den;

/**
 * What a scenario changes, one short phrase per change: "support → 90% Sonnet 4.6, 10% Opus 4.6",
 * "chat: cache hits 80%", "reports, nightly on the Batch API", "opus → Sonnet 4.6", and any assumption
 * set apart from `defaults`.
 */
export function describeScenario(scenario: Pick<Scenario, "plan" | "assumptions">, book: PriceBook, defaults: ProjectionAssumptions = DEFAULT_ASSUMPTIONS): string[] {
  const { plan, assumptions } = scenario;
  const label = (feature: string) => attributionLabel(feature, "feature");
  const name = (id: string) => shortModelName(book, id);
  const out: string[] = [];
  for (const move of plan.moves) out.push(`${book.byId.has(move.from) ? name(move.from) : move.from} → ${name(move.to)}`);
  for (const route of plan.routes) {
    const split = route.split.filter((s) => s.percent > 0);
    out.push(`${label(route.feature)} → ${split.length === 1 ? name(split[0].model) : split.map((s) => `${s.percent}% ${name(s.model)}`).join(", ")}`);
  }
  for (const cache of plan.cacheTargets) out.push(`${label(cache.feature)}: cache hits ${cache.hitPercent}%`);
  if (plan.batch.length) out.push(`${plan.batch.map(label).join(", ")} on the Batch API`);
  if (!equal(assumptions.tokenizerFactor, defaults.tokenizerFactor)) out.push(`tokenizer factor ${formatRational(assumptions.tokenizerFactor)}`);
  if (!equal(assumptions.readsPerWrite, defaults.readsPerWrite)) out.push(`${formatRational(assumptions.readsPerWrite)} reads per cache write`);
  return out;
}

/** A saved scenario's name: what the save form and the server both check. */
export const scenarioNameSchema = z
  .string({ error: "Enter a name for the scenario." })
  .trim()
  .min(1, "Enter a name for the scenario.")
  .max(100, "Use at most 100 characters.");

/**
 * The form a scenario is saved in: its query parameters as scenarioParams writes them, without its
 * name. Throws a ZodError naming the parameter when `query` holds anything but scenario parameters
 * (a range or filter), when parseScenario rejects it, or when it changes nothing.
 */
export function savedScenarioQuery(query: string, book: PriceBook, defaults: ProjectionAssumptions = DEFAULT_ASSUMPTIONS): string {
  const params = new URLSearchParams(query.replace(/^\?/, ""));
  const foreign = [...new Set(params.keys())].filter((key) => !isScenarioParam(key));
  if (foreign.length) {
    throw new z.ZodError(foreign.map((key) => ({ code: "custom" as const, path: [key], message: "is not a scenario parameter (a scenario is saved without its range and filters)", input: undefined })));
  }
  params.delete("name");
  const scenario = parseScenario(params, book, defaults);
  if (isEmptyPlan(scenario.plan)) {
    throw new z.ZodError([{ code: "custom", path: ["query"], message: "changes nothing: give a split, a cache target, batch or a move", input: undefined }]);
  }
  return scenarioParams({ ...scenario, name: null }, defaults).toString();
}

/** The Scenarios page for a view and a scenario's query (and its name). */
export function scenarioHref(
  path: string,
  range: { from: string; to: string },
  filters: DashboardFilters,
  query: string | URLSearchParams,
  name: string | null = null,
): string {
  const params = dashboardParams(range, filters);
  for (const [key, value] of new URLSearchParams(query)) if (key !== "name") params.append(key, value);
  if (name) params.set("name", name);
  return `${path}?${params}`;
}

type QueryParams = URLSearchParams | Record<string, string | string[] | undefined>;

/**
 * The scenario in a page's query, or, when parseScenario rejects it, no change at all and one line per
 * problem ("route.chat: percentages must add up to 100, got 95") for the page to show instead of failing.
 */
export function readScenario(params: QueryParams, book: PriceBook, defaults: ProjectionAssumptions = DEFAULT_ASSUMPTIONS): { scenario: Scenario; problems: string[] } {
  try {
    return { scenario: parseScenario(params, book, defaults), problems: [] };
  } catch (error) {
    if (!(error instanceof z.ZodError)) throw error;
    return {
      scenario: { name: null, source: null, target: null, plan: { moves: [], routes: [], batch: [], cacheTargets: [] }, assumptions: defaults },
      problems: error.issues.map((issue) => `${issue.path.map(String).join(".") || "scenario"}: ${issue.message}`),
    };
  }
}

/** The scenario parameters of a query as given (first value of each), e.g. to keep them while the range changes. */
export function givenScenarioParams(params: QueryParams): URLSearchParams {
  const entries = params instanceof URLSearchParams ? [...params] : Object.entries(params).map(([key, value]): [string, string] => [key, [value ?? ""].flat()[0] ?? ""]);
  const out = new URLSearchParams();
  for (const [key, value] of entries) if (isScenarioParam(key) && !out.has(key)) out.set(key, value);
  return out;
}
