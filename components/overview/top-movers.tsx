/**
 * Features whose spend, or cost per call, moved most against the previous period of equal length: where
 * a prompt change that doubled a feature's cost shows up first. Each row links to the feature's page.
 */
import Link from "next/link";
import { Card, CardHeader } from "@/components/ui/card";
import { DeltaBadge, previousPeriodLabel } from "@/components/ui/delta-badge";
import { type CardQuery, getGroups, previousQuery } from "@/components/overview/data";
import { attributionLabel, rangeLength } from "@/lib/core/chart-data";
import { dashboardHref } from "@/lib/core/dashboard-url";
import { filterValueToParam } from "@/lib/core/filter-values";
import { formatUsdShort } from "@/lib/core/money";
import { type Mover, topMovers } from "@/lib/core/period-compare";

/** Fewest calls a feature needs in both periods before its cost per call is ranked. */
const MIN_CALLS = 10;

function MoverRow({ mover, kind, query, period }: { mover: Mover; kind: "spend" | "per-call"; query: CardQuery; period: string }) {
  const href = dashboardHref(`/features/${encodeURIComponent(filterValueToParam(mover.key))}`, query.range, { ...query.filters, feature: [] });
  const spend = kind === "spend";
  const now = spend ? formatUsdShort(mover.currentCostPico) : `${formatUsdShort(mover.currentPerCallPico ?? 0n)} per call`;
  const before = spend ? `$${mover.exact.previous}` : `$${mover.exact.previousPerCall} per call`;
  const exactNow = spend ? mover.exact.current : mover.exact.currentPerCall;
  return (
    <li data-testid={`mover-${kind}-${mover.key}`} data-exact={exactNow ?? ""} data-delta={spend ? mover.spend.label : mover.perCall.label}>
      <Link href={href} prefetch={false} className="flex items-baseline justify-between gap-3 rounded-md px-2 py-2 hover:bg-zinc-50">
        <span className="min-w-0 truncate font-medium text-zinc-900">{attributionLabel(mover.key, "feature")}</span>
        <span className="flex shrink-0 flex-col items-end text-right">
          <span className="tabular-nums text-zinc-900" title={`$${exactNow} (was ${before})`}>
            {now}
          </span>
          <span className="text-xs">
            <DeltaBadge delta={spend ? mover.spend : mover.perCall} meaning="up-is-bad" previous={before} period={period} />
          </span>
        </span>
      </Link>
    </li>
  );
}

function MoverList({ title, movers, kind, query, period, empty }: { title: string; movers: Mover[]; kind: "spend" | "per-call"; query: CardQuery; period: string; empty: string }) {
  return (
    <section aria-label={title} className="min-w-0">
      <h3 className="px-2 text-xs font-medium tracking-wide text-zinc-500 uppercase">{title}</h3>
      {movers.length === 0 ? (
        <p className="px-2 py-3 text-sm text-zinc-500">{empty}</p>
      ) : (
        <ol className="mt-1 divide-y divide-zinc-100 text-sm">
          {movers.map((mover) => (
            <MoverRow key={mover.key} mover={mover} kind={kind} query={query} period={period} />
          ))}
        </ol>
      )}
    </section>
  );
}

export async function TopMoversCard({ query }: { query: CardQuery }) {
  const [current, previous] = await Promise.all([getGroups(query, "feature"), getGroups(previousQuery(query), "feature")]);
  const { bySpend, byCostPerCall } = topMovers(current, previous, { limit: 5, minCalls: MIN_CALLS });
  const period = previousPeriodLabel(rangeLength(query.range));
  return (
    <Card data-testid="top-movers" aria-labelledby="top-movers-heading" className="pb-3">
      <CardHeader id="top-movers-heading" title="Top movers" description={`Features that changed most against the ${period}`} />
      <div className="mt-3 grid gap-4 px-2 sm:px-3 md:grid-cols-2">
        <MoverList title="Spend" movers={bySpend} kind="spend" query={query} period={period} empty="No feature's spend changed." />
        <MoverList
          title="Cost per call"
          movers={byCostPerCall}
          kind="per-call"
          query={query}
          period={period}
          empty={`No feature with ${MIN_CALLS}+ calls in both periods changed its cost per call.`}
        />
      </div>
    </Card>
  );
}
