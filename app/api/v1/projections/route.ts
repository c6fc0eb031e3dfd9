import { getApp } from "@/lib/server/app";
import { parseFilters, parseRange } from "@/lib/server/api-params";
import { badRequest } from "@/lib/server/errors";
import { handle } from "@/lib/server/http";
import { getPricingContext } from "@/lib/server/pricing-context";
import { configuredAssumptions, getProjection, projectionToJson, scopeToSource } from "@/lib/server/projections";
import { isEmptyPlan, parseScenario } from "@/lib/core/scenario";
import { authorizeRequest } from "@/lib/server/session";

export const dynamic = "force-dynamic";

/**
 * GET /api/v1/projections?from=&to=&feature=&project=&model=&service_tier=
 *   &source=<model|family>&target=<model|family>  &route.<feature>=<model>:<percent>,...  &cache.<feature>=<percent>
 *   &batch=<feature>,...  &tokenizerFactor=1.3  &cacheReuse=4
 * What the calls in range would have cost under the scenario; see README "Projections".
 */
export const GET = handle(async (request: Request) => {
  await authorizeRequest(request, "dashboard.view");
  const { db } = await getApp();
  const params = new URL(request.url).searchParams;
  const range = parseRange(params);
  const filters = parseFilters(params);
  const { book } = await getPricingContext(db);
  const scenario = parseScenario(params, book, configuredAssumptions());
  if (isEmptyPlan(scenario.plan)) {
    throw badRequest("nothing to project: give source and target (a model switch), route.<feature>, cache.<feature> or batch");
  }
  const projection = await getProjection(db, { range, filters: scopeToSource(filters, scenario, book), plan: scenario.plan, assumptions: scenario.assumptions });
  return Response.json(projectionToJson(projection, scenario, range));
});
