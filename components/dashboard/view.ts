/**
 * The view every dashboard page starts from: range and filters parsed from the URL, the filter options,
 * and whether anything is stored at all.
 */
import "server-only";
import { connection } from "next/server";
import { getOptions } from "@/components/overview/data";
import { todayUtc } from "@/lib/server/api-params";
import { type OverviewQuery, parseOverviewQuery } from "@/lib/server/dashboard";
import type { FilterOptions } from "@/lib/server/dashboard";

export type SearchParams = Record<string, string | string[] | undefined>;

export interface DashboardView extends OverviewQuery {
  options: FilterOptions;
  hasUsage: boolean;
  /** Today's UTC day. */
  today: string;
}

export async function loadView(searchParams: Promise<SearchParams>): Promise<DashboardView> {
  await connection();
  const query = parseOverviewQuery(await searchParams);
  const { options, hasUsage } = await getOptions();
  return { ...query, options, hasUsage, today: todayUtc() };
}

/** One query parameter as a single string ("" when missing). */
export function param(params: SearchParams, name: string): string {
  const value = params[name];
  return (Array.isArray(value) ? value[0] : value) ?? "";
}
