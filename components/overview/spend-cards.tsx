/**
 * The overview's spend breakdowns: by day (stacked by model) and ranked by model and by feature.
 * Each is an async server component that prepares its data with lib/core/chart-data and hands
 * plain numbers and exact strings to the drawing components.
 */
import Link from "next/link";
import { Card, CardHeader } from "@/components/ui/card";
import { type CardQuery, SPEND_SPLITS, type SpendSplit, getDayUsage, getGroups, getOptions } from "@/components/overview/data";
import { SpendByDayChart } from "@/components/overview/spend-by-day-chart";
import { RankedSpendList } from "@/components/overview/ranked-spend-list";
import { assignCategoryColors, assignModelColors, attributionLabel, buildSpendByDay, formatRangeLabel, modelColor, rankSpend } from "@/lib/core/chart-data";
import { dashboardHref } from "@/lib/core/dashboard-url";
import { filterValueToParam } from "@/lib/core/filter-values";

const OPTION_FIELD = { model: "model", feature: "feature", project: "project", service_tier: "serviceTier" } as const;

/** Links that switch what the bars are stacked by; the choice is the URL's `split` parameter. */
function SplitSwitch({ query, split }: { query: CardQuery; split: SpendSplit }) {
  return (
    <div role="group" aria-label="Stack the bars by" className="inline-flex rounded-lg border border-zinc-200 p-0.5 text-xs font-medium">
      {SPEND_SPLITS.map((option) => {
        const active = option.id === split;
        return (
          <Link
            key={option.id}
            href={dashboardHref("/", query.range, query.filters, { split: option.id === "model" ? null : option.id })}
            prefetch={false}
            scroll={false}
            aria-current={active ? "true" : undefined}
            className={`rounded-md px-2.5 py-1 whitespace-nowrap ${active ? "bg-zinc-900 text-white" : "text-zinc-600 hover:bg-zinc-100 hover:text-zinc-900"}`}
          >
            {option.label}
          </Link>
        );
      })}
    </div>
  );
}

export async function SpendByDayCard({ query, split = "model" }: { query: CardQuery; split?: SpendSplit }) {
  const [days, { options }] = await Promise.all([getDayUsage(query, split), getOptions()]);
  const { noun } = SPEND_SPLITS.find((s) => s.id === split)!;
  const rows = days.map((day) => ({ day: day.day, model: day.key, costPico: day.costPico }));
  const colors = split === "model" ? assignModelColors(options.model) : assignCategoryColors(options[OPTION_FIELD[split]]);
  const label = split === "feature" || split === "project" ? (key: string) => attributionLabel(key, split) : undefined;
  const chart = buildSpendByDay(rows, query.range, { colors, noun, label });
  return (
    <Card data-testid="chart-spend-by-day" data-exact={chart.totalExact} data-split={split} aria-labelledby="spend-by-day-heading" className="pb-4 sm:pb-5">
      <CardHeader
        id="spend-by-day-heading"
        title="Spend by day"
        description={`${formatRangeLabel(query.range.from, query.range.to)} (UTC), stacked by ${noun.replace(/s$/, "")}`}
        actions={<SplitSwitch query={query} split={split} />}
      />
      <div className="px-2 pt-4 sm:px-4">
        <SpendByDayChart chart={chart} noun={noun} />
      </div>
    </Card>
  );
}

export async function SpendByModelCard({ query }: { query: CardQuery }) {
  const [groups, { options }] = await Promise.all([getGroups(query, "model"), getOptions()]);
  const colors = assignModelColors(options.model);
  const rows = rankSpend(groups, { color: (model) => modelColor(model, colors) });
  return (
    <RankedSpendList
      testId="chart-spend-by-model"
      title="Spend by model"
      description="Dated ids count under their model"
      noun="model"
      rows={rows}
      href={(model) => dashboardHref("/models", query.range, { ...query.filters, model: [model] })}
    />
  );
}

export async function SpendByFeatureCard({ query }: { query: CardQuery }) {
  const groups = await getGroups(query, "feature");
  const rows = rankSpend(groups, { label: (key) => attributionLabel(key, "feature") });
  return (
    <RankedSpendList
      testId="chart-spend-by-feature"
      title="Spend by feature"
      description="The feature each record was sent with"
      noun="feature"
      rows={rows}
      href={(feature) => dashboardHref(`/features/${encodeURIComponent(filterValueToParam(feature))}`, query.range, { ...query.filters, feature: [] })}
    />
  );
}
