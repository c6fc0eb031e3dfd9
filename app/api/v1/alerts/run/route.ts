import { getApp } from "@/lib/server/app";
import { clockOf, reportToJson } from "@/lib/server/alerts-json";
import { runAlertsAndDeliver } from "@/lib/server/alert-notify";
import { handle } from "@/lib/server/http";
import { authorizeRequest } from "@/lib/server/session";

export const dynamic = "force-dynamic";

/** POST /api/v1/alerts/run?at=ISO : evaluate every enabled rule now (or at `at`); idempotent. */
export const POST = handle(async (request: Request) => {
  await authorizeRequest(request, "alerts.respond");
  const { db } = await getApp();
  const now = clockOf(new URL(request.url).searchParams.get("at"), () => new Date());
  const report = await runAlertsAndDeliver(db, now);
  return Response.json(reportToJson(report));
});
