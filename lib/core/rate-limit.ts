/**
 * Token buckets, one per key: a bucket holds up to `burst` tokens and refills at `ratePerSecond`; a
 * request takes one token, or is refused with how long until one is back. Pure: the caller passes the
 * time (milliseconds, any monotonic origin), so tests drive the clock.
 */

export interface RateLimit {
  /** Tokens added per second (requests per second sustained). */
  ratePerSecond: number;
  /** Most tokens a bucket holds: requests that may arrive at once after a quiet spell. */
  burst: number;
}

export type TakeResult = { ok: true; remaining: number } | { ok: false; retryAfterMs: number };

interface Bucket {
  tokens: number;
  atMs: number;
}

/** Buckets by key. Buckets that have refilled completely are forgotten, so memory follows active keys. */
export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();

  constructor(readonly limit: RateLimit) {
    if (!(limit.ratePerSecond > 0) || !(limit.burst >= 1)) throw new Error("a rate limit needs a rate above 0 and a burst of at least 1");
  }

  /** Takes one token from `key`'s bucket at `nowMs`, or says how many milliseconds until one is there. */
  take(key: string, nowMs: number): TakeResult {
    const { ratePerSecond, burst } = this.limit;
    const bucket = this.buckets.get(key) ?? { tokens: burst, atMs: nowMs };
    const elapsedMs = Math.max(0, nowMs - bucket.atMs);
    const tokens = Math.min(burst, bucket.tokens + (elapsedMs * ratePerSecond) / 1000);
    if (tokens >= 1) {
      this.buckets.set(key, { tokens: tokens - 1, atMs: nowMs });
      if (this.buckets.size > 10_000) this.sweep(nowMs);
      return { ok: true, remaining: Math.floor(tokens - 1) };
    }
    this.buckets.set(key, { tokens, atMs: nowMs });
    return { ok: false, retryAfterMs: Math.ceil(((1 - tokens) * 1000) / ratePerSecond) };
  }

  /** How many keys have a bucket that is not full. */
  get size(): number {
    return this.buckets.size;
  }

  private sweep(nowMs: number): void {
    const { ratePerSecond, burst } = this.limit;
    for (const [key, bucket] of this.buckets) {
      if (bucket.tokens + ((nowMs - bucket.atMs) * ratePerSecond) / 1000 >= burst) this.buckets.delete(key);
    }
  }
}

/** `Retry-After` in whole seconds, at least 1 (HTTP has no finer unit, and 0 would invite a retry at once). */
export function retryAfterSeconds(retryAfterMs: number): number {
  return Math.max(1, Math.ceil(retryAfterMs / 1000));
}
