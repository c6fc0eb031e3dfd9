/** What every ingest endpoint checks first: the ingest key, and a body no larger than the limit. */
import type { Database } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";
import { verifyIngestKey } from "@/lib/server/keys";

/** Throws a 401 unless the request carries a valid ingest key as `Authorization: Bearer <key>`. */
export async function requireIngestKey(db: Database, request: Request): Promise<void> {
  const match = /^Bearer\s+(\S+)$/i.exec(request.headers.get("authorization") ?? "");
  if (!match) throw new AppError("unauthorized", 401, "missing ingest key: send the header 'Authorization: Bearer <ingest key>'");
  if (!(await verifyIngestKey(db, match[1]))) throw new AppError("unauthorized", 401, "the ingest key is not valid or has been revoked");
}

function tooLarge(limit: number) {
  return new AppError("payload_too_large", 413, `request body is larger than ${limit} bytes; send smaller batches`);
}

/** Reads the body's bytes up to `limit`; a larger body is refused (413) without buffering it whole. */
export async function readBodyBytes(request: Request, limit: number): Promise<Buffer> {
  const declared = Number(request.headers.get("content-length") ?? "NaN");
  if (declared > limit) throw tooLarge(limit);
  if (!request.body) return Buffer.alloc(0);
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
  return Buffer.concat(chunks);
}

/** Reads the body as UTF-8 text up to `limit` bytes. */
export async function readBody(request: Request, limit: number): Promise<string> {
  return (await readBodyBytes(request, limit)).toString("utf8");
}
