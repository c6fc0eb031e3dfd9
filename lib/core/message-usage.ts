/**
 * Usage records from Messages API traffic as it goes by: a whole JSON response, a server-sent-event
 * stream, or the JSONL results of a Message Batch. Shared by the SDK wrapper (lib/sdk) and the proxy
 * (lib/server/proxy) so both record exactly the same thing for the same call.
 *
 * Streams follow Anthropic's rules: `message_start` carries the input side (input, cache writes, cache
 * reads) and a provisional output count; every `message_delta`'s `usage` is cumulative, so its counts
 * replace what was seen, never add to it. A stream that ends without `message_stop` (aborted by the
 * client, cut off, or ended by an `error` event) is still recorded, with the last counts seen, and
 * marked incomplete.
 */

/** The record shape POST /api/v1/usage takes, in Anthropic's own field names. */
export interface MessageUsageRecord {
  id: string;
  /** ISO 8601, UTC. */
  timestamp: string;
  model: string;
  stop_reason?: string;
  latency_ms?: number;
  service_tier?: string;
  /** The stream ended before `message_stop`: the counts are the last ones seen. */
  incomplete?: true;
  feature?: string;
  project?: string;
  user?: string;
  tags?: string[];
  usage: Record<string, unknown>;
}

/** Who a call is for, from options or per-call `x-tally-*` headers. */
export interface CallAttribution {
  feature?: string;
  project?: string;
  user?: string;
  tags?: string[];
}

export interface CallTiming {
  /** When the request was sent, epoch milliseconds. */
  startedAtMs: number;
  /** From sending the request to the end of the response body. */
  latencyMs: number;
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value);
const text = (value: unknown): string | undefined => (typeof value === "string" && value !== "" ? value : undefined);

// ---------------------------------------------------------------------------------------------------
// Per-call attribution headers

/** Headers that attribute one call; the SDK wrapper and the proxy read them and never forward them. */
export const TALLY_HEADERS = {
  feature: "x-tally-feature",
  project: "x-tally-project",
  user: "x-tally-user",
  tags: "x-tally-tags",
} as const;

/** `{ "x-tally-feature": "summarize", ... }` for an attribution; tags comma-separated. */
export function attributionHeaders(attribution: CallAttribution): Record<string, string> {
  const headers: Record<string, string> = {};
  if (attribution.feature) headers[TALLY_HEADERS.feature] = attribution.feature;
  if (attribution.project) headers[TALLY_HEADERS.project] = attribution.project;
  if (attribution.user) headers[TALLY_HEADERS.user] = attribution.user;
  if (attribution.tags?.length) headers[TALLY_HEADERS.tags] = attribution.tags.join(",");
  return headers;
}

/**
 * Reads and removes every `x-tally-*` header, so the API upstream never sees them. Header values are
 * ASCII; a percent-encoded value (for names outside ASCII) is decoded.
 */
export function takeAttributionHeaders(headers: Headers): CallAttribution {
  const decode = (raw: string) => {
    try {
      return decodeURIComponent(raw.trim());
    } catch {
      return raw.trim();
    }
  };
  const value = (name: string) => {
    const raw = headers.get(name);
    return raw === null || raw.trim() === "" ? undefined : decode(raw);
  };
  const out: CallAttribution = {};
  const feature = value(TALLY_HEADERS.feature);
  const project = value(TALLY_HEADERS.project);
  const user = value(TALLY_HEADERS.user);
  const tags = headers.get(TALLY_HEADERS.tags);
  if (feature) out.feature = feature;
  if (project) out.project = project;
  if (user) out.user = user;
  // Split before decoding: a tag may hold an encoded comma.
  if (tags) out.tags = tags.split(",").map(decode).filter(Boolean);
  const names: string[] = [];
  headers.forEach((_, name) => {
    if (name.toLowerCase().startsWith("x-tally-")) names.push(name);
  });
  for (const name of names) headers.delete(name);
  return out;
}

/** Per-call attribution over the defaults: a per-call value wins, tags are joined. */
export function mergeAttribution(defaults: CallAttribution, call: CallAttribution): CallAttribution {
  const tags = [...(defaults.tags ?? []), ...(call.tags ?? [])];
  return {
    feature: call.feature ?? defaults.feature,
    project: call.project ?? defaults.project,
    user: call.user ?? defaults.user,
    ...(tags.length ? { tags: [...new Set(tags)] } : {}),
  };
}

// ---------------------------------------------------------------------------------------------------
// Which responses carry usage

export type UsageResponseKind = "message" | "batch_results";

/**
 * What a request path answers with: `message` for `POST /v1/messages` (also `?beta=true`), `batch_results`
 * for `GET /v1/messages/batches/<id>/results`; null for everything else (count_tokens, models, ...).
 */
export function usageResponseKind(method: string, path: string): UsageResponseKind | null {
  const pathname = path.split("?")[0].replace(/\/+$/, "");
  const upper = method.toUpperCase();
  if (upper === "POST" && /(^|\/)v1\/messages$/.test(pathname)) return "message";
  if (upper === "GET" && /(^|\/)v1\/messages\/batches\/[^/]+\/results$/.test(pathname)) return "batch_results";
  return null;
}

