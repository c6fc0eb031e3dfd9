import { parseIngestBody } from "@/lib/core/ingest-body";
import { getApp } from "@/lib/server/app";
import { getEnv } from "@/lib/server/env";
import { AppError } from "@/lib/server/errors";
import { handle } from "@/lib/server/http";
import { ingestItems } from "@/lib/server/ingest";
import { verifyIngestKey } from "@/lib/server/keys";

export const dynamic = "force-dynamic";

/** Reads the body up to `limit` bytes; a larger body is refused without buffering it whole. */
async function readBody(request: Request, limit: number): Promise<string> {
  const declared = Number(request.headers.get("content-length") ?? "NaN");
  if (declared > limit) throw tooLarge(limit);
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function tooLarge(limit: number) {
  return new AppError("payload_too_large", 413, `request body is larger than ${limit} bytes; send smaller batches`);
}

/** POST /api/v1/usage: one record, a JSON array, or NDJSON. */
export const POST = handle(async (request: Request) => {
  const { db } = await getApp();
  const env = getEnv();
  const auth = request.headers.get("authorization") ?? "";
  const match = /^Bearer\s+(\S+)$/i.exec(auth);
  if (!match) {
    throw new AppError("unauthorized", 401, "missing ingest key: send the header 'Authorization: Bearer <ingest key>'");
  }
  if (!(await verifyIngestKey(db, match[1]))) {
    throw new AppError("unauthorized", 401, "the ingest key is not valid or has been revoked");
  }
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
  const result = await ingestItems(db, body.items, { source: "api", indexOf: (i) => indexes[i] });
  return Response.json(result);
});
