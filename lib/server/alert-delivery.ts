/**
 * Alert delivery: the evaluator hands each alert event to enqueueNotice, which writes one pending row
 * per enabled destination (table `alert_deliveries`) and sends nothing; processDeliveries sends the rows
 * that are due, each attempt with its own timeout, several at once, so a slow or failing destination
 * never holds up another or the evaluation. A failed attempt is retried with exponential backoff until
 * it succeeds, fails permanently or runs out of attempts (lib/core/alert-delivery-retry.ts). The same
 * rows are the delivery log the destinations page shows. sendTest sends a test notice at once.
 *
 * Webhooks and Slack are POSTed with Node's fetch (redirects are not followed); email goes over SMTP
 * with nodemailer. Time comes from the `now` argument only, so tests drive the clock.
 */
import nodemailer from "nodemailer";
import type SMTPTransport from "nodemailer/lib/smtp-transport";
import type { DestinationKind, DestinationSettings, EmailConfig } from "@/lib/core/alert-destinations";
import { DESTINATION_KINDS } from "@/lib/core/alert-destinations";
import {
  type AttemptOutcome,
  type DeliveryPolicy,
  DEFAULT_DELIVERY_POLICY,
  classifyHttpStatus,
  isPermanentSmtpCode,
  nextDeliveryStep,
  parseRetryAfter,
  truncateError,
} from "@/lib/core/alert-delivery-retry";
import { type AlertNotice, type EmailMessage, payloadFor, testNotice } from "@/lib/core/alert-messages";
import { settingsOf } from "@/lib/server/alert-destinations";
import type { Database } from "@/lib/server/db";
import { getEnv } from "@/lib/server/env";

export type { AlertNotice } from "@/lib/core/alert-messages";

export interface DeliveryOptions {
  policy?: DeliveryPolicy;
  /** Sends in flight at once. */
  concurrency?: number;
  /** Most rows one processDeliveries call takes on (the oldest due first); the rest wait for the next call. */
  batchSize?: number;
}

/** How long past its timeout an attempt's row stays claimed, so a crashed process's rows come due again. */
const LEASE_MARGIN_MS = 60_000;
/** How much of a failed answer's body the log keeps. */
const RESPONSE_SNIPPET_BYTES = 300;
const USER_AGENT = "Tally-Alerts/1";

function isKind(kind: string): kind is DestinationKind {
  return (DESTINATION_KINDS as readonly string[]).includes(kind);
}

/** One delivery row per enabled destination (pending); never sends inline. Returns how many rows it wrote. */
export async function enqueueNotice(db: Database, notice: AlertNotice, now: Date): Promise<number> {
  const destinations = await db.prisma.alertDestination.findMany({ where: { enabled: true }, orderBy: { id: "asc" } });
  const rows = destinations
    .filter((destination) => {
      if (isKind(destination.kind)) return true;
      console.error(`Alert delivery: destination ${destination.id} has an unknown kind "${destination.kind}"; skipped.`);
      return false;
    })
    .map((destination) => ({
      alertId: notice.alert.id,
      destinationId: destination.id,
      event: notice.event,
      payload: JSON.stringify(payloadFor(destination.kind as DestinationKind, notice)),
      status: "pending",
      attempts: 0,
      nextAttemptAt: now,
      createdAt: now,
    }));
  if (rows.length === 0) return 0;
  const { count } = await db.prisma.alertDelivery.createMany({ data: rows });
  return count;
}

/**
 * Sends every due delivery (pending, next_attempt_at <= now). A failure schedules a retry with
 * exponential backoff (1, 2, 4, 8, 16 minutes) until the attempts run out, then marks it failed; a
 * permanent failure (an HTTP 4xx other than 408/429, an SMTP 5xx) fails at once. Each send has its own
 * timeout and several run at once, so one failing destination never blocks another. A row is claimed
 * before it is sent, so two processes running this at once do not send it twice.
 */
