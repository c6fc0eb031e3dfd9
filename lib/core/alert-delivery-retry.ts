/**
 * When a delivery is retried and when it is given up: the backoff schedule, what an HTTP status or an
 * SMTP reply means for the next attempt, and the step a delivery row takes after an attempt. Time is
 * always passed in (the engine's `now`), never read here.
 */

export interface DeliveryPolicy {
  /** Attempts in all, the first included; after the last failure the delivery is "failed". */
  maxAttempts: number;
  /** Wait after the first failure; each later failure doubles it. */
  baseDelayMs: number;
  /** No wait is longer than this, a Retry-After included. */
  maxDelayMs: number;
  /** One attempt (connect, send, read the answer) is abandoned after this. */
  timeoutMs: number;
}

/** 6 attempts: at 0, then 1, 2, 4, 8 and 16 minutes after the one before (31 minutes in all). */
export const DEFAULT_DELIVERY_POLICY: DeliveryPolicy = {
  maxAttempts: 6,
  baseDelayMs: 60_000,
  maxDelayMs: 60 * 60_000,
  timeoutMs: 10_000,
};

/** The longest error text kept on a delivery row. */
export const MAX_ERROR_LENGTH = 500;

/** The outcome of one attempt. `permanent`: trying again cannot help (a 4xx, a rejected sender). */
export type AttemptOutcome =
  | { ok: true; status: number | null; detail: string; /** Delivered, but with something to note (recipients refused). */ warning?: string }
  | { ok: false; permanent: boolean; status: number | null; error: string; retryAfterMs?: number | null };

/** What happens to the row after an attempt. */
export type DeliveryStep =
  | { status: "sent"; nextAttemptAt: Date; sentAt: Date }
  | { status: "pending"; nextAttemptAt: Date; sentAt: null }
  | { status: "failed"; nextAttemptAt: Date; sentAt: null };

/** The wait after `failedAttempts` failures in a row (1 → base, 2 → 2 × base, ...), capped. */
export function retryDelayMs(failedAttempts: number, policy: DeliveryPolicy = DEFAULT_DELIVERY_POLICY): number {
  const exponent = Math.max(0, failedAttempts - 1);
  return Math.min(policy.baseDelayMs * 2 ** Math.min(exponent, 30), policy.maxDelayMs);
}

/** The waits between the attempts a delivery can get, in milliseconds (maxAttempts - 1 of them). */
export function retrySchedule(policy: DeliveryPolicy = DEFAULT_DELIVERY_POLICY): number[] {
  return Array.from({ length: policy.maxAttempts - 1 }, (_, i) => retryDelayMs(i + 1, policy));
}

/**
 * An HTTP answer: 2xx delivered; 408 (timeout), 429 (rate limited) and 5xx worth another try; any other
 * status (3xx redirects, which are not followed, and 4xx such as a revoked webhook's 404 or 403) will
 * not change by itself, so the delivery gives up at once and the log says why.
 */
export function classifyHttpStatus(status: number): "sent" | "retry" | "give_up" {
  if (status >= 200 && status < 300) return "sent";
  if (status === 408 || status === 429 || status >= 500) return "retry";
  return "give_up";
}

/** An SMTP reply code: 5xx is a permanent refusal (bad recipient, bad login), anything else may pass later. */
export function isPermanentSmtpCode(code: number | null | undefined): boolean {
  return typeof code === "number" && code >= 500 && code < 600;
}

/** A Retry-After header (seconds, or an HTTP date) as a wait from `now` in milliseconds; null when absent or unreadable. */
export function parseRetryAfter(header: string | null | undefined, now: Date): number | null {
  if (!header) return null;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? null : Math.max(0, at - now.getTime());
}

/**
 * The row's next state after attempt number `attempts` (1-based, this one included) ended with
 * `outcome` at `now`: sent; pending again after the backoff (or a longer Retry-After, both capped);
 * or failed, when the failure is permanent or that was the last attempt.
 */
export function nextDeliveryStep(attempts: number, outcome: AttemptOutcome, now: Date, policy: DeliveryPolicy = DEFAULT_DELIVERY_POLICY): DeliveryStep {
  if (outcome.ok) return { status: "sent", nextAttemptAt: now, sentAt: now };
  if (outcome.permanent || attempts >= policy.maxAttempts) return { status: "failed", nextAttemptAt: now, sentAt: null };
  const wait = Math.min(Math.max(retryDelayMs(attempts, policy), outcome.retryAfterMs ?? 0), policy.maxDelayMs);
  return { status: "pending", nextAttemptAt: new Date(now.getTime() + wait), sentAt: null };
}

/** Error text as stored: one line, at most MAX_ERROR_LENGTH characters. */
export function truncateError(text: string, max = MAX_ERROR_LENGTH): string {
  const line = text.replace(/\s+/g, " ").trim();
  return line.length <= max ? line : `${line.slice(0, max - 1)}…`;
}

/** "1 min", "2 min", "1 h": a wait as the page and README describe it. */
export function formatDelay(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000} h`;
  if (ms % 60_000 === 0) return `${ms / 60_000} min`;
  return `${Math.round(ms / 1000)} s`;
}
