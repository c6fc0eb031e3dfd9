/**
 * How many calls the explorer's view holds and what they cost. Exact and free (from daily_usage) when
 * only the header's filters are set; with the explorer's own filters the calls table would have to be
 * scanned, so the count is made only on request and stops at MATCH_COUNT_CAP.
 */
import Link from "next/link";
import { formatInteger } from "@/lib/core/chart-data";
import { formatUsdExact, formatUsdShort } from "@/lib/core/money";
import { getApp } from "@/lib/server/app";
import { type CallsQuery, MATCH_COUNT_CAP, getExplorerTotals } from "@/lib/server/calls-queries";

function Figure({ testId, label, short, exact, title }: { testId: string; label: string; short: string; exact: string; title: string }) {
  return (
    <div data-testid={testId} data-exact={exact} title={title} className="min-w-0">
      <dt className="text-xs font-medium text-zinc-500">{label}</dt>
      <dd className="mt-0.5 text-lg font-semibold tracking-tight tabular-nums text-zinc-900">
        {short}
        <span className="sr-only"> ({title})</span>
      </dd>
    </div>
  );
}

const SHELL = "flex min-h-16 flex-wrap items-center justify-between gap-x-8 gap-y-3 rounded-xl border border-zinc-200 bg-white px-4 py-3 shadow-xs sm:px-5";

export async function CallsTotals({ query, count, countHref, exportHref }: { query: CallsQuery; count: boolean; countHref: string; exportHref: string }) {
  const { db } = await getApp();
  const totals = await getExplorerTotals(db, query, count);

  if (totals.kind === "none") {
    return (
      <section aria-label="Matching calls" className={SHELL} data-testid="calls-totals" data-kind="none">
        <p className="max-w-2xl text-sm text-zinc-600">
          Showing matching calls. Totals for user, stop reason, cost and unpriced filters are not kept in the daily summary, so they are not
          counted on every page view.
        </p>
        <div className="flex flex-wrap gap-3 text-sm">
          <Link href={countHref} prefetch={false} scroll={false} className="rounded font-medium text-accent-700 hover:underline" data-testid="count-matching">
            Count matching calls (up to {formatInteger(MATCH_COUNT_CAP)})
          </Link>
          <a href={exportHref} className="rounded font-medium text-accent-700 hover:underline">
            or export them all with a total
          </a>
        </div>
      </section>
    );
  }

  const calls = totals.kind === "summary" ? totals.totals.calls : totals.calls;
  const costPico = totals.kind === "summary" ? totals.totals.costPico : totals.costPico;
  const unpriced = totals.kind === "summary" ? totals.totals.unpricedCalls : null;
  const capped = totals.kind === "counted" && totals.capped;
  const exact = formatUsdExact(costPico);
  return (
    <section aria-label="Totals of this view" className={SHELL} data-testid="calls-totals" data-kind={totals.kind}>
      <dl className="flex flex-wrap gap-x-8 gap-y-3">
        <Figure
          testId="calls-total-count"
          label={capped ? "Matching calls" : "Calls"}
          short={capped ? `More than ${formatInteger(MATCH_COUNT_CAP)}` : formatInteger(calls)}
          exact={capped ? "" : String(calls)}
          title={capped ? `More than ${formatInteger(MATCH_COUNT_CAP)} calls match; counting stopped there` : `${formatInteger(calls)} calls`}
        />
        {capped ? null : (
          <Figure testId="calls-total-cost" label="Cost" short={formatUsdShort(costPico)} exact={exact} title={`$${exact} exactly`} />
        )}
        {unpriced ? (
          <Figure
            testId="calls-total-unpriced"
            label="Unpriced"
            short={formatInteger(unpriced)}
            exact={String(unpriced)}
            title={`${formatInteger(unpriced)} calls have no known price and count as $0`}
          />
        ) : null}
      </dl>
      <p className="text-xs text-zinc-500">
        {totals.kind === "summary" ? "From the daily summary; the CSV export ends with the same total." : capped ? "Export the CSV for the full total." : "Counted from the calls table."}
      </p>
    </section>
  );
}
