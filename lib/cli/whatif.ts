/**
 * `tally whatif --from <model|family> --to <model>`: the model-switch projection, computed by the same
 * code as GET /api/v1/projections from the same query parameters, printed as a table (or, with --json,
 * as the API's JSON).
 */
import { ZodError } from "zod";
import { type PriceBook, resolveModel } from "@/lib/core/pricing";
import { filterValueToParam } from "@/lib/core/filter-values";
import { formatUsdCents } from "@/lib/core/money";
import type { Amounts } from "@/lib/core/projection";
import { parseScenario } from "@/lib/core/scenario";
import { parseFilters, parseRange } from "@/lib/server/api-params";
import type { Database } from "@/lib/server/db";
import { getPricingContext } from "@/lib/server/pricing-context";
import { configuredAssumptions, getProjection, projectionToJson, scopeToSource } from "@/lib/server/projections";

export interface WhatifOptions {
  from: string;
  to: string;
  feature?: string[];
  project?: string[];
  since?: string;
  until?: string;
  tokenizerFactor?: string;
  json?: boolean;
}

/** The options as the API's query parameters. */
export function whatifParams(options: WhatifOptions): URLSearchParams {
  const params = new URLSearchParams({ source: options.from, target: options.to });
  // The options hold stored values ("" for none); the parameters are written as URLs write them.
  for (const feature of options.feature ?? []) params.append("feature", filterValueToParam(feature));
  for (const project of options.project ?? []) params.append("project", filterValueToParam(project));
  if (options.since) params.set("from", options.since);
  if (options.until) params.set("to", options.until);
  if (options.tokenizerFactor) params.set("tokenizerFactor", options.tokenizerFactor);
  return params;
}

function table(rows: string[][]): string[] {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  return rows.map((row) => row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join("   ").trimEnd());
}

function amountCells(a: Amounts): string[] {
  return [a.actualPico, a.projectedPico, a.lowPico, a.highPico, a.projectedPico - a.actualPico].map(formatUsdCents);
}

/** The CLI option each query parameter comes from, for error messages. */
const OPTION_OF: Record<string, string> = { source: "--from", target: "--to", from: "--since", to: "--until", tokenizerFactor: "--tokenizer-factor" };

/** Parses the options as the API parses its query, with errors naming the options. */
function parseOptions(params: URLSearchParams, book: PriceBook) {
  try {
    return { range: parseRange(params), scenario: parseScenario(params, book, configuredAssumptions()) };
  } catch (error) {
    if (!(error instanceof ZodError)) throw error;
    throw new Error(error.issues.map((issue) => `${OPTION_OF[String(issue.path[0])] ?? String(issue.path[0])}: ${issue.message}`).join("; "));
  }
}

export async function runWhatif(db: Database, options: WhatifOptions, out: (line: string) => void): Promise<void> {
  const params = whatifParams(options);
  const { book } = await getPricingContext(db);
  const { range, scenario } = parseOptions(params, book);
  const projection = await getProjection(db, {
    range,
    filters: scopeToSource(parseFilters(params), scenario, book),
    plan: scenario.plan,
    assumptions: scenario.assumptions,
  });
  if (options.json) {
    out(JSON.stringify(projectionToJson(projection, scenario, range), null, 2));
    return;
  }
  const name = (id: string) => resolveModel(book, id)?.displayName ?? id;
  out(`What if calls on ${scenario.source} had run on ${name(scenario.target!)} (${scenario.target})`);
  out(`${range.from} to ${range.to} (${projection.days} days): ${projection.calls.toLocaleString("en-US")} calls`);
  if (projection.calls === 0) {
    out("No calls in scope: nothing to project.");
    return;
  }
  out("");
  const header = ["", "actual", "projected", "low", "high", "difference"];
  for (const line of table([header, ["Total", ...amountCells(projection.total)], ["Per month", ...amountCells(projection.monthly)]])) out(line);
  out("");
  out("By feature, per month");
  for (const line of table([["", ...header.slice(1)], ...projection.features.map((f) => [`  ${f.feature || "(none)"}`, ...amountCells(f.monthly)])])) out(line);
  for (const b of projection.blocked) {
    const why = b.reason === "context_window" ? `prompts exceed ${name(b.target)}'s ${b.contextWindow!.toLocaleString("en-US")}-token context window` : `${name(b.target)} has no fast mode`;
    out(`Cannot move: ${b.calls.toLocaleString("en-US")} ${b.feature || "(none)"} calls on ${b.model} (${formatUsdCents(b.costPico)}): ${why}; they stay on their model.`);
  }
  if (projection.unpricedCalls) out(`${projection.unpricedCalls.toLocaleString("en-US")} calls on models the price book does not know are left as they are.`);
  const a = projectionToJson(projection, scenario, range).assumptions;
  const ranges = a.rangeFrom.length ? ` The low-high range reflects the ${a.rangeFrom.map((r) => (r === "tokenizer" ? "tokenizer factor" : "cache reuse")).join(" and ")}.` : "";
  out(`Assumptions: tokenizer factor ${a.tokenizerFactor} (range ${a.tokenizerRange.join(" to ")}) where the move crosses tokenizers; prices in force on each call's day.${ranges}`);
}
