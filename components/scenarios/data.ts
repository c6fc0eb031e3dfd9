/**
 * Per-request reads for the Scenarios page. React's cache() runs each read once per request however
 * many cards ask; keys are strings because cache() compares arguments by identity.
 */
import "server-only";
import { cache } from "react";
import type { CardQuery } from "@/components/overview/data";
import { rangeLength } from "@/lib/core/chart-data";
import type { Scenario } from "@/lib/core/scenario";
import { buildEditorFeatures } from "@/lib/core/scenario-view";
import { getApp } from "@/lib/server/app";
import { getPricingContext } from "@/lib/server/pricing-context";
import { getProjection, scopeToSource } from "@/lib/server/projections";
import { type DayRange, type TotalsField, type UsageFilters, getUsageByPair } from "@/lib/server/queries";
import { listScenarios } from "@/lib/server/scenarios";

/** What an editor row shows: spend, calls and the cache hit ratio's tokens. */
const EDITOR_FIELDS: readonly TotalsField[] = ["costPico", "calls", "inputTokens", "cacheReadTokens", "cacheWrite5mTokens", "cacheWrite1hTokens"];

const keyOf = (query: CardQuery) => JSON.stringify([query.range, query.filters]);

/** The price book in force (with the operator's overrides loaded alongside). */
export const getPriceBook = cache(async () => (await getPricingContext((await getApp()).db)).book);

const editorFeaturesByKey = cache(async (key: string) => {
  const [range, filters] = JSON.parse(key) as [DayRange, UsageFilters];
  const pairs = await getUsageByPair((await getApp()).db, range, filters, "feature", "model", EDITOR_FIELDS);
  return buildEditorFeatures(pairs, rangeLength(range));
});

/** One row per feature in range and filters, from the summary tables. */
export const loadEditorFeatures = (query: CardQuery) => editorFeaturesByKey(keyOf(query));

/**
 * The scenario's projection of the calls in range and filters: the same call, with the same scope, as
 * GET /api/v1/projections, so the page and the API agree to the pico-dollar.
 */
export async function loadProjection(query: CardQuery, scenario: Scenario) {
  const { db } = await getApp();
  const book = await getPriceBook();
  return getProjection(db, { range: query.range, filters: scopeToSource(query.filters, scenario, book), plan: scenario.plan, assumptions: scenario.assumptions });
}

export const loadSavedScenarios = cache(async () => listScenarios((await getApp()).db));
