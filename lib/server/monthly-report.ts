/**
 * Reads for the monthly finance report. A month in UTC is read from daily_usage (per UTC day) alone, so
 * retention (lib/server/retention.ts) cannot change it; in any other reporting time zone its bounds fall
 * inside UTC days, so it is read from the calls themselves by ts_ms between the month's midnights there
 * (and retention keeps those calls until the month and the next are closed). Both group by project x feature x model x tier and
 * lib/core/monthly-report.ts builds the report from those rows.
 */
import { deserializeReport } from "@/lib/core/month-close";
import {
  type MonthlyReport,
  type ReportOverride,
  type ReportRow,
  buildMonthlyReport,
  isMonth,
  monthRangeMs,
  shiftMonth,
} from "@/lib/core/monthly-report";
import type { PriceOverrideRule } from "@/lib/core/pricing";
import { parseFilters } from "@/lib/server/api-params";
import { getApp } from "@/lib/server/app";
import { type Database, toBigInt } from "@/lib/server/db";
import { getPricingContext } from "@/lib/server/pricing-context";
import type { UsageFilters } from "@/lib/server/queries";

/** Pico-USD per micro-USD: money is summed in two parts so that SQLite's 64-bit SUM cannot overflow. */
const SPLIT = 1_000_000n;

const FILTER_COLUMNS: Record<keyof UsageFilters, string> = {
  model: "model",
  feature: "feature",
  project: "project",
  serviceTier: "service_tier",
};

function filterSql(filters: UsageFilters): { sql: string; params: unknown[] } {
  const parts: string[] = [];
  const params: unknown[] = [];
  for (const [name, column] of Object.entries(FILTER_COLUMNS) as [keyof UsageFilters, string][]) {
    const values = filters[name];
    if (!values?.length) continue;
    parts.push(`${column} IN (${values.map(() => "?").join(", ")})`);
    params.push(...values);
  }
  return { sql: parts.map((p) => ` AND ${p}`).join(""), params };
}

function toRows(rows: Record<string, unknown>[]): ReportRow[] {
  return rows.map((r) => ({
    project: String(r.project),
    feature: String(r.feature),
    model: String(r.model),
    serviceTier: String(r.service_tier),
    calls: Number(toBigInt(r.calls)),
    unpricedCalls: Number(toBigInt(r.unpriced_calls)),
    costPico: toBigInt(r.cost_hi) * SPLIT + toBigInt(r.cost_lo),
  }));
}

/** Spend per project x feature x model x tier over one month in `timeZone`. */
export async function getMonthRows(db: Database, month: string, timeZone: string, filters: UsageFilters = {}): Promise<ReportRow[]> {
  const where = filterSql(filters);
  const money = `SUM(cost_pico / ${SPLIT}) AS cost_hi, SUM(cost_pico % ${SPLIT}) AS cost_lo`;
  const groups = "project, feature, model, service_tier";
  if (timeZone === "UTC") {
    return toRows(
      await db.all(
        `SELECT ${groups}, SUM(calls) AS calls, SUM(unpriced_calls) AS unpriced_calls, ${money}
         FROM monthly_usage WHERE month = ?${where.sql} GROUP BY ${groups}`,
        [month, ...where.params],
      ),
    );
  }
  const range = monthRangeMs(month, timeZone);
  return toRows(
    await db.all(
      `SELECT ${groups}, COUNT(*) AS calls, SUM(CASE WHEN priced THEN 0 ELSE 1 END) AS unpriced_calls, ${money}
       FROM calls WHERE ts_ms >= ? AND ts_ms < ?${where.sql} GROUP BY ${groups}`,
      [range.startMs, range.endMs, ...where.params],
    ),
  );
}

/**
 * Calls of the month sent without the 5m/1h split of their cache writes: counted in daily_usage for a
 * UTC month (so the count survives retention), from the calls for a month in another zone.
 */
async function countCacheSplitMissing(db: Database, month: string, timeZone: string, filters: UsageFilters): Promise<number> {
  const where = filterSql(filters);
  if (timeZone === "UTC") {
    const [row] = await db.all(`SELECT SUM(cache_split_missing) AS n FROM monthly_usage WHERE month = ?${where.sql}`, [month, ...where.params]);
    return Number(toBigInt(row?.n));
  }
  const range = monthRangeMs(month, timeZone);
  const [row] = await db.all(
    `SELECT COUNT(*) AS n FROM calls WHERE ts_ms >= ? AND ts_ms < ? AND quality LIKE ?${where.sql}`,
    [range.startMs, range.endMs, "%cache_split_missing%", ...where.params],
  );
  return Number(toBigInt(row?.n));
}

const PRICE_FIELDS = [
  ["inputUsdPerMTok", "input"],
  ["outputUsdPerMTok", "output"],
  ["cacheWrite5mUsdPerMTok", "5m cache write"],
  ["cacheWrite1hUsdPerMTok", "1h cache write"],
  ["cacheReadUsdPerMTok", "cache read"],
] as const;

/** The overrides that apply on some UTC day the month (in its time zone) touches. */
export function overridesInForce(overrides: readonly PriceOverrideRule[], month: string, timeZone: string): ReportOverride[] {
  const range = monthRangeMs(month, timeZone);
  const first = new Date(range.startMs).toISOString().slice(0, 10);
  const last = new Date(range.endMs - 1).toISOString().slice(0, 10);
  return overrides
    .filter((o) => o.effectiveFrom <= last && (o.effectiveTo === null || o.effectiveTo > first))
    .map((o) => ({
      id: o.id,
      model: o.model,
      effectiveFrom: o.effectiveFrom,
      effectiveTo: o.effectiveTo,
      multiplier: o.multiplier,
      prices: PRICE_FIELDS.filter(([field]) => o[field] !== null).map(([field, name]) => `${name} $${o[field]}/MTok`),
    }));
}

/** The report for `month` (YYYY-MM) in `timeZone`, against the month before, with the filters applied. */
export async function getMonthlyReport(db: Database, month: string, timeZone: string, filters: UsageFilters = {}): Promise<MonthlyReport> {
  const [current, previous, cacheSplitMissingCalls, pricing] = await Promise.all([
    getMonthRows(db, month, timeZone, filters),
    getMonthRows(db, shiftMonth(month, -1), timeZone, filters),
    countCacheSplitMissing(db, month, timeZone, filters),
    getPricingContext(db),
  ]);
  return buildMonthlyReport({
    month,
    timeZone,
    current,
    previous,
    cacheSplitMissingCalls,
    priceBookVersion: pricing.book.version,
    overrides: overridesInForce(pricing.overrides, month, timeZone),
    filters: { project: filters.project ?? [], feature: filters.feature ?? [], model: filters.model ?? [], service_tier: filters.serviceTier ?? [] },
  });
}

type Params = URLSearchParams | Record<string, string | string[] | undefined>;

/**
 * The report a page or export URL asks for: `month` from the path (YYYY-MM; null when it is not one),
 * the filters from the query string, the time zone from TALLY_REPORT_TIMEZONE. A closed month without
 * filters is its snapshot (lib/server/month-close.ts): its figures do not move once closed.
 */
export async function getReportForRequest(month: string, params: Params): Promise<MonthlyReport | null> {
  if (!isMonth(month)) return null;
  const { db, env } = await getApp();
  const filters = parseFilters(params);
  if (!Object.values(filters).some((values) => values?.length)) {
    const closed = await db.prisma.monthClose.findUnique({ where: { month } });
    if (closed) return deserializeReport(closed.snapshot);
  }
  return getMonthlyReport(db, month, env.TALLY_REPORT_TIMEZONE, filters);
}
