/**
 * URLs of dashboard views. Every view's state (range, filters, and a page's own options such as a split
 * or a sort) lives in its query string, so a view is shared by copying its address.
 */
import { filterValueToParam } from "@/lib/core/filter-values";

/** Each filter matches any of its values; empty or missing means no filter (same shape as the server's UsageFilters). */
export interface DashboardFilters {
  model?: string[];
  feature?: string[];
  project?: string[];
  serviceTier?: string[];
}

/** Filters in URL order: query parameter name, field, label. */
export const FILTER_FIELDS = [
  { param: "model", field: "model", label: "Model" },
  { param: "feature", field: "feature", label: "Feature" },
  { param: "project", field: "project", label: "Project" },
  { param: "service_tier", field: "serviceTier", label: "Tier" },
] as const;

export type FilterParam = (typeof FILTER_FIELDS)[number]["param"];

/** The range, filter and page-specific query parameters that make up a view. */
export function dashboardParams(
  range: { from: string; to: string } | null,
  filters: DashboardFilters,
  extra: Record<string, string | null | undefined> = {},
): URLSearchParams {
  const params = new URLSearchParams();
  if (range) {
    params.set("from", range.from);
    params.set("to", range.to);
  }
  for (const { param, field } of FILTER_FIELDS) {
    const values = filters[field];
    if (values?.length) params.set(param, values.map(filterValueToParam).join(","));
  }
  for (const [name, value] of Object.entries(extra)) if (value !== null && value !== undefined && value !== "") params.set(name, value);
  return params;
}

/** `path` with the view's query string (empty parts left out). */
export function dashboardHref(
  path: string,
  range: { from: string; to: string } | null,
  filters: DashboardFilters,
  extra: Record<string, string | null | undefined> = {},
): string {
  const query = dashboardParams(range, filters, extra).toString();
  return query ? `${path}?${query}` : path;
}

/** The range and filter parameters of a query string, for carrying a view from one page to another. */
export function carriedParams(search: URLSearchParams): string {
  const carried = new URLSearchParams();
  for (const name of ["from", "to", ...FILTER_FIELDS.map((f) => f.param)]) {
    const value = search.get(name);
    if (value) carried.set(name, value);
  }
  const query = carried.toString();
  return query ? `?${query}` : "";
}
