/**
 * The overview's spend breakdowns: by day (stacked by model) and ranked by model and by feature.
 * Each is an async server component that prepares its data with lib/core/chart-data and hands
 * plain numbers and exact strings to the drawing components.
 */
import { Card, CardHeader } from "@/components/ui/card";
import { type CardQuery, getDailySpend, getGroups, getOptions } from "@/components/overview/data";
import { SpendByDayChart } from "@/components/overview/spend-by-day-chart";
import { RankedSpendList } from "@/components/overview/ranked-spend-list";
import { assignModelColors, attributionLabel, buildSpendByDay, formatRangeLabel, modelColor, rankSpend } from "@/lib/core/chart-data";

export async function SpendByDayCard({ query }: { query: CardQuery }) {
  const [rows, { options }] = await Promise.all([getDailySpend(query), getOptions()]);
  const chart = buildSpendByDay(rows, query.range, { colors: assignModelColors(options.model) });
  return (
    <Card data-testid="chart-spend-by-day" data-exact={chart.totalExact} aria-labelledby="spend-by-day-heading" className="pb-4 sm:pb-5">
      <CardHeader
        id="spend-by-day-heading"
        title="Spend by day"
        description={`${formatRangeLabel(query.range.from, query.range.to)} (UTC), stacked by model`}
      />
      <div className="px-2 pt-4 sm:px-4">
        <SpendByDayChart chart={chart} />
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
    />
  );
}
