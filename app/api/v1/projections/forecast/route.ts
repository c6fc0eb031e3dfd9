import { getApp } from "@/lib/server/app";
import { parseAsOf, parseFilters } from "@/lib/server/api-params";
import { forecastToJson, getForecastReport } from "@/lib/server/forecast";
import { handle } from "@/lib/server/http";
import { authorizeRequest } from "@/lib/server/session";

export const dynamic = "force-dynamic";

/** GET /api/v1/projections/forecast?asOf=YYYY-MM-DD (default yesterday, UTC) and the summary's filters. */
export const GET = handle(async (request: Request) => {
  await authorizeRequest(request, "dashboard.view");
  const { db } = await getApp();
  const params = new URL(request.url).searchParams;
  const asOf = parseAsOf(params);
  return Response.json(forecastToJson(await getForecastReport(db, asOf, parseFilters(params))));
});