export async function processDeliveries(db: Database, now: Date, options: DeliveryOptions = {}): Promise<{ sent: number; retried: number; failed: number }> {
  const policy = options.policy ?? DEFAULT_DELIVERY_POLICY;
  const due = await db.prisma.alertDelivery.findMany({
    where: { status: "pending", nextAttemptAt: { lte: now } },
    orderBy: [{ nextAttemptAt: "asc" }, { id: "asc" }],
    take: options.batchSize ?? 200,
    include: { destination: true },
  });
  const counts = { sent: 0, retried: 0, failed: 0 };
  await forEachConcurrently(due, options.concurrency ?? 8, async (row) => {
    try {
      const claimed = await db.prisma.alertDelivery.updateMany({
        where: { id: row.id, status: "pending", nextAttemptAt: { lte: now } },
        data: { nextAttemptAt: new Date(now.getTime() + policy.timeoutMs + LEASE_MARGIN_MS) },
      });
      if (claimed.count === 0) return;
      if (!row.destination.enabled) {
        await db.prisma.alertDelivery.update({
          where: { id: row.id },
          data: { status: "failed", nextAttemptAt: now, lastError: "Not sent: the destination was disabled.", lastStatus: null },
        });
        counts.failed++;
        return;
      }
      const attempts = row.attempts + 1;
      const outcome = await attemptWithSettings(row.destination, row.payload, policy.timeoutMs, now);
      const step = nextDeliveryStep(attempts, outcome, now, policy);
      await db.prisma.alertDelivery.update({
        where: { id: row.id },
        data: {
          status: step.status,
          attempts,
          nextAttemptAt: step.nextAttemptAt,
          sentAt: step.sentAt,
          lastError: errorText(outcome),
          lastStatus: outcome.status,
        },
      });
      counts[step.status === "sent" ? "sent" : step.status === "pending" ? "retried" : "failed"]++;
    } catch (error) {
      // The row stays claimed until its lease ends, then comes due again.
      console.error(`Alert delivery ${row.id} could not be processed:`, error);
    }
  });
  return counts;
}

/** Sends a test notice to one destination right away (enabled or not) and records it in the log; returns the outcome. */
export async function sendTest(
  db: Database,
  destinationId: number,
  now: Date,
  options: { policy?: DeliveryPolicy; publicUrl?: string } = {},
): Promise<{ ok: boolean; detail: string }> {
  const destination = await db.prisma.alertDestination.findUnique({ where: { id: destinationId } });
  if (!destination) return { ok: false, detail: "That destination no longer exists." };
  if (!isKind(destination.kind)) return { ok: false, detail: `Unknown destination kind "${destination.kind}".` };
  const notice = testNotice({ destinationName: destination.name, publicUrl: options.publicUrl ?? getEnv().TALLY_PUBLIC_URL, now });
  const payload = JSON.stringify(payloadFor(destination.kind, notice));
  const outcome = await attemptWithSettings(destination, payload, (options.policy ?? DEFAULT_DELIVERY_POLICY).timeoutMs, now);
  await db.prisma.alertDelivery.create({
    data: {
      alertId: null,
      destinationId,
      event: "test",
      payload,
      status: outcome.ok ? "sent" : "failed",
      attempts: 1,
      nextAttemptAt: now,
      createdAt: now,
      sentAt: outcome.ok ? now : null,
      lastError: errorText(outcome),
      lastStatus: outcome.status,
    },
  });
  return outcome.ok ? { ok: true, detail: outcome.detail } : { ok: false, detail: truncateError(outcome.error) };
}

/** What the log keeps as last_error: the failure, or a delivered message's warning, or nothing. */
function errorText(outcome: AttemptOutcome): string | null {
  if (!outcome.ok) return truncateError(outcome.error);
  return outcome.warning ? truncateError(outcome.warning) : null;
}

async function attemptWithSettings(row: { kind: string; config: string }, payload: string, timeoutMs: number, now: Date): Promise<AttemptOutcome> {
  let settings: DestinationSettings;
  try {
    settings = settingsOf(row);
  } catch (error) {
    return { ok: false, permanent: true, status: null, error: `The destination's settings are not valid: ${error instanceof Error ? error.message : String(error)}` };
  }
  return attempt(settings, payload, timeoutMs, now);
}

/** One try at sending `payload` (JSON text as stored) to a destination. Never throws. */
async function attempt(settings: DestinationSettings, payload: string, timeoutMs: number, now: Date): Promise<AttemptOutcome> {
  if (settings.kind === "email") return sendEmail(settings.config, JSON.parse(payload) as EmailMessage, timeoutMs);
  const headers = settings.kind === "webhook" ? settings.config.headers : [];
  return postJson(settings.config.url, headers, payload, timeoutMs, now);
}

