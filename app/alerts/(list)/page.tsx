/**
 * Alerts: what is open now (firing, then acknowledged) with the numbers that made each fire and links to
 * the chart and calls behind it, a button to run the evaluation now, and the history of resolved alerts.
 */
import type { Metadata } from "next";
import { connection } from "next/server";
import { HistoryCard, OpenAlertsSection } from "@/components/alerts/alerts-cards";
import { AlertsPageTitle } from "@/components/alerts/page-title";
import { RunEvaluation } from "@/components/alerts/run-evaluation";
import { CardSlot } from "@/components/ui/card-slot";
import { CardSkeleton, RowsSkeleton } from "@/components/ui/skeleton";
import { requirePage } from "@/lib/server/session";

export const metadata: Metadata = { title: "Alerts" };

export default async function AlertsPage() {
  await requirePage("/alerts");
  await connection();
  return (
    <div className="space-y-4 sm:space-y-6">
      <AlertsPageTitle
        title="Alerts"
        description="Rules are evaluated on a schedule, with tally alerts run, or with the button. An alert stays open until its condition clears; acknowledge it to say someone is on it."
        actions={<RunEvaluation />}
      />
      <CardSlot title="Open alerts" fallback={<CardSkeleton title="Open alerts" height="h-48" />}>
        <OpenAlertsSection />
      </CardSlot>
      <CardSlot title="History" fallback={<RowsSkeleton title="History" />}>
        <HistoryCard />
      </CardSlot>
    </div>
  );
}
