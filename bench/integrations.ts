/**
 * Integration overhead: what the SDK wrapper and the proxy add to a Claude call, against the same call
 * made directly, in the same run on loopback.
 *
 *   direct   @anthropic-ai/sdk client -> fake Messages API
 *   wrapper  the same client wrapped by withTally (records sent in the background to Tally's
 *            POST /api/v1/usage on the running server)
 *   proxy    the same client with baseURL <server>/api/proxy -> the fake (records stored by the server)
 *   proxy (own port)  the same through the proxy's own listener (TALLY_PROXY_PORT), outside Next's
 *            per-request pipeline
 *
 * The fake Messages API runs in a process of its own (bench/fake-upstream.ts); Tally is `next start`
 * (built first when there is no build) on a temporary SQLite database. Calls are sequential; the three
 * ways take turns in rounds so drift on the machine hits them alike. Each call is timed from the request
 * to the last byte (a stream read to its end). Prints p50 and p95 per way and mode, and the overhead at
 * p50 over direct (targets: wrapper < 1 ms, proxy < 5 ms).
 *
 *   npm run bench:integrations
 *   npm run bench:integrations -- --calls 2000 --rounds 10
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import Anthropic from "@anthropic-ai/sdk";
import { tallyOf, withTally } from "@/lib/sdk";
import { markdownTable } from "./table";
import { startTally, waitFor } from "./tally-server";

const args = process.argv.slice(2);
const arg = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const CALLS = Number(arg("calls", "1500"));
const ROUNDS = Number(arg("rounds", "10"));
const PORT = Number(arg("port", "3190"));
const ROOT = path.resolve(import.meta.dirname, "..");
const PARAMS = { model: "claude-sonnet-4-6", max_tokens: 1024, messages: [{ role: "user" as const, content: "Hello" }] };

/** Starts a child and resolves with its first line of output that matches. */
function started(child: ChildProcess, match: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    const lines = readline.createInterface({ input: child.stdout! });
    lines.on("line", (line) => {
      if (match.test(line)) resolve(line.trim());
    });
    child.on("exit", (code) => reject(new Error(`${child.spawnargs.join(" ")} exited with ${code}`)));
  });
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

async function timeCall(client: Anthropic, stream: boolean): Promise<number> {
  const start = performance.now();
  if (stream) {
    for await (const _ of await client.messages.create({ ...PARAMS, stream: true }));
  } else {
    await client.messages.create(PARAMS);
  }
  return performance.now() - start;
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tally-bench-integrations-"));
  const databaseUrl = `file:${path.join(dir, "tally.db")}`;
  const children: ChildProcess[] = [];
  const stop = () => {
    for (const child of children) child.kill("SIGTERM");
    fs.rmSync(dir, { recursive: true, force: true });
  };
  process.on("exit", stop);
  try {
    const upstream = spawn(process.execPath, [path.join(ROOT, "node_modules/tsx/dist/cli.mjs"), path.join(ROOT, "bench/fake-upstream.ts")], { cwd: ROOT, stdio: ["ignore", "pipe", "inherit"] });
    children.push(upstream);
    const upstreamUrl = await started(upstream, /^http:\/\//);

    const server = await startTally({ databaseUrl, port: PORT, env: { TALLY_PROXY_UPSTREAM: upstreamUrl, TALLY_PROXY_PORT: String(PORT + 1) } });
    children.push(server.process);
    const tallyUrl = server.url;
    const key = server.key;
    await waitFor(`http://127.0.0.1:${PORT + 1}/v1/models`, false);

    const clients = {
      direct: new Anthropic({ apiKey: "sk-ant-bench", baseURL: upstreamUrl, maxRetries: 0 }),
      wrapper: withTally(new Anthropic({ apiKey: "sk-ant-bench", baseURL: upstreamUrl, maxRetries: 0 }), { endpoint: tallyUrl, apiKey: key, feature: "bench", flushOnExit: false }),
      proxy: new Anthropic({ apiKey: "sk-ant-bench", baseURL: `${tallyUrl}/api/proxy`, maxRetries: 0, defaultHeaders: { "x-tally-feature": "bench" } }),
      "proxy (own port)": new Anthropic({ apiKey: "sk-ant-bench", baseURL: `http://127.0.0.1:${PORT + 1}`, maxRetries: 0, defaultHeaders: { "x-tally-feature": "bench" } }),
    };
    type Way = keyof typeof clients;
    const ways = Object.keys(clients) as Way[];
    const timings: Record<string, number[]> = {};
    for (const stream of [false, true]) {
      for (const way of ways) for (let i = 0; i < 200; i++) await timeCall(clients[way], stream);
      for (let round = 0; round < ROUNDS; round++) {
        for (const way of ways) {
          const bucket = (timings[`${way}:${stream}`] ??= []);
          for (let i = 0; i < Math.ceil(CALLS / ROUNDS); i++) bucket.push(await timeCall(clients[way], stream));
        }
      }
    }
    const stats = await tallyOf(clients.wrapper)!.shutdown(30_000);

    console.log(`Integration overhead: ${CALLS.toLocaleString("en-US")} sequential calls per way and mode in ${ROUNDS} rounds, loopback, Node ${process.version}, ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? "?"})`);
    const table = [["mode", "way", "p50 ms", "p95 ms", "overhead at p50", "target"]];
    for (const stream of [false, true]) {
      const p = (way: Way, q: number) => quantile([...timings[`${way}:${stream}`]].sort((a, b) => a - b), q);
      for (const way of ways) {
        const overhead = way === "direct" ? "" : `${(p(way, 0.5) - p("direct", 0.5)).toFixed(2)} ms`;
        const target = way === "wrapper" ? "< 1 ms" : way === "direct" ? "" : "< 5 ms";
        table.push([stream ? "stream" : "create", way, p(way, 0.5).toFixed(2), p(way, 0.95).toFixed(2), overhead, target]);
      }
    }
    console.log(markdownTable(table));
    const wrapped = timings["wrapper:false"].length + timings["wrapper:true"].length;
    const proxied = ["proxy", "proxy (own port)"].reduce((n, way) => n + timings[`${way}:false`].length + timings[`${way}:true`].length + 400, 0);
    const day = new Date().toISOString().slice(0, 10);
    let stored = 0;
    for (let i = 0; i < 50 && stored < stats.accepted + proxied; i++) {
      const summary = (await (await fetch(`${tallyUrl}/api/v1/summary?from=${day}&to=${day}&feature=bench`)).json()) as { total: { calls: number } };
      stored = summary.total.calls;
      if (stored < stats.accepted + proxied) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    console.log(`Stored by Tally: ${stored.toLocaleString("en-US")} calls (expected ${(stats.accepted + proxied).toLocaleString("en-US")}: the wrapper's and the proxy's, warm-up included).`);
    console.log(`Wrapper: ${stats.accepted.toLocaleString("en-US")} of ${stats.recorded.toLocaleString("en-US")} recorded calls accepted by Tally (${wrapped.toLocaleString("en-US")} timed + warm-up), ${stats.dropped} dropped, ${stats.failed} failed.`);
  } finally {
    stop();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
