import { exceedsJsonDepth, JSON_TOO_DEEP } from "@/lib/core/ingest-body";
import { countOtelSpans, otelToRecords } from "@/lib/core/otel";
import { getApp } from "@/lib/server/app";
import { getEnv } from "@/lib/server/env";
import { AppError } from "@/lib/server/errors";
import { handle } from "@/lib/server/http";
import { ingestItems } from "@/lib/server/ingest";
import { readBody, requireIngestKey } from "@/lib/server/ingest-request";

export const dynamic = "force-dynamic";

/**
 * POST /api/otel/v1/traces: an OTLP/HTTP JSON traces export (point an OTLP exporter's traces endpoint
 * here, with `Authorization: Bearer <ingest key>`). Claude spans become usage records (lib/core/otel.ts);
 * the answer is OTLP's: `{}` or `{ "partialSuccess": { "rejectedSpans", "errorMessage" } }`.
 */
export const POST = handle(async (request: Request) => {
  const { db } = await getApp();
  const key = await requireIngestKey(db, request);
  const type = request.headers.get("content-type") ?? "";
  if (!/^application\/json\b/i.test(type)) {
    throw new AppError("unsupported_media_type", 415, "send OTLP/HTTP as JSON (Content-Type: application/json); protobuf is not accepted");
  }
  const env = getEnv();
  const text = await readBody(request, env.TALLY_MAX_BODY_BYTES);
  if (text.trim() === "") throw new AppError("bad_request", 400, "request body is empty");
  if (exceedsJsonDepth(text)) throw new AppError("bad_request", 400, `body is ${JSON_TOO_DEEP}`);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new AppError("bad_request", 400, "the body is not JSON");
  }
  const spanCount = countOtelSpans(body);
  if (spanCount > env.TALLY_MAX_BATCH_RECORDS) {
    throw new AppError("payload_too_large", 413, `export has ${spanCount} spans; at most ${env.TALLY_MAX_BATCH_RECORDS} are accepted per request`);
  }
  let spans;
  try {
    // A scoped key's project stands in for service.name; an explicit tally.project must match it.
    spans = otelToRecords(body, { project: key.project ?? undefined });
  } catch (error) {
    throw new AppError("bad_request", 400, error instanceof Error ? error.message : String(error));
  }
  const result = await ingestItems(db, spans.records, { source: "otel", keyProject: key.project });
  if (result.rejected.length === 0) return Response.json({});
  const first = result.rejected[0];
  return Response.json({
    partialSuccess: { rejectedSpans: result.rejected.length, errorMessage: `span ${first.index}: ${first.errors.join("; ").slice(0, 300)}` },
  });
});
