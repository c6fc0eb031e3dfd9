import { getApp } from "@/lib/server/app";
import { getAlert } from "@/lib/server/alerts";
import { alertToJson, idOf } from "@/lib/server/alerts-json";
import { AppError } from "@/lib/server/errors";
import { handle } from "@/lib/server/http";
import { authorizeRequest } from "@/lib/server/session";

export const dynamic = "force-dynamic";

/** GET /api/v1/alerts/{id} */
export const GET = handle(async (request: Request, context: { params: Promise<{ id: string }> }) => {
  await authorizeRequest(request, "alerts.view");
  const { db } = await getApp();
  const alert = await getAlert(db, idOf((await context.params).id));
  if (!alert) throw new AppError("not_found", 404, "no such alert");
  return Response.json(alertToJson(alert));
});
