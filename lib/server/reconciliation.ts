/**
 * Reconciliation with Anthropic's bill: importing Admin API report pages (from files, or fetched live
 * with an admin key), storing them as lines in admin_report_lines, and comparing a month with Tally's
 * daily_usage (lib/core/reconcile.ts). An import replaces its source's lines on the days it covers, so
 * importing the same range again never double counts.
 */
import {
  type AdminReportLine,
  type CostReportPage,
  type NormalizedReport,
  type ReportSource,
  type TokenType,
  type UsageReportPage,
  costReportPageSchema,
  normalizeCostReport,
  normalizeUsageReport,
  parseAdminPages,
  usageReportPageSchema,
} from "@/lib/core/admin-reports";
import { shiftDay } from "@/lib/core/chart-data";
import { defaultPriceBook, type PriceBook } from "@/lib/core/pricing";
import { DEFAULT_TOLERANCE, type Reconciliation, type TallyDayTotals, type Tolerance, reconcile } from "@/lib/core/reconcile";
import { type Database, toBigInt } from "@/lib/server/db";
import { AppError, badRequest } from "@/lib/server/errors";

export interface ImportSummary {
  importId: number;
  source: ReportSource;
  firstDay: string;
  lastDay: string;
  lines: number;
  /** Lines of this source on those days that the import replaced. */
  replaced: number;
}

/** "2026-10" -> its first and last UTC day; throws on anything else. */
export function monthDays(month: string): { first: string; last: string } {
  const match = /^(\d{4})-(\d{2})$/.exec(month);
  if (!match || Number(match[2]) < 1 || Number(match[2]) > 12) throw badRequest(`"${month}" is not a month; use YYYY-MM, like 2026-10`);
  const first = `${month}-01`;
  const next = new Date(Date.UTC(Number(match[1]), Number(match[2]), 1)).toISOString().slice(0, 10);
  return { first, last: shiftDay(next, -1) };
}

/** Stores one normalised report: replaces its source's lines from its first to its last day, in one transaction. */
export async function storeReport(db: Database, report: NormalizedReport, origin: { origin: "file" | "api"; label: string }, now = new Date()): Promise<ImportSummary | null> {
  if (report.days.length === 0) return null;
  const firstDay = report.days[0];
  const lastDay = report.days[report.days.length - 1];
  return db.prisma.$transaction(async (tx) => {
    const { count: replaced } = await tx.adminReportLine.deleteMany({ where: { source: report.source, day: { gte: firstDay, lte: lastDay } } });
    const row = await tx.adminReportImport.create({
      data: { source: report.source, firstDay, lastDay, origin: origin.origin, label: origin.label.slice(0, 500), lines: report.lines.length, importedAt: now },
    });
    if (report.lines.length > 0) {
      await tx.adminReportLine.createMany({
        data: report.lines.map((l) => ({
          source: report.source,
          day: l.day,
          model: l.model,
          serviceTier: l.serviceTier,
          tokenType: l.tokenType,
          amountPico: report.source === "cost" ? l.value : null,
          tokens: report.source === "usage" ? l.value : null,
          importId: row.id,
          importedAt: now,
        })),
      });
    }
    return { importId: row.id, source: report.source, firstDay, lastDay, lines: report.lines.length, replaced };
  });
}

/**
 * Imports pages of either report, as parsed from files (a page object each, any mix of cost and usage).
 * Throws a 400 AppError naming the page and field when one is not an Admin API page.
 */
export async function importAdminPages(db: Database, pages: unknown[], origin: { origin: "file" | "api"; label: string }): Promise<ImportSummary[]> {
  const parsed = parseAdminPages(pages);
  if (!parsed.ok) throw new AppError("validation_failed", 400, "not Admin API report pages", parsed.errors);
  let cost: NormalizedReport;
  try {
    cost = normalizeCostReport(parsed.cost);
  } catch (error) {
    throw badRequest(error instanceof Error ? error.message : String(error));
  }
  const summaries: ImportSummary[] = [];
  for (const report of [cost, normalizeUsageReport(parsed.usage)]) {
    const summary = await storeReport(db, report, origin);
    if (summary) summaries.push(summary);
  }
  return summaries;
}

// ---------------------------------------------------------------------------------------------------
// Live: the Admin API

export interface AdminApiOptions {
  key: string;
  baseUrl: string;
  /** Attempts per request for 429, 5xx and network errors (default 4). */
  attempts?: number;
  /** First backoff, doubled per retry (default 1000 ms); a Retry-After header wins when shorter than a minute. */
  backoffMs?: number;
  fetchImpl?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
}

export class AdminApiError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
  ) {
    super(message);
    this.name = "AdminApiError";
  }
}

function errorMessageOf(body: string): string {
  try {
    const json = JSON.parse(body) as { error?: { message?: unknown } };
    if (typeof json.error?.message === "string") return json.error.message;
  } catch {
    // not JSON: the text itself, shortened
  }
  return body.slice(0, 200) || "no message";
}

