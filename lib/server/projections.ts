/**
 * Reads for projections: the calls in scope, summed into cells of one day x feature x model x tier x
 * region x speed x prompt-size band, which lib/core/projection.ts prices under a plan. One grouped read
 * of the projection summary (daily_projection), or of the calls when a plan's bands cannot be told
 * from the summary's (another tokenizer factor than the one it counts).
 */
import { rangeLength } from "@/lib/core/chart-data";
import { formatUsdExact } from "@/lib/core/money";
import { type PriceBook, priceChangeDays } from "@/lib/core/pricing";
import {
  type Amounts,
  type Projection,
  type ProjectionAssumptions,
  type ProjectionCell,
  type ProjectionPlan,
  DEFAULT_ASSUMPTIONS,
  planBandThresholds,
  project,
  promptCuts,
} from "@/lib/core/projection";
import { type Rational, formatRational, parseDecimal } from "@/lib/core/rational";
import { type Scenario, scenarioParams, withFactor } from "@/lib/core/scenario";
import type { ServiceTier, Speed } from "@/lib/core/types";
import { type Database, type Row, toBigInt } from "@/lib/server/db";
import { getEnv } from "@/lib/server/env";
import { getPricingContext } from "@/lib/server/pricing-context";
import type { DayRange, UsageFilters } from "@/lib/server/queries";
import { PROJECTION_CUTS, PROJECTION_TABLES, projectionSummaryReady } from "@/lib/server/store";

/** The configured assumptions: TALLY_TOKENIZER_FACTOR and TALLY_CACHE_REUSE over the defaults. */
export function configuredAssumptions(): ProjectionAssumptions {
  const env = getEnv();
  return withFactor(DEFAULT_ASSUMPTIONS, parseDecimal(env.TALLY_TOKENIZER_FACTOR), parseDecimal(env.TALLY_CACHE_REUSE));
}

const FILTER_COLUMNS: [keyof UsageFilters, string][] = [
  ["model", "model"],
  ["feature", "feature"],
  ["project", "project"],
  ["serviceTier", "service_tier"],
];

/** The range's conditions and parameters with the filters' added. */
function withFilters(parts: string[], params: unknown[], filters: UsageFilters): { parts: string[]; params: unknown[] } {
  for (const [name, column] of FILTER_COLUMNS) {
    const values = filters[name];
    if (!values?.length) continue;
    parts.push(`${column} IN (${values.map(() => "?").join(", ")})`);
    params.push(...values);
  }
  return { parts, params };
}

const PROMPT = "(input_tokens + cache_read_tokens + cache_write_5m_tokens + cache_write_1h_tokens)";

/**
 * The calls in range and filters as cells, banded by `cuts` (whole numbers, ascending): from the
 * projection summary when it can tell the bands (the cuts are among the ones it counts), else from the
 * calls themselves. `from` forces one source (tests compare the two).
 */
export async function getProjectionCells(
  db: Database,
  range: DayRange,
  filters: UsageFilters,
  cuts: readonly number[],
  from?: "summary" | "calls",
): Promise<ProjectionCell[]> {
  for (const cut of cuts) if (!Number.isSafeInteger(cut) || cut < 0) throw new Error(`projection: bad prompt cut ${cut}`);
  const { book, overrides } = await getPricingContext(db);
  const day = spanDaySql(range, priceChangeDays(book, overrides));
  const thresholds = planBandThresholds(cuts, PROJECTION_CUTS);
  const useSummary = from === "summary" || (from === undefined && thresholds !== null && (await projectionSummaryReady(db)));
  if (useSummary) {
    if (!thresholds) throw new Error("projection: the summary cannot band these cuts");
    return getSummaryCells(db, range, filters, thresholds, day);
  }
  return getCallCells(db, range, filters, cuts, day);
}

/**
 * SQL for the first day of the price span a call's day falls in: the range's first day, or the last
 * day in the range on which some rate changes (priceChangeDays). Every day of a span is priced alike, so
 * cells are a span long rather than a day: far fewer of them, the same amounts.
 */
