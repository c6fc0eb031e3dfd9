import { getApp } from "@/lib/server/app";
import { acknowledgeAlert } from "@/lib/server/alerts";
import { alertToJson, clockOf, idOf } from "@/lib/server/alerts-json";
import { AppError } from "@/lib/server/errors";
import { handle } from "@/lib/server/http";
import { authorizeRequest } from "@/lib/server/session";

export const dynamic = "force-dynamic";

/** POST /api/v1/alerts/{id}/acknowledge : firing -> acknowledged (acknowledging twice is fine; a resolved alert is 409). */
export const POST = handle(async (request: Request, context: { params: Promise<{ id: string }> }) => {
  await authorizeRequest(request, "alerts.respond");
  const { db } = await getApp();
  const result = await acknowledgeAlert(db, idOf((await context.params).id), clockOf(new URL(request.url).searchParams.get("at"), () => new Date()));
  if (result === "not_found") throw new AppError("not_found", 404, "no such alert");
  if (result === "not_firing") throw new AppError("conflict", 409, "the alert is resolved: nothing to acknowledge");
  return Response.json(alertToJson(result));
});
