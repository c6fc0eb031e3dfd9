/**
 * The Features table: one row per feature with spend, its change, calls, cost per call (and its change),
 * a daily-spend sparkline, the model mix, the cache hit ratio and the truncation rate. Sorted through
 * the URL (`sort=`, `dir=asc`) by real links in the column headers.
 */
import Link from "next/link";
import { loadFeatureRows } from "@/components/features/data";
import { ModelMixBar } from "@/components/features/mini-charts";
import { SortHeader } from "@/components/features/sort-header";
import { Sparkline } from "@/components/features/sparkline";
import type { CardQuery } from "@/components/overview/data";
import { Card, CardHeader } from "@/components/ui/card";
import { DeltaBadge, previousPeriodLabel } from "@/components/ui/delta-badge";
import { formatInteger, formatPercent, rangeLength } from "@/lib/core/chart-data";
import { dashboardHref } from "@/lib/core/dashboard-url";
import { type FeatureSort, describeSparkline, featurePath, sortFeatureRows } from "@/lib/core/features-view";
import { formatCount, formatUsdExact, formatUsdPerCall, formatUsdShort } from "@/lib/core/money";
import { TRUNCATION_WARNING } from "@/lib/core/stop-reasons-view";

const COLUMNS: { sort: FeatureSort; label: string }[] = [
  { sort: "spend", label: "Spend" },
  { sort: "change", label: "Change" },
  { sort: "calls", label: "Calls" },
  { sort: "per-call", label: "Cost per call" },
];

function signedUsd(pico: bigint): string {
  return `${pico < 0n ? "−" : "+"}${formatUsdShort(pico < 0n ? -pico : pico)}`;
}

