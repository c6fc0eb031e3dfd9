/**
 * `tally/sdk`: record every Claude call an `@anthropic-ai/sdk` client makes, with one line.
 *
 *   const anthropic = withTally(new Anthropic(), { endpoint: "https://tally.example.com", apiKey: "tly_...", feature: "chat" });
 *
 * It adds a middleware to the client (the SDK's own extension point), which sees each HTTP attempt:
 * `messages.create` plain and with `stream: true`, `messages.stream(...)`, the beta messages, and
 * `messages.batches.results(...)`. The response the app gets is the one the API sent, chunk for chunk;
 * the usage is read as it goes by and queued for Tally (see recorder.ts). Errors, retries and
 * rate limits reach the app exactly as without Tally; nothing Tally does can throw into a call.
 *
 * No Next.js, no database: this module depends only on the pure core and the platform's fetch.
 */
import type { Middleware } from "@anthropic-ai/sdk";
import {
  attributionHeaders,
  type CallAttribution,
  mergeAttribution,
  observeUsage,
  takeAttributionHeaders,
  usageResponseKind,
} from "../core/message-usage.js";
import { flushAll, Recorder, type RecorderOptions, type TallyError, type TallyStats } from "./recorder.js";

export type { TallyError, TallyStats } from "./recorder.js";

export interface TallyOptions extends Partial<RecorderOptions> {
  /** Tally's base URL. Default: the TALLY_URL environment variable. */
  endpoint?: string;
  /** An ingest key. Default: the TALLY_INGEST_KEY environment variable. */
  apiKey?: string;
  /** The feature calls are attributed to unless a call says otherwise. */
  feature?: string;
  project?: string;
  /** The end user; by default each call's `metadata.user_id`. */
  user?: string;
  tags?: string[];
  /** false records nothing (tests, local runs without Tally). */
  enabled?: boolean;
}

/** Per-call attribution, sent as request headers (which Tally reads and never forwards). */
export type TallyCallOptions = CallAttribution;

/** What a client wrapped by withTally records to. */
export interface TallyRecorder {
  readonly middleware: Middleware;
  /** Sends what is queued, waiting at most timeoutMs; never rejects. */
  flush(timeoutMs?: number): Promise<TallyStats>;
  /** Flushes, then stops recording and removes the exit hooks. */
  shutdown(timeoutMs?: number): Promise<TallyStats>;
  stats(): TallyStats;
}

type ClientWithMiddleware = { middleware: ReadonlyArray<Middleware> };

const recorders = new WeakMap<object, TallyRecorder>();
const ours = new WeakSet<Middleware>();

function env(name: string): string | undefined {
  return typeof process !== "undefined" ? process.env?.[name] : undefined;
}

