/**
 * Anthropic Admin API reports (cost report and messages usage report) as Tally reads them: zod schemas
 * for one page of each, and their normalisation to lines keyed day (UTC, the bucket's starting_at) x
 * model x service tier x token type. Cost lines carry pico-USD parsed exactly from `amount`, a decimal
 * string in CENTS ("243.72" is $2.4372); usage lines carry token counts (web search: requests).
 */
import { z } from "zod";

/** The token types Tally compares; one per cost component of a call. */
export const TOKEN_TYPES = ["uncached_input", "output", "cache_read", "cache_write_5m", "cache_write_1h", "web_search", "code_execution"] as const;
export type TokenType = (typeof TOKEN_TYPES)[number];

export const TOKEN_TYPE_LABELS: Record<TokenType, string> = {
  uncached_input: "input (uncached)",
  output: "output",
  cache_read: "cache read",
  cache_write_5m: "cache write 5m",
  cache_write_1h: "cache write 1h",
  web_search: "web search",
  code_execution: "code execution",
};

export type ReportSource = "cost" | "usage";

/** Shown for a dimension the report left null (not grouped by it). */
export const UNKNOWN_MODEL = "(unknown)";

const isoTime = z.string().refine((v) => !Number.isNaN(Date.parse(v)), { message: "must be an RFC 3339 time" });
const count = z.number().int().nonnegative();
const optionalCount = count.nullish().transform((v) => v ?? 0);

const costResultSchema = z.object({
  amount: z.string().regex(/^-?\d+(\.\d{1,10})?$/, { message: 'must be a decimal string in cents with at most 10 decimals, like "243.72"' }),
  currency: z.literal("USD").nullish(),
  cost_type: z.string().nullish(),
  token_type: z.string().nullish(),
  model: z.string().nullish(),
  service_tier: z.string().nullish(),
  context_window: z.string().nullish(),
  description: z.string().nullish(),
  workspace_id: z.string().nullish(),
});

const usageResultSchema = z.object({
  uncached_input_tokens: optionalCount,
  output_tokens: optionalCount,
  cache_read_input_tokens: optionalCount,
  cache_creation: z
    .object({ ephemeral_5m_input_tokens: optionalCount, ephemeral_1h_input_tokens: optionalCount })
    .nullish()
    .transform((v) => v ?? { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 0 }),
  server_tool_use: z
    .object({ web_search_requests: optionalCount })
    .nullish()
    .transform((v) => v ?? { web_search_requests: 0 }),
  model: z.string().nullish(),
  service_tier: z.string().nullish(),
  context_window: z.string().nullish(),
  inference_geo: z.string().nullish(),
  workspace_id: z.string().nullish(),
  api_key_id: z.string().nullish(),
});

function pageSchema<T extends z.ZodTypeAny>(result: T) {
  return z.object({
    data: z.array(z.object({ starting_at: isoTime, ending_at: isoTime.nullish(), results: z.array(result) })),
    has_more: z.boolean().nullish(),
    next_page: z.string().nullish(),
  });
}

/** One page of GET /v1/organizations/cost_report. */
export const costReportPageSchema = pageSchema(costResultSchema);
/** One page of GET /v1/organizations/usage_report/messages. */
export const usageReportPageSchema = pageSchema(usageResultSchema);

export type CostReportPage = z.infer<typeof costReportPageSchema>;
export type UsageReportPage = z.infer<typeof usageReportPageSchema>;

export interface AdminReportLine {
  day: string;
  /** The model id as Anthropic reports it ("(unknown)" when the report does not say). */
  model: string;
  serviceTier: string;
  tokenType: TokenType;
  /** Cost report: pico-USD. Usage report: tokens (web search: requests). */
  value: bigint;
}

export interface NormalizedReport {
  source: ReportSource;
  /** The UTC days the pages cover (every bucket, also empty ones): an import replaces exactly these. */
  days: string[];
  lines: AdminReportLine[];
}

/** 1 cent = 10^10 pico-USD. */
const PICO_PER_CENT = 10_000_000_000n;