function spanDaySql(range: DayRange, changeDays: readonly string[]): string {
  const starts = changeDays.filter((d) => d > range.from && d <= range.to);
  for (const d of [range.from, ...starts]) if (!/^\d{4}-\d{2}-\d{2}$/.test(d)) throw new Error(`projection: bad day ${d}`);
  if (starts.length === 0) return `'${range.from}'`;
  return `CASE ${starts.map((d) => `WHEN day >= '${d}' THEN '${d}'`).reverse().join(" ")} ELSE '${range.from}' END`;
}

function cellOf(row: Row): ProjectionCell {
  const count = (value: unknown) => Number(toBigInt(value));
  return {
    day: String(row.day),
    feature: String(row.feature),
    model: String(row.model),
    serviceTier: String(row.service_tier) as ServiceTier,
    usInference: Number(row.us) === 1,
    speed: (row.speed || null) as Speed | null,
    band: Number(row.band),
    priced: row.priced === true || Number(row.priced) === 1,
    calls: count(row.calls),
    inputTokens: count(row.input),
    outputTokens: count(row.output),
    cacheReadTokens: count(row.cache_read),
    cacheWrite5mTokens: count(row.cache_write_5m),
    cacheWrite1hTokens: count(row.cache_write_1h),
    webSearchRequests: count(row.web_search),
    costPico: toBigInt(row.cost),
  };
}

const CELL_SUMS = `SUM(calls) AS calls, SUM(input_tokens) AS input, SUM(output_tokens) AS output, SUM(cache_read_tokens) AS cache_read,
  SUM(cache_write_5m_tokens) AS cache_write_5m, SUM(cache_write_1h_tokens) AS cache_write_1h, SUM(web_search_requests) AS web_search, SUM(cost_pico) AS cost`;

