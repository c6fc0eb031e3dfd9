/** Starts tests/helpers/smtp-sink-server.mjs (a real SMTP server, smtp-server package) as a child process on loopback. */
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export interface SinkMessage {
  from: string | null;
  to: string[];
  user: string | null;
  /** The message as received (RFC 5322), for mailparser. */
  raw: string;
}

export interface SmtpSink {
  port: number;
  pid: number;
  user: string;
  password: string;
  messages(): SinkMessage[];
  stop(): Promise<void>;
}

export async function startSmtpSink({ user = "alerts", password = "s3cret" } = {}): Promise<SmtpSink> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tally-smtp-"));
  const file = path.join(dir, "messages.jsonl");
  const child: ChildProcess = spawn(process.execPath, [path.resolve(import.meta.dirname, "smtp-sink-server.mjs"), file], {
    env: { ...process.env, SMTP_SINK_USER: user, SMTP_SINK_PASSWORD: password },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("the SMTP sink did not start within 10 s")), 10_000);
    let out = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString("utf8");
      const match = /listening (\d+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the SMTP sink exited with ${code}`));
    });
  });
  return {
    port,
    pid: child.pid!,
    user,
    password,
    messages: () =>
      fs.existsSync(file)
        ? fs
            .readFileSync(file, "utf8")
            .split("\n")
            .filter(Boolean)
            .map((line) => JSON.parse(line) as SinkMessage)
        : [],
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGTERM");
        await exited;
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
