import { z } from "zod";
import { getApp } from "@/lib/server/app";
import { parseFilters, parseRange } from "@/lib/server/api-params";
import { badRequest } from "@/lib/server/errors";
import { handle } from "@/lib/server/http";
import { CursorError, listCalls } from "@/lib/server/queries";
import { callToJson } from "@/lib/server/call-json";

export const dynamic = "force-dynamic";

/** GET /api/v1/calls?from&to&model&feature&project&service_tier&limit&cursor — newest first. */
export const GET = handle(async (request: Request) => {
  const { db } = await getApp();
  const params = new URL(request.url).searchParams;
  const limit = z.coerce.number().int().min(1).max(1000).default(100).parse(params.get("limit") ?? undefined);
  try {
    const page = await listCalls(db, parseRange(params), parseFilters(params), { limit, cursor: params.get("cursor") });
    return Response.json({ calls: page.calls.map(callToJson), nextCursor: page.nextCursor });
  } catch (error) {
    if (error instanceof CursorError) throw badRequest(error.message);
    throw error;
  }
});