/** Parses a cents decimal string exactly: "243.72" -> 2_437_200_000_000n pico-USD ($2.4372). */
export function centsToPico(amount: string): bigint {
  const match = /^(-)?(\d+)(?:\.(\d{1,10}))?$/.exec(amount.trim());
  if (!match) throw new Error(`not an exact amount in cents: "${amount}"`);
  const [, sign, whole, fraction = ""] = match;
  const pico = BigInt(whole) * PICO_PER_CENT + BigInt(fraction.padEnd(10, "0"));
  return sign ? -pico : pico;
}

/** The UTC day a bucket starts on. */
export function bucketDay(startingAt: string): string {
  return new Date(Date.parse(startingAt)).toISOString().slice(0, 10);
}

/** A cost-report result's token type; null for a cost Tally does not know how to compare. */
export function costTokenType(costType: string | null | undefined, tokenType: string | null | undefined): TokenType | null {
  if (costType === "web_search") return "web_search";
  if (costType === "code_execution") return "code_execution";
  switch (tokenType) {
    case "uncached_input_tokens":
      return "uncached_input";
    case "output_tokens":
      return "output";
    case "cache_read_input_tokens":
      return "cache_read";
    case "cache_creation.ephemeral_5m_input_tokens":
      return "cache_write_5m";
    case "cache_creation.ephemeral_1h_input_tokens":
      return "cache_write_1h";
    default:
      return null;
  }
}

const tierOf = (tier: string | null | undefined) => tier ?? "standard";

function lineKey(l: Omit<AdminReportLine, "value">): string {
  return `${l.day}\u0000${l.model}\u0000${l.serviceTier}\u0000${l.tokenType}`;
}

/** Sums lines with the same key (a report grouped by more dimensions than Tally compares gives several). */
export function mergeLines(lines: Iterable<AdminReportLine>): AdminReportLine[] {
  const merged = new Map<string, AdminReportLine>();
  for (const line of lines) {
    const key = lineKey(line);
    const seen = merged.get(key);
    if (seen) seen.value += line.value;
    else merged.set(key, { ...line });
  }
  return [...merged.values()].sort((a, b) => (lineKey(a) < lineKey(b) ? -1 : lineKey(a) > lineKey(b) ? 1 : 0));
}

