/**
 * Serves Next.js route handlers (functions from a web Request to a Response) on a loopback HTTP
 * server, so real HTTP clients (the Anthropic SDK, the SDK wrapper's sender) can reach them in
 * integration tests, through the same adapter the proxy's own listener uses (lib/server/node-http.ts).
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { nodeListener } from "@/lib/server/node-http";

export type RouteHandler = (request: Request) => Promise<Response>;

export interface RouteServer {
  url: string;
  close(): Promise<void>;
}

export async function serveRoutes(routes: Record<string, RouteHandler>): Promise<RouteServer> {
  const prefixes = Object.keys(routes).sort((a, b) => b.length - a.length);
  const listener = nodeListener(async (request) => {
    const path = new URL(request.url).pathname;
    const prefix = prefixes.find((p) => path === p || path.startsWith(p.endsWith("/") ? p : `${p}/`));
    return prefix ? routes[prefix](request) : new Response(null, { status: 404 });
  });
  const server = http.createServer(listener);
  server.keepAliveTimeout = 60_000;
  return listenOnLoopback(server);
}

/** A loopback port with nothing listening on it: a Tally that is down. */
export async function deadPort(): Promise<string> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

/** Listens on a free loopback port; close() also drops open connections. */
async function listenOnLoopback(server: http.Server): Promise<RouteServer> {
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
