/**
 * Importing a large JSONL file with `tally import`: the file is written first (unique records in the
 * ingest API's shape), then imported by the CLI in a process of its own into a fresh database, while its
 * resident memory is read from /proc every 100 ms. Reports records per second, the peak RSS (VmHWM) and
 * the RSS a tenth and nine tenths of the way through: constant memory shows as the three being alike.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { once } from "node:events";

const ROOT = path.resolve(import.meta.dirname, "..");

export interface ImportRssResult {
  fileBytes: number;
  records: number;
  seconds: number;
  recordsPerSecond: number;
  peakRssMb: number;
  /** RSS a tenth of the way through the import, and nine tenths. */
  earlyRssMb: number;
  lateRssMb: number;
}

/** Writes `bytes` worth of JSONL (at least) from `makeRecord(i)`; returns how many records it wrote. */
async function writeJsonl(file: string, bytes: number, makeRecord: (i: number) => Record<string, unknown>): Promise<number> {
  const out = fs.createWriteStream(file);
  let written = 0;
  let i = 0;
  while (written < bytes) {
    const lines: string[] = [];
    for (let k = 0; k < 1000; k++) lines.push(JSON.stringify(makeRecord(i++)));
    const chunk = `${lines.join("\n")}\n`;
    written += Buffer.byteLength(chunk);
    if (!out.write(chunk)) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
  return i;
}

function statusKb(pid: number, field: "VmHWM" | "VmRSS"): number | null {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  }
}

export async function importRss(options: { gigabytes: number; databaseUrl?: string; makeRecord: (i: number) => Record<string, unknown> }): Promise<ImportRssResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tally-bench-import-"));
  try {
    const file = path.join(dir, "calls.jsonl");
    const records = await writeJsonl(file, options.gigabytes * 1024 ** 3, options.makeRecord);
    const fileBytes = fs.statSync(file).size;
    const env = { ...process.env, DATABASE_URL: options.databaseUrl ?? `file:${path.join(dir, "tally.db")}` };
    const start = process.hrtime.bigint();
    const child = spawn(process.execPath, [path.join(ROOT, "scripts/tally.mjs"), "import", file], { cwd: ROOT, env, stdio: ["ignore", "pipe", "inherit"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    let peakKb = 0;
    const samples: { seconds: number; kb: number }[] = [];
    const timer = setInterval(() => {
      peakKb = Math.max(peakKb, statusKb(child.pid!, "VmHWM") ?? 0);
      const kb = statusKb(child.pid!, "VmRSS");
      if (kb !== null) samples.push({ seconds: Number(process.hrtime.bigint() - start) / 1e9, kb });
    }, 100);
    const [code] = (await once(child, "exit")) as [number | null];
    clearInterval(timer);
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    if (code !== 0) throw new Error(`tally import exited with ${code}: ${output.slice(-500)}`);
    const accepted = Number(/: (\d+) accepted/.exec(output)?.[1] ?? NaN);
    if (accepted !== records) throw new Error(`tally import accepted ${accepted} of ${records} records: ${output.slice(-300)}`);
    // The CLI reads the file front to back, so RSS a tenth and nine tenths of the way through shows whether memory grew with it.
    const at = (fraction: number) => samples.find((s) => s.seconds >= fraction * seconds)?.kb ?? peakKb;
    return { fileBytes, records, seconds, recordsPerSecond: records / seconds, peakRssMb: peakKb / 1024, earlyRssMb: at(0.1) / 1024, lateRssMb: at(0.9) / 1024 };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
