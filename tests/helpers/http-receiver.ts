/**
 * A real HTTP server on 127.0.0.1 (port 0: the system picks a free one) that records every request and
 * answers as told: the integration and browser tests' stand-in for a webhook or Slack receiver.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** What to answer to the n-th request (1-based): a status, optionally a body and headers, or "hang" (never answer). */
export type Respond = (n: number, request: ReceivedRequest) => number | { status: number; body?: string; headers?: Record<string, string> } | "hang";

export interface Receiver {
  url: string;
  port: number;
  requests: ReceivedRequest[];
  close(): Promise<void>;
}

export async function startReceiver(respond: Respond = () => 200): Promise<Receiver> {
  const requests: ReceivedRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const request = { method: req.method ?? "", path: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks).toString("utf8") };
      requests.push(request);
      const answer = respond(requests.length, request);
      if (answer === "hang") return;
      const { status, body = "", headers = {} } = typeof answer === "number" ? { status: answer } : answer;
      res.writeHead(status, { "content-type": "text/plain", ...headers });
      res.end(body || (status >= 400 ? `receiver says ${status}` : "ok"));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A loopback port nothing listens on (bound, then released): connecting to it is refused. */
export async function deadPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
