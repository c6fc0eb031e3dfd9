/**
 * A projection's plan as query parameters, the one form the page's URL, a saved scenario, the API and
 * the CLI share:
 *
 *   source=opus&target=claude-sonnet-5        move calls on a model or family to a model (or a family's current model)
 *   route.support=claude-sonnet-4-6:90,claude-opus-4-6:10
 *                                              split a feature's calls across models, whole percent summing to 100
 *   cache.support=80                           raise a feature's cache hit ratio to 80%
 *   batch=nightly-eval,reports                 move latency-tolerant features to the Batch API
 *   tokenizerFactor=1.3                        claude-3 -> claude-4.7 token multiplier (default 1.3)
 *   cacheReuse=4                               reads per cache write where a feature shows none (default 4)
 *   name=Support on Sonnet                     a scenario's name
 *
 * `(none)` names calls without a feature, as in every other filter. Invalid values throw a ZodError
 * naming the parameter.
 */
import { z } from "zod";
import { filterValueFromParam, filterValueToParam } from "./filter-values";
import { type PriceBook, resolveModel } from "./pricing";
import { type ProjectionAssumptions, type ProjectionPlan, DEFAULT_ASSUMPTIONS } from "./projection";
import { type Rational, ONE, formatRational, parseDecimal, rational } from "./rational";

export interface Scenario {
  name: string | null;
  plan: ProjectionPlan;
  assumptions: ProjectionAssumptions;
  /** As given: a family or a canonical model id; null without a move. */
  source: string | null;
  /** Canonical id of the move's target; null without a move. */
  target: string | null;
}

/** The parameters this module reads; everything else (range, filters) is left to the caller. */
export const SCENARIO_PARAMS = ["source", "target", "batch", "tokenizerFactor", "cacheReuse", "name"] as const;
const ROUTE_PREFIX = "route.";
const CACHE_PREFIX = "cache.";

/** The families in the book, in book order. */
export function modelFamilies(book: PriceBook): string[] {
  return [...new Set(book.models.map((m) => m.family))];
}

/** A family's current model: the first listed in the book (the book lists each family newest first). */
export function currentModel(book: PriceBook, family: string): string | null {
  return book.models.find((m) => m.family === family)?.canonical ?? null;
}

type Issue = { path: string; message: string };

class Issues {
  readonly list: Issue[] = [];
  add(path: string, message: string): null {
    this.list.push({ path, message });
    return null;
  }
  throwIfAny(): void {
    if (this.list.length === 0) return;
    throw new z.ZodError(this.list.map((i) => ({ code: "custom" as const, path: [i.path], message: i.message, input: undefined })));
  }
}

/** A model id or alias to its canonical id, or a family name to its current model. */
function resolveTarget(book: PriceBook, value: string, path: string, issues: Issues): string | null {
  const resolved = resolveModel(book, value)?.canonical ?? currentModel(book, value);
  return resolved ?? issues.add(path, `"${value}" is not a model or family in the price book`);
}

function decimalIn(value: string, path: string, min: Rational, max: Rational, issues: Issues): Rational | null {
  if (!/^\d+(\.\d{1,4})?$/.test(value)) return issues.add(path, `"${value}" is not a decimal number like 1.3`);
  const r = parseDecimal(value);
  if (r.num * min.den < min.num * r.den || r.num * max.den > max.num * r.den) {
    return issues.add(path, `must be between ${Number(min.num) / Number(min.den)} and ${Number(max.num) / Number(max.den)}, got ${value}`);
  }
  return r;
}

type Params = URLSearchParams | Record<string, string | string[] | undefined>;

function entries(params: Params): [string, string][] {
  if (params instanceof URLSearchParams) return [...params.entries()];
  return Object.entries(params).flatMap(([key, value]) => [value ?? []].flat().map((v): [string, string] => [key, v]));
}

/**
 * Reads a scenario from query parameters. `defaults` supplies the tokenizer factor and reuse when the
 * parameters do not (the server passes its configured ones).
 */
