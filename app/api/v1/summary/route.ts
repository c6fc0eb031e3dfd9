import { getApp } from "@/lib/server/app";
import { groupBySchema, parseFilters, parseRange } from "@/lib/server/api-params";
import { handle } from "@/lib/server/http";
import { getUsageSummary, totalsToJson } from "@/lib/server/queries";
import { authorizeRequest } from "@/lib/server/session";

export const dynamic = "force-dynamic";

/** GET /api/v1/summary?from=YYYY-MM-DD&to=YYYY-MM-DD&groupBy=day|model|feature|project|service_tier */
export const GET = handle(async (request: Request) => {
  await authorizeRequest(request, "dashboard.view");
  const { db } = await getApp();
  const params = new URL(request.url).searchParams;
  const range = parseRange(params);
  const groupByRaw = params.get("groupBy");
  const groupBy = groupByRaw ? groupBySchema.parse(groupByRaw) : undefined;
  const { total, groups } = await getUsageSummary(db, range, parseFilters(params), groupBy);
  return Response.json({
    from: range.from,
    to: range.to,
    total: totalsToJson(total),
    groups: groups.map((group) => ({ key: group.key, ...totalsToJson(group) })),
  });
});
