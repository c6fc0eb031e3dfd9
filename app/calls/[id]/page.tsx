import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ContextCard, CostBreakdownCard, PricingCard, QualityCard, TokensCard } from "@/components/calls/call-detail";
import { modelName } from "@/components/calls/calls-table";
import type { SearchParams } from "@/components/dashboard/view";
import { EXPLORER_PARAMS, formatCallTime } from "@/lib/core/calls-view";
import { FILTER_FIELDS } from "@/lib/core/dashboard-url";
import { getApp } from "@/lib/server/app";
import { getCall } from "@/lib/server/calls-queries";
import { requirePage } from "@/lib/server/session";

export const metadata: Metadata = { title: "Call" };

/** The explorer's parameters this page was opened with, so "Back to calls" returns to the same view and page. */
const BACK_PARAMS = ["from", "to", ...FILTER_FIELDS.map((f) => f.param), ...EXPLORER_PARAMS, "cursor", "count"];

function backHref(params: SearchParams): string {
  const back = new URLSearchParams();
  for (const name of BACK_PARAMS) {
    const value = [params[name]].flat()[0];
    if (value) back.set(name, value);
  }
  const query = back.toString();
  return query ? `/calls?${query}` : "/calls";
}

export default async function CallPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<SearchParams> }) {
  await requirePage("/calls");
  const { id } = await params;
  const back = backHref(await searchParams);
  const { db } = await getApp();
  const row = await getCall(db, id);
  if (!row) notFound();

  return (
    <div className="space-y-4 sm:space-y-6">
      <div className="space-y-2">
        <Link href={back} prefetch={false} className="inline-flex rounded text-sm font-medium text-accent-700 hover:underline" data-testid="back-to-calls">
          ← Back to calls
        </Link>
        <div className="min-w-0">
          <h1 className="text-xl font-semibold tracking-tight text-zinc-900">
            {modelName(row)} call <span className="sr-only">{String(row.id)}</span>
          </h1>
          <p className="mt-0.5 text-sm break-all text-zinc-500">
            {formatCallTime(Number(row.ts_ms))}, {new Date(Number(row.ts_ms)).getUTCFullYear()} UTC · <code className="font-mono text-[13px]" data-testid="call-id">{String(row.id)}</code>
          </p>
        </div>
      </div>

      <CostBreakdownCard row={row} />

      <div className="grid items-start gap-4 lg:grid-cols-2">
        <TokensCard row={row} />
        <PricingCard row={row} />
        <QualityCard row={row} />
        <ContextCard row={row} />
      </div>
    </div>
  );
}
