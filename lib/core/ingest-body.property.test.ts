/**
 * Properties of body parsing for POST /api/v1/usage: whatever text arrives, with whatever Content-Type,
 * parseIngestBody answers (never throws) with either records and their indexes or a 400/415 with a
 * message; JSON is read as JSON.parse reads it; nesting is refused exactly above 64 levels.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isLineParseError, MAX_JSON_DEPTH, parseIngestBody } from "./ingest-body";

const CONTENT_TYPES = [null, "", "application/json", "application/json; charset=utf-8", "application/x-ndjson", "application/vnd.api+json", "text/plain", "multipart/form-data"];

/** Text with JSON's punctuation over-represented, so bodies are often nearly JSON. */
const jsonish = fc.string({ unit: fc.constantFrom("{", "}", "[", "]", '"', "\\", ",", ":", "\n", " ", "1", "a", "null", "-", "e") });

/** Any UTF-16 code units, lone surrogates included (a body decoded from bytes that were not UTF-8). */
const utf16 = fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)) });

function expectAnswer(body: ReturnType<typeof parseIngestBody>) {
  if (body.ok) {
    expect(body.indexes).toHaveLength(body.items.length);
  } else {
    expect([400, 415]).toContain(body.status);
    expect(body.message.length).toBeGreaterThan(0);
  }
}

describe("parseIngestBody on arbitrary input", () => {
  it("never throws on any text with any Content-Type", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), jsonish, utf16), fc.constantFrom(...CONTENT_TYPES), (text, type) => {
        expectAnswer(parseIngestBody(text, type));
      }),
      { numRuns: 300 },
    );
  });

  it("reads any JSON value as JSON.parse does: an object is one record, an array is its records, anything else is 400", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = JSON.stringify(value);
        const body = parseIngestBody(text, "application/json");
        const parsed = JSON.parse(text);
        if (Array.isArray(parsed)) expect(body).toEqual({ ok: true, items: parsed, indexes: parsed.map((_, i) => i) });
        else if (typeof parsed === "object" && parsed !== null) expect(body).toEqual({ ok: true, items: [parsed], indexes: [0] });
        else expect(body).toMatchObject({ ok: false, status: 400 });
      }),
      { numRuns: 200 },
    );
  });

  it("reads NDJSON line by line: each object on its line, each bad line a parse error carrying its line number", () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.dictionary(fc.string(), fc.jsonValue()).map((o) => JSON.stringify(o)), jsonish.map((s) => s.replace(/\n/g, ""))), { minLength: 1, maxLength: 20 }), (lines) => {
        const body = parseIngestBody(lines.join("\n"), "application/x-ndjson");
        const expected = lines.map((line, i) => [i, line] as const).filter(([, line]) => line.trim() !== "");
        if (expected.length === 0) {
          expect(body).toMatchObject({ ok: false, status: 400 });
          return;
        }
        if (!body.ok) throw new Error(body.message);
        expect(body.indexes).toEqual(expected.map(([i]) => i));
        body.items.forEach((item, k) => {
          const [i, line] = expected[k];
          if (isLineParseError(item)) expect(item.__parseError).toMatch(new RegExp(`^line ${i + 1}: `));
          else expect(item).toEqual(JSON.parse(line));
        });
      }),
      { numRuns: 100 },
    );
  });

  it("refuses nesting exactly above the limit, wherever the brackets and strings with brackets are", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 * MAX_JSON_DEPTH }), fc.array(fc.constantFrom("[", "{"), { minLength: 1 }), fc.string(), (depth, kinds, noise) => {
        const opens = Array.from({ length: depth }, (_, i) => kinds[i % kinds.length]);
        const text = opens.map((o) => (o === "{" ? `{${JSON.stringify(noise)}:` : `[${JSON.stringify(noise)},`)).join("") + "0" + opens.reverse().map((o) => (o === "{" ? "}" : "]")).join("");
        const body = parseIngestBody(text, "application/json");
        expect(body.ok).toBe(depth <= MAX_JSON_DEPTH);
        if (!body.ok) expect(body.message).toBe(`body is nested more than ${MAX_JSON_DEPTH} levels deep (the limit for objects and arrays)`);
      }),
      { numRuns: 200 },
    );
  });
});
