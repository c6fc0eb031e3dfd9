/**
 * Serves Next.js route handlers (functions from a web Request to a Response) on a loopback HTTP
 * server, so real HTTP clients (the Anthropic SDK, the SDK wrapper's sender) can reach them in
 * integration tests: request bodies and response bodies are streamed both ways, and a client that
 * hangs up aborts the request's signal, as under `next start`.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";

export type RouteHandler = (request: Request) => Promise<Response>;

export interface RouteServer {
  url: string;
  close(): Promise<void>;
}

export async function serveRoutes(routes: Record<string, RouteHandler>): Promise<RouteServer> {
  const prefixes = Object.keys(routes).sort((a, b) => b.length - a.length);
  const server = http.createServer(async (req, res) => {
    const path = req.url ?? "/";
    const prefix = prefixes.find((p) => path === p || path.startsWith(p.endsWith("/") ? p : `${p}/`) || path.startsWith(`${p}?`));
    if (!prefix) {
      res.writeHead(404).end();
      return;
    }
    const abort = new AbortController();
    res.on("close", () => {
      if (!res.writableFinished) abort.abort();
    });
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
    }
    const hasBody = req.method !== "GET" && req.method !== "HEAD";
    const request = new Request(`http://${req.headers.host}${path}`, {
      method: req.method,
      headers,
      body: hasBody ? (Readable.toWeb(req) as ReadableStream<Uint8Array>) : undefined,
      signal: abort.signal,
      // @ts-expect-error Node's fetch needs duplex for a streamed body; the DOM types lack it.
      duplex: "half",
    });
    let response: Response;
    try {
      response = await routes[prefix](request);
    } catch (error) {
      res.writeHead(500, { "content-type": "text/plain" }).end(String(error));
      return;
    }
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
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A loopback port with nothing listening on it: a Tally that is down. */
export async function deadPort(): Promise<string> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

/** A server that accepts requests and never answers: a Tally that hangs. */
export async function hangingServer(): Promise<RouteServer> {
  const server = http.createServer(() => {});
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