async function getJson(url: URL, options: AdminApiOptions): Promise<unknown> {
  const attempts = options.attempts ?? 4;
  const sleep = options.sleep ?? ((ms: number) => new Promise((resolve) => setTimeout(resolve, ms)));
  const doFetch = options.fetchImpl ?? fetch;
  const where = `${url.pathname}`;
  let lastProblem = "";
  for (let attempt = 1; attempt <= attempts; attempt++) {
    let response: Response;
    try {
      response = await doFetch(url, { headers: { "x-api-key": options.key, "anthropic-version": "2023-06-01", accept: "application/json" } });
    } catch (error) {
      lastProblem = `could not reach ${url.origin}: ${error instanceof Error ? error.message : String(error)}`;
      if (attempt < attempts) await sleep((options.backoffMs ?? 1000) * 2 ** (attempt - 1));
      continue;
    }
    if (response.ok) {
      const text = await response.text();
      try {
        return JSON.parse(text);
      } catch {
        throw new AdminApiError(`${where} answered ${response.status} with a body that is not JSON`, response.status);
      }
    }
    const message = errorMessageOf(await response.text());
    if (response.status === 401 || response.status === 403) {
      throw new AdminApiError(
        `Anthropic refused the admin key (${response.status}) on ${where}: ${message}. Check ANTHROPIC_ADMIN_KEY: it must be an organisation admin key (sk-ant-admin...).`,
        response.status,
      );
    }
    if (response.status !== 429 && response.status < 500) throw new AdminApiError(`${where} answered ${response.status}: ${message}`, response.status);
    lastProblem = `${where} answered ${response.status}: ${message}`;
    if (attempt < attempts) {
      const retryAfter = Number(response.headers.get("retry-after"));
      const backoff = (options.backoffMs ?? 1000) * 2 ** (attempt - 1);
      await sleep(Number.isFinite(retryAfter) && retryAfter > 0 && retryAfter <= 60 ? retryAfter * 1000 : backoff);
    }
  }
  throw new AdminApiError(`gave up after ${attempts} attempts: ${lastProblem}`, null);
}

/** Every page of one report, following has_more / next_page. */
async function fetchAllPages(path: string, params: [string, string][], options: AdminApiOptions): Promise<unknown[]> {
  const pages: unknown[] = [];
  const seen = new Set<string>();
  let page: string | null = null;
  for (;;) {
    const url = new URL(path, options.baseUrl.replace(/\/+$/, "") + "/");
    for (const [name, value] of params) url.searchParams.append(name, value);
    if (page !== null) url.searchParams.set("page", page);
    const body = (await getJson(url, options)) as { has_more?: unknown; next_page?: unknown };
    pages.push(body);
    if (body?.has_more !== true || typeof body.next_page !== "string") return pages;
    if (seen.has(body.next_page)) throw new AdminApiError(`${path}: next_page "${body.next_page}" repeats; stopping`, null);
    seen.add(body.next_page);
    page = body.next_page;
  }
}

/** Fetches a month's cost report (by description) and messages usage report (by model and tier), every page. */
export async function fetchMonthReports(month: string, options: AdminApiOptions): Promise<{ cost: CostReportPage[]; usage: UsageReportPage[] }> {
  const { first, last } = monthDays(month);
  const range: [string, string][] = [
    ["starting_at", `${first}T00:00:00Z`],
    ["ending_at", `${shiftDay(last, 1)}T00:00:00Z`],
    ["bucket_width", "1d"],
    ["limit", "31"],
  ];
  const costPages = await fetchAllPages("v1/organizations/cost_report", [...range, ["group_by[]", "description"]], options);
  const usagePages = await fetchAllPages("v1/organizations/usage_report/messages", [...range, ["group_by[]", "model"], ["group_by[]", "service_tier"]], options);
  const check = <T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } } }, pages: unknown[], what: string): T[] =>
    pages.map((p, i) => {
      const parsed = schema.safeParse(p);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new AdminApiError(`${what} page ${i + 1} is not in the expected shape: ${issue.path.join(".")}: ${issue.message}`, null);
      }
      return parsed.data;
    });
  return { cost: check<CostReportPage>(costReportPageSchema, costPages, "cost report"), usage: check<UsageReportPage>(usageReportPageSchema, usagePages, "usage report") };
}

/** Fetches a month live and stores it; both reports replace what was stored for the month's days. */
export async function fetchAndImportMonth(db: Database, month: string, options: AdminApiOptions): Promise<{ summaries: ImportSummary[]; pages: { cost: number; usage: number } }> {
  const { cost, usage } = await fetchMonthReports(month, options);
  const { first, last } = monthDays(month);
  const summaries: ImportSummary[] = [];
  const label = `Admin API, ${month}`;
  // The whole month counts as covered even when its last buckets are empty or not reported yet.
  const withMonth = (r: NormalizedReport): NormalizedReport => ({ ...r, days: [...new Set([first, ...r.days, last])].sort() });
  for (const report of [normalizeCostReport(cost), normalizeUsageReport(usage)]) {
    const summary = await storeReport(db, withMonth(report), { origin: "api", label });
    if (summary) summaries.push(summary);
  }
  return { summaries, pages: { cost: cost.length, usage: usage.length } };
}