/** POSTs JSON to a webhook; never throws. Shared with the monthly report delivery. */
export async function postJson(url: string, extraHeaders: { name: string; value: string }[], body: string, timeoutMs: number, now: Date): Promise<AttemptOutcome> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const headers = new Headers({ "user-agent": USER_AGENT });
    for (const { name, value } of extraHeaders) headers.set(name, value);
    headers.set("content-type", "application/json");
    const response = await fetch(url, { method: "POST", headers, body, redirect: "manual", signal: controller.signal });
    const snippet = await readSnippet(response);
    const verdict = classifyHttpStatus(response.status);
    if (verdict === "sent") return { ok: true, status: response.status, detail: `HTTP ${response.status}` };
    const said = response.status >= 300 && response.status < 400 ? "redirects are not followed; use the address it redirects to" : snippet;
    return {
      ok: false,
      permanent: verdict === "give_up",
      status: response.status,
      error: `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ""}${said ? `: ${said}` : ""}`,
      retryAfterMs: parseRetryAfter(response.headers.get("retry-after"), now),
    };
  } catch (error) {
    if (controller.signal.aborted) return { ok: false, permanent: false, status: null, error: `No answer within ${timeoutMs / 1000} s.` };
    return { ok: false, permanent: false, status: null, error: describeNetworkError(error) };
  } finally {
    clearTimeout(timer);
  }
}

/** The start of a response's body as one line (enough to show a receiver's error message), never the whole of a large one. */
async function readSnippet(response: Response): Promise<string> {
  if (!response.body) return "";
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < RESPONSE_SNIPPET_BYTES) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  const text = Buffer.concat(chunks).toString("utf8").slice(0, RESPONSE_SNIPPET_BYTES);
  return text.replace(/\s+/g, " ").trim();
}

/** fetch's "fetch failed" names its cause (refused, unknown host, TLS) one level down. */
function describeNetworkError(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
  if (cause?.message) return `Could not connect: ${cause.message}`;
  return error instanceof Error ? error.message : String(error);
}

/** Sends one email over SMTP (attachments optional); never throws. Shared with the monthly report delivery. */
export async function sendEmail(
  config: EmailConfig,
  message: EmailMessage & { attachments?: { filename: string; content: Buffer | string; contentType: string }[] },
  timeoutMs: number,
): Promise<AttemptOutcome> {
  const options: SMTPTransport.Options = {
    host: config.host,
    port: config.port,
    secure: config.security === "tls",
    requireTLS: config.security === "starttls",
    ignoreTLS: config.security === "none",
    auth: config.user ? { user: config.user, pass: config.password ?? "" } : undefined,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
  };
  const transport = nodemailer.createTransport(options);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = Symbol("timeout");
  try {
    const result = await Promise.race([
      transport.sendMail({ from: config.from, to: config.to, subject: message.subject, text: message.text, html: message.html, attachments: message.attachments }),
      new Promise<typeof timedOut>((resolve) => {
        timer = setTimeout(() => resolve(timedOut), timeoutMs);
      }),
    ]);
    if (result === timedOut) return { ok: false, permanent: false, status: null, error: `No answer from ${config.host}:${config.port} within ${timeoutMs / 1000} s.` };
    const code = Number.parseInt(result.response, 10);
    const refused = (result.rejected as unknown[]).map((address) => (typeof address === "string" ? address : (address as { address: string }).address));
    return {
      ok: true,
      status: Number.isNaN(code) ? null : code,
      detail: `${result.response.trim()}${refused.length ? ` (refused: ${refused.join(", ")})` : ""}`,
      warning: refused.length ? `Refused by the server: ${refused.join(", ")}` : undefined,
    };
  } catch (error) {
    const e = error as { responseCode?: number; code?: string; message?: string };
    // A reply code decides (4xx: try later, 5xx: refused); without one, a bad login or envelope will not fix itself.
    const permanent = typeof e.responseCode === "number" ? isPermanentSmtpCode(e.responseCode) : e.code === "EENVELOPE" || e.code === "EAUTH";
    return { ok: false, permanent, status: e.responseCode ?? null, error: `SMTP: ${e.message ?? String(error)}` };
  } finally {
    clearTimeout(timer);
    transport.close();
  }
}

/** Runs `work` on every item, at most `limit` at a time. */
async function forEachConcurrently<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await work(items[next++]);
  });
  await Promise.all(lanes);
}
