// Builds the app and starts it on a fresh, temporary SQLite database for the browser tests.
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const port = process.argv[2] ?? "3100";
const dir = path.resolve("tests/.tmp");
fs.mkdirSync(dir, { recursive: true });
const database = path.join(dir, `e2e-${Date.now()}.db`);
// The proxy's upstream is a fake Messages API that tests/e2e/proxy.spec.ts starts on the port after the
// server's plus 99 (see upstreamPort in support.ts).
const upstream = `http://127.0.0.1:${Number(port) + 99}`;
// The first admin the server creates; tests/e2e/support.ts signs in with the same.
const env = {
  ...process.env,
  DATABASE_URL: `file:${database}`,
  PORT: port,
  HOSTNAME: "127.0.0.1",
  TALLY_PROXY_UPSTREAM: upstream,
  TALLY_ADMIN_EMAIL: "admin@e2e.tally",
  TALLY_ADMIN_PASSWORD: "e2e admin passphrase",
};
// Tests that drive the CLI against the running server's database read its URL here.
fs.writeFileSync(path.join(dir, "e2e-database-url"), env.DATABASE_URL);

const next = path.resolve("node_modules/next/dist/bin/next");
execFileSync(process.execPath, [next, "build"], { stdio: "inherit", env });
const server = spawn(process.execPath, [next, "start", "-p", port, "-H", "127.0.0.1"], { stdio: "inherit", env });
const stop = () => {
  server.kill("SIGTERM");
  for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(`${database}${suffix}`, { force: true });
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
server.on("exit", (code) => process.exit(code ?? 0));
