import { getApp } from "@/lib/server/app";
import { backtestAlertRule } from "@/lib/server/alerts";
import { clockOf, findingToJson, jsonBody } from "@/lib/server/alerts-json";
import { handle } from "@/lib/server/http";
import { authorizeRequest } from "@/lib/server/session";

export const dynamic = "force-dynamic";

/**
 * POST /api/v1/alerts/rules/backtest?at=ISO with a rule as JSON (saved or not): the days of the 90 up to
 * `at` (default now) on which it would have fired, each with its findings.
 */
export const POST = handle(async (request: Request) => {
  await authorizeRequest(request, "alerts.respond");
  const { db } = await getApp();
  const now = clockOf(new URL(request.url).searchParams.get("at"), () => new Date());
  const result = await backtestAlertRule(db, await jsonBody(request), now);
  return Response.json({ from: result.from, to: result.to, days: result.days.map((d) => ({ day: d.day, findings: d.findings.map(findingToJson) })) });
});