// ---------------------------------------------------------------------------------------------------
// Records

function compact(record: MessageUsageRecord): MessageUsageRecord {
  for (const key of Object.keys(record) as (keyof MessageUsageRecord)[]) {
    if (record[key] === undefined) delete record[key];
  }
  return record;
}

function attributed(attribution: CallAttribution): Partial<MessageUsageRecord> {
  return {
    feature: attribution.feature,
    project: attribution.project,
    user: attribution.user,
    tags: attribution.tags?.length ? attribution.tags : undefined,
  };
}

/**
 * The record of one complete Messages API response (a `message` object with `id`, `model`, `usage`);
 * null when the body is not one (an error body, or something else entirely).
 */
export function recordFromMessage(message: unknown, attribution: CallAttribution, timing: CallTiming): MessageUsageRecord | null {
  if (!isObject(message) || message.type === "error") return null;
  const id = text(message.id);
  const model = text(message.model);
  if (!id || !model || !isObject(message.usage)) return null;
  return compact({
    id,
    timestamp: new Date(timing.startedAtMs).toISOString(),
    model,
    stop_reason: text(message.stop_reason),
    latency_ms: Math.max(0, Math.round(timing.latencyMs)),
    ...attributed(attribution),
    usage: { ...message.usage },
  });
}

/**
 * The record of one line of a Message Batch's results (`{ custom_id, result: { type: "succeeded", message } }`);
 * null for errored, canceled and expired requests, which are not billed. Batch calls are billed at batch
 * prices, so the tier is `batch` whatever the line says. Results carry no time of their own: the time is
 * when they were fetched.
 */
export function recordFromBatchResult(line: unknown, attribution: CallAttribution, fetchedAtMs: number): MessageUsageRecord | null {
  if (!isObject(line) || !isObject(line.result) || line.result.type !== "succeeded") return null;
  const record = recordFromMessage(line.result.message, attribution, { startedAtMs: fetchedAtMs, latencyMs: 0 });
  if (!record) return null;
  delete record.latency_ms;
  record.service_tier = "batch";
  record.usage = { ...record.usage, service_tier: "batch" };
  return record;
}

/**
 * Assembles one streamed call from its events. Feed every event (`type` and parsed `data`) in order;
 * `record()` gives the call as far as it went, or null when no `message_start` arrived (nothing to bill
 * was seen).
 */
export class MessageStreamUsage {
  private id: string | undefined;
  private model: string | undefined;
  private usage: Json = {};
  private stopReason: string | undefined;
  private stopped = false;
  /** Set by an `error` event: the stream ended in error. */
  error: string | undefined;

  event(type: string, data: unknown): void {
    if (!isObject(data)) return;
    const kind = text(data.type) ?? type;
    if (kind === "message_start" && isObject(data.message)) {
      this.id = text(data.message.id) ?? this.id;
      this.model = text(data.message.model) ?? this.model;
      if (isObject(data.message.usage)) this.usage = replaceCounts({}, data.message.usage);
    } else if (kind === "message_delta") {
      if (isObject(data.usage)) this.usage = replaceCounts(this.usage, data.usage);
      if (isObject(data.delta)) this.stopReason = text(data.delta.stop_reason) ?? this.stopReason;
    } else if (kind === "message_stop") {
      this.stopped = true;
    } else if (kind === "error") {
      const error = isObject(data.error) ? data.error : {};
      this.error = [text(error.type), text(error.message)].filter(Boolean).join(": ") || "error";
    }
  }

  /** Whether `message_stop` arrived (and no error). */
  get complete(): boolean {
    return this.stopped && this.error === undefined;
  }

  record(attribution: CallAttribution, timing: CallTiming): MessageUsageRecord | null {
    if (!this.id || !this.model) return null;
    return compact({
      id: this.id,
      timestamp: new Date(timing.startedAtMs).toISOString(),
      model: this.model,
      stop_reason: this.stopReason,
      latency_ms: Math.max(0, Math.round(timing.latencyMs)),
      incomplete: this.complete ? undefined : true,
      ...attributed(attribution),
      usage: { ...this.usage },
    });
  }
}

