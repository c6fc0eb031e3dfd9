/** The API form of rules, alerts and evaluation reports. */
import type { AlertRule, Finding } from "@/lib/core/alert-rules";
import type { EvaluationReport, StoredAlert } from "@/lib/server/alerts";
import { badRequest } from "@/lib/server/errors";

export function alertToJson(a: StoredAlert) {
  return {
    id: a.id,
    ruleId: a.ruleId,
    key: a.key,
    status: a.status,
    day: a.day,
    title: a.title,
    summary: a.summary,
    observed: a.observed,
    baseline: a.baseline,
    change: a.change,
    kind: a.details.kind,
    group: a.details.group,
    values: a.details.values,
    firedAt: a.firedAt.toISOString(),
    lastSeenAt: a.lastSeenAt.toISOString(),
    acknowledgedAt: a.acknowledgedAt?.toISOString() ?? null,
    resolvedAt: a.resolvedAt?.toISOString() ?? null,
  };
}

export function ruleToJson(rule: AlertRule) {
  return rule;
}

export function findingToJson(f: Finding) {
  return { key: f.key, group: f.group, title: f.title, summary: f.summary, observed: f.observed, baseline: f.baseline, change: f.change, values: f.values };
}

export function reportToJson(r: EvaluationReport & { deliveries?: unknown }) {
  return {
    deliveries: r.deliveries ?? null,
    day: r.day,
    rules: r.rules,
    fired: r.fired.map((c) => alertToJson(c.alert)),
    resolved: r.resolved.map((c) => alertToJson(c.alert)),
    stillOpen: r.stillOpen,
  };
}

/** A JSON request body, or a 400 saying it is not JSON. */
export async function jsonBody(request: Request): Promise<unknown> {
  try {
    return await request.json();
  } catch {
    throw badRequest("the body must be JSON");
  }
}

/** A positive integer path id, or a 400. */
export function idOf(raw: string): number {
  if (!/^\d{1,9}$/.test(raw) || Number(raw) < 1) throw badRequest(`"${raw}" is not an id`);
  return Number(raw);
}

/** An ISO time from a query parameter, or `fallback`; a 400 when it is not one. */
export function clockOf(raw: string | null, fallback: () => Date): Date {
  if (raw === null || raw === "") return fallback();
  const ms = Date.parse(raw);
  if (Number.isNaN(ms)) throw badRequest(`at: "${raw}" is not an ISO time`);
  return new Date(ms);
}
