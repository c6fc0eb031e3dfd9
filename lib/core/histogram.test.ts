import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { bucketOf, lowerBound, percentile } from "@/lib/core/histogram";

describe("histogram buckets", () => {
  it("puts every value between its bucket's bounds, and buckets are never wider than 1/16 above 16", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 16n }), (v) => {
        const b = bucketOf(v);
        expect(lowerBound(b) <= v).toBe(true);
        expect(v < lowerBound(b + 1)).toBe(true);
        if (v >= 16n) expect((lowerBound(b + 1) - lowerBound(b)) * 16n <= lowerBound(b)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it("is monotonic", () => {
    const values = [0n, 1n, 2n, 3n, 15n, 16n, 17n, 31n, 32n, 1000n, 1023n, 1024n, 4_200_000_000n];
    const buckets = values.map(bucketOf);
    for (let i = 1; i < buckets.length; i++) expect(buckets[i]).toBeGreaterThanOrEqual(buckets[i - 1]);
    expect(bucketOf(0)).toBe(0);
    expect(bucketOf(1)).toBe(1);
  });

  it("reads percentiles within 4% of the exact nearest-rank value", () => {
    const values = Array.from({ length: 1000 }, (_, i) => 1000 + i * 37);
    const counts = new Map<number, number>();
    for (const v of values) counts.set(bucketOf(v), (counts.get(bucketOf(v)) ?? 0) + 1);
    const buckets = [...counts].map(([bucket, calls]) => ({ bucket, calls }));
    const p50 = percentile(buckets, 0.5)!;
    const p95 = percentile(buckets, 0.95)!;
    expect(p50.low <= values[499] && values[499] < p50.high).toBe(true);
    expect(p95.low <= values[949] && values[949] < p95.high).toBe(true);
    expect(Math.abs(p50.value - values[499]) / values[499]).toBeLessThan(0.04);
    expect(Math.abs(p95.value - values[949]) / values[949]).toBeLessThan(0.04);
    expect(percentile([], 0.5)).toBeNull();
  });
});
