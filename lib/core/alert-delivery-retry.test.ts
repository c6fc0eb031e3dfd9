import { describe, expect, it } from "vitest";
import {
  DEFAULT_DELIVERY_POLICY,
  type AttemptOutcome,
  classifyHttpStatus,
  formatDelay,
  isPermanentSmtpCode,
  nextDeliveryStep,
  parseRetryAfter,
  retryDelayMs,
  retrySchedule,
  truncateError,
} from "@/lib/core/alert-delivery-retry";

const MIN = 60_000;
const now = new Date("2026-11-23T10:00:00Z");
const at = (ms: number) => new Date(now.getTime() + ms);
const failure = (extra: Partial<Extract<AttemptOutcome, { ok: false }>> = {}): AttemptOutcome => ({ ok: false, permanent: false, status: 500, error: "HTTP 500", ...extra });

describe("backoff", () => {
  it("waits 1, 2, 4, 8 and 16 minutes between six attempts", () => {
    expect(retrySchedule().map(formatDelay)).toEqual(["1 min", "2 min", "4 min", "8 min", "16 min"]);
    expect(DEFAULT_DELIVERY_POLICY.maxAttempts).toBe(6);
  });

  it("doubles up to the cap and never beyond", () => {
    expect([1, 2, 3, 7, 8, 50].map((n) => retryDelayMs(n))).toEqual([MIN, 2 * MIN, 4 * MIN, 60 * MIN, 60 * MIN, 60 * MIN]);
    expect(retrySchedule({ ...DEFAULT_DELIVERY_POLICY, maxAttempts: 9, maxDelayMs: 30 * MIN }).map(formatDelay)).toEqual(["1 min", "2 min", "4 min", "8 min", "16 min", "30 min", "30 min", "30 min"]);
  });
});

describe("what an answer means", () => {
  it("sends on 2xx, retries 408, 429 and 5xx, gives up on redirects and other 4xx", () => {
    expect([200, 201, 204, 299].map(classifyHttpStatus)).toEqual(["sent", "sent", "sent", "sent"]);
    expect([408, 429, 500, 502, 503, 504].map(classifyHttpStatus)).toEqual(Array(6).fill("retry"));
    expect([301, 302, 400, 401, 403, 404, 410, 413].map(classifyHttpStatus)).toEqual(Array(8).fill("give_up"));
  });

  it("treats SMTP 5xx as permanent and 4xx as passing", () => {
    expect([550, 553, 535].map(isPermanentSmtpCode)).toEqual([true, true, true]);
    expect([421, 450, 451, null, undefined].map(isPermanentSmtpCode)).toEqual([false, false, false, false, false]);
  });

  it("reads Retry-After in seconds or as a date, against the given clock", () => {
    expect(parseRetryAfter("120", now)).toBe(120_000);
    expect(parseRetryAfter("Mon, 23 Nov 2026 10:05:00 GMT", now)).toBe(5 * MIN);
    expect(parseRetryAfter("Mon, 23 Nov 2026 09:00:00 GMT", now)).toBe(0);
    expect(parseRetryAfter("soon", now)).toBeNull();
    expect(parseRetryAfter(null, now)).toBeNull();
  });
});

describe("the next step of a delivery", () => {
  it("is sent on success", () => {
    expect(nextDeliveryStep(3, { ok: true, status: 200, detail: "HTTP 200" }, now)).toEqual({ status: "sent", nextAttemptAt: now, sentAt: now });
  });

  it("is another attempt after the backoff, until the sixth failure", () => {
    const schedule = [1, 2, 3, 4, 5].map((n) => nextDeliveryStep(n, failure(), now));
    expect(schedule.map((s) => s.status)).toEqual(Array(5).fill("pending"));
    expect(schedule.map((s) => s.nextAttemptAt.getTime() - now.getTime())).toEqual([MIN, 2 * MIN, 4 * MIN, 8 * MIN, 16 * MIN]);
    expect(nextDeliveryStep(6, failure(), now)).toEqual({ status: "failed", nextAttemptAt: now, sentAt: null });
  });

  it("gives up at once on a permanent failure", () => {
    expect(nextDeliveryStep(1, failure({ permanent: true, status: 404 }), now).status).toBe("failed");
  });

  it("waits longer when the receiver's Retry-After asks for it, but not past the cap", () => {
    expect(nextDeliveryStep(1, failure({ status: 429, retryAfterMs: 5 * MIN }), now).nextAttemptAt).toEqual(at(5 * MIN));
    expect(nextDeliveryStep(3, failure({ status: 429, retryAfterMs: 1000 }), now).nextAttemptAt).toEqual(at(4 * MIN));
    expect(nextDeliveryStep(1, failure({ status: 503, retryAfterMs: 24 * 60 * MIN }), now).nextAttemptAt).toEqual(at(60 * MIN));
  });
});

describe("stored error text", () => {
  it("is one line and at most 500 characters", () => {
    expect(truncateError("HTTP 500:\n  upstream\tdown ")).toBe("HTTP 500: upstream down");
    const long = truncateError("x".repeat(2000));
    expect(long.length).toBe(500);
    expect(long.endsWith("…")).toBe(true);
  });
});
