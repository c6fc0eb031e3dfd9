/**
 * Log-linear histogram buckets for non-negative integers (pico-USD per call, tokens per call), in the
 * manner of HdrHistogram: each power of two is split into SUB_BUCKETS equal parts, so a bucket is at most
 * 1/16 (6.25%) of its lower bound wide and a percentile read from buckets is within about 3% of the
 * exact one. Computed with integer arithmetic only, so a value maps to the same bucket on every machine
 * (the summary is incremented at ingest and decremented on delete or re-price; both must agree).
 */

const SUB_BUCKETS = 16n;
const SUB_BITS = 4;

/** Bucket 0 holds zero; bucket b >= 1 holds [lowerBound(b), lowerBound(b + 1)). */
export function bucketOf(value: bigint | number): number {
  const v = BigInt(value);
  if (v < 0n) throw new RangeError(`bucketOf: negative value ${v}`);
  if (v === 0n) return 0;
  const exponent = v.toString(2).length - 1;
  const base = 1n << BigInt(exponent);
  // Values below 16 get one bucket per integer at most; shifting keeps the arithmetic exact.
  const sub = exponent >= SUB_BITS ? (v - base) >> BigInt(exponent - SUB_BITS) : ((v - base) * SUB_BUCKETS) >> BigInt(exponent);
  return 1 + exponent * Number(SUB_BUCKETS) + Number(sub);
}

/** Smallest value in bucket `b` (may be shared by several small buckets below 16). */
export function lowerBound(bucket: number): bigint {
  if (bucket <= 0) return 0n;
  const exponent = Math.floor((bucket - 1) / Number(SUB_BUCKETS));
  const sub = BigInt((bucket - 1) % Number(SUB_BUCKETS));
  const base = 1n << BigInt(exponent);
  if (exponent >= SUB_BITS) return base + (sub << BigInt(exponent - SUB_BITS));
  // Ceiling division: the first integer whose sub-bucket is `sub`.
  return base + (sub * base + SUB_BUCKETS - 1n) / SUB_BUCKETS;
}

export interface BucketCount {
  bucket: number;
  calls: number;
}

export interface PercentileEstimate {
  /** The bucket's midpoint (the estimate shown). */
  value: number;
  /** The bucket's bounds: the exact percentile lies in [low, high). */
  low: number;
  high: number;
}

/**
 * The p-th percentile (0 < p <= 1, nearest-rank) of the values counted in `buckets`; null when empty.
 * Values are returned as numbers (pico-USD per call stays well inside 2^53 for any real call).
 */
export function percentile(buckets: readonly BucketCount[], p: number): PercentileEstimate | null {
  const sorted = [...buckets].filter((b) => b.calls > 0).sort((a, b) => a.bucket - b.bucket);
  const total = sorted.reduce((sum, b) => sum + b.calls, 0);
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil(p * total));
  let seen = 0;
  for (const b of sorted) {
    seen += b.calls;
    if (seen >= rank) {
      const low = Number(lowerBound(b.bucket));
      const high = b.bucket === 0 ? 0 : Number(lowerBound(b.bucket + 1));
      return { value: b.bucket === 0 ? 0 : (low + high - 1) / 2, low, high: b.bucket === 0 ? 1 : high };
    }
  }
  return null;
}