/** Buckets of several pages, each distinct bucket once: a page passed twice must not count twice. */
function distinctBuckets<T extends { starting_at: string; results: unknown[] }>(pages: { data: T[] }[]): T[] {
  const seen = new Set<string>();
  const out: T[] = [];
  for (const page of pages) {
    for (const bucket of page.data) {
      const key = `${bucket.starting_at}\u0000${JSON.stringify(bucket.results)}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(bucket);
    }
  }
  return out;
}

export class UnknownCostTypeError extends Error {}

/** Cost-report pages to lines. Throws on a cost or token type it cannot place, rather than drop money. */
export function normalizeCostReport(pages: CostReportPage[]): NormalizedReport {
  const buckets = distinctBuckets(pages);
  const lines: AdminReportLine[] = [];
  for (const bucket of buckets) {
    const day = bucketDay(bucket.starting_at);
    for (const r of bucket.results) {
      const tokenType = costTokenType(r.cost_type, r.token_type);
      if (tokenType === null) {
        throw new UnknownCostTypeError(`${day}: cost_type "${r.cost_type ?? "null"}" with token_type "${r.token_type ?? "null"}" is not one Tally knows (group the report by description)`);
      }
      lines.push({ day, model: r.model ?? UNKNOWN_MODEL, serviceTier: tierOf(r.service_tier), tokenType, value: centsToPico(r.amount) });
    }
  }
  return { source: "cost", days: [...new Set(buckets.map((b) => bucketDay(b.starting_at)))].sort(), lines: mergeLines(lines) };
}

/** Usage-report pages to lines, one per non-zero token type of each result. */
export function normalizeUsageReport(pages: UsageReportPage[]): NormalizedReport {
  const buckets = distinctBuckets(pages);
  const lines: AdminReportLine[] = [];
  for (const bucket of buckets) {
    const day = bucketDay(bucket.starting_at);
    for (const r of bucket.results) {
      const base = { day, model: r.model ?? UNKNOWN_MODEL, serviceTier: tierOf(r.service_tier) };
      const counts: [TokenType, number][] = [
        ["uncached_input", r.uncached_input_tokens],
        ["output", r.output_tokens],
        ["cache_read", r.cache_read_input_tokens],
        ["cache_write_5m", r.cache_creation.ephemeral_5m_input_tokens],
        ["cache_write_1h", r.cache_creation.ephemeral_1h_input_tokens],
        ["web_search", r.server_tool_use.web_search_requests],
      ];
      for (const [tokenType, n] of counts) if (n !== 0) lines.push({ ...base, tokenType, value: BigInt(n) });
    }
  }
  return { source: "usage", days: [...new Set(buckets.map((b) => bucketDay(b.starting_at)))].sort(), lines: mergeLines(lines) };
}

/** Which report a page is: cost results carry `amount`, usage results token counts. Null when empty. */
export function detectReportSource(page: unknown): ReportSource | null {
  const data = (page as { data?: unknown })?.data;
  if (!Array.isArray(data)) return null;
  for (const bucket of data) {
    const results = (bucket as { results?: unknown })?.results;
    if (!Array.isArray(results)) continue;
    for (const r of results) {
      if (r && typeof r === "object") return "amount" in r ? "cost" : "usage";
    }
  }
  return null;
}

export type ParsedPages =
  | { ok: true; cost: CostReportPage[]; usage: UsageReportPage[] }
  | { ok: false; errors: string[] };

/**
 * Checks pages of either report (mixed is fine) and sorts them by kind. A page without any results
 * (empty days) cannot say which report it is: it goes with the others when they are all of one kind, so
 * its days count as covered, and counts for neither otherwise. Errors name the page (1-based) and the field.
 */
export function parseAdminPages(pages: unknown[]): ParsedPages {
  const cost: CostReportPage[] = [];
  const usage: UsageReportPage[] = [];
  const errors: string[] = [];
  const empty: CostReportPage[] = [];
  pages.forEach((page, i) => {
    const source = detectReportSource(page);
    if (source === null) {
      const shape = costReportPageSchema.safeParse(page);
      if (!shape.success) errors.push(`page ${i + 1}: not an Admin API report page (expected { data: [ { starting_at, results } ], has_more, next_page })`);
      else empty.push(shape.data);
      return;
    }
    const parsed = source === "cost" ? costReportPageSchema.safeParse(page) : usageReportPageSchema.safeParse(page);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) errors.push(`page ${i + 1} (${source} report): ${issue.path.join(".")}: ${issue.message}`);
      return;
    }
    if (source === "cost") cost.push(parsed.data as CostReportPage);
    else usage.push(parsed.data as UsageReportPage);
  });
  if (errors.length) return { ok: false, errors };
  // Empty buckets hold no results, so they parse the same under either schema.
  if (cost.length > 0 && usage.length === 0) cost.push(...empty);
  if (usage.length > 0 && cost.length === 0) usage.push(...(empty as unknown as UsageReportPage[]));
  return { ok: true, cost, usage };
}

/**
 * The pages in a file's text: one page object, a JSON array of pages, or one page per line (NDJSON).
 * Throws with the line number when a line is not JSON.
 */
export function splitPagesText(text: string): unknown[] {
  const trimmed = text.trim();
  if (trimmed === "") return [];
  try {
    const value: unknown = JSON.parse(trimmed);
    return Array.isArray(value) ? value : [value];
  } catch {
    const pages: unknown[] = [];
    text.split(/\r?\n/).forEach((line, i) => {
      if (line.trim() === "") return;
      try {
        pages.push(JSON.parse(line));
      } catch {
        throw new Error(`line ${i + 1}: not JSON`);
      }
    });
    return pages;
  }
}
