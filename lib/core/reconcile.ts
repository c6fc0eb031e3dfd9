/**
 * Reconciliation: Anthropic's Admin API report lines against Tally's own totals for the same day x
 * model x service tier x token type. Model ids that resolve to the same price-book model (a dated id and
 * its alias) are compared together; ids the book does not know are compared as sent. Variance is
 * Anthropic minus Tally (positive: billed more than Tally recorded), exact; totals are sums of lines.
 */
import { type AdminReportLine, type ReportSource, TOKEN_TYPES, TOKEN_TYPE_LABELS, type TokenType } from "@/lib/core/admin-reports";
import { formatUsdExact, parseUsdToPico } from "@/lib/core/money";
import { type PriceBook, resolveModel } from "@/lib/core/pricing";

/** Tally's totals for one day x model (as sent) x service tier: a daily_usage row summed over features and projects. */
export interface TallyDayTotals {
  day: string;
  model: string;
  serviceTier: string;
  calls: bigint;
  unpricedCalls: bigint;
  inputTokens: bigint;
  outputTokens: bigint;
  cacheReadTokens: bigint;
  cacheWrite5mTokens: bigint;
  cacheWrite1hTokens: bigint;
  webSearchRequests: bigint;
  inputCostPico: bigint;
  outputCostPico: bigint;
  cacheReadCostPico: bigint;
  cacheWrite5mCostPico: bigint;
  cacheWrite1hCostPico: bigint;
  webSearchCostPico: bigint;
}

/**
 * A line is flagged when |variance| exceeds the absolute tolerance AND its share of Anthropic's figure
 * exceeds the percentage (any variance on a line Anthropic has at zero counts as beyond the percentage).
 */
export interface Tolerance {
  /** Cost comparison: pico-USD. */
  absPico: bigint;
  /** Usage comparison: tokens (web search: requests). */
  absTokens: bigint;
  /** Percent in hundredths (basis points): 100 = 1%. */
  pctBasisPoints: bigint;
}

export const DEFAULT_TOLERANCE: Tolerance = { absPico: 10_000_000_000n, absTokens: 0n, pctBasisPoints: 100n };

/** "1", "0.5", "2.25" percent -> basis points; throws on anything else. */
export function percentToBasisPoints(percent: string): bigint {
  const match = /^(\d+)(?:\.(\d{1,2}))?$/.exec(percent.trim());
  if (!match) throw new Error(`not a percentage with at most 2 decimals: "${percent}"`);
  return BigInt(match[1]) * 100n + BigInt((match[2] ?? "").padEnd(2, "0"));
}

export type Cause = "priority_not_in_cost_report" | "unpriced_in_tally" | "not_in_tally" | "not_tracked_by_tally" | "not_in_anthropic" | "unknown";

export interface ReconciliationLine {
  day: string;
  /** The price-book model both sides resolve to, or the id as sent when the book does not know it. */
  model: string;
  /** Every id seen for it on either side, sorted. */
  modelIds: string[];
  serviceTier: string;
  tokenType: TokenType;
  anthropic: bigint;
  tally: bigint;
  /** anthropic - tally. */
  variance: bigint;
  /** variance / anthropic in percent, two decimals, rounded half away from zero; null when Anthropic has 0. */
  variancePct: string | null;
  flagged: boolean;
  cause: Cause | null;
  /** Why, in words, for flagged lines. */
  explanation: string | null;
}

export interface Reconciliation {
  source: ReportSource;
  lines: ReconciliationLine[];
  totals: { anthropic: bigint; tally: bigint; variance: bigint; variancePct: string | null; flaggedLines: number };
}

/** Percentage of part in whole to two decimals, exact: (1, 3) -> "33.33"; null for a zero whole. */
export function percentOf(part: bigint, whole: bigint): string | null {
  if (whole === 0n) return null;
  const negative = (part < 0n) !== (whole < 0n) && part !== 0n;
  const p = part < 0n ? -part : part;
  const w = whole < 0n ? -whole : whole;
  const hundredths = (p * 10_000n * 2n + w) / (2n * w);
  const text = `${hundredths / 100n}.${(hundredths % 100n).toString().padStart(2, "0")}`;
  return negative && hundredths !== 0n ? `-${text}` : text;
}

const abs = (v: bigint) => (v < 0n ? -v : v);

/** Whether a variance is beyond the tolerance (see Tolerance). */
export function beyondTolerance(variance: bigint, anthropic: bigint, absLimit: bigint, pctBasisPoints: bigint): boolean {
  if (abs(variance) <= absLimit) return false;
  return abs(variance) * 10_000n > pctBasisPoints * abs(anthropic);
}

