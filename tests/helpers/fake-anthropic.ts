/**
 * A loopback HTTP server that answers like the Messages API, for the SDK wrapper's and the proxy's
 * tests and benchmark: JSON messages, real server-sent-event streams (message_start, content blocks,
 * pings, cumulative message_delta usage, message_stop), an `error` event mid-stream, a connection cut
 * mid-stream, a stream that goes on until the client hangs up, 429 with retry-after, 529 overloaded,
 * and Message Batches (retrieve and JSONL results).
 *
 * Each request takes the next behaviour from `script` (default: answer normally).
 */
import http from "node:http";
import type { AddressInfo } from "node:net";

export type Behaviour =
  | { kind: "ok" }
  | { kind: "rate_limited"; retryAfter: string }
  | { kind: "overloaded" }
  /** Stream: message_start, some text, then an `error` event and the end. */
  | { kind: "error_mid_stream" }
  /** Stream: message_start, some text, then the connection is destroyed. */
  | { kind: "cut_mid_stream" }
  /** Stream: message_start, then a text delta every 20 ms until the client goes away. */
  | { kind: "endless_stream" }
  /** Stream: message_start, then wait for release() before the rest. */
  | { kind: "gated_stream" };

/** The usage every answer carries (the pricing reference's shapes): Sonnet 4.6 with a 5-minute cache write. */
export const FAKE_USAGE = {
  input_tokens: 2095,
  output_tokens: 503,
  cache_creation_input_tokens: 2051,
  cache_read_input_tokens: 0,
  cache_creation: { ephemeral_5m_input_tokens: 2051, ephemeral_1h_input_tokens: 0 },
  server_tool_use: { web_search_requests: 0, web_fetch_requests: 0 },
  service_tier: "standard",
  inference_geo: "global",
} as const;

export interface SeenRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface FakeAnthropic {
  url: string;
  requests: SeenRequest[];
  script: Behaviour[];
  /** Lets a gated stream go on. */
  release(): void;
  /** Resolves when a client next hangs up on an endless stream, with the last output count sent to it. */
  nextHangup(): Promise<number>;
  /** Every message id answered so far, in order. */
  ids: string[];
  close(): Promise<void>;
}

const sse = (event: string, data: unknown) => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The message JSON for one answer; the model is the request's. */
function message(id: string, model: string) {
  return {
    id,
    type: "message",
    role: "assistant",
    model,
    content: [{ type: "text", text: "Hello! How can I help?" }],
    stop_reason: "end_turn",
    stop_sequence: null,
    usage: FAKE_USAGE,
  };
}

/** message_start with the input side and a provisional output count of 1, as the API sends it. */
function startEvent(id: string, model: string) {
  const { output_tokens: _, ...inputSide } = FAKE_USAGE;
  return sse("message_start", {
    type: "message_start",
    message: { id, type: "message", role: "assistant", model, content: [], stop_reason: null, stop_sequence: null, usage: { ...inputSide, output_tokens: 1 } },
  });
}

const textDelta = (text: string) => sse("content_block_delta", { type: "content_block_delta", index: 0, delta: { type: "text_delta", text } });

