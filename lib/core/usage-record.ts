/**
 * The one schema for a usage record, shared by the HTTP API, the CLI importer, the SDK wrapper and the
 * tests. It accepts every shape usage arrives in (Anthropic's `usage` object as the API returns it, the
 * same fields flattened, the short log names `cache_read_tokens` / `cache_write_tokens`, camelCase, or a
 * whole Messages API response) and yields one normalised UsageRecord, or every error as "field: reason".
 */
import { createHash } from "node:crypto";
import { z } from "zod";
import type { QualityFlag, ServiceTier, Speed, UsageRecord } from "./types.js";

/** Larger than any context window by two orders of magnitude: anything above is a bug upstream. */
export const MAX_TOKENS_PER_FIELD = 100_000_000;
export const MAX_TAGS = 50;
/** Longest id, model, feature, project, user and tag, in characters (after trimming). */
export const MAX_TEXT = 200;
/** Longest tag: "key:value" together for the object form. */
const MAX_TAG = MAX_TEXT;
const EARLIEST_MS = Date.parse("2023-01-01T00:00:00Z");
const FUTURE_SLACK_MS = 24 * 3600 * 1000;
const MAX_LATENCY_MS = 86_400_000;
const SERVICE_TIERS: readonly ServiceTier[] = ["standard", "priority", "batch"];
const SPEEDS: readonly Speed[] = ["standard", "fast"];
const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i;
// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u001f\u007f]/;

export interface ParseOptions {
  /** "Now" for defaulting and bounding timestamps, epoch ms. */
  nowMs: number;
  defaults?: { feature?: string; project?: string };
}

export type ParseResult = { ok: true; record: UsageRecord } | { ok: false; id: string | null; errors: string[] };

type Raw = Record<string, unknown>;

