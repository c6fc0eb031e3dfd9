import { z } from "zod";
import { getApp } from "@/lib/server/app";
import { listAlerts } from "@/lib/server/alerts";
import { alertToJson } from "@/lib/server/alerts-json";
import { handle } from "@/lib/server/http";
import { authorizeRequest } from "@/lib/server/session";

export const dynamic = "force-dynamic";

const querySchema = z.object({
  status: z.enum(["open", "firing", "acknowledged", "resolved"]).optional(),
  ruleId: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});

/** GET /api/v1/alerts?status=open|firing|acknowledged|resolved&ruleId=&limit= : newest first. */
export const GET = handle(async (request: Request) => {
  await authorizeRequest(request, "alerts.view");
  const { db } = await getApp();
  const query = querySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const alerts = await listAlerts(db, query);
  return Response.json({ alerts: alerts.map(alertToJson) });
});
