import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { afterAll, describe, expect, it } from "vitest";
import { type ReadItem, readRecords } from "./read-records";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tally-read-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function collect(source: string | Readable): Promise<ReadItem[]> {
  const out: ReadItem[] = [];
  for await (const item of readRecords(source)) out.push(item);
  return out;
}

function file(name: string, content: string): string {
  const p = path.join(dir, name);
  fs.writeFileSync(p, content);
  return p;
}

describe("readRecords", () => {
  it("JSONL: line numbers count blank lines, a BOM and CRLF are handled, bad lines are errors", async () => {
    const items = await collect(file("a.jsonl", '\uFEFF{"a":1}\r\n\r\n{bad\r\n[1]\r\n{"b":2}'));
    expect(items).toEqual([
      { line: 1, value: { a: 1 } },
      { line: 3, error: expect.stringMatching(/not valid JSON/) },
      { line: 4, error: "not a JSON object" },
      { line: 5, value: { b: 2 } },
    ]);
  });

  it("CSV: header names the fields, empty cells are absent, the record's line is reported", async () => {
    const items = await collect(file("a.csv", "model,input_tokens,feature\nclaude-haiku-4-5,10,\n\n\"claude,odd\",20,x\n"));
    expect(items).toEqual([
      { line: 2, value: { model: "claude-haiku-4-5", input_tokens: "10" } },
      { line: 4, value: { model: "claude,odd", input_tokens: "20", feature: "x" } },
    ]);
  });

  it("logs: only [claude] lines count", async () => {
    const items = await collect(
      file("app.log", 'started\n2026-11-01 INFO [claude] {"model":"m","input_tokens":1}\nother\nWARN [claude] {nope\n'),
    );
    expect(items).toEqual([
      { line: 2, value: { model: "m", input_tokens: 1 } },
      { line: 4, error: expect.stringMatching(/not valid JSON/) },
    ]);
  });

  it("sniffs the format of a stream without an extension", async () => {
    expect(await collect(Readable.from(['{"a":1}\n{"a":2}\n']))).toHaveLength(2);
    expect(await collect(Readable.from(["model,input_tokens\nm,1\n"]))).toEqual([{ line: 2, value: { model: "m", input_tokens: "1" } }]);
    expect(await collect(Readable.from(['x [claude] {"a":1}\n']))).toEqual([{ line: 1, value: { a: 1 } }]);
  });

  it("streams a 200,000-line file", async () => {
    const p = path.join(dir, "big.jsonl");
    const out = fs.createWriteStream(p);
    for (let i = 0; i < 200_000; i++) out.write(`{"model":"m","input_tokens":${i}}\n`);
    await new Promise((resolve) => out.end(resolve));
    let count = 0;
    let last: ReadItem | undefined;
    for await (const item of readRecords(p)) {
      count++;
      last = item;
    }
    expect(count).toBe(200_000);
    expect(last).toEqual({ line: 200_000, value: { model: "m", input_tokens: 199_999 } });
  });
});
