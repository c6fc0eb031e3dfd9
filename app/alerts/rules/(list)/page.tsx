/** Alert rules: what each watches, over which calls, and how many of its alerts are open; edit, delete, create. */
import type { Metadata } from "next";
import Link from "next/link";
import { connection } from "next/server";
import { type SearchParams, param } from "@/components/dashboard/view";
import { loadRules } from "@/components/alerts/data";
import { AlertsPageTitle } from "@/components/alerts/page-title";
import { RulesCard } from "@/components/alerts/rules-list";
import { CardSlot } from "@/components/ui/card-slot";
import { RowsSkeleton } from "@/components/ui/skeleton";
import { requirePage } from "@/lib/server/session";

export const metadata: Metadata = { title: "Alert rules" };

/** After a save or a delete the list says what happened (the form redirected here with ?saved= or ?deleted=). */
async function Notice({ params }: { params: SearchParams }) {
  const saved = param(params, "saved");
  const deleted = param(params, "deleted");
  let text: string | null = null;
  if (/^\d+$/.test(saved)) {
    const rule = (await loadRules()).find((r) => r.id === Number(saved));
    if (rule) text = `Saved rule “${rule.name}”. It is judged at the next evaluation.`;
  } else if (deleted) {
    text = `Deleted rule “${deleted}”. Its open alerts resolved; its history stays.`;
  }
  return text ? (
    <p role="status" data-testid="rules-notice" className="rounded-lg border border-emerald-200 bg-emerald-50 px-4 py-2.5 text-sm text-emerald-800">
      {text}
    </p>
  ) : null;
}

export default async function RulesPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await requirePage("/alerts/rules");
  await connection();
  const params = await searchParams;
  return (
    <div className="space-y-4 sm:space-y-6">
      <AlertsPageTitle
        title="Rules"
        description="A rule watches a slice of your calls and fires when its condition is met: per-call regressions, spikes, thresholds and budgets, truncation, cache drops, unpriced models, an expensive model's share."
        actions={
          <Link href="/alerts/rules/new" className="inline-flex rounded-md bg-accent-600 px-3.5 py-2 text-sm font-medium whitespace-nowrap text-white hover:bg-accent-700">
            New rule
          </Link>
        }
      />
      <Notice params={params} />
      <CardSlot title="Rules" fallback={<RowsSkeleton title="Rules" />}>
        <RulesCard />
      </CardSlot>
    </div>
  );
}
