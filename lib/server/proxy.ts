/**
 * The Anthropic-compatible proxy: `/api/proxy/v1/...` is forwarded to TALLY_PROXY_UPSTREAM (the
 * Anthropic API by default) so an app switches by changing its `baseURL` only. The request goes out
 * as it came (method, path, query, headers, body), apart from hop-by-hop headers and Tally's own
 * `x-tally-*` attribution headers, which are read and removed. The answer comes back as the upstream
 * sent it: status, headers and body, a stream passed on chunk by chunk as it arrives, errors and rate
 * limits (429 with its retry-after) untouched. On the way the usage is read (lib/core/message-usage)
 * and stored after the response, off its path (lib/server/proxy-recorder).
 */
import http from "node:http";
import { type CallAttribution, observeUsage, takeAttributionHeaders, usageResponseKind } from "@/lib/core/message-usage";
import { getApp } from "@/lib/server/app";
import { getEnv } from "@/lib/server/env";
import { AppError } from "@/lib/server/errors";
import { projectMismatch } from "@/lib/server/ingest";
import { readBodyBytes } from "@/lib/server/ingest-request";
import { verifyIngestKey } from "@/lib/server/keys";
import { nodeListener } from "@/lib/server/node-http";
import { ProxyRecorder } from "@/lib/server/proxy-recorder";

/** Where the proxy is mounted; the rest of the path is the upstream's. */
export const PROXY_PREFIX = "/api/proxy";

