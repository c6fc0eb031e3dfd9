/**
 * The SDK wrapper's outbox: usage records are queued in memory and sent to Tally's POST /api/v1/usage
 * in batches, in the background. It never throws into the app and never makes a call wait:
 *
 * - bounded: at most `maxQueue` records wait (plus one batch in flight); when full, the oldest are
 *   dropped and counted;
 * - batched: a batch goes when `batchSize` records are waiting, or `flushIntervalMs` after the first;
 * - retried: network errors, timeouts, 408, 429 and 5xx are retried with exponential backoff and jitter
 *   (a Retry-After is honoured); other 4xx answers drop the batch, counted, since sending it again
 *   cannot succeed (a 413 is split in two first);
 * - flushed on exit: when the event loop empties (`beforeExit`) and on SIGTERM / SIGINT, within
 *   `exitTimeoutMs`; `flush()` and `shutdown()` do it on demand (serverless handlers, explicit exits).
 *
 * Timers are unref'd, so a queued record never keeps a process alive on its own.
 */
import type { MessageUsageRecord } from "../core/message-usage.js";
import { parseUsageRecord } from "../core/usage-record.js";

export interface RecorderOptions {
  /** Tally's base URL, e.g. "https://tally.example.com". */
  endpoint: string;
  /** An ingest key (`tly_...`). */
  apiKey: string;
  /** Records per request (1 to 1000). */
  batchSize?: number;
  /** Longest a record waits before its batch is sent, ms. */
  flushIntervalMs?: number;
  /** Most records kept waiting; beyond it the oldest are dropped. */
  maxQueue?: number;
  /** One request's time limit, ms. */
  requestTimeoutMs?: number;
  /** Longest wait between retries, ms. */
  maxBackoffMs?: number;
  /** Flush on beforeExit / SIGTERM / SIGINT. */
  flushOnExit?: boolean;
  /** How long an exit may wait for the last batches, ms. */
  exitTimeoutMs?: number;
  /** Told about every failure (a batch that will be retried, one dropped, a record refused). */
  onError?: (error: TallyError) => void;
  /** The fetch used to reach Tally (never the Anthropic client's). */
  fetch?: typeof fetch;
}

export interface TallyError {
  kind: "send_failed" | "batch_dropped" | "records_rejected" | "records_dropped" | "internal";
  message: string;
  /** How many records it concerns. */
  records: number;
}

/** Counters since the recorder was made. recorded = sent + failed + dropped + invalid + queued. */
export interface TallyStats {
  /** Records captured from responses. */
  recorded: number;
  /** Records Tally answered for (accepted, duplicates and rejected together). */
  sent: number;
  accepted: number;
  duplicates: number;
  /** Sent but refused by Tally's validation. */
  rejected: number;
  /** Refused locally by the record schema before sending. */
  invalid: number;
  /** Dropped because the queue was full (the oldest first). */
  dropped: number;
  /** Given up on: a batch Tally refused outright, or still unsent when an exit's time ran out. */
  failed: number;
  /** Waiting or in flight now. */
  queued: number;
  /** Batches sent again after a failure. */
  retries: number;
  lastError: string | null;
}

const RETRYABLE = new Set([408, 429, 500, 502, 503, 504, 529]);
const FIRST_BACKOFF_MS = 500;

class SendError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly status: number | null,
    readonly retryAfterMs: number | null = null,
  ) {
    super(message);
  }
}

function retryAfterMs(header: string | null): number | null {
  if (!header) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, at - Date.now());
}

const live = new Set<Recorder>();

export class Recorder {
  private readonly url: string;
  private readonly options: Required<Omit<RecorderOptions, "onError" | "fetch">> & Pick<RecorderOptions, "onError" | "fetch">;
  private queue: MessageUsageRecord[] = [];
  private inFlight = 0;
  private readonly counters = { recorded: 0, sent: 0, accepted: 0, duplicates: 0, rejected: 0, invalid: 0, dropped: 0, failed: 0, retries: 0 };
  private lastError: string | null = null;
  private pumping: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  private backoffMs = 0;
  /** Set while flush() or an exit waits: send what is queued now, without the batching delay. */
  private deadline: number | null = null;
  private closed = false;
  private readonly exitHandlers: [NodeJS.Signals | "beforeExit", (...args: unknown[]) => void][] = [];
  private lastWarned = new Map<string, number>();

