import { exportFilename } from "@/lib/core/calls-view";
import { getApp } from "@/lib/server/app";
import { callsCsvStream } from "@/lib/server/calls-export";
import { callsQueryFromParams } from "@/lib/server/calls-queries";
import { handle } from "@/lib/server/http";
import { authorizeRequest } from "@/lib/server/session";

export const dynamic = "force-dynamic";

/**
 * GET /calls/export?<the explorer's query string>: every matching call as CSV, in the explorer's order,
 * ending with a TOTAL line. Takes the same parameters as GET /api/v1/calls (without limit and cursor).
 */
export const GET = handle(async (request: Request) => {
  await authorizeRequest(request, "calls.view");
  const { db } = await getApp();
  const query = callsQueryFromParams(new URL(request.url).searchParams);
  return new Response(callsCsvStream(db, query), {
    headers: {
      "content-type": "text/csv; charset=utf-8; header=present",
      "content-disposition": `attachment; filename="${exportFilename(query.range)}"`,
      "cache-control": "no-store",
    },
  });
});
