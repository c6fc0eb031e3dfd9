/** The calls explorer's CSV export: every matching call, streamed chunk by chunk, then a TOTAL line. */
import { addToCsvTotals, csvCallLine, csvHeaderLine, csvTotalLine, emptyCsvTotals } from "@/lib/core/calls-view";
import type { Database } from "@/lib/server/db";
import { type CallsQuery, walkCalls } from "@/lib/server/calls-queries";

/** Calls read per database round trip while exporting. */
export const EXPORT_CHUNK = 1000;

/**
 * A UTF-8 CSV stream (RFC 4180, CRLF) of the query's calls in its order. The database is read one chunk
 * per pull, so a slow client holds back the reads instead of filling memory; the last line totals
 * every cost and count exactly.
 */
export function callsCsvStream(db: Database, query: CallsQuery, chunk = EXPORT_CHUNK): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const chunks = walkCalls(db, query, chunk);
  const totals = emptyCsvTotals();
  let started = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        if (!started) {
          started = true;
          // A byte-order mark lets spreadsheet programs read non-ASCII names (features, users) as UTF-8.
          controller.enqueue(encoder.encode(`\uFEFF${csvHeaderLine()}`));
          return;
        }
        const next = await chunks.next();
        if (next.done) {
          controller.enqueue(encoder.encode(csvTotalLine(totals)));
          controller.close();
          return;
        }
        let text = "";
        for (const call of next.value) {
          addToCsvTotals(totals, call);
          text += csvCallLine(call);
        }
        controller.enqueue(encoder.encode(text));
      } catch (error) {
        console.error("CSV export failed:", error);
        controller.error(error);
      }
    },
    async cancel() {
      await chunks.return(undefined);
    },
  });
}