export async function startFakeAnthropic(options: { latencyMs?: number; port?: number } = {}): Promise<FakeAnthropic> {
  let counter = 0;
  let releaseGate: () => void = () => {};
  let gate = new Promise<void>((resolve) => (releaseGate = resolve));
  const hangupWaiters: ((lastOutput: number) => void)[] = [];
  const fake: FakeAnthropic = {
    url: "",
    requests: [],
    script: [],
    ids: [],
    release: () => releaseGate(),
    nextHangup: () => new Promise<number>((resolve) => hangupWaiters.push(resolve)),
    close: async () => {},
  };

  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString("utf8");
    const url = new URL(req.url ?? "/", "http://fake");
    fake.requests.push({ method: req.method ?? "GET", path: url.pathname + url.search, headers: req.headers, body });
    if (options.latencyMs) await pause(options.latencyMs);
    const requestId = `req_fake_${fake.requests.length}`;

    const batch = /^\/v1\/messages\/batches\/([^/]+)(\/results)?$/.exec(url.pathname);
    if (req.method === "GET" && batch) {
      const [, batchId, results] = batch;
      if (!results) {
        res.writeHead(200, { "content-type": "application/json", "request-id": requestId });
        res.end(JSON.stringify({
          id: batchId, type: "message_batch", processing_status: "ended",
          request_counts: { processing: 0, succeeded: 2, errored: 1, canceled: 0, expired: 0 },
          ended_at: "2026-11-30T10:00:00Z", created_at: "2026-11-30T09:00:00Z", expires_at: "2026-12-01T09:00:00Z",
          archived_at: null, cancel_initiated_at: null,
          results_url: `${fake.url}/v1/messages/batches/${batchId}/results`,
        }));
        return;
      }
      res.writeHead(200, { "content-type": "application/binary", "request-id": requestId });
      const line = (customId: string, id: string) =>
        JSON.stringify({ custom_id: customId, result: { type: "succeeded", message: { ...message(id, "claude-sonnet-4-6"), usage: { ...FAKE_USAGE, service_tier: "batch" } } } });
      res.write(`${line("first", `msg_${batchId}_1`)}\n`);
      res.write(JSON.stringify({ custom_id: "broken", result: { type: "errored", error: { type: "error", error: { type: "invalid_request_error", message: "bad" } } } }) + "\n");
      res.end(`${line("second", `msg_${batchId}_2`)}\n`);
      return;
    }
    if (req.method !== "POST" || url.pathname !== "/v1/messages") {
      if (req.method === "POST" && url.pathname === "/v1/messages/count_tokens") {
        res.writeHead(200, { "content-type": "application/json", "request-id": requestId });
        res.end(JSON.stringify({ input_tokens: 2095 }));
        return;
      }
      res.writeHead(404, { "content-type": "application/json", "request-id": requestId });
      res.end(JSON.stringify({ type: "error", error: { type: "not_found_error", message: `no route ${url.pathname}` } }));
      return;
    }

    const params = JSON.parse(body || "{}") as { model?: string; stream?: boolean };
    const model = params.model ?? "claude-sonnet-4-6";
    const behaviour = fake.script.shift() ?? { kind: "ok" };
    if (behaviour.kind === "rate_limited") {
      res.writeHead(429, { "content-type": "application/json", "request-id": requestId, "retry-after": behaviour.retryAfter, "anthropic-ratelimit-requests-remaining": "0" });
      res.end(JSON.stringify({ type: "error", error: { type: "rate_limit_error", message: "Number of request tokens has exceeded your per-minute rate limit" } }));
      return;
    }
    if (behaviour.kind === "overloaded") {
      res.writeHead(529, { "content-type": "application/json", "request-id": requestId });
      res.end(JSON.stringify({ type: "error", error: { type: "overloaded_error", message: "Overloaded" } }));
      return;
    }
    counter += 1;
    const id = `msg_fake_${String(counter).padStart(6, "0")}`;
    fake.ids.push(id);
    if (!params.stream) {
      res.writeHead(200, { "content-type": "application/json", "request-id": requestId });
      res.end(JSON.stringify(message(id, model)));
      return;
    }

    res.writeHead(200, { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache", "request-id": requestId });
    res.flushHeaders();
    res.write(startEvent(id, model));
    res.write(sse("content_block_start", { type: "content_block_start", index: 0, content_block: { type: "text", text: "" } }));
    res.write(sse("ping", { type: "ping" }));
    if (behaviour.kind === "gated_stream") {
      await gate;
      gate = new Promise<void>((resolve) => (releaseGate = resolve));
    }
    res.write(textDelta("Hello!"));
    if (behaviour.kind === "error_mid_stream") {
      // The API's counts so far, then its error: the tracker keeps the last counts it saw.
      res.write(sse("message_delta", { type: "message_delta", delta: { stop_reason: null, stop_sequence: null }, usage: { output_tokens: 120 } }));
      res.end(sse("error", { type: "error", error: { type: "overloaded_error", message: "Overloaded" } }));
      return;
    }
    if (behaviour.kind === "cut_mid_stream") {
      res.write(sse("message_delta", { type: "message_delta", delta: { stop_reason: null, stop_sequence: null }, usage: { output_tokens: 80 } }));
      await pause(20);
      res.socket?.destroy();
      return;
    }
    if (behaviour.kind === "endless_stream") {
      let closed = false;
      let lastOutput = 0;
      res.on("close", () => {
        closed = true;
        for (const resolve of hangupWaiters.splice(0)) resolve(lastOutput);
      });
      for (let i = 1; !closed && i < 5000; i++) {
        res.write(textDelta(" more"));
        // Cumulative counts: 10, 20, 30, ... (a tracker that adds them would count far more).
        lastOutput = i * 10;
        res.write(sse("message_delta", { type: "message_delta", delta: { stop_reason: null, stop_sequence: null }, usage: { output_tokens: lastOutput } }));
        await pause(20);
      }
      res.end();
      return;
    }
    res.write(sse("content_block_stop", { type: "content_block_stop", index: 0 }));
    // Two cumulative deltas, the last repeating the input side: replace, never add.
    res.write(sse("message_delta", { type: "message_delta", delta: { stop_reason: null, stop_sequence: null }, usage: { output_tokens: 250 } }));
    res.write(
      sse("message_delta", {
        type: "message_delta",
        delta: { stop_reason: "end_turn", stop_sequence: null },
        usage: { input_tokens: FAKE_USAGE.input_tokens, cache_creation_input_tokens: FAKE_USAGE.cache_creation_input_tokens, cache_read_input_tokens: 0, output_tokens: FAKE_USAGE.output_tokens },
      }),
    );
    res.end(sse("message_stop", { type: "message_stop" }));
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return fake;
}