/** Hop-by-hop headers (RFC 9110 7.6.1) and the ones that describe this hop only. */
const REQUEST_DROP = new Set([
  "host", "connection", "keep-alive", "proxy-authorization", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade",
  "content-length", "accept-encoding", "cookie", "forwarded", "x-forwarded-for", "x-forwarded-host", "x-forwarded-proto",
  "x-forwarded-port", "x-real-ip", "x-tally-key",
]);
const RESPONSE_DROP = new Set(["connection", "keep-alive", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade", "content-encoding", "set-cookie"]);

const globalForProxy = globalThis as unknown as { tallyProxyRecorder?: ProxyRecorder };

/** The process's proxy recorder (one per process: routes are bundled separately). */
export function proxyRecorder(): ProxyRecorder {
  globalForProxy.tallyProxyRecorder ??= new ProxyRecorder(async () => (await getApp()).db);
  return globalForProxy.tallyProxyRecorder;
}

/** An error in the Messages API's own shape, so SDKs raise it as they would an upstream one. */
function apiError(status: number, type: string, message: string): Response {
  return Response.json({ type: "error", error: { type, message } }, { status });
}

/**
 * The upstream path and query of a proxied request (`/v1/messages?beta=true`): what follows
 * /api/proxy, or on the proxy's own port (TALLY_PROXY_PORT) the whole path. Null for anything but the
 * API's /v1 paths. (A Request's URL has no dot segments left, so the path cannot climb out.)
 */
export function upstreamPath(requestUrl: string): string | null {
  const url = new URL(requestUrl);
  const rest = url.pathname.startsWith(`${PROXY_PREFIX}/`) ? url.pathname.slice(PROXY_PREFIX.length) : url.pathname;
  return rest.startsWith("/v1/") ? rest + url.search : null;
}

/** Forwards one request upstream and answers with the upstream's answer; records its usage on the way. */
export async function proxyRequest(request: Request): Promise<Response> {
  const startedAtMs = Date.now();
  const clockAtStart = performance.now();
  const env = getEnv();
  const path = upstreamPath(request.url);
  if (!path) return apiError(404, "not_found_error", `Tally's proxy forwards Anthropic API paths only (${PROXY_PREFIX}/v1/...)`);

  const headers = new Headers();
  request.headers.forEach((value, name) => {
    if (!REQUEST_DROP.has(name.toLowerCase())) headers.set(name, value);
  });
  const attribution: CallAttribution = takeAttributionHeaders(headers);
  // An ingest key is optional here (the caller's Anthropic key is what authorises the call); with a
  // project-scoped one, the call is recorded under its project and may not name another.
  const tallyKey = request.headers.get("x-tally-key");
  if (tallyKey !== null) {
    const scope = await verifyIngestKey((await getApp()).db, tallyKey.trim());
    if (!scope) return apiError(401, "authentication_error", "Tally's proxy: the x-tally-key ingest key is not valid or has been revoked");
    if (scope.project) {
      if (attribution.project && attribution.project !== scope.project) {
        return apiError(403, "permission_error", `Tally's proxy: ${projectMismatch(scope.project, attribution.project)} (x-tally-project)`);
      }
      attribution.project = scope.project;
    }
  }
  // Ask for the body as is: the proxy reads it on the way, and the caller's client negotiates with us.
  headers.set("accept-encoding", "identity");

  let body: Buffer | undefined;
  if (request.method !== "GET" && request.method !== "HEAD") {
    try {
      body = await readBodyBytes(request, env.TALLY_PROXY_MAX_BODY_BYTES);
    } catch (error) {
      if (error instanceof AppError) return apiError(413, "request_too_large", error.message);
      throw error;
    }
  }

  let upstream: Response;
  try {
    upstream = await fetch(`${env.TALLY_PROXY_UPSTREAM}${path}`, {
      method: request.method,
      headers,
      body: body?.byteLength ? new Uint8Array(body.buffer as ArrayBuffer, body.byteOffset, body.byteLength) : undefined,
      redirect: "manual",
      signal: request.signal,
    });
  } catch (error) {
    if (request.signal.aborted) return apiError(499, "client_closed_request", "the client closed the request");
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : String(error);
    console.error(`Tally proxy: could not reach ${env.TALLY_PROXY_UPSTREAM}: ${cause}`);
    return apiError(502, "api_error", `Tally's proxy could not reach the upstream API (${new URL(env.TALLY_PROXY_UPSTREAM).host}): ${cause}`);
  }

  const responseHeaders = new Headers();
  upstream.headers.forEach((value, name) => {
    if (!RESPONSE_DROP.has(name.toLowerCase())) responseHeaders.append(name, value);
  });
  // fetch has already decoded a compressed body, so its length no longer applies.
  if (upstream.headers.has("content-encoding")) responseHeaders.delete("content-length");
  const contentType = upstream.headers.get("content-type") ?? "";
  if (/text\/event-stream/i.test(contentType)) {
    // A stream must reach the caller event by event: no compression or buffering on the way.
    responseHeaders.set("cache-control", `${upstream.headers.get("cache-control") ?? "no-cache"}, no-transform`);
    responseHeaders.set("x-accel-buffering", "no");
  }

  if (upstream.ok && /^\/v1\/messages\/batches(\/[^/?]+)?(\?|$)/.test(path) && /application\/json/i.test(contentType)) {
    const url = new URL(request.url);
    const proxyBase = url.pathname.startsWith(`${PROXY_PREFIX}/`) ? `${url.origin}${PROXY_PREFIX}` : url.origin;
    return batchThroughProxy(upstream, responseHeaders, env.TALLY_PROXY_UPSTREAM, proxyBase);
  }

  const kind = usageResponseKind(request.method, path);
  let responseBody: ReadableStream<Uint8Array> | null = upstream.body;
  if (kind && upstream.ok && upstream.body) {
    const recorder = proxyRecorder();
    responseBody = observeUsage(upstream.body, {
      kind,
      contentType,
      attribution,
      startedAtMs,
      clock: () => performance.now(),
      clockAtStart,
      onRecord: (record) => recorder.add(record),
      onError: (error) => console.error("Tally proxy: could not read usage from a response:", error),
    });
  }
  return new Response(responseBody, { status: upstream.status, statusText: upstream.statusText, headers: responseHeaders });
}

/**
 * A Message Batch (or a page of them) answered through the proxy: its `results_url` points at the
 * upstream, so a client would fetch the results past Tally and their usage would go unrecorded. The
 * one change the proxy makes to a body is to point those URLs back through itself.
 */
async function batchThroughProxy(upstream: Response, headers: Headers, upstreamBase: string, proxyBase: string): Promise<Response> {
  const text = await upstream.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return new Response(text, { status: upstream.status, statusText: upstream.statusText, headers });
  }
  const rewrite = (batch: unknown) => {
    const b = batch as { results_url?: unknown };
    if (typeof b?.results_url === "string" && b.results_url.startsWith(`${upstreamBase}/`)) b.results_url = proxyBase + b.results_url.slice(upstreamBase.length);
  };
  rewrite(body);
  const data = (body as { data?: unknown })?.data;
  if (Array.isArray(data)) data.forEach(rewrite);
  headers.delete("content-length");
  return new Response(JSON.stringify(body), { status: upstream.status, statusText: upstream.statusText, headers });
}

/**
 * The proxy on a port of its own (TALLY_PROXY_PORT), beside the dashboard's: the same handler without
 * the framework's per-request work in front of it, for apps where every millisecond counts. It answers
 * `/v1/...` and `/api/proxy/v1/...` alike.
 */
export function startProxyListener(port: number, hostname: string): http.Server {
  const server = http.createServer(nodeListener(proxyRequest));
  server.keepAliveTimeout = 65_000;
  server.on("error", (error) => console.error(`Tally proxy: could not listen on ${hostname}:${port}: ${error.message}`));
  server.listen(port, hostname, () => console.log(`Tally proxy listening on http://${hostname}:${port} (forwarding to ${getEnv().TALLY_PROXY_UPSTREAM})`));
  return server;
}
