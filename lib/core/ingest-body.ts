/** Parsing of `POST /api/v1/usage` bodies: one JSON record, a JSON array, or NDJSON. Pure. */

/**
 * An item that could not be read (an NDJSON line that is not JSON, a malformed OTLP span): reported as
 * that record's rejection, not as a body error. A class, so no JSON a client sends can pose as one.
 */
export class LineParseError {
  constructor(readonly __parseError: string) {}
}

export function isLineParseError(item: unknown): item is LineParseError {
  return item instanceof LineParseError;
}

export type IngestBody =
  | {
      ok: true;
      items: unknown[];
      /** Index reported for items[i]: its position in the array, or its 0-based line number in NDJSON. */
      indexes: number[];
    }
  | { ok: false; status: 400 | 415; message: string };

/** Deepest JSON nesting accepted (objects and arrays). A usage record needs 3; OTLP needs about 8. */
export const MAX_JSON_DEPTH = 64;

/**
 * True when some object or array in `text` is nested more than `max` levels deep. A linear scan that
 * skips string contents; cheap enough to run before JSON.parse, so pathological bodies never reach it.
 */
export function exceedsJsonDepth(text: string, max: number = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
      continue;
    }
    if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) return true;
    } else if (c === 0x7d || c === 0x5d) {
      if (depth > 0) depth--;
    }
  }
  return false;
}

/** How a body or line nested too deeply is described: "body is ...", "line 3: ...". */
export const JSON_TOO_DEEP = `nested more than ${MAX_JSON_DEPTH} levels deep (the limit for objects and arrays)`;

const NDJSON_TYPES = ["application/x-ndjson", "application/ndjson", "application/jsonl", "application/x-jsonlines"];

export function parseIngestBody(text: string, contentType: string | null): IngestBody {
  const type = (contentType ?? "").split(";")[0].trim().toLowerCase();
  const isJson = type === "application/json" || type.endsWith("+json");
  const isNdjson = NDJSON_TYPES.includes(type);
  if (!isJson && !isNdjson) {
    return {
      ok: false,
      status: 415,
      message: `Content-Type ${type ? `"${type}"` : "missing"}: send application/json (a record or an array of records) or application/x-ndjson (one record per line)`,
    };
  }
  if (text.trim() === "") return { ok: false, status: 400, message: "request body is empty" };
  if (isJson) {
    if (exceedsJsonDepth(text)) return { ok: false, status: 400, message: `body is ${JSON_TOO_DEEP}` };
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      return { ok: false, status: 400, message: `body is not valid JSON: ${(error as Error).message}` };
    }
    if (Array.isArray(value)) return { ok: true, items: value, indexes: value.map((_, i) => i) };
    if (typeof value === "object" && value !== null) return { ok: true, items: [value], indexes: [0] };
    return { ok: false, status: 400, message: "body must be a JSON object (one record) or an array of records" };
  }
  const items: unknown[] = [];
  const indexes: number[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === "") return;
    indexes.push(i);
    if (exceedsJsonDepth(line)) {
      items.push(new LineParseError(`line ${i + 1}: ${JSON_TOO_DEEP}`));
      return;
    }
    try {
      items.push(JSON.parse(line));
    } catch (error) {
      items.push(new LineParseError(`line ${i + 1}: not valid JSON (${(error as Error).message})`));
    }
  });
  if (items.length === 0) return { ok: false, status: 400, message: "request body has no records" };
  return { ok: true, items, indexes };
}
