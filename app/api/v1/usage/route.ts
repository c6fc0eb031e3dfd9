import { parseIngestBody } from "@/lib/core/ingest-body";
import { getApp } from "@/lib/server/app";
import { getEnv } from "@/lib/server/env";
import { AppError } from "@/lib/server/errors";
import { handle } from "@/lib/server/http";
import { ingestItems } from "@/lib/server/ingest";
import { readBody, requireIngestKey } from "@/lib/server/ingest-request";

export const dynamic = "force-dynamic";

/** POST /api/v1/usage: one record, a JSON array, or NDJSON. */
export const POST = handle(async (request: Request) => {
  const { db } = await getApp();
  const env = getEnv();
  const key = await requireIngestKey(db, request);
  const text = await readBody(request, env.TALLY_MAX_BODY_BYTES);
  const body = parseIngestBody(text, request.headers.get("content-type"));
  if (!body.ok) {
    throw new AppError(body.status === 415 ? "unsupported_media_type" : "bad_request", body.status, body.message);
  }
  if (body.items.length > env.TALLY_MAX_BATCH_RECORDS) {
    throw new AppError(
      "payload_too_large",
      413,
      `batch has ${body.items.length} records; at most ${env.TALLY_MAX_BATCH_RECORDS} are accepted per request`,
    );
  }
  const { indexes } = body;
  // The SDK wrapper says who it is, so its calls can be told from hand-written records.
  const source = /^tally-sdk\b/.test(request.headers.get("user-agent") ?? "") ? "sdk" : "api";
  const result = await ingestItems(db, body.items, { source, indexOf: (i) => indexes[i], keyProject: key.project });
  return Response.json(result);
});