function isObject(value: unknown): value is Raw {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

const splitPaths = new Map<string, string[]>();

/** Value at a dotted path, e.g. "usage.cache_creation.ephemeral_5m_input_tokens". */
function at(raw: Raw, path: string): unknown {
  if (!path.includes(".")) return raw[path];
  let keys = splitPaths.get(path);
  if (!keys) splitPaths.set(path, (keys = path.split(".")));
  let value: unknown = raw;
  for (const key of keys) {
    if (typeof value !== "object" || value === null) return undefined;
    value = (value as Raw)[key];
  }
  return value;
}

const present = (value: unknown) => value !== undefined && value !== null && value !== "";

/** A value as an error message quotes it: JSON, cut to 40 characters, so a hostile value cannot flood the answer. */
function shown(value: unknown): string {
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch {
    json = undefined;
  }
  if (json === undefined) json = typeof value;
  return json.length > 40 ? `${json.slice(0, 40)}... (${json.length} characters)` : json;
}

/** A time as an error message shows it: ISO 8601 when it is one, else the number as sent. */
function shownTime(ms: number): string {
  return Math.abs(ms) <= 8.64e15 ? new Date(ms).toISOString() : String(ms);
}

class Collector {
  readonly errors: string[] = [];
  add(field: string, reason: string) {
    this.errors.push(`${field}: ${reason}`);
  }
}

/**
 * A token count from the first of several places it may be sent; all places given must agree.
 * `invalid`: an error was recorded, and `value` (0) must not be checked against other counts.
 */
function tokens(raw: Raw, paths: string[], errors: Collector): { value: number; found: boolean; invalid?: true } {
  let chosen: { path: string; value: number } | null = null;
  for (const path of paths) {
    const value = at(raw, path);
    if (!present(value)) continue;
    let n: number;
    if (typeof value === "number") n = value;
    else if (typeof value === "string" && /^\s*\d+\s*$/.test(value)) n = Number(value);
    else {
      errors.add(path, `must be a non-negative integer, got ${shown(value)}`);
      return { value: 0, found: true, invalid: true };
    }
    if (!Number.isInteger(n) || n < 0) {
      errors.add(path, `must be a non-negative integer, got ${n}`);
      return { value: 0, found: true, invalid: true };
    }
    if (n > MAX_TOKENS_PER_FIELD) {
      errors.add(path, `${n} is not a plausible token count (at most ${MAX_TOKENS_PER_FIELD})`);
      return { value: 0, found: true, invalid: true };
    }
    if (chosen && chosen.value !== n) {
      errors.add(path, `${n} conflicts with ${chosen.path} = ${chosen.value}`);
      return { value: 0, found: true, invalid: true };
    }
    chosen ??= { path, value: n };
  }
  return { value: chosen?.value ?? 0, found: chosen !== null };
}

/** A bounded, trimmed text field from the first place it is sent; null when absent. */
function text(raw: Raw, paths: string[], errors: Collector, max = MAX_TEXT): string | null {
  for (const path of paths) {
    const value = at(raw, path);
    if (!present(value)) continue;
    if (typeof value !== "string" && typeof value !== "number") {
      errors.add(path, `must be a string, got ${Array.isArray(value) ? "an array" : typeof value}`);
      return null;
    }
    const s = String(value).trim();
    if (s.length > max) errors.add(path, `must be at most ${max} characters, got ${s.length}`);
    else if (CONTROL_CHARS.test(s)) errors.add(path, "must not contain control characters");
    else if (s !== "") return s;
    return null;
  }
  return null;
}

function oneOf<T extends string>(raw: Raw, paths: string[], allowed: readonly T[], errors: Collector): T | null {
  const value = text(raw, paths, errors, 32);
  if (value === null) return null;
  const lower = value.toLowerCase() as T;
  if (allowed.includes(lower)) return lower;
  errors.add(paths.find((p) => present(at(raw, p)))!, `must be one of ${allowed.join(", ")}, got "${value}"`);
  return null;
}

function timestamp(raw: Raw, options: ParseOptions, errors: Collector): { ms: number; defaulted: boolean } {
  const value = raw.timestamp;
  if (!present(value)) return { ms: options.nowMs, defaulted: true };
  let ms: number;
  if (typeof value === "number" || (typeof value === "string" && /^\d+$/.test(value.trim()))) {
    ms = Number(value);
    if (!Number.isInteger(ms)) {
      errors.add("timestamp", `epoch milliseconds must be an integer, got ${shown(value)}`);
      return { ms: options.nowMs, defaulted: false };
    }
    if (ms > 0 && ms < 1e11) {
      errors.add("timestamp", `${shown(value)} looks like seconds; send milliseconds (or ISO 8601 with an offset)`);
      return { ms: options.nowMs, defaulted: false };
    }
  } else if (typeof value === "string") {
    const s = value.trim();
    if (!ISO_WITH_OFFSET.test(s)) {
      errors.add("timestamp", `${shown(s)} is not ISO 8601 with a time zone offset (e.g. 2026-11-01T10:00:00Z) or epoch milliseconds`);
      return { ms: options.nowMs, defaulted: false };
    }
    ms = Date.parse(s.replace(" ", "T"));
    // Date.parse rolls impossible dates over (Feb 30 -> Mar 2); check the calendar date itself.
    const [y, m, d] = s.slice(0, 10).split("-").map(Number);
    const calendar = new Date(Date.UTC(y, m - 1, d));
    if (Number.isNaN(ms) || calendar.getUTCMonth() !== m - 1 || calendar.getUTCDate() !== d) {
      errors.add("timestamp", `${shown(s)} is not a real date`);
      return { ms: options.nowMs, defaulted: false };
    }
  } else {
    errors.add("timestamp", `must be an ISO 8601 string or epoch milliseconds, got ${typeof value}`);
    return { ms: options.nowMs, defaulted: false };
  }
  if (ms < EARLIEST_MS) {
    errors.add("timestamp", `${shownTime(ms)} is before 2023-01-01, earlier than any Claude API call`);
  } else if (ms > options.nowMs + FUTURE_SLACK_MS) {
    errors.add("timestamp", `${shownTime(ms)} is more than 24 hours in the future`);
  }
  return { ms, defaulted: false };
}

function tags(raw: Raw, errors: Collector): string[] {
  const value = raw.tags;
  if (!present(value)) return [];
  /** Each tag with the name its errors give it: `tags.3`, or `tags.<key>` for the object form. */
  let list: [field: string, tag: unknown][];
  // Array.from, not map: a sparse array's holes are read as undefined, never skipped.
  if (Array.isArray(value)) list = Array.from(value, (tag, i) => [`tags.${i}`, tag]);
  else if (isObject(value)) {
    list = Object.entries(value).map(([k, v]): [string, unknown] => {
      const field = `tags.${k.length > 40 ? `${k.slice(0, 40)}...` : k}`;
      if (typeof v !== "string" && typeof v !== "number" && typeof v !== "boolean") return [field, v];
      return [field, `${k}:${String(v)}`];
    });
  } else if (typeof value === "string") list = value.split(",").map((tag, i) => [`tags.${i}`, tag]);
  else {
    errors.add("tags", "must be an array of strings, an object of values, or a comma-separated string");
    return [];
  }
  if (list.length > MAX_TAGS) {
    errors.add("tags", `at most ${MAX_TAGS} tags, got ${list.length}`);
    return [];
  }
  const out: string[] = [];
  for (const [field, tag] of list) {
    if (typeof tag !== "string" && typeof tag !== "number") {
      errors.add(field, `must be a string or number, got ${Array.isArray(tag) ? "an array" : tag === null ? "null" : typeof tag}`);
      continue;
    }
    const s = String(tag).trim();
    if (s.length > MAX_TAG) errors.add(field, `must be at most ${MAX_TAG} characters, got ${s.length}`);
    else if (CONTROL_CHARS.test(s)) errors.add(field, "must not contain control characters");
    else if (s && !out.includes(s)) out.push(s);
  }
  return out;
}

function latency(raw: Raw, errors: Collector): number | null {
  for (const path of ["latency_ms", "latencyMs"]) {
    const value = raw[path];
    if (!present(value)) continue;
    const n = typeof value === "string" ? Number(value) : value;
    if (typeof n !== "number" || !Number.isFinite(n) || n < 0 || n > MAX_LATENCY_MS) {
      errors.add(path, `must be milliseconds between 0 and ${MAX_LATENCY_MS}, got ${shown(value)}`);
      return null;
    }
    // Sub-millisecond precision is noise for a call that takes seconds: round to whole ms.
    return Math.round(n);
  }
  return null;
}

const T = {
  input: ["usage.input_tokens", "input_tokens", "inputTokens"],
  output: ["usage.output_tokens", "output_tokens", "outputTokens"],
  cacheRead: ["usage.cache_read_input_tokens", "cache_read_input_tokens", "cache_read_tokens", "cacheReadInputTokens", "cacheReadTokens"],
  cacheWriteTotal: ["usage.cache_creation_input_tokens", "cache_creation_input_tokens", "cache_write_tokens", "cacheCreationInputTokens", "cacheWriteTokens"],
  write5m: ["usage.cache_creation.ephemeral_5m_input_tokens", "cache_creation.ephemeral_5m_input_tokens", "ephemeral_5m_input_tokens", "cache_write_5m_tokens", "cacheWrite5mTokens"],
  write1h: ["usage.cache_creation.ephemeral_1h_input_tokens", "cache_creation.ephemeral_1h_input_tokens", "ephemeral_1h_input_tokens", "cache_write_1h_tokens", "cacheWrite1hTokens"],
  webSearch: ["usage.server_tool_use.web_search_requests", "server_tool_use.web_search_requests", "web_search_requests", "webSearchRequests"],
  webFetch: ["usage.server_tool_use.web_fetch_requests", "server_tool_use.web_fetch_requests", "web_fetch_requests", "webFetchRequests"],
};

/**
 * A content-derived id: the same record (whatever its key order or naming convention) always gets the
 * same id, so re-sending it is a duplicate. A record without a timestamp is identified by content alone.
 */
function derivedId(record: Omit<UsageRecord, "id" | "flags">, timestampDefaulted: boolean): string {
  const { timestampMs, ...rest } = record;
  const canonical = JSON.stringify(Object.entries(timestampDefaulted ? rest : { ...rest, timestampMs }).sort(([a], [b]) => a.localeCompare(b)));
  return `h_${createHash("sha256").update(canonical).digest("hex").slice(0, 32)}`;
}

function normalise(raw: Raw, options: ParseOptions): ParseResult {
  const errors = new Collector();
  const id = text(raw, ["id"], errors);
  const model = text(raw, ["model"], errors);
  if (!model && !errors.errors.some((e) => e.startsWith("model:"))) errors.add("model", "required");

  const input = tokens(raw, T.input, errors);
  const output = tokens(raw, T.output, errors);
  const cacheRead = tokens(raw, T.cacheRead, errors);
  const total = tokens(raw, T.cacheWriteTotal, errors);
  const w5 = tokens(raw, T.write5m, errors);
  const w1 = tokens(raw, T.write1h, errors);
  const webSearch = tokens(raw, T.webSearch, errors);
  const webFetch = tokens(raw, T.webFetch, errors);
  if (![input, output, cacheRead, total, w5, w1, webSearch, webFetch].some((t) => t.found)) {
    errors.add("usage", "no token counts (expected usage.input_tokens, usage.output_tokens, ...)");
  }

  const flags: QualityFlag[] = [];
  let cacheWrite5mTokens = 0;
  let cacheWrite1hTokens = 0;
  const parts = w5.value + w1.value;
  if (parts > 0) {
    if (total.found && !total.invalid && total.value !== parts) {
      errors.add("cache_creation_input_tokens", `${total.value} does not equal the 5m + 1h split (${w5.value} + ${w1.value})`);
    }
    cacheWrite5mTokens = w5.value;
    cacheWrite1hTokens = w1.value;
  } else if (total.value > 0) {
    // Older SDKs and some tool-use responses send a total with no split: Anthropic bills those as 5-minute writes.
    cacheWrite5mTokens = total.value;
    flags.push("cache_split_missing");
  }

  const when = timestamp(raw, options, errors);
  const serviceTier = oneOf(raw, ["service_tier", "serviceTier", "usage.service_tier"], SERVICE_TIERS, errors) ?? "standard";
  const speed = oneOf(raw, ["speed", "usage.speed"], SPEEDS, errors);
  const record: Omit<UsageRecord, "id" | "flags"> = {
    model: model ?? "",
    timestampMs: when.ms,
    feature: text(raw, ["feature"], errors) ?? options.defaults?.feature ?? "",
    project: text(raw, ["project"], errors) ?? options.defaults?.project ?? "",
    user: text(raw, ["user", "user_id", "userId"], errors),
    tags: tags(raw, errors),
    stopReason: text(raw, ["stop_reason", "stopReason"], errors, 64),
    latencyMs: latency(raw, errors),
    serviceTier,
    inferenceGeo: text(raw, ["inference_geo", "inferenceGeo", "usage.inference_geo"], errors, 32),
    speed,
    inputTokens: input.value,
    outputTokens: output.value,
    cacheReadTokens: cacheRead.value,
    cacheWrite5mTokens,
    cacheWrite1hTokens,
    webSearchRequests: webSearch.value,
    webFetchRequests: webFetch.value,
  };
  const incomplete = raw.incomplete;
  if (present(incomplete) && typeof incomplete !== "boolean") errors.add("incomplete", `must be true or false, got ${shown(incomplete)}`);
  if (errors.errors.length) return { ok: false, id, errors: errors.errors };
  if (!id) flags.push("derived_id");
  if (incomplete === true) flags.push("stream_incomplete");
  return { ok: true, record: { ...record, id: id ?? derivedId(record, when.defaulted), flags } };
}

/** The usage-record schema, bound to a clock and defaults: parses unknown input into a UsageRecord. */
export function createUsageRecordSchema(options?: Partial<ParseOptions>) {
  return z.unknown().transform((input, ctx): UsageRecord => {
    const result = parseUsageRecord(input, { nowMs: options?.nowMs ?? Date.now(), defaults: options?.defaults });
    if (result.ok) return result.record;
    for (const message of result.errors) ctx.addIssue({ code: "custom", message, path: [message.split(":")[0]] });
    return z.NEVER;
  });
}

/** The schema with the current time as "now" and no defaults. */
export const usageRecordSchema = createUsageRecordSchema();

/** Validates and normalises one record; collects every error, each naming its field. */
export function parseUsageRecord(input: unknown, options: ParseOptions): ParseResult {
  if (!isObject(input)) {
    return { ok: false, id: null, errors: [`record: must be a JSON object, got ${Array.isArray(input) ? "an array" : input === null ? "null" : typeof input}`] };
  }
  return normalise(input, options);
}
