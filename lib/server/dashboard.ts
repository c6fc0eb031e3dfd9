/** Page-level reads for the dashboard, composed from the named queries in queries.ts. */
import "server-only";
import { ZodError } from "zod";
import { addDays, parseFilters, parseRange } from "@/lib/server/api-params";
import type { Database } from "@/lib/server/db";
import { type DayRange, type UsageFilters, getDimensionValues } from "@/lib/server/queries";

/** Longest range the overview draws (a day per bar); longer requests are cut to the most recent days. */
export const MAX_RANGE_DAYS = 1096;

export interface OverviewQuery {
  range: DayRange;
  filters: UsageFilters;
  /** Why the requested range was not used as given (shown above the cards), or null. */
  rangeProblem: string | null;
}

type SearchParams = Record<string, string | string[] | undefined>;

/**
 * The overview's range and filters from the URL. A malformed range falls back to the default
 * (last 30 days) with a sentence saying why, rather than failing the page.
 */
export function parseOverviewQuery(params: SearchParams, nowMs = Date.now()): OverviewQuery {
  const filters = parseFilters(params);
  let range: DayRange;
  try {
    range = parseRange(params, nowMs);
  } catch (error) {
    if (!(error instanceof ZodError)) throw error;
    const reason = error.issues.map((issue) => `${issue.path.join(".") || "range"} ${issue.message}`).join("; ");
    return { range: parseRange({}, nowMs), filters, rangeProblem: `Showing the last 30 days instead: ${reason}.` };
  }
  const earliest = addDays(range.to, -(MAX_RANGE_DAYS - 1));
  if (range.from < earliest) {
    return { range: { from: earliest, to: range.to }, filters, rangeProblem: `Ranges are limited to ${MAX_RANGE_DAYS} days; showing ${earliest} to ${range.to}.` };
  }
  return { range, filters, rangeProblem: null };
}

export interface FilterOptions {
  model: string[];
  feature: string[];
  project: string[];
  serviceTier: string[];
}

/** Values offered by the filter pickers, and whether anything at all is stored (the empty state). */
export async function getOverviewOptions(db: Database): Promise<{ options: FilterOptions; hasUsage: boolean }> {
  const options = await getDimensionValues(db);
  return { options, hasUsage: options.model.length > 0 };
}
