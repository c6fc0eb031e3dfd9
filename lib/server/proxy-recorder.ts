/**
 * Stores the proxy's usage records through the ingest path without holding up any response: records
 * wait in memory for at most LINGER_MS, or while the previous write is in progress (group commit), so
 * a quiet server writes each call within milliseconds and a busy one writes many calls per transaction. Bounded: past
 * MAX_PENDING records the oldest are dropped, counted and logged. A failed write is retried with
 * backoff; ids make a retried record a duplicate at worst, never a double count.
 */
import type { MessageUsageRecord } from "@/lib/core/message-usage";
import type { Database } from "@/lib/server/db";
import { ingestItems } from "@/lib/server/ingest";

const MAX_PENDING = 50_000;
const MAX_BATCH = 1000;
const MAX_BACKOFF_MS = 30_000;
const LINGER_MS = 20;

export interface ProxyRecorderStats {
  pending: number;
  stored: number;
  duplicates: number;
  rejected: number;
  dropped: number;
}

export class ProxyRecorder {
  private pending: MessageUsageRecord[] = [];
  private writing: Promise<void> | null = null;
  private backoffMs = 0;
  private readonly counters = { stored: 0, duplicates: 0, rejected: 0, dropped: 0 };

  constructor(private readonly db: () => Promise<Database>) {}

  add(record: MessageUsageRecord): void {
    this.pending.push(record);
    if (this.pending.length > MAX_PENDING) {
      const over = this.pending.length - MAX_PENDING;
      this.pending.splice(0, over);
      this.counters.dropped += over;
      console.error(`Tally proxy: the database is not keeping up; dropped the ${over} oldest unsaved usage records`);
    }
    this.start();
  }

  stats(): ProxyRecorderStats {
    return { pending: this.pending.length, ...this.counters };
  }

  /** Resolves once everything added so far is stored (or given up). */
  async idle(): Promise<void> {
    while (this.writing) await this.writing;
  }

  private start() {
    if (this.writing) return;
    this.writing = this.drain().finally(() => {
      this.writing = null;
      if (this.pending.length) this.start();
    });
  }

  private async drain(): Promise<void> {
    while (this.pending.length) {
      // A short linger lets calls that finish together share one transaction (and one fsync).
      const wait = this.backoffMs || (this.pending.length < MAX_BATCH ? LINGER_MS : 0);
      await new Promise((resolve) => setTimeout(resolve, wait).unref());
      const batch = this.pending.splice(0, MAX_BATCH);
      try {
        const result = await ingestItems(await this.db(), batch, { source: "proxy" });
        this.counters.stored += result.accepted;
        this.counters.duplicates += result.duplicates;
        this.counters.rejected += result.rejected.length;
        for (const r of result.rejected) console.error(`Tally proxy: usage record ${r.id ?? "?"} refused: ${r.errors.join("; ")}`);
        this.backoffMs = 0;
      } catch (error) {
        this.pending.unshift(...batch);
        this.backoffMs = Math.min(MAX_BACKOFF_MS, Math.max(250, this.backoffMs * 2));
        console.error(`Tally proxy: could not store ${batch.length} usage records (retrying in ${this.backoffMs} ms):`, error instanceof Error ? error.message : error);
      }
    }
  }
}
