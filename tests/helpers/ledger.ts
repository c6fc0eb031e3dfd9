/**
 * What the summary tables must hold, recomputed from the calls table in SQL, and what they hold, each as
 * sorted "key|value|..." lines with every amount exact, so a test compares them with one toEqual.
 */
import { bucketOf } from "@/lib/core/histogram";
import { type Database, toBigInt } from "@/lib/server/db";
import { COUNTED_STOP_REASONS, SUMMARY_VALUES } from "@/lib/server/store";

const STOP_COLUMNS = ["stop_end_turn", "stop_tool_use", "stop_max_tokens", "stop_sequence", "stop_pause_turn", "stop_refusal", "stop_context_exceeded"];

/** The SQL that computes one summary column from the calls it covers. */
function ledgerExpression(db: Database, column: (typeof SUMMARY_VALUES)[number]): string {
  const stop = STOP_COLUMNS.indexOf(column);
  if (stop >= 0) return `SUM(CASE WHEN stop_reason = '${COUNTED_STOP_REASONS[stop]}' THEN 1 ELSE 0 END)`;
  if (column === "calls") return "COUNT(*)";
  if (column === "unpriced_calls") return `SUM(CASE WHEN priced ${db.dialect === "sqlite" ? "= 1" : ""} THEN 0 ELSE 1 END)`;
  if (column === "cache_split_missing") return "SUM(CASE WHEN quality LIKE '%cache_split_missing%' THEN 1 ELSE 0 END)";
  return `SUM(${column})`;
}

function lines(rows: Record<string, unknown>[], keys: string[]): string[] {
  return rows.map((r) => [...keys.map((k) => String(r[k])), ...SUMMARY_VALUES.map((c) => toBigInt(r[c]).toString())].join("|")).sort();
}

/** daily_usage (keys day, model, feature, project, service_tier) or its rollup daily_model_feature, stored and recomputed. */
export async function summaryVsLedger(db: Database, table: "daily_usage" | "daily_model_feature"): Promise<{ stored: string[]; ledger: string[] }> {
  const keys = table === "daily_usage" ? ["day", "model", "feature", "project", "service_tier"] : ["day", "model", "feature"];
  const stored = await db.all(`SELECT ${keys.join(", ")}, ${SUMMARY_VALUES.join(", ")} FROM ${table}`);
  const ledger = await db.all(
    `SELECT ${keys.join(", ")}, ${SUMMARY_VALUES.map((c) => `${ledgerExpression(db, c)} AS ${c}`).join(", ")} FROM calls GROUP BY ${keys.join(", ")}`,
  );
  return { stored: lines(stored, keys), ledger: lines(ledger, keys) };
}

/** daily_histograms as "day|model|metric|bucket|calls", stored and recomputed with bucketOf. */
export async function histogramsVsLedger(db: Database): Promise<{ stored: string[]; ledger: string[] }> {
  const stored = (await db.all("SELECT day, model, metric, bucket, calls FROM daily_histograms")).map((r) => `${r.day}|${r.model}|${r.metric}|${Number(r.bucket)}|${toBigInt(r.calls)}`);
  const counts = new Map<string, number>();
  for (const r of await db.all("SELECT day, model, cost_pico, total_tokens FROM calls")) {
    for (const key of [`${r.day}|${r.model}|cost|${bucketOf(toBigInt(r.cost_pico))}`, `${r.day}|${r.model}|tokens|${bucketOf(toBigInt(r.total_tokens))}`]) {
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  return { stored: stored.sort(), ledger: [...counts].map(([key, n]) => `${key}|${n}`).sort() };
}

/** dimension_values, stored and as the distinct values of the calls. */
export async function dimensionsVsLedger(db: Database): Promise<{ stored: string[]; ledger: string[] }> {
  const stored = (await db.all("SELECT dimension, value FROM dimension_values")).map((r) => `${r.dimension}|${r.value}`).sort();
  const ledger: string[] = [];
  for (const column of ["model", "feature", "project", "service_tier"]) {
    for (const r of await db.all(`SELECT DISTINCT ${column} AS v FROM calls`)) ledger.push(`${column}|${r.v}`);
  }
  return { stored, ledger: ledger.sort() };
}