function tallyValues(row: TallyDayTotals, source: ReportSource): Record<TokenType, bigint> {
  return source === "cost"
    ? {
        uncached_input: row.inputCostPico,
        output: row.outputCostPico,
        cache_read: row.cacheReadCostPico,
        cache_write_5m: row.cacheWrite5mCostPico,
        cache_write_1h: row.cacheWrite1hCostPico,
        web_search: row.webSearchCostPico,
        code_execution: 0n,
      }
    : {
        uncached_input: row.inputTokens,
        output: row.outputTokens,
        cache_read: row.cacheReadTokens,
        cache_write_5m: row.cacheWrite5mTokens,
        cache_write_1h: row.cacheWrite1hTokens,
        web_search: row.webSearchRequests,
        code_execution: 0n,
      };
}

interface Cell {
  day: string;
  model: string;
  serviceTier: string;
  tokenType: TokenType;
  modelIds: Set<string>;
  anthropic: bigint;
  tally: bigint;
}

interface Activity {
  calls: bigint;
  unpricedCalls: bigint;
  unpricedIds: Set<string>;
}

const TYPE_ORDER = new Map(TOKEN_TYPES.map((t, i) => [t, i]));

function explain(cause: Cause, line: Omit<ReconciliationLine, "explanation" | "cause" | "flagged">, activity: Activity | undefined, source: ReportSource): string {
  switch (cause) {
    case "priority_not_in_cost_report":
      return "Priority-tier traffic is billed under its own commitment and is not in Anthropic's cost report; Tally prices it at list.";
    case "unpriced_in_tally":
      return `Tally has ${activity?.unpricedCalls ?? 0n} unpriced call(s) of ${[...(activity?.unpricedIds ?? [])].sort().join(", ")} this day (a model its price book does not know): their cost is missing from Tally's figure.`;
    case "not_in_tally":
      return "Tally recorded no calls for this day, model and tier: calls not instrumented, or not sent to Tally.";
    case "not_tracked_by_tally":
      return `Tally does not record ${TOKEN_TYPE_LABELS[line.tokenType]} ${source === "cost" ? "costs" : "usage"}.`;
    case "not_in_anthropic":
      return "Anthropic's report has nothing for this line: calls sent to Tally with a wrong day, model or tier, or from another organisation, or the report was filtered.";
    default:
      return line.variance > 0n
        ? "Anthropic billed more than Tally recorded for this line, with no known cause: some calls may not reach Tally, or prices differ (check the price book and overrides)."
        : "Tally recorded more than Anthropic billed for this line, with no known cause: check the price book and overrides (a negotiated discount?) and duplicate usage records.";
  }
}

function causeOf(source: ReportSource, line: Cell, activity: Activity | undefined): Cause {
  if (line.tokenType === "code_execution") return "not_tracked_by_tally";
  if (source === "cost" && line.serviceTier === "priority" && line.anthropic === 0n) return "priority_not_in_cost_report";
  if (source === "cost" && (activity?.unpricedCalls ?? 0n) > 0n && line.anthropic > line.tally) return "unpriced_in_tally";
  if ((activity?.calls ?? 0n) === 0n) return "not_in_tally";
  if (line.anthropic === 0n) return "not_in_anthropic";
  return "unknown";
}

/**
 * Compares one report's lines (cost: pico-USD, usage: tokens) with Tally's totals. Only days in
 * `days` are compared (those the report covers), on both sides. Lines with zero on both sides are left
 * out. Flagged lines come first, then by day, model, tier and token type.
 */
