/**
 * Alert destinations: where alerts are delivered (webhooks, Slack, email over SMTP), a test for each,
 * and the delivery log. Secrets in destination settings are masked on the page and kept when an edit
 * leaves them masked (lib/core/alert-destinations.ts).
 */
import type { Metadata } from "next";
import { connection } from "next/server";
import { DeliveryLogCard } from "@/components/alerts/destinations/delivery-log-card";
import { DestinationsCard } from "@/components/alerts/destinations/destinations-card";
import { CardSlot } from "@/components/ui/card-slot";
import { CardSkeleton, RowsSkeleton } from "@/components/ui/skeleton";
import { requirePage } from "@/lib/server/session";

export const metadata: Metadata = { title: "Alert destinations" };

export default async function AlertDestinationsPage() {
  await requirePage("/alerts/destinations", "alerts.manage");
  await connection();
  return (
    <div className="space-y-4 sm:space-y-6">
      <div>
        <h1 className="text-xl font-semibold tracking-tight text-zinc-900">Alert destinations</h1>
        <p className="mt-0.5 max-w-3xl text-sm text-zinc-500">
          Where alerts go when they fire and when they resolve: a webhook receiving JSON, a Slack channel, or email. A destination that fails is retried
          without holding up the others.
        </p>
      </div>
      <CardSlot title="Destinations" fallback={<RowsSkeleton title="Destinations" rows={2} />}>
        <DestinationsCard />
      </CardSlot>
      <CardSlot title="Delivery log" fallback={<CardSkeleton title="Delivery log" height="h-48" />}>
        <DeliveryLogCard />
      </CardSlot>
    </div>
  );
}
