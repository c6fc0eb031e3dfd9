import { getApp } from "@/lib/server/app";
import { createRule, listRules } from "@/lib/server/alerts";
import { jsonBody, ruleToJson } from "@/lib/server/alerts-json";
import { handle } from "@/lib/server/http";
import { authorizeRequest } from "@/lib/server/session";

export const dynamic = "force-dynamic";

/** GET /api/v1/alerts/rules */
export const GET = handle(async (request: Request) => {
  await authorizeRequest(request, "alerts.view");
  const { db } = await getApp();
  return Response.json({ rules: (await listRules(db)).map(ruleToJson) });
});

/** POST /api/v1/alerts/rules with a rule as JSON: 201 and the stored rule, or 400 naming each bad field. */
export const POST = handle(async (request: Request) => {
  await authorizeRequest(request, "alerts.manage");
  const { db } = await getApp();
  const rule = await createRule(db, await jsonBody(request));
  return Response.json(ruleToJson(rule), { status: 201 });
});
