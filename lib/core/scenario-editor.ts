/**
 * The Scenarios page's per-feature editor as data: one row of form values per feature (route its calls
 * to model A for some percent and to model B for the rest, raise its cache hit ratio, move it to the
 * Batch API), the row values a scenario's plan gives, and the checked plan and query parameters the
 * values give back, with an error per field when they do not make sense.
 *
 * Runs in the browser, so it imports nothing that carries the price book: model ids are checked by the
 * server (parseScenario) when the page loads the applied URL. The parameters it writes are the ones
 * lib/core/scenario.ts reads (its tests check that they round-trip).
 */
import { filterValueToParam } from "./filter-values";

/** Form values of one feature's row. Percentages stay text until checked. */
export interface EditorRow {
  /** The stored feature ("" for calls sent without one). */
  feature: string;
  /** Model A's canonical id, or "" to keep the feature's calls on their models. */
  modelA: string;
  /** Model A's share, whole percent as typed. */
  percentA: string;
  /** Model B's canonical id (takes the rest), or "". */
  modelB: string;
  /** Target cache hit ratio, whole percent as typed; "" for none. */
  cacheTarget: string;
  batch: boolean;
  /**
   * A split over more than two models, from a link or the API: kept as it is while model A stays
   * "keep as is", replaced as soon as a model A is chosen.
   */
  keptSplit: { model: string; percent: number }[] | null;
}

export type EditorField = "modelA" | "percentA" | "modelB" | "cacheTarget";

/** Per feature, the message for each field that needs fixing. */
export type EditorErrors = Record<string, Partial<Record<EditorField, string>>>;

/** The part of a projection plan the editor owns. */
export interface EditorPlan {
  routes: { feature: string; split: { model: string; percent: number }[] }[];
  cacheTargets: { feature: string; hitPercent: number }[];
  batch: string[];
}

/** A row that changes nothing. */
export function emptyRow(feature: string): EditorRow {
  return { feature, modelA: "", percentA: "100", modelB: "", cacheTarget: "", batch: false, keptSplit: null };
}

/**
 * The editor's rows for `features` (in their order) under `plan`; features the plan names that are not
 * among them (no calls in this range) get rows after them, so applying the editor keeps their settings.
 */
export function rowsFromPlan(features: readonly string[], plan: EditorPlan): EditorRow[] {
  const named = [...plan.routes.map((r) => r.feature), ...plan.cacheTargets.map((c) => c.feature), ...plan.batch];
  const order = [...new Set([...features, ...named])];
  return order.map((feature) => {
    const row = emptyRow(feature);
    const split = plan.routes.find((r) => r.feature === feature)?.split.filter((s) => s.percent > 0) ?? [];
    if (split.length > 2) {
      row.keptSplit = split;
    } else if (split.length > 0) {
      row.modelA = split[0].model;
      row.percentA = String(split[0].percent);
      row.modelB = split[1]?.model ?? "";
    }
    const cache = plan.cacheTargets.find((c) => c.feature === feature);
    if (cache) row.cacheTarget = String(cache.hitPercent);
    row.batch = plan.batch.includes(feature);
    return row;
  });
}

const WHOLE = /^\d{1,3}$/;

/** Checks the rows: the plan they describe, and the errors that keep them from describing one. */
export function readEditor(rows: readonly EditorRow[]): { plan: EditorPlan; errors: EditorErrors } {
  const plan: EditorPlan = { routes: [], cacheTargets: [], batch: [] };
  const errors: EditorErrors = {};
  const fail = (feature: string, field: EditorField, message: string) => {
    errors[feature] = { ...errors[feature], [field]: message };
  };
  for (const row of rows) {
    const { feature } = row;
    if (row.modelA) {
      const text = row.percentA.trim();
      const percent = WHOLE.test(text) ? Number(text) : NaN;
      if (!(percent >= 1 && percent <= 100)) {
        fail(feature, "percentA", "Enter a whole percent from 1 to 100.");
      } else if (percent < 100 && !row.modelB) {
        fail(feature, "modelB", `Choose a model for the other ${100 - percent}%.`);
      } else if (percent === 100 && row.modelB) {
        fail(feature, "modelB", "Model A takes 100%: lower its percent, or choose no second model.");
      } else if (row.modelB === row.modelA) {
        fail(feature, "modelB", "Choose a different model from model A.");
      } else {
        const split = [{ model: row.modelA, percent }];
        if (percent < 100) split.push({ model: row.modelB, percent: 100 - percent });
        plan.routes.push({ feature, split });
      }
    } else if (row.keptSplit) {
      plan.routes.push({ feature, split: row.keptSplit });
    }
    const cache = row.cacheTarget.trim();
    if (cache !== "") {
      const hit = WHOLE.test(cache) ? Number(cache) : NaN;
      if (!(hit >= 0 && hit <= 100)) fail(feature, "cacheTarget", "Enter a whole percent from 0 to 100, or leave it empty.");
      else if (hit > 0) plan.cacheTargets.push({ feature, hitPercent: hit });
    }
    if (row.batch) plan.batch.push(feature);
  }
  return { plan, errors };
}

/** Whether the editor's part of a plan changes anything. */
export function isEmptyEditorPlan(plan: EditorPlan): boolean {
  return plan.routes.length === 0 && plan.cacheTargets.length === 0 && plan.batch.length === 0;
}

/** Whether a query parameter is one the editor writes (and so replaces on Apply). */
export function isEditorParam(key: string): boolean {
  return key === "batch" || key.startsWith("route.") || key.startsWith("cache.");
}

/**
 * `base` (range, filters and the scenario's other parameters: a move, assumptions, its name) with the
 * editor's parameters in place of any it had: route.<feature>=<model>:<percent>,..., cache.<feature>=<percent>,
 * batch=<feature>,...
 */
export function applyEditorPlan(base: URLSearchParams, plan: EditorPlan): URLSearchParams {
  const out = new URLSearchParams([...base].filter(([key]) => !isEditorParam(key)));
  for (const route of plan.routes) out.set(`route.${filterValueToParam(route.feature)}`, route.split.map((s) => `${s.model}:${s.percent}`).join(","));
  for (const cache of plan.cacheTargets) out.set(`cache.${filterValueToParam(cache.feature)}`, String(cache.hitPercent));
  if (plan.batch.length) out.set("batch", plan.batch.map(filterValueToParam).join(","));
  return out;
}
