/**
 * Reads for the Alerts pages, composed from lib/server/alerts.ts. React's cache() runs each once per
 * request however many cards ask.
 */
import "server-only";
import { cache } from "react";
import type { AlertRule } from "@/lib/core/alert-rules";
import { type StoredAlert, getAlert, getRule, listAlerts, listRules } from "@/lib/server/alerts";
import { getApp } from "@/lib/server/app";
import { getDimensionValues } from "@/lib/server/queries";

/** Most resolved alerts the history shows. */
export const HISTORY_LIMIT = 100;

export const loadRules = cache(async (): Promise<AlertRule[]> => listRules((await getApp()).db));

export const loadOpenAlerts = cache(async (): Promise<StoredAlert[]> => listAlerts((await getApp()).db, { status: "open" }));

export const loadHistory = cache(async (): Promise<StoredAlert[]> => listAlerts((await getApp()).db, { status: "resolved", limit: HISTORY_LIMIT }));

export const loadAlert = cache(async (id: number): Promise<StoredAlert | null> => getAlert((await getApp()).db, id));

export const loadRule = cache(async (id: number): Promise<AlertRule | null> => getRule((await getApp()).db, id));

/** Rule names by id (an alert outlives a deleted rule, which then has no name here). */
export const loadRuleNames = cache(async (): Promise<Map<number, string>> => new Map((await loadRules()).map((r) => [r.id, r.name])));

/** When the evaluation last ran (by the schedule, the CLI or the page), or null if never. */
export const loadLastEvaluation = cache(async (): Promise<Date | null> => {
  const { db } = await getApp();
  const [row] = await db.all<{ value: string }>("SELECT value FROM meta WHERE key = ?", ["alerts_last_run"]);
  return row ? new Date(row.value) : null;
});

/** What the rule form's scope pickers offer. */
export const loadScopeOptions = cache(async () => {
  const { model, feature, project } = await getDimensionValues((await getApp()).db);
  return { model, feature, project };
});

/** An id from a path segment, or null when it is not one. */
export function idFromSegment(segment: string): number | null {
  return /^[1-9]\d{0,9}$/.test(segment) ? Number(segment) : null;
}
