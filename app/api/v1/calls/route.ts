import { z } from "zod";
import { CursorError } from "@/lib/core/calls-view";
import { getApp } from "@/lib/server/app";
import { callsQueryFromParams, listCallsPage } from "@/lib/server/calls-queries";
import { badRequest } from "@/lib/server/errors";
import { handle } from "@/lib/server/http";
import { callToJson } from "@/lib/server/call-json";
import { authorizeRequest } from "@/lib/server/session";

export const dynamic = "force-dynamic";

/**
 * GET /api/v1/calls?from&to&model&feature&project&service_tier&user&stop_reason&min_cost&max_cost&unpriced
 * &sort=time|cost|tokens&dir=desc|asc&limit&cursor — newest first unless sorted otherwise.
 */
export const GET = handle(async (request: Request) => {
  await authorizeRequest(request, "calls.view");
  const { db } = await getApp();
  const params = new URL(request.url).searchParams;
  const limit = z.coerce.number().int().min(1).max(1000).default(100).parse(params.get("limit") ?? undefined);
  try {
    const page = await listCallsPage(db, callsQueryFromParams(params), { limit, cursor: params.get("cursor") });
    return Response.json({ calls: page.calls.map(callToJson), nextCursor: page.nextCursor, prevCursor: page.prevCursor });
  } catch (error) {
    if (error instanceof CursorError) throw badRequest(error.message);
    throw error;
  }
});