/** Cells from the projection summary: each plan band is how many of `thresholds` the stored band reaches. */
async function getSummaryCells(db: Database, range: DayRange, filters: UsageFilters, thresholds: readonly number[], day: string): Promise<ProjectionCell[]> {
  const { parts, params } = withFilters(["day >= ?", "day <= ?"], [range.from, range.to], filters);
  const [full, withoutProject] = PROJECTION_TABLES;
  const table = filters.project?.length ? full.table : withoutProject.table;
  const band = thresholds.length ? `CASE ${thresholds.map((t, i) => `WHEN band >= ${t} THEN ${i + 1}`).reverse().join(" ")} ELSE 0 END` : "0";
  // Without a band or a span to compute, a bare constant in GROUP BY would be read as a column position.
  const groups = [day, "model", "feature", "service_tier", "us", "speed", "priced", band].filter((g) => !/^('[^']*'|\d+)$/.test(g));
  const rows = await db.all(
    `SELECT ${day} AS day, model, feature, service_tier, us, speed, priced, ${band} AS band, ${CELL_SUMS}
     FROM ${table} WHERE ${parts.join(" AND ")} GROUP BY ${groups.join(", ")}`,
    params,
  );
  return rows.map(cellOf);
}

/** Cells grouped from the calls, each call banded by its own prompt size. */
async function getCallCells(db: Database, range: DayRange, filters: UsageFilters, cuts: readonly number[], day: string): Promise<ProjectionCell[]> {
  const { parts, params } = withFilters(
    ["ts_ms >= ?", "ts_ms < ?"],
    [BigInt(Date.parse(`${range.from}T00:00:00Z`)), BigInt(Date.parse(`${range.to}T00:00:00Z`) + 86_400_000)],
    filters,
  );
  const band = cuts.length
    ? `CASE ${cuts.map((cut, i) => `WHEN ${PROMPT} > ${cut} THEN ${i + 1}`).reverse().join(" ")} ELSE 0 END`
    : "0";
  const us = "CASE WHEN inference_geo = 'us' THEN 1 ELSE 0 END";
  // Without cuts or spans, a bare constant in GROUP BY would be read as a column position.
  const groups = [day, "feature", "model", "service_tier", us, "speed", "priced", band].filter((g) => !/^('[^']*'|\d+)$/.test(g));
  const rows = await db.all(
    `SELECT ${day} AS day, feature, model, service_tier, ${us} AS us, speed, priced, ${band} AS band,
       COUNT(*) AS calls, SUM(input_tokens) AS input, SUM(output_tokens) AS output, SUM(cache_read_tokens) AS cache_read,
       SUM(cache_write_5m_tokens) AS cache_write_5m, SUM(cache_write_1h_tokens) AS cache_write_1h,
       SUM(web_search_requests) AS web_search, SUM(cost_pico) AS cost
     FROM calls WHERE ${parts.join(" AND ")} GROUP BY ${groups.join(", ")}`,
    params,
  );
  return rows.map(cellOf);
}

export interface ProjectionRequest {
  range: DayRange;
  filters: UsageFilters;
  plan: ProjectionPlan;
  assumptions: ProjectionAssumptions;
}

/** Projects the calls in range and filters under a plan, with the prices and overrides in force. */
export async function getProjection(db: Database, request: ProjectionRequest): Promise<Projection> {
  const { book, overrides } = await getPricingContext(db);
  const cuts = promptCuts(request.plan, book, request.assumptions);
  const cells = await getProjectionCells(db, request.range, request.filters, cuts);
  return project(cells, request.plan, { book, overrides, cuts, days: rangeLength(request.range), assumptions: request.assumptions });
}

/** Filters narrowed to a move's source models when the plan is a move and nothing else (the what-if view). */
export function scopeToSource(filters: UsageFilters, scenario: Scenario, book: PriceBook): UsageFilters {
  const { plan, source } = scenario;
  if (!source || plan.routes.length || plan.batch.length || plan.cacheTargets.length) return filters;
  const models = book.models.filter((m) => m.family === source || m.canonical === source).map((m) => m.canonical);
  const chosen = filters.model?.length ? models.filter((m) => filters.model!.includes(m)) : models;
  // No overlap with the model filter: a model id no call has, so the scope is empty rather than unfiltered.
  return { ...filters, model: chosen.length ? chosen : ["(no model)"] };
}

function amountsJson(a: Amounts) {
  return {
    actualUsd: formatUsdExact(a.actualPico),
    projectedUsd: formatUsdExact(a.projectedPico),
    lowUsd: formatUsdExact(a.lowPico),
    highUsd: formatUsdExact(a.highPico),
    differenceUsd: formatUsdExact(a.projectedPico - a.actualPico),
  };
}

const decimal = (r: Rational) => formatRational(r);

/** The API form of a projection: exact decimal USD strings, as every other endpoint. */
export function projectionToJson(projection: Projection, scenario: Scenario, range: DayRange) {
  const a = scenario.assumptions;
  return {
    from: range.from,
    to: range.to,
    days: projection.days,
    scenario: {
      name: scenario.name,
      source: scenario.source,
      target: scenario.target,
      routes: scenario.plan.routes,
      cacheTargets: scenario.plan.cacheTargets,
      batch: scenario.plan.batch,
      query: scenarioParams(scenario).toString(),
    },
    assumptions: {
      tokenizerFactor: decimal(a.tokenizerFactor),
      tokenizerRange: a.tokenizerRange.map(decimal),
      cacheReuse: decimal(a.readsPerWrite),
      cacheReuseRange: a.readsPerWriteRange.map(decimal),
      rangeFrom: projection.rangeFrom,
    },
    calls: projection.calls,
    unpricedCalls: projection.unpricedCalls,
    total: amountsJson(projection.total),
    monthly: amountsJson(projection.monthly),
    features: projection.features.map((f) => ({ feature: f.feature, calls: f.calls, ...amountsJson(f), monthly: amountsJson(f.monthly) })),
    pairs: projection.pairs.map((p) => ({ from: p.from, to: p.to, calls: p.calls, ...amountsJson(p) })),
    blocked: projection.blocked.map((b) => ({
      feature: b.feature,
      model: b.model,
      target: b.target,
      reason: b.reason,
      calls: b.calls,
      costUsd: formatUsdExact(b.costPico),
      contextWindow: b.contextWindow,
    })),
    cacheCapped: projection.cacheCapped,
  };
}
