/**
 * `tally reconcile import <file...>`, `tally reconcile fetch --month YYYY-MM` and `tally reconcile show
 * --month YYYY-MM`: Anthropic's Admin API reports into Tally, and the month compared with Tally's totals.
 */
import fs from "node:fs/promises";
import { TOKEN_TYPE_LABELS, splitPagesText } from "@/lib/core/admin-reports";
import { formatUsdExact } from "@/lib/core/money";
import { type Reconciliation, monthReconciliationToJson, parseTolerance } from "@/lib/core/reconcile";
import type { Database } from "@/lib/server/db";
import { getEnv } from "@/lib/server/env";
import { AppError } from "@/lib/server/errors";
import { type ImportSummary, fetchAndImportMonth, getMonthReconciliation, importAdminPages } from "@/lib/server/reconciliation";

type Out = (line: string) => void;

function describeImport(s: ImportSummary): string {
  return `${s.source} report ${s.firstDay} to ${s.lastDay}: ${s.lines} lines stored (import #${s.importId}; replaced ${s.replaced})`;
}

/** Imports files of report pages (one page, an array of pages, or NDJSON); all files form one import. */
export async function runReconcileImport(db: Database, files: string[], out: Out, err: Out): Promise<number> {
  const pages: unknown[] = [];
  for (const file of files) {
    try {
      pages.push(...splitPagesText(await fs.readFile(file, "utf8")));
    } catch (error) {
      err(`${file}: ${error instanceof Error ? error.message : String(error)}`);
      return 1;
    }
  }
  try {
    const summaries = await importAdminPages(db, pages, { origin: "file", label: files.join(", ") });
    if (summaries.length === 0) out("No report lines in these files: nothing imported.");
    for (const s of summaries) out(describeImport(s));
    return 0;
  } catch (error) {
    if (error instanceof AppError) {
      err(`${error.message}${Array.isArray(error.details) ? `:\n${error.details.join("\n")}` : ""}`);
      return 1;
    }
    throw error;
  }
}

export async function runReconcileFetch(db: Database, month: string, out: Out): Promise<void> {
  const env = getEnv();
  if (!env.ANTHROPIC_ADMIN_KEY) throw new Error("ANTHROPIC_ADMIN_KEY is not set: an organisation admin key (sk-ant-admin...) is needed to fetch reports");
  const { summaries, pages } = await fetchAndImportMonth(db, month, { key: env.ANTHROPIC_ADMIN_KEY, baseUrl: env.ANTHROPIC_ADMIN_BASE_URL });
  out(`Fetched ${pages.cost} cost report page(s) and ${pages.usage} usage report page(s) for ${month}.`);
  for (const s of summaries) out(describeImport(s));
}

export interface ShowOptions {
  month: string;
  toleranceUsd?: string;
  tolerancePct?: string;
  toleranceTokens?: string;
  json?: boolean;
  all?: boolean;
}

function printComparison(r: Reconciliation, days: number, all: boolean, out: Out): void {
  const money = r.source === "cost";
  const amount = (v: bigint) => (money ? `$${formatUsdExact(v)}` : `${v} tokens`);
  const name = money ? "Cost report" : "Usage report";
  if (days === 0) {
    out(`${name}: not imported for this month.`);
    return;
  }
  const t = r.totals;
  out(`${name} (${days} days): Anthropic ${amount(t.anthropic)}, Tally ${amount(t.tally)}, variance ${amount(t.variance)}${t.variancePct === null ? "" : ` (${t.variancePct}%)`}; ${t.flaggedLines} of ${r.lines.length} lines flagged.`);
  for (const l of r.lines) {
    if (!l.flagged && !all) continue;
    const ids = l.modelIds.length > 1 || l.modelIds[0] !== l.model ? ` [${l.modelIds.join(", ")}]` : "";
    out(
      `  ${l.flagged ? "FLAGGED " : "ok      "}${l.day}  ${l.model}${ids}  ${l.serviceTier}  ${TOKEN_TYPE_LABELS[l.tokenType]}: Anthropic ${amount(l.anthropic)}, Tally ${amount(l.tally)}, variance ${amount(l.variance)}${l.variancePct === null ? "" : ` (${l.variancePct}%)`}`,
    );
    if (l.explanation) out(`          ${l.explanation}`);
  }
}

export async function runReconcileShow(db: Database, options: ShowOptions, out: Out): Promise<void> {
  const tolerance = parseTolerance({ usd: options.toleranceUsd, percent: options.tolerancePct, tokens: options.toleranceTokens }, { usd: "--tolerance-usd", percent: "--tolerance-pct", tokens: "--tolerance-tokens" });
  const r = await getMonthReconciliation(db, options.month, tolerance);
  if (options.json) {
    out(JSON.stringify(monthReconciliationToJson(r)));
    return;
  }
  out(`Reconciliation of ${r.month} (UTC days) with Anthropic's Admin API reports; flagged beyond $${formatUsdExact(tolerance.absPico)} and ${Number(tolerance.pctBasisPoints) / 100}% (usage: ${tolerance.absTokens} tokens and the same percentage).`);
  printComparison(r.cost, r.coveredDays.cost.length, Boolean(options.all), out);
  printComparison(r.usage, r.coveredDays.usage.length, Boolean(options.all), out);
}
