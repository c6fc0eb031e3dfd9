/**
 * Web-standard handlers (Request -> Response, as route handlers are) on a plain Node HTTP server: the
 * request body and the response body stream both ways with back-pressure, and a client that hangs up
 * aborts the request's signal and cancels the response body, as under `next start`.
 */
import type http from "node:http";
import { Readable } from "node:stream";

export type WebHandler = (request: Request) => Promise<Response>;

/** The web Request for an incoming Node request; its signal aborts when the client goes away. */
export function toWebRequest(req: http.IncomingMessage, res: http.ServerResponse): Request {
  const abort = new AbortController();
  res.on("close", () => {
    if (!res.writableFinished) abort.abort();
  });
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
  }
  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  return new Request(`http://${req.headers.host ?? "localhost"}${req.url ?? "/"}`, {
    method: req.method,
    headers,
    body: hasBody ? (Readable.toWeb(req) as ReadableStream<Uint8Array>) : undefined,
    signal: abort.signal,
    // @ts-expect-error Node's fetch needs duplex for a streamed body; the DOM types lack it.
    duplex: "half",
  });
}

/** Writes a web Response to a Node response, chunk by chunk as its body yields them. */
export async function sendWebResponse(res: http.ServerResponse, response: Response): Promise<void> {
  const out: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    out[name] = name === "set-cookie" ? response.headers.getSetCookie() : value;
  });
  res.writeHead(response.status, response.statusText, out);
  if (!response.body) {
    res.end();
    return;
  }
  const reader = response.body.getReader();
  res.on("close", () => {
    if (!res.writableFinished) void reader.cancel().catch(() => {});
  });
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (!res.write(value)) await new Promise((resolve) => res.once("drain", resolve));
    }
    res.end();
  } catch {
    res.destroy();
  }
}

/** A Node request listener that answers with `handler`; a handler that throws answers 500. */
export function nodeListener(handler: WebHandler): http.RequestListener {
  return async (req, res) => {
    let response: Response;
    try {
      response = await handler(toWebRequest(req, res));
    } catch (error) {
      console.error("Unhandled error:", error);
      res.writeHead(500, { "content-type": "application/json" }).end(JSON.stringify({ error: { code: "internal", message: "Internal server error" } }));
      return;
    }
    await sendWebResponse(res, response);
  };
}
