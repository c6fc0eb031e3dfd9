import { getApp } from "@/lib/server/app";
import { evaluateAlerts } from "@/lib/server/alerts";
import { clockOf, reportToJson } from "@/lib/server/alerts-json";
import { deliverAlertChange } from "@/lib/server/alert-notify";
import { handle } from "@/lib/server/http";

export const dynamic = "force-dynamic";

/** POST /api/v1/alerts/run?at=ISO : evaluate every enabled rule now (or at `at`); idempotent. */
export const POST = handle(async (request: Request) => {
  const { db } = await getApp();
  const now = clockOf(new URL(request.url).searchParams.get("at"), () => new Date());
  const report = await evaluateAlerts(db, now, (change) => deliverAlertChange(db, change, now));
  return Response.json(reportToJson(report));
});