function checkUrl(endpoint: string) {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new TypeError(`tally: endpoint "${endpoint}" is not a URL (expected e.g. "https://tally.example.com")`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new TypeError(`tally: endpoint "${endpoint}" must be http:// or https://`);
}

const disabledStats = (): TallyStats => ({
  recorded: 0, sent: 0, accepted: 0, duplicates: 0, rejected: 0, invalid: 0, dropped: 0, failed: 0, queued: 0, retries: 0, lastError: null,
});

/**
 * A recorder and its middleware. Throws a TypeError naming the option when the endpoint or key is
 * missing or malformed: a misconfiguration shows at start-up, never during a call.
 */
export function createTallyRecorder(options: TallyOptions = {}): TallyRecorder {
  const defaults: CallAttribution = { feature: options.feature, project: options.project, user: options.user, tags: options.tags };
  if (options.enabled === false) {
    const middleware: Middleware = (request, next) => {
      takeAttributionHeaders(request.headers);
      return next(request);
    };
    ours.add(middleware);
    return { middleware, flush: async () => disabledStats(), shutdown: async () => disabledStats(), stats: disabledStats };
  }
  const endpoint = options.endpoint ?? env("TALLY_URL");
  const apiKey = options.apiKey ?? env("TALLY_INGEST_KEY");
  if (!endpoint) throw new TypeError("tally: no endpoint: pass { endpoint } or set TALLY_URL (or pass { enabled: false })");
  if (!apiKey) throw new TypeError("tally: no ingest key: pass { apiKey } or set TALLY_INGEST_KEY (or pass { enabled: false })");
  checkUrl(endpoint);
  if (options.batchSize !== undefined && !(Number.isInteger(options.batchSize) && options.batchSize >= 1 && options.batchSize <= 1000)) {
    throw new TypeError(`tally: batchSize must be an integer from 1 to 1000, got ${options.batchSize}`);
  }
  if (options.maxQueue !== undefined && !(Number.isInteger(options.maxQueue) && options.maxQueue >= 1)) {
    throw new TypeError(`tally: maxQueue must be a positive integer, got ${options.maxQueue}`);
  }
  const recorder = new Recorder({ ...options, endpoint, apiKey });

  const middleware: Middleware = async (request, next, ctx) => {
    let watch: Parameters<typeof observeUsage>[1] | null = null;
    try {
      const call = takeAttributionHeaders(request.headers);
      const method = ctx.options?.method ?? request.method ?? "GET";
      const kind = usageResponseKind(method, ctx.options?.path ?? new URL(request.url).pathname);
      if (kind) {
        const attribution = mergeAttribution(defaults, call);
        attribution.user ??= userIdOf(ctx.options?.body);
        watch = {
          kind,
          contentType: "",
          attribution,
          startedAtMs: Date.now(),
          clock: () => performance.now(),
          clockAtStart: performance.now(),
          onRecord: (record) => recorder.add(record),
          onError: (error) => recorder.internalError(error),
        };
      }
    } catch (error) {
      recorder.internalError(error);
    }
    const response = await next(request);
    if (!watch || !response.ok || !response.body) return response;
    try {
      watch.contentType = response.headers.get("content-type") ?? "";
      return new Response(observeUsage(response.body, watch), { status: response.status, statusText: response.statusText, headers: response.headers });
    } catch (error) {
      recorder.internalError(error);
      return response;
    }
  };
  ours.add(middleware);
  return {
    middleware,
    flush: (timeoutMs) => recorder.flush(timeoutMs),
    shutdown: (timeoutMs) => recorder.shutdown(timeoutMs),
    stats: () => recorder.stats(),
  };
}

function userIdOf(body: unknown): string | undefined {
  const metadata = (body as { metadata?: { user_id?: unknown } } | null | undefined)?.metadata;
  return typeof metadata?.user_id === "string" && metadata.user_id !== "" ? metadata.user_id : undefined;
}

/**
 * Records every call `client` makes from now on (and every client made from it with `withOptions`).
 * Returns the same client. Wrapping again replaces the earlier recorder.
 */
export function withTally<C extends ClientWithMiddleware>(client: C, options: TallyOptions | TallyRecorder = {}): C {
  const recorder = "middleware" in options && typeof options.middleware === "function" ? (options as TallyRecorder) : createTallyRecorder(options as TallyOptions);
  client.middleware = [...client.middleware.filter((m) => !ours.has(m)), recorder.middleware];
  recorders.set(client, recorder);
  return client;
}

/** The recorder withTally attached to `client`. */
export function tallyOf(client: object): TallyRecorder | undefined {
  return recorders.get(client);
}

/**
 * Request headers that attribute one call:
 * `client.messages.create(params, { headers: tallyHeaders({ feature: "summarize" }) })`.
 * Names outside ASCII are percent-encoded (headers are ASCII); Tally decodes them.
 */
export function tallyHeaders(call: TallyCallOptions): Record<string, string> {
  const encoded: CallAttribution = {
    feature: call.feature && encodeURIComponent(call.feature),
    project: call.project && encodeURIComponent(call.project),
    user: call.user && encodeURIComponent(call.user),
    tags: call.tags?.map((t) => encodeURIComponent(t)),
  };
  return attributionHeaders(encoded);
}

/** Flushes every recorder in this process; for code that exits on its own terms (`process.exit`). */
export function flushTally(timeoutMs?: number): Promise<void> {
  return flushAll(timeoutMs);
}
