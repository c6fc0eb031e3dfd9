import { getApp } from "@/lib/server/app";
import { deleteRule, getRule, updateRule } from "@/lib/server/alerts";
import { idOf, jsonBody, ruleToJson } from "@/lib/server/alerts-json";
import { AppError } from "@/lib/server/errors";
import { handle } from "@/lib/server/http";
import { authorizeRequest } from "@/lib/server/session";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };
const notFound = () => new AppError("not_found", 404, "no such rule");

/** GET /api/v1/alerts/rules/{id} */
export const GET = handle(async (request: Request, context: Context) => {
  await authorizeRequest(request, "alerts.view");
  const { db } = await getApp();
  const rule = await getRule(db, idOf((await context.params).id));
  if (!rule) throw notFound();
  return Response.json(ruleToJson(rule));
});

/** PUT /api/v1/alerts/rules/{id} with the whole rule as JSON. */
export const PUT = handle(async (request: Request, context: Context) => {
  await authorizeRequest(request, "alerts.manage");
  const { db } = await getApp();
  const rule = await updateRule(db, idOf((await context.params).id), await jsonBody(request), new Date());
  if (!rule) throw notFound();
  return Response.json(ruleToJson(rule));
});

/** DELETE /api/v1/alerts/rules/{id}: its open alerts are resolved, its history kept. */
export const DELETE = handle(async (request: Request, context: Context) => {
  await authorizeRequest(request, "alerts.manage");
  const { db } = await getApp();
  if (!(await deleteRule(db, idOf((await context.params).id), new Date()))) throw notFound();
  return new Response(null, { status: 204 });
});