// ---------------------------------------------------------------------------------------------------
// Reading and comparing

export interface ImportInfo {
  id: number;
  source: ReportSource;
  firstDay: string;
  lastDay: string;
  origin: string;
  label: string;
  lines: number;
  importedAt: Date;
}

export interface MonthReconciliation {
  month: string;
  first: string;
  last: string;
  tolerance: Tolerance;
  /** Days of the month some import of that source covers; only they are compared. */
  coveredDays: Record<ReportSource, string[]>;
  cost: Reconciliation;
  usage: Reconciliation;
  imports: ImportInfo[];
}

async function storedLines(db: Database, source: ReportSource, first: string, last: string): Promise<AdminReportLine[]> {
  const rows = await db.all(
    "SELECT day, model, service_tier, token_type, amount_pico, tokens FROM admin_report_lines WHERE source = ? AND day >= ? AND day <= ?",
    [source, first, last],
  );
  return rows.map((r) => ({
    day: String(r.day),
    model: String(r.model),
    serviceTier: String(r.service_tier),
    tokenType: String(r.token_type) as TokenType,
    value: toBigInt(source === "cost" ? r.amount_pico : r.tokens),
  }));
}

const TALLY_COLUMNS = {
  calls: "calls",
  unpricedCalls: "unpriced_calls",
  inputTokens: "input_tokens",
  outputTokens: "output_tokens",
  cacheReadTokens: "cache_read_tokens",
  cacheWrite5mTokens: "cache_write_5m_tokens",
  cacheWrite1hTokens: "cache_write_1h_tokens",
  webSearchRequests: "web_search_requests",
  inputCostPico: "input_cost_pico",
  outputCostPico: "output_cost_pico",
  cacheReadCostPico: "cache_read_cost_pico",
  cacheWrite5mCostPico: "cache_write_5m_cost_pico",
  cacheWrite1hCostPico: "cache_write_1h_cost_pico",
  webSearchCostPico: "web_search_cost_pico",
} as const;

/** Tally's daily_usage rows of the range, unsummed (summed exactly in JavaScript by reconcile). */
export async function getTallyDayTotals(db: Database, first: string, last: string): Promise<TallyDayTotals[]> {
  const rows = await db.all(`SELECT day, model, service_tier, ${Object.values(TALLY_COLUMNS).join(", ")} FROM daily_usage WHERE day >= ? AND day <= ?`, [first, last]);
  return rows.map((r) => {
    const totals = { day: String(r.day), model: String(r.model), serviceTier: String(r.service_tier) } as Record<string, unknown>;
    for (const [name, column] of Object.entries(TALLY_COLUMNS)) totals[name] = toBigInt(r[column]);
    return totals as unknown as TallyDayTotals;
  });
}

export async function listImports(db: Database, first: string, last: string): Promise<ImportInfo[]> {
  const rows = await db.prisma.adminReportImport.findMany({ where: { firstDay: { lte: last }, lastDay: { gte: first } }, orderBy: { id: "desc" } });
  return rows.map((r) => ({ ...r, source: r.source as ReportSource }));
}

function coveredDays(imports: ImportInfo[], source: ReportSource, first: string, last: string): string[] {
  const days = new Set<string>();
  for (const i of imports) {
    if (i.source !== source) continue;
    for (let day = i.firstDay < first ? first : i.firstDay; day <= i.lastDay && day <= last; day = shiftDay(day, 1)) days.add(day);
  }
  return [...days].sort();
}

/** The month's comparison of both reports with Tally, on the days the imports cover. */
export async function getMonthReconciliation(db: Database, month: string, tolerance: Tolerance = DEFAULT_TOLERANCE, book: PriceBook = defaultPriceBook): Promise<MonthReconciliation> {
  const { first, last } = monthDays(month);
  const [imports, costLines, usageLines, tally] = await Promise.all([
    listImports(db, first, last),
    storedLines(db, "cost", first, last),
    storedLines(db, "usage", first, last),
    getTallyDayTotals(db, first, last),
  ]);
  const covered = { cost: coveredDays(imports, "cost", first, last), usage: coveredDays(imports, "usage", first, last) };
  return {
    month,
    first,
    last,
    tolerance,
    coveredDays: covered,
    cost: reconcile({ source: "cost", anthropic: costLines, tally, days: new Set(covered.cost), book, tolerance }),
    usage: reconcile({ source: "usage", anthropic: usageLines, tally, days: new Set(covered.usage), book, tolerance }),
    imports,
  };
}
