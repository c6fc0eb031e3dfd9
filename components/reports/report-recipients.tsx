/**
 * Scheduled delivery on the report page: which destinations (set up under Alerts -> Destinations) get the
 * previous month's report on the 1st, and how sending this month's report went.
 */
import Link from "next/link";
import { saveRecipientsAction } from "@/app/reports/recipient-actions";
import { Card, CardHeader } from "@/components/ui/card";
import { getApp } from "@/lib/server/app";
import { listReportDeliveries, listReportRecipients } from "@/lib/server/report-delivery";

export async function ReportRecipients({ month }: { month: string }) {
  const { db } = await getApp();
  const [destinations, recipients, deliveries] = await Promise.all([
    db.prisma.alertDestination.findMany({ orderBy: { name: "asc" } }),
    listReportRecipients(db),
    listReportDeliveries(db, month),
  ]);
  const chosen = new Set(recipients);
  const byId = new Map(deliveries.map((d) => [d.destinationId, d]));
  return (
    <Card className="print:hidden" data-testid="report-recipients">
      <CardHeader title="Monthly delivery" description="On the 1st, the month that just ended goes to these destinations: email with the CSV and PDF attached, webhooks as JSON, Slack as a summary." />
      {destinations.length === 0 ? (
        <p className="px-4 pt-2 pb-4 text-sm text-zinc-500 sm:px-5">
          No destinations yet. <Link href="/alerts/destinations" className="font-medium text-indigo-700 hover:underline">Add one</Link> (email, webhook or Slack), then choose it here.
        </p>
      ) : (
        <form action={saveRecipientsAction} className="px-4 pt-2 pb-4 sm:px-5">
          <ul className="divide-y divide-zinc-100 text-sm">
            {destinations.map((d) => {
              const delivery = byId.get(d.id);
              return (
                <li key={d.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
                  <label className="flex items-center gap-2 text-zinc-900">
                    <input type="checkbox" name="destination" value={d.id} defaultChecked={chosen.has(d.id)} className="size-4" />
                    {d.name} <span className="text-zinc-500">({d.kind})</span>
                  </label>
                  <span className="text-xs text-zinc-500">
                    {delivery ? (delivery.status === "sent" ? `${month} sent ${delivery.sentAt?.toISOString().slice(0, 16).replace("T", " ")} UTC` : `${month}: ${delivery.status} after ${delivery.attempts} attempt${delivery.attempts === 1 ? "" : "s"}${delivery.lastError ? ` (${delivery.lastError})` : ""}`) : ""}
                  </span>
                </li>
              );
            })}
          </ul>
          <button type="submit" className="mt-2 rounded-md border border-zinc-300 bg-white px-3.5 py-2 text-sm font-medium text-zinc-800 hover:bg-zinc-50">
            Save recipients
          </button>
        </form>
      )}
    </Card>
  );
}
