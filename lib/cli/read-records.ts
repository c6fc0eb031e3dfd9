/**
 * Streams usage records out of files of any size, in constant memory: JSONL/NDJSON, CSV with a header
 * row, and log files whose lines carry `[claude] {json}`. Yields each record with its 1-based line number,
 * or an error for that line; never stops at a bad line.
 */
import fs from "node:fs";
import path from "node:path";
import readline from "node:readline";
import { Readable } from "node:stream";
import { parse } from "csv-parse";

export type RecordFormat = "jsonl" | "csv" | "log";
export type ReadItem = { line: number; value: unknown } | { line: number; error: string };

const LOG_MARKER = "[claude]";

function formatFromExtension(file: string): RecordFormat | null {
  const ext = path.extname(file).toLowerCase();
  if ([".jsonl", ".ndjson", ".json"].includes(ext)) return "jsonl";
  if (ext === ".csv") return "csv";
  if ([".log", ".txt"].includes(ext)) return "log";
  return null;
}

function formatFromFirstLine(line: string): RecordFormat {
  const trimmed = line.replace(/^\uFEFF/, "").trim();
  if (trimmed.startsWith("{")) return "jsonl";
  if (trimmed.includes(LOG_MARKER)) return "log";
  return "csv";
}

/** Reads the start of a stream to sniff its format, then gives back a stream that still has every byte. */
async function peek(stream: Readable): Promise<{ head: string; stream: Readable }> {
  const chunks: Buffer[] = [];
  let size = 0;
  const iterator = stream[Symbol.asyncIterator]();
  while (size < 64 * 1024) {
    const { value, done } = await iterator.next();
    if (done) break;
    const chunk = Buffer.isBuffer(value) ? value : Buffer.from(value);
    chunks.push(chunk);
    size += chunk.length;
    if (chunk.includes(10)) break;
  }
  const head = Buffer.concat(chunks);
  async function* rest() {
    yield head;
    for (;;) {
      const { value, done } = await iterator.next();
      if (done) return;
      yield value;
    }
  }
  const firstLine = head.toString("utf8").split(/\r?\n/).find((l) => l.trim() !== "") ?? "";
  return { head: firstLine, stream: Readable.from(rest()) };
}

async function* jsonLines(stream: Readable, format: "jsonl" | "log"): AsyncGenerator<ReadItem> {
  const lines = readline.createInterface({ input: stream, crlfDelay: Infinity });
  let n = 0;
  for await (const raw of lines) {
    n++;
    let line = n === 1 ? raw.replace(/^\uFEFF/, "") : raw;
    if (format === "log") {
      const at = line.indexOf(LOG_MARKER);
      if (at < 0) continue;
      line = line.slice(at + LOG_MARKER.length);
    }
    line = line.trim();
    if (line === "") continue;
    try {
      const value = JSON.parse(line);
      if (typeof value !== "object" || value === null || Array.isArray(value)) {
        yield { line: n, error: "not a JSON object" };
      } else yield { line: n, value };
    } catch (error) {
      yield { line: n, error: `not valid JSON (${(error as Error).message})` };
    }
  }
}

async function* csvRecords(stream: Readable): AsyncGenerator<ReadItem> {
  const parser = stream.pipe(
    parse({ columns: (header: string[]) => header.map((h) => h.trim()), bom: true, skip_empty_lines: true, relax_column_count: true, info: true, trim: true }),
  );
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
      const value: Record<string, string> = {};
      for (const [key, cell] of Object.entries(record)) if (key && cell !== "") value[key] = cell;
      yield { line: info.lines, value };
    }
  } catch (error) {
    const e = error as { message: string; lines?: number };
    yield { line: e.lines ?? 0, error: `CSV: ${e.message}` };
  }
}

/** Records from a file path or a stream (e.g. standard input), in the file's order. */
export async function* readRecords(
  source: string | NodeJS.ReadableStream,
  options: { format?: "auto" | RecordFormat } = {},
): AsyncGenerator<ReadItem> {
  const input = typeof source === "string" ? fs.createReadStream(source) : Readable.from(source as AsyncIterable<Buffer>);
  let format = options.format && options.format !== "auto" ? options.format : typeof source === "string" ? formatFromExtension(source) : null;
  let stream: Readable = input;
  if (!format) {
    const peeked = await peek(input);
    format = formatFromFirstLine(peeked.head);
    stream = peeked.stream;
  }
  yield* format === "csv" ? csvRecords(stream) : jsonLines(stream, format);
}