  constructor(options: RecorderOptions) {
    const endpoint = options.endpoint.replace(/\/+$/, "");
    this.url = `${endpoint}/api/v1/usage`;
    this.options = {
      batchSize: 200,
      flushIntervalMs: 1000,
      maxQueue: 10_000,
      requestTimeoutMs: 10_000,
      maxBackoffMs: 60_000,
      flushOnExit: true,
      exitTimeoutMs: 2000,
      ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)),
    } as Recorder["options"];
    if (this.options.flushOnExit) this.watchExit();
    live.add(this);
  }

  /** Queues a record; returns at once. */
  add(record: MessageUsageRecord): void {
    if (this.closed) return;
    this.counters.recorded += 1;
    this.queue.push(record);
    const over = this.queue.length - this.options.maxQueue;
    if (over > 0) {
      this.queue.splice(0, over);
      this.counters.dropped += over;
      this.report({ kind: "records_dropped", message: `the queue is full (${this.options.maxQueue} records): dropped the oldest`, records: over });
    }
    this.start();
    if (this.queue.length >= this.options.batchSize && this.backoffMs === 0) this.wake?.();
  }

  /** Something went wrong while watching a call (never the call itself): kept as the last error. */
  internalError(error: unknown): void {
    this.report({ kind: "internal", message: `could not record a call: ${error instanceof Error ? error.message : String(error)}`, records: 0 });
  }

  stats(): TallyStats {
    return { ...this.counters, queued: this.queue.length + this.inFlight, lastError: this.lastError };
  }

  /**
   * Sends everything queued now, waiting at most `timeoutMs`; resolves (never rejects) with the stats.
   * What is still unsent when the time is up stays queued (and is retried later).
   */
  async flush(timeoutMs = 5000): Promise<TallyStats> {
    if (this.queue.length + this.inFlight > 0) {
      const deadline = Date.now() + timeoutMs;
      this.deadline = Math.max(this.deadline ?? 0, deadline);
      this.start();
      this.wake?.();
      // A flush is awaited on purpose (often just before an exit), so its timer holds the process open.
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([this.idle(), new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
      clearTimeout(timer);
      if (this.deadline === deadline) this.deadline = null;
      if (this.queue.length && !this.closed) this.start();
    }
    return this.stats();
  }

  /** Flushes, then stops: later records are ignored and the exit hooks are removed. */
  async shutdown(timeoutMs = 5000): Promise<TallyStats> {
    await this.flush(timeoutMs);
    this.close();
    return this.stats();
  }

  private close() {
    this.closed = true;
    live.delete(this);
    for (const [event, handler] of this.exitHandlers) process.off(event, handler);
    this.exitHandlers.length = 0;
    const unsent = this.queue.length;
    if (unsent) {
      this.counters.failed += unsent;
      this.queue = [];
      this.report({ kind: "batch_dropped", message: `${unsent} records were still unsent when the recorder shut down`, records: unsent });
    }
    this.wake?.();
  }

  private async idle(): Promise<void> {
    while (this.pumping) await this.pumping;
  }

  private start() {
    if (this.pumping || this.closed) return;
    this.pumping = this.pump()
      .catch((error) => this.report({ kind: "internal", message: String(error), records: 0 }))
      .finally(() => {
        this.pumping = null;
        if (this.queue.length && !this.closed && this.deadline === null) this.start();
      });
  }

  /** Time left before a flush's deadline; unlimited when no flush is waiting. */
  private remainingMs() {
    return this.deadline === null ? Infinity : this.deadline - Date.now();
  }

  private async pump(): Promise<void> {
    while (this.queue.length && !this.closed) {
      if (this.remainingMs() <= 0) return;
      if (this.backoffMs > 0) {
        await this.wait(Math.min(this.backoffMs, this.remainingMs()));
      } else if (this.queue.length < this.options.batchSize && this.deadline === null) {
        await this.wait(this.options.flushIntervalMs);
      }
      if (this.remainingMs() <= 0 || !this.queue.length || this.closed) return;
      const batch = this.queue.splice(0, this.options.batchSize);
      this.inFlight = batch.length;
      try {
        await this.sendChecked(batch);
        this.backoffMs = 0;
      } catch (error) {
        const e = error instanceof SendError ? error : new SendError(String(error), true, null);
        this.lastError = e.message;
        if (e.retryable) {
          this.queue.unshift(...batch);
          const over = this.queue.length - this.options.maxQueue;
          if (over > 0) {
            this.queue.splice(0, over);
            this.counters.dropped += over;
          }
          this.counters.retries += 1;
          const next = Math.min(this.options.maxBackoffMs, Math.max(FIRST_BACKOFF_MS, this.backoffMs * 2));
          this.backoffMs = Math.min(this.options.maxBackoffMs, e.retryAfterMs ?? next * (0.5 + Math.random() / 2));
          this.report({ kind: "send_failed", message: `${e.message}; retrying in ${Math.round(this.backoffMs)} ms`, records: batch.length });
        } else {
          this.counters.failed += batch.length;
          this.report({ kind: "batch_dropped", message: `${e.message}; dropped the batch`, records: batch.length });
        }
      } finally {
        this.inFlight = 0;
      }
    }
  }

  /** Waits `ms` (unref'd), or until woken by a full batch, a flush or a shutdown. */
  private wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      timer.unref?.();
      const self = this;
      function done() {
        clearTimeout(timer);
        if (self.wake === done) self.wake = null;
        resolve();
      }
      this.wake = done;
    });
  }

  /** Validates with the record schema (refusing locally what Tally would refuse), then sends; 413 splits. */
  private async sendChecked(batch: MessageUsageRecord[]): Promise<void> {
    const nowMs = Date.now();
    const valid = batch.filter((record) => {
      const parsed = parseUsageRecord(record, { nowMs });
      if (parsed.ok) return true;
      this.counters.invalid += 1;
      this.report({ kind: "records_rejected", message: `record ${record.id}: ${parsed.errors.join("; ")}`, records: 1 });
      return false;
    });
    if (valid.length) await this.send(valid);
  }

  private async send(batch: MessageUsageRecord[]): Promise<void> {
    const fetcher = this.options.fetch ?? globalThis.fetch;
    let response: Response;
    try {
      response = await fetcher(this.url, {
        method: "POST",
        headers: { authorization: `Bearer ${this.options.apiKey}`, "content-type": "application/json", "user-agent": "tally-sdk" },
        body: JSON.stringify(batch),
        signal: AbortSignal.timeout(this.options.requestTimeoutMs),
      });
    } catch (error) {
      const cause = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
      throw new SendError(`could not reach Tally at ${this.url}: ${cause}`, true, null);
    }
    if (response.status === 413 && batch.length > 1) {
      await response.body?.cancel();
      const half = Math.ceil(batch.length / 2);
      await this.send(batch.slice(0, half));
      await this.send(batch.slice(half));
      return;
    }
    if (!response.ok) {
      const text = await response.text().catch(() => "");
      let message = text.slice(0, 300);
      try {
        message = (JSON.parse(text) as { error?: { message?: string } }).error?.message ?? message;
      } catch {
        // not JSON: keep the text
      }
      throw new SendError(`Tally answered ${response.status}${message ? `: ${message}` : ""}`, RETRYABLE.has(response.status), response.status, retryAfterMs(response.headers.get("retry-after")));
    }
    const result = (await response.json().catch(() => ({}))) as { accepted?: number; duplicates?: number; rejected?: { id?: string; errors?: string[] }[] };
    this.counters.sent += batch.length;
    this.counters.accepted += result.accepted ?? 0;
    this.counters.duplicates += result.duplicates ?? 0;
    const rejected = result.rejected ?? [];
    this.counters.rejected += rejected.length;
    if (rejected.length) {
      this.report({ kind: "records_rejected", message: `Tally refused record ${rejected[0].id ?? "?"}: ${(rejected[0].errors ?? []).join("; ")}`, records: rejected.length });
    }
  }

  private report(error: TallyError) {
    this.lastError = error.message;
    try {
      if (this.options.onError) {
        this.options.onError(error);
        return;
      }
      // No handler: a warning per kind of failure at most once a minute, never a stack trace.
      const last = this.lastWarned.get(error.kind) ?? 0;
      if (Date.now() - last < 60_000) return;
      this.lastWarned.set(error.kind, Date.now());
      console.warn(`[tally] ${error.message}`);
    } catch {
      // an onError that throws must not reach the app
    }
  }

  private watchExit() {
    const beforeExit = () => {
      if (this.queue.length + this.inFlight === 0 || this.deadline !== null) return;
      void this.flush(this.options.exitTimeoutMs).then(() => {
        // Whatever the time did not allow is given up: a second beforeExit must not start again.
        if (this.queue.length) this.close();
      });
    };
    const onSignal = (signal: NodeJS.Signals) => {
      void this.flush(this.options.exitTimeoutMs).then(() => {
        this.close();
        // Re-raise only when nobody else listens: then the default (ending the process) was ours to delay.
        if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
      });
    };
    this.exitHandlers.push(["beforeExit", beforeExit]);
    process.on("beforeExit", beforeExit);
    for (const signal of ["SIGTERM", "SIGINT"] as const) {
      const handler = () => onSignal(signal);
      this.exitHandlers.push([signal, handler]);
      process.once(signal, handler);
    }
  }
}

/** Flushes every live recorder (for an app that is about to exit on its own terms). */
export async function flushAll(timeoutMs = 5000): Promise<void> {
  await Promise.all([...live].map((r) => r.flush(timeoutMs)));
}
