/**
 * Runs a TypeScript file of this repository in a child Node process (through tsx, with the project's
 * tsconfig paths), as a separate app instance or runner would run, with lines of its standard output
 * readable one at a time.
 */
import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import readline from "node:readline";

export interface TsProcess {
  child: ChildProcess;
  /** The next line the process prints (rejects if it exits first). */
  nextLine(): Promise<string>;
  /** Resolves with the exit code (or the signal that ended it). */
  exited: Promise<number | NodeJS.Signals>;
}

export function spawnTs(file: string, args: string[], env: Record<string, string> = {}): TsProcess {
  const child = spawn(process.execPath, ["--import", "tsx", path.resolve(file), ...args], {
    cwd: path.resolve(import.meta.dirname, "../.."),
    env: { ...process.env, ...env },
    stdio: ["pipe", "pipe", "inherit"],
  });
  const exited = new Promise<number | NodeJS.Signals>((resolve) => child.on("exit", (code, signal) => resolve(code ?? signal ?? -1)));
  const queue: string[] = [];
  const waiting: { resolve: (line: string) => void; reject: (error: Error) => void }[] = [];
  readline.createInterface({ input: child.stdout! }).on("line", (line) => {
    const next = waiting.shift();
    if (next) next.resolve(line);
    else queue.push(line);
  });
  exited.then((code) => {
    for (const next of waiting.splice(0)) next.reject(new Error(`${path.basename(file)} exited (${code}) before printing a line`));
  });
  return {
    child,
    exited,
    nextLine: () => {
      const line = queue.shift();
      if (line !== undefined) return Promise.resolve(line);
      if (child.exitCode !== null || child.signalCode !== null) return Promise.reject(new Error(`${path.basename(file)} has exited`));
      return new Promise((resolve, reject) => waiting.push({ resolve, reject }));
    },
  };
}
