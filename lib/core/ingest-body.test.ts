import { describe, expect, it } from "vitest";
import { exceedsJsonDepth, isLineParseError, parseIngestBody } from "./ingest-body";

describe("parseIngestBody", () => {
  it("takes one object or an array as JSON", () => {
    expect(parseIngestBody('{"a":1}', "application/json")).toEqual({ ok: true, items: [{ a: 1 }], indexes: [0] });
    expect(parseIngestBody('[{"a":1},2]', "application/json; charset=utf-8")).toEqual({ ok: true, items: [{ a: 1 }, 2], indexes: [0, 1] });
  });

  it("indexes NDJSON records by their 0-based line, and turns a bad line into that record's error", () => {
    const body = parseIngestBody('{"a":1}\n\n{oops\r\n{"b":2}\n', "application/x-ndjson");
    expect(body.ok).toBe(true);
    if (!body.ok) return;
    expect(body.indexes).toEqual([0, 2, 3]);
    expect(isLineParseError(body.items[1])).toBe(true);
    expect((body.items[1] as { __parseError: string }).__parseError).toMatch(/^line 3: not valid JSON/);
  });

  it("answers 400 for empty or broken JSON and 415 for other types", () => {
    expect(parseIngestBody("", "application/json")).toMatchObject({ ok: false, status: 400, message: "request body is empty" });
    expect(parseIngestBody("[{", "application/json")).toMatchObject({ ok: false, status: 400, message: expect.stringMatching(/not valid JSON/) });
    expect(parseIngestBody('"text"', "application/json")).toMatchObject({ ok: false, status: 400 });
    expect(parseIngestBody("a=b", "application/x-www-form-urlencoded")).toMatchObject({ ok: false, status: 415 });
    expect(parseIngestBody("{}", null)).toMatchObject({ ok: false, status: 415, message: expect.stringMatching(/missing/) });
  });

  it("refuses JSON nested more than 64 levels before parsing it; brackets inside strings do not count", () => {
    const deep = (n: number) => "[".repeat(n) + "]".repeat(n);
    expect(parseIngestBody(`[${deep(63)}]`, "application/json").ok).toBe(true);
    expect(parseIngestBody(`[${deep(64)}]`, "application/json")).toEqual({ ok: false, status: 400, message: "body is nested more than 64 levels deep (the limit for objects and arrays)" });
    expect(exceedsJsonDepth(JSON.stringify({ note: "[".repeat(100), escaped: '\\"[[[[' }))).toBe(false);
    const ndjson = parseIngestBody(`{"a":1}\n${deep(100_000)}\n{"b":2}`, "application/x-ndjson");
    expect(ndjson.ok && ndjson.items.map((item) => (isLineParseError(item) ? item.__parseError : item))).toEqual([
      { a: 1 },
      "line 2: nested more than 64 levels deep (the limit for objects and arrays)",
      { b: 2 },
    ]);
  });

  it("a record carrying a field named like the parse-error marker is a record, not a parse error", () => {
    const body = parseIngestBody('[{"__parseError":"x","model":"m"}]', "application/json");
    expect(body.ok && isLineParseError(body.items[0])).toBe(false);
  });
});
