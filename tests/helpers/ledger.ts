/**
 * What the summary tables must hold, recomputed from the calls table in SQL, and what they hold, each as
 * sorted "key|value|..." lines with every amount exact, so a test compares them with one toEqual.
 */
import { bucketOf } from "@/lib/core/histogram";
import { type Database, toBigInt } from "@/lib/server/db";
import { weekStart } from "@/lib/core/chart-data";
import { bandOf } from "@/lib/core/projection";
import { COUNTED_STOP_REASONS, PROJECTION_CUTS, PROJECTION_TABLES, SUMMARY_ROLLUPS, SUMMARY_VALUES } from "@/lib/server/store";

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

/** The summary tables keyed by day: daily_usage and each of its rollups, with their key columns. */
export const SUMMARY_TABLES: { table: string; key: readonly string[] }[] = [
  { table: "daily_usage", key: ["day", "model", "feature", "project", "service_tier"] },
  ...SUMMARY_ROLLUPS,
];

/** daily_usage or one of its rollups (SUMMARY_TABLES), stored and recomputed from the calls. */
export async function summaryVsLedger(db: Database, table: string): Promise<{ stored: string[]; ledger: string[] }> {
  const keys = [...SUMMARY_TABLES.find((t) => t.table === table)!.key];
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

/** weekly_histograms as "week|model|metric|bucket|calls", stored and recomputed from the calls. */
export async function weeklyHistogramsVsLedger(db: Database): Promise<{ stored: string[]; ledger: string[] }> {
  const stored = (await db.all("SELECT week, model, metric, bucket, calls FROM weekly_histograms")).map((r) => `${r.week}|${r.model}|${r.metric}|${Number(r.bucket)}|${toBigInt(r.calls)}`);
  const counts = new Map<string, number>();
  for (const r of await db.all("SELECT day, model, cost_pico, total_tokens FROM calls")) {
    const week = weekStart(String(r.day));
    for (const key of [`${week}|${r.model}|cost|${bucketOf(toBigInt(r.cost_pico))}`, `${week}|${r.model}|tokens|${bucketOf(toBigInt(r.total_tokens))}`]) {
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  return { stored: stored.sort(), ledger: [...counts].map(([key, n]) => `${key}|${n}`).sort() };
}

const PROJECTION_SUMS = ["input_tokens", "output_tokens", "cache_read_tokens", "cache_write_5m_tokens", "cache_write_1h_tokens", "web_search_requests", "cost_pico"];

/** Both projection tables, every value column, stored and recomputed from the calls (bands counted in code). */
export async function projectionVsLedger(db: Database): Promise<{ stored: string[]; ledger: string[] }> {
  const stored: string[] = [];
  for (const { table, key } of PROJECTION_TABLES) {
    for (const r of await db.all(`SELECT ${key.join(", ")}, calls, ${PROJECTION_SUMS.join(", ")} FROM ${table}`)) {
      stored.push([table, ...key.map((k) => String(r[k])), ...["calls", ...PROJECTION_SUMS].map((c) => toBigInt(r[c]).toString())].join("|"));
    }
  }
  const sums = new Map<string, bigint[]>();
  for (const r of await db.all("SELECT * FROM calls")) {
    const prompt = Number(r.input_tokens) + Number(r.cache_read_tokens) + Number(r.cache_write_5m_tokens) + Number(r.cache_write_1h_tokens);
    const values: Record<string, unknown> = { ...r, us: r.inference_geo === "us" ? 1 : 0, speed: r.speed ?? "", priced: r.priced === true || Number(r.priced) === 1 ? 1 : 0, band: bandOf(prompt, PROJECTION_CUTS) };
    for (const { table, key } of PROJECTION_TABLES) {
      const id = [table, ...key.map((k) => String(values[k]))].join("|");
      const sum = sums.get(id) ?? PROJECTION_SUMS.map(() => 0n).concat(0n);
      [1n, ...PROJECTION_SUMS.map((c) => toBigInt(r[c]))].forEach((v, i) => (sum[i] += v));
      sums.set(id, sum);
    }
  }
  return { stored: stored.sort(), ledger: [...sums].map(([id, v]) => [id, ...v].join("|")).sort() };
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
