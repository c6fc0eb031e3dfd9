/** Demo data: loaded with one click or `tally demo`, clearly labelled (source "demo"), removed with one click. */
import { generateDemoRecords } from "@/lib/core/demo-data";
import type { Database } from "@/lib/server/db";
import { type IngestResult, ingestItems } from "@/lib/server/ingest";
import { deleteCalls } from "@/lib/server/store";

const BATCH = 5000;

export async function loadDemoData(db: Database, nowMs = Date.now()): Promise<IngestResult> {
  const records = generateDemoRecords(nowMs);
  const total: IngestResult = { accepted: 0, duplicates: 0, rejected: [] };
  for (let start = 0; start < records.length; start += BATCH) {
    const result = await ingestItems(db, records.slice(start, start + BATCH), {
      source: "demo",
      nowMs,
      indexOf: (i) => start + i,
    });
    total.accepted += result.accepted;
    total.duplicates += result.duplicates;
    total.rejected.push(...result.rejected);
  }
  return total;
}

/** Deletes every demo call (and its share of the summary); returns how many were removed. */
export function removeDemoData(db: Database): Promise<number> {
  return deleteCalls(db, { sql: "source = ?", params: ["demo"] });
}

export async function countDemoCalls(db: Database): Promise<number> {
  const rows = await db.all<{ n: bigint | number }>("SELECT COUNT(*) AS n FROM calls WHERE source = ?", ["demo"]);
  return Number(rows[0]?.n ?? 0);
}
