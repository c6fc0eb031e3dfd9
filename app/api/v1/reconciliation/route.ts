import { monthReconciliationToJson, parseTolerance } from "@/lib/core/reconcile";
import { getApp } from "@/lib/server/app";
import { badRequest } from "@/lib/server/errors";
import { handle } from "@/lib/server/http";
import { getMonthReconciliation } from "@/lib/server/reconciliation";
import { authorizeRequest } from "@/lib/server/session";

export const dynamic = "force-dynamic";

/**
 * GET /api/v1/reconciliation?month=YYYY-MM[&tolUsd=0.01&tolPct=1&tolTokens=0]: the month's Admin API
 * reports against Tally, as `tally reconcile show --json` prints it (amounts as exact decimal strings).
 */
export const GET = handle(async (request: Request) => {
  await authorizeRequest(request, "reports.view");
  const { db } = await getApp();
  const params = new URL(request.url).searchParams;
  const month = params.get("month");
  if (month === null) throw badRequest("month is required, as YYYY-MM");
  let tolerance;
  try {
    tolerance = parseTolerance(
      { usd: params.get("tolUsd") ?? undefined, percent: params.get("tolPct") ?? undefined, tokens: params.get("tolTokens") ?? undefined },
      { usd: "tolUsd", percent: "tolPct", tokens: "tolTokens" },
    );
  } catch (error) {
    throw badRequest(error instanceof Error ? error.message : String(error));
  }
  return Response.json(monthReconciliationToJson(await getMonthReconciliation(db, month, tolerance)));
});