export async function FeaturesTable({ query, sort, dir }: { query: CardQuery; sort: FeatureSort; dir: "asc" | "desc" }) {
  const rows = sortFeatureRows(await loadFeatureRows(query), sort, dir);
  const period = previousPeriodLabel(rangeLength(query.range));
  const sortHref = (column: FeatureSort) =>
    dashboardHref("/features", query.range, query.filters, {
      sort: column === "spend" ? null : column,
      dir: column === sort && dir === "desc" ? "asc" : null,
    });
  const featureHref = (key: string) => dashboardHref(featurePath(key), query.range, { ...query.filters, feature: [] });

  return (
    <Card data-testid="features-table" aria-labelledby="features-heading">
      <CardHeader
        id="features-heading"
        title={`${rows.length} ${rows.length === 1 ? "feature" : "features"}`}
        description={`Changes compare with the ${period}. Truncated: share of calls that ended at max_tokens.`}
      />
      {rows.length === 0 ? (
        <p className="px-5 py-10 text-center text-sm text-zinc-500">No calls in this range{query.filters.feature?.length ? " for these features" : ""}.</p>
      ) : (
        <div className="relative mt-3 overflow-x-auto">
          <table className="w-full min-w-[60rem] text-sm">
            <caption className="sr-only">Features by {COLUMNS.find((c) => c.sort === sort)?.label.toLowerCase() ?? "truncation"}, {dir === "desc" ? "highest" : "lowest"} first</caption>
            <thead className="border-y border-zinc-100 bg-zinc-50 text-xs text-zinc-500">
              <tr>
                <th scope="col" className="px-3 py-2 text-left font-medium sm:pl-5">
                  Feature
                </th>
                {COLUMNS.map((c) => (
                  <SortHeader key={c.sort} label={c.label} active={sort === c.sort} dir={dir} href={sortHref(c.sort)} />
                ))}
                <th scope="col" className="px-3 py-2 text-left font-medium">
                  Daily spend
                </th>
                <th scope="col" className="px-3 py-2 text-left font-medium">
                  Model mix
                </th>
                <th scope="col" className="px-3 py-2 text-right font-medium whitespace-nowrap">
                  Cache hit
                </th>
                <SortHeader label="Truncated" active={sort === "truncation"} dir={dir} href={sortHref("truncation")} />
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-100">
              {rows.map((row) => {
                const warn = row.truncationRate !== null && row.truncationRate > TRUNCATION_WARNING;
                const changePico = row.costPico - row.previousCostPico;
                return (
                  <tr key={row.key} data-testid={`feature-row-${row.key === "" ? "(none)" : row.key}`} className="align-top hover:bg-zinc-50/60">
                    <th scope="row" className="max-w-56 px-3 py-2.5 text-left font-medium sm:pl-5">
                      <Link href={featureHref(row.key)} className="block truncate rounded text-zinc-900 hover:text-accent-700 hover:underline" title={row.label}>
                        {row.label}
                      </Link>
                    </th>
                    <td className="px-3 py-2.5 text-right tabular-nums" data-testid="spend" data-exact={formatUsdExact(row.costPico)}>
                      <span className="font-semibold text-zinc-900" title={`$${formatUsdExact(row.costPico)} exactly`}>
                        {formatUsdShort(row.costPico)}
                      </span>
                    </td>
                    <td
                      className="px-3 py-2.5 text-right tabular-nums"
                      data-testid="change"
                      data-exact={formatUsdExact(changePico)}
                      title={`$${formatUsdExact(row.previousCostPico)} in the ${period}, $${formatUsdExact(row.costPico)} now`}
                    >
                      <span className="text-zinc-700">{changePico === 0n ? "$0" : signedUsd(changePico)}</span>
                      <span className="block text-xs">
                        <DeltaBadge
                          compact
                          testId="spend-delta"
                          delta={row.spendChange}
                          meaning="up-is-bad"
                          previous={`$${formatUsdExact(row.previousCostPico)}, now $${formatUsdExact(row.costPico)}`}
                          period={period}
                        />
                      </span>
                    </td>
                    <td className="px-3 py-2.5 text-right tabular-nums text-zinc-700" data-testid="calls" data-exact={String(row.calls)} title={`${formatInteger(row.calls)} calls`}>
                      {formatCount(row.calls)}
                    </td>
                    <td className="px-3 py-2.5 text-right tabular-nums" data-testid="per-call" data-exact={row.perCallPico === null ? "" : formatUsdExact(row.perCallPico)}>
                      <span className="text-zinc-900" title={row.perCallPico === null ? undefined : `$${formatUsdExact(row.perCallPico)} per call (rounded down to the pico-dollar)`}>
                        {row.perCallPico === null ? "—" : formatUsdPerCall(row.perCallPico)}
                      </span>
                      <span className="block text-xs">
                        <DeltaBadge
                          compact
                          testId="per-call-delta"
                          delta={row.perCallChange}
                          meaning="up-is-bad"
                          previous={`${row.previousPerCallPico === null ? "no calls" : `$${formatUsdExact(row.previousPerCallPico)} per call`}, now ${row.perCallPico === null ? "no calls" : `$${formatUsdExact(row.perCallPico)}`}`}
                          period={period}
                        />
                      </span>
                    </td>
                    <td className="px-3 py-2.5">
                      <Sparkline values={row.sparkline} description={describeSparkline(row.label, row.sparkline)} />
                    </td>
                    <td className="px-3 py-2.5">
                      <ModelMixBar mix={row.mix} />
                    </td>
                    <td className="px-3 py-2.5 text-right tabular-nums text-zinc-700" data-testid="hit-ratio" data-exact={String(row.hitRatio ?? "")}>
                      {formatPercent(row.hitRatio)}
                    </td>
                    <td
                      className={`px-3 py-2.5 text-right tabular-nums ${warn ? "font-medium text-amber-700" : "text-zinc-700"}`}
                      data-testid="truncation"
                      data-exact={String(row.truncationRate ?? "")}
                      title={warn ? `More than ${formatPercent(TRUNCATION_WARNING)} of answers were cut at max_tokens` : "Share of calls that ended at max_tokens"}
                    >
                      {formatPercent(row.truncationRate)}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}
