import { describe, expect, it } from "vitest";
import { TokenBuckets, retryAfterSeconds } from "@/lib/core/rate-limit";

describe("TokenBuckets", () => {
  it("lets a burst through at once, then refuses with the wait until the next token", () => {
    const buckets = new TokenBuckets({ ratePerSecond: 2, burst: 3 });
    expect([1, 2, 3].map(() => buckets.take("a", 0).ok)).toEqual([true, true, true]);
    expect(buckets.take("a", 0)).toEqual({ ok: false, retryAfterMs: 500 });
    expect(buckets.take("a", 250)).toEqual({ ok: false, retryAfterMs: 250 });
    expect(buckets.take("a", 500).ok).toBe(true);
    expect(buckets.take("a", 500).ok).toBe(false);
  });

  it("refills at the rate, never beyond the burst", () => {
    const buckets = new TokenBuckets({ ratePerSecond: 10, burst: 5 });
    for (let i = 0; i < 5; i++) buckets.take("a", 0);
    // An hour idle refills five tokens, not 36,000.
    const taken = Array.from({ length: 8 }, () => buckets.take("a", 3_600_000).ok);
    expect(taken.filter(Boolean)).toHaveLength(5);
  });

  it("sustains exactly the rate under steady pressure", () => {
    const buckets = new TokenBuckets({ ratePerSecond: 50, burst: 1 });
    let allowed = 0;
    for (let ms = 0; ms < 10_000; ms += 1) if (buckets.take("a", ms).ok) allowed += 1;
    expect(allowed).toBe(500);
  });

  it("keeps each key's bucket apart", () => {
    const buckets = new TokenBuckets({ ratePerSecond: 1, burst: 1 });
    expect(buckets.take("a", 0).ok).toBe(true);
    expect(buckets.take("a", 0).ok).toBe(false);
    expect(buckets.take("b", 0).ok).toBe(true);
  });

  it("does not go wrong when the clock steps back", () => {
    const buckets = new TokenBuckets({ ratePerSecond: 1, burst: 1 });
    buckets.take("a", 10_000);
    const result = buckets.take("a", 5_000);
    expect(result.ok).toBe(false);
    expect(result.ok ? 0 : result.retryAfterMs).toBe(1000);
  });

  it("refuses a limit that could never let anything through", () => {
    expect(() => new TokenBuckets({ ratePerSecond: 0, burst: 1 })).toThrow(/rate above 0/);
    expect(() => new TokenBuckets({ ratePerSecond: 1, burst: 0 })).toThrow(/burst of at least 1/);
  });
});

describe("retryAfterSeconds", () => {
  it("rounds up to whole seconds, never below 1", () => {
    expect(retryAfterSeconds(1)).toBe(1);
    expect(retryAfterSeconds(0)).toBe(1);
    expect(retryAfterSeconds(1000)).toBe(1);
    expect(retryAfterSeconds(1001)).toBe(2);
  });
});
