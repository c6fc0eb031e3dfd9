/** Parsing of `POST /api/v1/usage` bodies: one JSON record, a JSON array, or NDJSON. Pure. */

/** An NDJSON line that is not JSON: reported as that record's rejection, not as a body error. */
export interface LineParseError {
  __parseError: string;
}

export function isLineParseError(item: unknown): item is LineParseError {
  return typeof item === "object" && item !== null && typeof (item as LineParseError).__parseError === "string";
}

export type IngestBody =
  | {
      ok: true;
      items: unknown[];
      /** Index reported for items[i]: its position in the array, or its 0-based line number in NDJSON. */
      indexes: number[];
    }
  | { ok: false; status: 400 | 415; message: string };

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
    try {
      items.push(JSON.parse(line));
    } catch (error) {
      items.push({ __parseError: `line ${i + 1}: not valid JSON (${(error as Error).message})` } satisfies LineParseError);
    }
  });
  if (items.length === 0) return { ok: false, status: 400, message: "request body has no records" };
  return { ok: true, items, indexes };
}