export function reconcile(input: {
  source: ReportSource;
  anthropic: readonly AdminReportLine[];
  tally: readonly TallyDayTotals[];
  days: ReadonlySet<string>;
  book: PriceBook;
  tolerance?: Tolerance;
}): Reconciliation {
  const { source, book, days } = input;
  const tolerance = input.tolerance ?? DEFAULT_TOLERANCE;
  const canonical = new Map<string, string>();
  const modelKey = (id: string) => {
    let key = canonical.get(id);
    if (key === undefined) {
      key = resolveModel(book, id)?.canonical ?? id;
      canonical.set(id, key);
    }
    return key;
  };
  const cells = new Map<string, Cell>();
  const cell = (day: string, id: string, serviceTier: string, tokenType: TokenType) => {
    const model = modelKey(id);
    const key = `${day}\u0000${model}\u0000${serviceTier}\u0000${tokenType}`;
    let c = cells.get(key);
    if (!c) {
      c = { day, model, serviceTier, tokenType, modelIds: new Set(), anthropic: 0n, tally: 0n };
      cells.set(key, c);
    }
    c.modelIds.add(id);
    return c;
  };
  const activity = new Map<string, Activity>();

  for (const line of input.anthropic) {
    if (!days.has(line.day)) continue;
    cell(line.day, line.model, line.serviceTier, line.tokenType).anthropic += line.value;
  }
  for (const row of input.tally) {
    if (!days.has(row.day)) continue;
    const groupKey = `${row.day}\u0000${modelKey(row.model)}\u0000${row.serviceTier}`;
    const a = activity.get(groupKey) ?? { calls: 0n, unpricedCalls: 0n, unpricedIds: new Set<string>() };
    a.calls += row.calls;
    a.unpricedCalls += row.unpricedCalls;
    if (row.unpricedCalls > 0n) a.unpricedIds.add(row.model);
    activity.set(groupKey, a);
    const values = tallyValues(row, source);
    for (const tokenType of TOKEN_TYPES) {
      if (values[tokenType] !== 0n) cell(row.day, row.model, row.serviceTier, tokenType).tally += values[tokenType];
    }
  }

  const absLimit = source === "cost" ? tolerance.absPico : tolerance.absTokens;
  const lines: ReconciliationLine[] = [];
  for (const c of cells.values()) {
    if (c.anthropic === 0n && c.tally === 0n) continue;
    const variance = c.anthropic - c.tally;
    const base = {
      day: c.day,
      model: c.model,
      modelIds: [...c.modelIds].sort(),
      serviceTier: c.serviceTier,
      tokenType: c.tokenType,
      anthropic: c.anthropic,
      tally: c.tally,
      variance,
      variancePct: percentOf(variance, c.anthropic),
    };
    const flagged = beyondTolerance(variance, c.anthropic, absLimit, tolerance.pctBasisPoints);
    const a = activity.get(`${c.day}\u0000${c.model}\u0000${c.serviceTier}`);
    const cause = flagged ? causeOf(source, c, a) : null;
    lines.push({ ...base, flagged, cause, explanation: cause ? explain(cause, base, a, source) : null });
  }
  lines.sort(
    (x, y) =>
      Number(y.flagged) - Number(x.flagged) ||
      x.day.localeCompare(y.day) ||
      x.model.localeCompare(y.model) ||
      x.serviceTier.localeCompare(y.serviceTier) ||
      (TYPE_ORDER.get(x.tokenType) ?? 0) - (TYPE_ORDER.get(y.tokenType) ?? 0),
  );
  let anthropic = 0n;
  let tally = 0n;
  for (const l of lines) {
    anthropic += l.anthropic;
    tally += l.tally;
  }
  return {
    source,
    lines,
    totals: { anthropic, tally, variance: anthropic - tally, variancePct: percentOf(anthropic - tally, anthropic), flaggedLines: lines.filter((l) => l.flagged).length },
  };
}

/** Amounts as exact decimal strings: USD for the cost comparison, integers for usage. */
export function reconciliationToJson(r: Reconciliation) {
  const amount = (v: bigint) => (r.source === "cost" ? formatUsdExact(v) : v.toString());
  return {
    source: r.source,
    unit: r.source === "cost" ? "USD" : "tokens",
    totals: { anthropic: amount(r.totals.anthropic), tally: amount(r.totals.tally), variance: amount(r.totals.variance), variancePct: r.totals.variancePct, flaggedLines: r.totals.flaggedLines },
    lines: r.lines.map((l) => ({ ...l, anthropic: amount(l.anthropic), tally: amount(l.tally), variance: amount(l.variance) })),
  };
}

/**
 * A tolerance from its text forms (USD decimal, percent, tokens), each optional (default $0.01, 1%, 0
 * tokens). Throws an Error naming the option that is not a non-negative number.
 */
export function parseTolerance(options: { usd?: string; percent?: string; tokens?: string }, names = { usd: "tolerance-usd", percent: "tolerance-pct", tokens: "tolerance-tokens" }): Tolerance {
  const read = (name: string, text: string | undefined, fallback: bigint, fn: (t: string) => bigint): bigint => {
    if (text === undefined) return fallback;
    let value: bigint;
    try {
      value = fn(text);
    } catch {
      throw new Error(`${name}: "${text}" is not a non-negative number`);
    }
    if (value < 0n) throw new Error(`${name}: "${text}" is not a non-negative number`);
    return value;
  };
  return {
    absPico: read(names.usd, options.usd, DEFAULT_TOLERANCE.absPico, parseUsdToPico),
    pctBasisPoints: read(names.percent, options.percent, DEFAULT_TOLERANCE.pctBasisPoints, percentToBasisPoints),
    absTokens: read(names.tokens, options.tokens, DEFAULT_TOLERANCE.absTokens, (t) => {
      if (!/^\d+$/.test(t)) throw new Error("not an integer");
      return BigInt(t);
    }),
  };
}

/** A month's comparison as JSON (what `tally reconcile show --json` prints and the API answers). */
export function monthReconciliationToJson(r: { month: string; tolerance: Tolerance; coveredDays: Record<ReportSource, string[]>; cost: Reconciliation; usage: Reconciliation }) {
  const bp = r.tolerance.pctBasisPoints;
  return {
    month: r.month,
    tolerance: { usd: formatUsdExact(r.tolerance.absPico), percent: `${bp / 100n}${bp % 100n ? `.${(bp % 100n).toString().padStart(2, "0").replace(/0$/, "")}` : ""}`, tokens: r.tolerance.absTokens.toString() },
    coveredDays: r.coveredDays,
    cost: reconciliationToJson(r.cost),
    usage: reconciliationToJson(r.usage),
  };
}
