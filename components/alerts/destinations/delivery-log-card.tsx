/**
 * The delivery log: the latest 100 deliveries (alert notices and tests), each with its destination, the
 * event, where it stands (sent, pending a retry, failed), how many attempts it took and the last answer.
 */
import { formatUtc, formatUtcShort } from "@/components/alerts/destinations/format";
import { Card, CardHeader } from "@/components/ui/card";
import { DEFAULT_DELIVERY_POLICY, formatDelay, retrySchedule } from "@/lib/core/alert-delivery-retry";
import { type DeliveryLogEntry, listDeliveryLog } from "@/lib/server/alert-destinations";
import { getApp } from "@/lib/server/app";

const LOG_SIZE = 100;

const STATUS_STYLES: Record<DeliveryLogEntry["status"], string> = {
  sent: "bg-emerald-50 text-emerald-700 ring-1 ring-emerald-200",
  pending: "bg-amber-50 text-amber-700 ring-1 ring-amber-200",
  failed: "bg-red-50 text-red-700 ring-1 ring-red-200",
};

function StatusBadge({ entry }: { entry: DeliveryLogEntry }) {
  return (
    <span data-testid="delivery-status" className={`inline-flex rounded-full px-2 py-0.5 text-xs font-medium ${STATUS_STYLES[entry.status]}`}>
      {entry.status}
    </span>
  );
}

function EventLabel({ entry }: { entry: DeliveryLogEntry }) {
  const label = entry.event === "fired" ? "Fired" : entry.event === "resolved" ? "Resolved" : entry.event === "test" ? "Test" : entry.event;
  return (
    <>
      {label}
      {entry.alertId !== null ? (
        <>
          {" "}
          <a href={`/alerts/${entry.alertId}`} className="text-accent-700 underline-offset-2 hover:underline">
            alert #{entry.alertId}
          </a>
        </>
      ) : null}
    </>
  );
}

/** The last answer in words: the status code, the error, and for a pending retry when it runs. */
function detailOf(entry: DeliveryLogEntry): string {
  const code = entry.lastStatus === null ? null : entry.destinationKind === "email" ? `SMTP ${entry.lastStatus}` : `HTTP ${entry.lastStatus}`;
  if (entry.status === "sent") return [code ?? "Delivered", entry.lastError].filter(Boolean).join("; ");
  if (entry.status === "pending") {
    const next = `next try ${formatUtcShort(entry.nextAttemptAt, entry.createdAt)}`;
    return entry.attempts === 0 ? `Queued; ${next}` : `${entry.lastError ?? code ?? "Failed"}; ${next}`;
  }
  return entry.lastError ?? code ?? "Failed";
}

export async function DeliveryLogCard() {
  const { db } = await getApp();
  const log = await listDeliveryLog(db, LOG_SIZE);
  const waits = retrySchedule().map(formatDelay);
  return (
    <Card aria-labelledby="delivery-log-heading" data-testid="delivery-log">
      <CardHeader
        id="delivery-log-heading"
        title="Delivery log"
        description={`The latest ${LOG_SIZE} deliveries. A failed send is tried again after ${waits.slice(0, -1).join(", ")} and ${waits.at(-1)} (${DEFAULT_DELIVERY_POLICY.maxAttempts} attempts, ${DEFAULT_DELIVERY_POLICY.timeoutMs / 1000} s each); an HTTP 4xx other than 408 and 429, or an SMTP 5xx, is not retried.`}
      />
      {log.length === 0 ? (
        <p className="mt-4 border-t border-zinc-100 px-4 py-8 text-center text-sm text-zinc-500 sm:px-5">Nothing sent yet. Send a test to a destination to see it here.</p>
      ) : (
        <div className="mt-4 border-t border-zinc-100">
          <table className="w-full table-fixed text-left text-sm">
            <caption className="sr-only">The latest {log.length} deliveries, newest first</caption>
            <thead className="text-xs text-zinc-500">
              <tr className="border-b border-zinc-100">
                <th scope="col" className="px-4 py-2 font-medium sm:w-48 sm:px-5">
                  Time
                </th>
                <th scope="col" className="hidden px-3 py-2 font-medium sm:table-cell sm:w-40">
                  Destination
                </th>
                <th scope="col" className="hidden px-3 py-2 font-medium md:table-cell md:w-36">
                  Event
                </th>
                <th scope="col" className="w-24 px-3 py-2 font-medium">
                  Status
                </th>
                <th scope="col" className="hidden w-20 px-3 py-2 text-right font-medium md:table-cell">
                  Attempts
                </th>
                <th scope="col" className="hidden px-4 py-2 font-medium sm:table-cell sm:px-5">
                  Last answer
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-100">
              {log.map((entry) => (
                <tr key={entry.id} data-testid="delivery-row" className="text-zinc-800">
                  <td className="px-4 py-2.5 align-top sm:px-5">
                    <p className="text-xs whitespace-nowrap tabular-nums">{formatUtc(entry.createdAt)}</p>
                    <div className="mt-0.5 space-y-0.5 text-xs sm:hidden">
                      <p className="font-medium break-words">{entry.destinationName}</p>
                      <p className="text-zinc-500">
                        <EventLabel entry={entry} /> · {entry.attempts} {entry.attempts === 1 ? "attempt" : "attempts"}
                      </p>
                      <p className="break-words text-zinc-600">{detailOf(entry)}</p>
                    </div>
                  </td>
                  <td className="hidden px-3 py-2.5 align-top text-xs font-medium break-words sm:table-cell">{entry.destinationName}</td>
                  <td className="hidden px-3 py-2.5 align-top text-xs md:table-cell">
                    <EventLabel entry={entry} />
                  </td>
                  <td className="px-3 py-2.5 align-top">
                    <StatusBadge entry={entry} />
                  </td>
                  <td className="hidden px-3 py-2.5 text-right align-top text-xs tabular-nums md:table-cell">{entry.attempts}</td>
                  <td className="hidden px-4 py-2.5 align-top text-xs break-words text-zinc-600 sm:table-cell sm:px-5" data-testid="delivery-detail">
                    <span className="md:hidden">
                      <EventLabel entry={entry} /> · {entry.attempts} {entry.attempts === 1 ? "attempt" : "attempts"} ·{" "}
                    </span>
                    {detailOf(entry)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}
