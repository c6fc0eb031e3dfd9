/**
 * Reads for the Models and Caching pages that queries.ts does not offer. Aggregates come from the
 * summary tables through queries.ts; the one read here touches `calls`, bounded and on an index.
 */
import type { RawIdSample } from "@/lib/core/models-view";
import { type Database, toBigInt } from "@/lib/server/db";
import type { DayRange, TotalsField } from "@/lib/server/queries";

/** What the Caching page's cards read (the caching view and its KPIs); other totals read as zero. */
export const CACHE_FIELDS: readonly TotalsField[] = [
  "calls", "costPico", "inputTokens", "cacheReadTokens", "cacheWrite5mTokens", "cacheWrite1hTokens",
  "cacheReadCostPico", "cacheReadFullCostPico", "cacheWrite5mCostPico", "cacheWrite1hCostPico",
];

/** Most recent calls per model looked at for the raw ids sent. */
export const RAW_ID_SAMPLE_LIMIT = 2000;

/**
 * The raw model ids sent (calls.model_raw) for each canonical model, with how many calls used each,
 * among the model's most recent `limit` calls in the range. Walks the (model, ts_ms) index backwards
 * and stops after `limit` rows, so the cost is bounded per model whatever the number of calls; the
 * sample says whether it covered every call. Feature, project and tier filters do not apply (they
 * would make the walk unbounded when they match few of the model's calls).
 */
export async function getRawModelIds(
  db: Database,
  range: DayRange,
  models: readonly string[],
  limit = RAW_ID_SAMPLE_LIMIT,
): Promise<Map<string, RawIdSample>> {
  const fromMs = BigInt(Date.parse(`${range.from}T00:00:00Z`));
  const toMs = BigInt(Date.parse(`${range.to}T00:00:00Z`) + 86_400_000);
  const samples = await Promise.all(
    models.map(async (model) => {
      const rows = await db.all(
        `SELECT model_raw, COUNT(*) AS calls FROM (
           SELECT model_raw FROM calls WHERE model = ? AND ts_ms >= ? AND ts_ms < ? ORDER BY ts_ms DESC LIMIT ${Math.trunc(limit)}
         ) recent GROUP BY model_raw`,
        [model, fromMs, toMs],
      );
      const ids = rows
        .map((row) => ({ id: String(row.model_raw), calls: Number(toBigInt(row.calls)) }))
        .sort((a, b) => (a.calls !== b.calls ? b.calls - a.calls : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      const sampled = ids.reduce((sum, id) => sum + id.calls, 0);
      return [model, { ids, sampled, complete: sampled < limit }] as const;
    }),
  );
  return new Map(samples);
}