export function parseScenario(params: Params, book: PriceBook, defaults: ProjectionAssumptions = DEFAULT_ASSUMPTIONS): Scenario {
  const issues = new Issues();
  const get = (name: string) => entries(params).find(([key]) => key === name)?.[1]?.trim() || null;

  const sourceRaw = get("source");
  const targetRaw = get("target");
  let source: string | null = null;
  let target: string | null = null;
  if (sourceRaw || targetRaw) {
    if (!sourceRaw) issues.add("source", "is required with target: a model or family to move calls from");
    if (!targetRaw) issues.add("target", "is required with source: the model to move calls to");
    if (sourceRaw) {
      source = modelFamilies(book).includes(sourceRaw) ? sourceRaw : (resolveModel(book, sourceRaw)?.canonical ?? null);
      if (!source) issues.add("source", `"${sourceRaw}" is not a model or family in the price book`);
    }
    if (targetRaw) target = resolveTarget(book, targetRaw, "target", issues);
  }

  const routes: ProjectionPlan["routes"] = [];
  const cacheTargets: ProjectionPlan["cacheTargets"] = [];
  for (const [key, raw] of entries(params)) {
    if (key.startsWith(ROUTE_PREFIX)) {
      const feature = filterValueFromParam(key.slice(ROUTE_PREFIX.length));
      const split: { model: string; percent: number }[] = [];
      for (const part of raw.split(",").map((p) => p.trim()).filter(Boolean)) {
        const match = /^(.+):(\d{1,3})$/.exec(part);
        if (!match) {
          issues.add(key, `"${part}" is not model:percent, like claude-sonnet-4-6:90`);
          continue;
        }
        const model = resolveTarget(book, match[1], key, issues);
        if (!model) continue;
        if (split.some((s) => s.model === model)) issues.add(key, `names ${model} twice`);
        split.push({ model, percent: Number(match[2]) });
      }
      const sum = split.reduce((total, s) => total + s.percent, 0);
      if (split.length && sum !== 100) issues.add(key, `percentages must add up to 100, got ${sum}`);
      if (routes.some((r) => r.feature === feature)) issues.add(key, "is given twice");
      routes.push({ feature, split });
    } else if (key.startsWith(CACHE_PREFIX)) {
      const feature = filterValueFromParam(key.slice(CACHE_PREFIX.length));
      if (!/^\d{1,3}$/.test(raw.trim()) || Number(raw) > 100) issues.add(key, `must be a whole percent from 0 to 100, got "${raw}"`);
      else if (Number(raw) > 0) cacheTargets.push({ feature, hitPercent: Number(raw) });
    }
  }

  const batch = [
    ...new Set(
      entries(params)
        .filter(([key]) => key === "batch")
        .flatMap(([, value]) => value.split(","))
        .map((v) => v.trim())
        .filter(Boolean)
        .map(filterValueFromParam),
    ),
  ];

  const factorRaw = get("tokenizerFactor");
  const factor = factorRaw ? decimalIn(factorRaw, "tokenizerFactor", ONE, rational(2n), issues) : defaults.tokenizerFactor;
  const reuseRaw = get("cacheReuse");
  const reuse = reuseRaw ? decimalIn(reuseRaw, "cacheReuse", rational(1n, 10n), rational(1000n), issues) : defaults.readsPerWrite;
  const name = get("name");
  if (name && name.length > 100) issues.add("name", "must be at most 100 characters");
  issues.throwIfAny();

  return {
    name,
    source,
    target,
    plan: { moves: source && target ? [{ from: source, to: target }] : [], routes: routes.filter((r) => r.split.length > 0), batch, cacheTargets },
    assumptions: withFactor(defaults, factor!, reuse!),
  };
}

/** The assumptions with a point factor and reuse; each range widened to include its point. */
export function withFactor(base: ProjectionAssumptions, factor: Rational, reuse: Rational): ProjectionAssumptions {
  const lt = (a: Rational, b: Rational) => a.num * b.den < b.num * a.den;
  const [low, high] = base.tokenizerRange;
  const [reuseLow, reuseHigh] = base.readsPerWriteRange;
  return {
    tokenizerFactor: factor,
    tokenizerRange: [lt(factor, low) ? factor : low, lt(high, factor) ? factor : high],
    readsPerWrite: reuse,
    readsPerWriteRange: [lt(reuse, reuseLow) ? reuse : reuseLow, lt(reuseHigh, reuse) ? reuse : reuseHigh],
  };
}

/** Whether the scenario changes anything. */
export function isEmptyPlan(plan: ProjectionPlan): boolean {
  return plan.moves.length === 0 && plan.routes.length === 0 && plan.batch.length === 0 && plan.cacheTargets.length === 0;
}


/**
 * The query parameters of a scenario, in a stable order: the inverse of parseScenario. Assumptions
 * are written only where they differ from `defaults`.
 */
export function scenarioParams(scenario: Omit<Scenario, "source" | "target"> & { source?: string | null; target?: string | null }, defaults: ProjectionAssumptions = DEFAULT_ASSUMPTIONS): URLSearchParams {
  const out = new URLSearchParams();
  if (scenario.name) out.set("name", scenario.name);
  const move = scenario.plan.moves[0];
  if (move) {
    out.set("source", move.from);
    out.set("target", move.to);
  }
  for (const route of scenario.plan.routes) {
    out.set(`${ROUTE_PREFIX}${filterValueToParam(route.feature)}`, route.split.map((s) => `${s.model}:${s.percent}`).join(","));
  }
  for (const cache of scenario.plan.cacheTargets) out.set(`${CACHE_PREFIX}${filterValueToParam(cache.feature)}`, String(cache.hitPercent));
  if (scenario.plan.batch.length) out.set("batch", scenario.plan.batch.map(filterValueToParam).join(","));
  const a = scenario.assumptions;
  if (a.tokenizerFactor.num * defaults.tokenizerFactor.den !== defaults.tokenizerFactor.num * a.tokenizerFactor.den) out.set("tokenizerFactor", formatRational(a.tokenizerFactor));
  if (a.readsPerWrite.num * defaults.readsPerWrite.den !== defaults.readsPerWrite.num * a.readsPerWrite.den) out.set("cacheReuse", formatRational(a.readsPerWrite));
  return out;
}

/** Whether a query parameter belongs to a scenario (and not to the range or filters). */
export function isScenarioParam(key: string): boolean {
  return (SCENARIO_PARAMS as readonly string[]).includes(key) || key.startsWith(ROUTE_PREFIX) || key.startsWith(CACHE_PREFIX);
}
