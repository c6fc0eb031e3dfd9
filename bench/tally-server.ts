/**
 * A Tally server for benchmarks: `next start` (built first when there is no build) on a database of the
 * benchmark's choosing, with the alert schedule off, and an ingest key made with the CLI.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "..");
const NEXT = path.join(ROOT, "node_modules/next/dist/bin/next");

export interface BenchServer {
  url: string;
  /** An ingest key for POST /api/v1/usage. */
  key: string;
  process: ChildProcess;
  stop(): void;
}

/** Waits until `url` answers (with a 2xx when `ok`). */
export async function waitFor(url: string, ok = true): Promise<void> {
  for (let i = 0; i < 600; i++) {
    try {
      const response = await fetch(url);
      await response.body?.cancel();
      if (!ok || response.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`nothing answered at ${url}`);
}

/** Builds the app unless a build is there already. */
export function ensureBuilt(): void {
  if (!fs.existsSync(path.join(ROOT, ".next/BUILD_ID"))) execFileSync(process.execPath, [NEXT, "build"], { cwd: ROOT, stdio: "inherit" });
}

export async function startTally(options: { databaseUrl: string; port: number; env?: Record<string, string> }): Promise<BenchServer> {
  ensureBuilt();
  const env = { ...process.env, DATABASE_URL: options.databaseUrl, TALLY_ALERTS_INTERVAL_SECONDS: "0", ...options.env };
  const child = spawn(process.execPath, [NEXT, "start", "-p", String(options.port), "-H", "127.0.0.1"], { cwd: ROOT, env, stdio: ["ignore", "ignore", "inherit"] });
  const url = `http://127.0.0.1:${options.port}`;
  await waitFor(`${url}/api/health`);
  const key = execFileSync(process.execPath, [path.join(ROOT, "scripts/tally.mjs"), "keys", "create", "--name", `bench-${Date.now()}`], { cwd: ROOT, env, encoding: "utf8" })
    .trim()
    .split("\n")
    .pop()!;
  return { url, key, process: child, stop: () => child.kill("SIGTERM") };
}