/** Cumulative counts: every non-null field of `next` replaces the one in `current`; nested objects field by field. */
function replaceCounts(current: Json, next: Json): Json {
  const out: Json = { ...current };
  for (const [key, value] of Object.entries(next)) {
    if (value === null || value === undefined) continue;
    out[key] = isObject(value) && isObject(out[key]) ? replaceCounts(out[key] as Json, value) : value;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------
// Wire formats

export interface SseEvent {
  event: string;
  data: string;
}

/**
 * Incremental server-sent-events parser (the WHATWG rules the Messages API stream follows): feed text
 * as it arrives, in chunks of any size; complete events come out. Comments and `id`/`retry` are ignored.
 */
export class SseParser {
  private buffer = "";
  private eventType = "";
  private data: string[] = [];

  feed(chunk: string): SseEvent[] {
    this.buffer += chunk;
    const events: SseEvent[] = [];
    let start = 0;
    for (;;) {
      const lf = this.buffer.indexOf("\n", start);
      const cr = this.buffer.indexOf("\r", start);
      let end: number;
      let next: number;
      if (cr !== -1 && (lf === -1 || cr < lf)) {
        // A CR at the very end may be the first half of CRLF: wait for the next chunk.
        if (cr === this.buffer.length - 1) break;
        end = cr;
        next = this.buffer[cr + 1] === "\n" ? cr + 2 : cr + 1;
      } else if (lf !== -1) {
        end = lf;
        next = lf + 1;
      } else break;
      this.line(this.buffer.slice(start, end), events);
      start = next;
    }
    this.buffer = this.buffer.slice(start);
    return events;
  }

  /** The end of the stream: a last event without its blank line is dropped, as the spec says. */
  end(): SseEvent[] {
    this.buffer = "";
    this.data = [];
    this.eventType = "";
    return [];
  }

  private line(line: string, events: SseEvent[]) {
    if (line === "") {
      if (this.data.length) events.push({ event: this.eventType || "message", data: this.data.join("\n") });
      this.data = [];
      this.eventType = "";
      return;
    }
    if (line.startsWith(":")) return;
    const colon = line.indexOf(":");
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    if (field === "event") this.eventType = value;
    else if (field === "data") this.data.push(value);
  }
}

/** Splits JSONL as it arrives into complete lines. */
export class LineSplitter {
  private buffer = "";

  feed(chunk: string): string[] {
    this.buffer += chunk;
    const lines = this.buffer.split("\n");
    this.buffer = lines.pop() ?? "";
    return lines.filter((l) => l.trim() !== "");
  }

  end(): string[] {
    const last = this.buffer.trim();
    this.buffer = "";
    return last ? [last] : [];
  }
}

function parseJson(textValue: string): unknown {
  try {
    return JSON.parse(textValue);
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------------
// Watching a response body go by

export interface ObservedCall {
  kind: UsageResponseKind;
  contentType: string;
  attribution: CallAttribution;
  /** When the request was sent, epoch ms. */
  startedAtMs: number;
  /** A monotonic clock in ms (performance.now), and its reading when the request was sent: for latency. */
  clock: () => number;
  clockAtStart: number;
  /** Receives each record, once the call it belongs to is over (or a batch line has arrived). */
  onRecord: (record: MessageUsageRecord) => void;
  /** Receives anything that went wrong while watching; the body itself is never affected. */
  onError?: (error: unknown) => void;
}

/**
 * A copy of `body` that yields the same chunks, when they are asked for (no read-ahead, so back-pressure
 * and cancellation reach the source as before), and hands the usage it carries to `onRecord`: a JSON
 * message at its end, each event of a stream as it passes (the record at the end, or at an error or a
 * cancel, marked incomplete), each batch result line as it arrives.
 */
export function observeUsage(body: ReadableStream<Uint8Array>, call: ObservedCall): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const isStream = /text\/event-stream/i.test(call.contentType);
  const sse = isStream ? new SseParser() : null;
  const lines = call.kind === "batch_results" && !isStream ? new LineSplitter() : null;
  const stream = isStream ? new MessageStreamUsage() : null;
  const json: string[] = [];
  let finished = false;

  const safely = (fn: () => void) => {
    try {
      fn();
    } catch (error) {
      call.onError?.(error);
    }
  };
  const timing = (): CallTiming => ({ startedAtMs: call.startedAtMs, latencyMs: call.clock() - call.clockAtStart });
  const batchLine = (line: string) => {
    const record = recordFromBatchResult(parseJson(line), call.attribution, call.startedAtMs);
    if (record) call.onRecord(record);
  };
  const take = (chunk: string) => {
    if (sse && stream) {
      for (const event of sse.feed(chunk)) stream.event(event.event, parseJson(event.data));
    } else if (lines) {
      for (const line of lines.feed(chunk)) batchLine(line);
    } else json.push(chunk);
  };
  const finish = () => {
    if (finished) return;
    finished = true;
    safely(() => {
      take(decoder.decode());
      if (stream) {
        const record = stream.record(call.attribution, timing());
        if (record) call.onRecord(record);
      } else if (lines) {
        for (const line of lines.end()) batchLine(line);
      } else {
        const record = recordFromMessage(parseJson(json.join("")), call.attribution, timing());
        if (record) call.onRecord(record);
      }
    });
  };

  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        let chunk: ReadableStreamReadResult<Uint8Array>;
        try {
          chunk = await reader.read();
        } catch (error) {
          // Cut off mid-body: a stream keeps what it saw; a half JSON body holds no usage.
          if (stream) finish();
          finished = true;
          controller.error(error);
          return;
        }
        if (chunk.done) {
          finish();
          controller.close();
          return;
        }
        safely(() => take(decoder.decode(chunk.value, { stream: true })));
        controller.enqueue(chunk.value);
      },
      cancel(reason) {
        if (stream) finish();
        finished = true;
        return reader.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
}
