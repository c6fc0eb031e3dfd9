/**
 * The ingest path shared by the HTTP API, the CLI importer and the demo loader:
 * validate (one zod schema) -> price -> store with summary, per batch, in one transaction.
 */
import { isLineParseError } from "@/lib/core/ingest-body";
import { parseUsageRecord } from "@/lib/core/usage-record";
import type { PricedCall } from "@/lib/core/types";
import type { Database } from "@/lib/server/db";
import { getPricingContext } from "@/lib/server/pricing-context";
import { insertCalls } from "@/lib/server/store";

export interface RejectedRecord {
  /** 0-based position in the request's array or NDJSON body (or the line number, for files). */
  index: number;
  id: string | null;
  errors: string[];
}

export interface IngestResult {
  accepted: number;
  duplicates: number;
  rejected: RejectedRecord[];
}

export interface IngestOptions {
  source: "api" | "import" | "sdk" | "demo" | "otel" | "proxy";
  nowMs?: number;
  defaults?: { feature?: string; project?: string };
  /**
   * The project of the ingest key that sent the batch, when the key is scoped: records naming no project
   * take it, and a record naming another is rejected (the rest of the batch is still stored).
   */
  keyProject?: string | null;
  /** Index reported for items[i]; defaults to i. The CLI passes file line numbers. */
  indexOf?: (i: number) => number;
}

/** Why a record from a project-scoped key was refused: names both projects. */
export function projectMismatch(keyProject: string, recordProject: string): string {
  return `project: this ingest key may send usage for project "${keyProject}" only, and the record names project "${recordProject}"`;
}

/**
 * Validates, prices and stores a batch. Good records are stored even when others are rejected;
 * a record whose id is already stored counts as a duplicate and changes nothing. A record older than
 * the retention horizon is rejected: retention may have deleted it, and storing it again would count it twice.
 */
export async function ingestItems(db: Database, items: readonly unknown[], options: IngestOptions): Promise<IngestResult> {
  const nowMs = options.nowMs ?? Date.now();
  const indexOf = options.indexOf ?? ((i: number) => i);
  const keyProject = options.keyProject ?? null;
  const pricing = await getPricingContext(db);
  const rejected: RejectedRecord[] = [];
  const calls: PricedCall[] = [];
  /** The reported index of calls[i]. */
  const callIndexes: number[] = [];
  items.forEach((item, i) => {
    if (isLineParseError(item)) {
      rejected.push({ index: indexOf(i), id: null, errors: [item.__parseError] });
      return;
    }
    const parsed = parseUsageRecord(item, { nowMs, defaults: keyProject ? { ...options.defaults, project: keyProject } : options.defaults });
    if (!parsed.ok) {
      rejected.push({ index: indexOf(i), id: parsed.id, errors: parsed.errors });
      return;
    }
    if (keyProject && parsed.record.project !== keyProject) {
      rejected.push({ index: indexOf(i), id: parsed.record.id, errors: [projectMismatch(keyProject, parsed.record.project)] });
      return;
    }
    calls.push({ record: parsed.record, cost: pricing.price(parsed.record) });
    callIndexes.push(indexOf(i));
  });
  const { inserted, duplicates, beforeHorizon, horizonMs } = await insertCalls(db, calls, { source: options.source, ingestedAtMs: nowMs });
  if (beforeHorizon.length > 0) {
    const tooOld = new Set(beforeHorizon);
    const horizon = new Date(horizonMs).toISOString();
    calls.forEach((call, i) => {
      if (!tooOld.has(call.record.id)) return;
      rejected.push({
        index: callIndexes[i],
        id: call.record.id,
        errors: [`timestamp: ${new Date(call.record.timestampMs).toISOString()} is before ${horizon}: calls that old were deleted by retention (TALLY_RETENTION_DAYS), so Tally cannot tell whether this one was already counted`],
      });
    });
    rejected.sort((a, b) => a.index - b.index);
  }
  return { accepted: inserted.length, duplicates: duplicates.length, rejected };
}
