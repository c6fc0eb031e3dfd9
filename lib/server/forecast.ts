/** Reads for the spend forecast: spend per UTC day from the first stored day up to a given day. */
import type { Database } from "@/lib/server/db";
import { getUsageByDay } from "@/lib/server/queries";

/** Spend per UTC day (pico-USD) from the first day anything was stored up to `to` (inclusive). */
export async function getDailySpend(db: Database, to: string): Promise<Map<string, bigint>> {
  const [row] = await db.all<{ first: string | null }>("SELECT MIN(day) AS first FROM daily_model_feature");
  if (!row?.first || String(row.first) > to) return new Map();
  const days = await getUsageByDay(db, { from: String(row.first), to }, {}, undefined, ["costPico"]);
  return new Map(days.map((day) => [day.day, day.costPico]));
}
