/** What every ingest endpoint checks first: the ingest key, its rate limit, and a body no larger than the limit. */
import { type RateLimit, TokenBuckets, retryAfterSeconds } from "@/lib/core/rate-limit";
import type { Database } from "@/lib/server/db";
import { getEnv, ingestRateLimit } from "@/lib/server/env";
import { AppError } from "@/lib/server/errors";
import { type IngestKeyScope, verifyIngestKey } from "@/lib/server/keys";

const globalForLimits = globalThis as unknown as { tallyIngestBuckets?: TokenBuckets };

/** The process's buckets (one per process, whichever route bundle asks), remade if the limit changes. */
function bucketsFor(limit: RateLimit): TokenBuckets {
  const current = globalForLimits.tallyIngestBuckets;
  if (current && current.limit.ratePerSecond === limit.ratePerSecond && current.limit.burst === limit.burst) return current;
  globalForLimits.tallyIngestBuckets = new TokenBuckets(limit);
  return globalForLimits.tallyIngestBuckets;
}

/**
 * Throws a 401 unless the request carries a valid ingest key as `Authorization: Bearer <key>`, and a 429
 * with `Retry-After` when that key is over TALLY_INGEST_RATE_LIMIT. Called before the body is read, so a
 * refused request stores nothing. Returns the key's id and project.
 */
export async function requireIngestKey(db: Database, request: Request): Promise<IngestKeyScope> {
  const match = /^Bearer\s+(\S+)$/i.exec(request.headers.get("authorization") ?? "");
  if (!match) throw new AppError("unauthorized", 401, "missing ingest key: send the header 'Authorization: Bearer <ingest key>'");
  const scope = await verifyIngestKey(db, match[1]);
  if (!scope) throw new AppError("unauthorized", 401, "the ingest key is not valid or has been revoked");
  const limit = ingestRateLimit(getEnv());
  if (limit) {
    const taken = bucketsFor(limit).take(scope.id, performance.now());
    if (!taken.ok) {
      const seconds = retryAfterSeconds(taken.retryAfterMs);
      throw new AppError(
        "rate_limited",
        429,
        `this ingest key is over its rate limit of ${limit.ratePerSecond} requests per second (bursts of ${limit.burst}, TALLY_INGEST_RATE_LIMIT); retry after ${seconds} s`,
        undefined,
        { "Retry-After": String(seconds) },
      );
    }
  }
  return scope;
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
