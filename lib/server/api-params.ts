/** Query-string parsing shared by the read API routes and the dashboard pages. */
import { z } from "zod";
import { filterValueFromParam } from "@/lib/core/filter-values";
import { GROUP_BY, type DayRange, type UsageFilters } from "@/lib/server/queries";

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "must be a UTC day, YYYY-MM-DD")
  .refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value), "is not a real date");

/** Whether `value` is a real UTC day written YYYY-MM-DD. */
export function isUtcDay(value: string): boolean {
  return day.safeParse(value).success;
}

/** Today's UTC day. */
export function todayUtc(nowMs = Date.now()): string {
  return new Date(nowMs).toISOString().slice(0, 10);
}

export function addDays(dayString: string, days: number): string {
  return new Date(Date.parse(`${dayString}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

type Params = URLSearchParams | Record<string, string | string[] | undefined>;

function all(params: Params, name: string): string[] {
  const raw = params instanceof URLSearchParams ? params.getAll(name) : [params[name] ?? []].flat();
  return raw
    .flatMap((v) => v.split(","))
    .map((v) => v.trim())
    .filter((v) => v !== "")
    .map(filterValueFromParam);
}

function one(params: Params, name: string): string | undefined {
  const value = params instanceof URLSearchParams ? params.get(name) : [params[name]].flat()[0];
  return value === null || value === undefined || value === "" ? undefined : value;
}

/** Range from `from`/`to` (inclusive UTC days); defaults to the last 30 days including today. */
export function parseRange(params: Params, nowMs = Date.now()): DayRange {
  const to = one(params, "to") ?? todayUtc(nowMs);
  const from = one(params, "from") ?? addDays(to, -29);
  const parsed = z.object({ from: day, to: day }).parse({ from, to });
  if (parsed.from > parsed.to) throw new z.ZodError([{ code: "custom", path: ["from"], message: `must not be after to (${parsed.to})`, input: from }]);
  return parsed;
}

/** The forecast's last day counted as actual (`asOf`); defaults to yesterday (UTC), the last whole day. */
export function parseAsOf(params: Params, nowMs = Date.now()): string {
  const asOf = one(params, "asOf") ?? addDays(todayUtc(nowMs), -1);
  return z.object({ asOf: day }).parse({ asOf }).asOf;
}

export function parseFilters(params: Params): UsageFilters {
  return {
    model: all(params, "model"),
    feature: all(params, "feature"),
    project: all(params, "project"),
    serviceTier: [...all(params, "service_tier"), ...all(params, "serviceTier")],
  };
}

export const groupBySchema = z.enum(GROUP_BY);
