/** Share of spend per day by model: prepares the series with lib/core and hands them to the chart. */
import { Card, CardHeader } from "@/components/ui/card";
import { type CardQuery, getDayUsage, getOptions } from "@/components/overview/data";
import { ShareOfSpendChart } from "@/components/models/share-of-spend-chart";
import { assignModelColors, buildSpendByDay, formatRangeLabel } from "@/lib/core/chart-data";
import { buildShareOfSpend } from "@/lib/core/models-view";
import { defaultPriceBook, resolveModel } from "@/lib/core/pricing";

export async function ShareOfSpendCard({ query }: { query: CardQuery }) {
  const [days, { options }] = await Promise.all([getDayUsage(query, "model"), getOptions()]);
  const rows = days.map((day) => ({ day: day.day, model: day.key, costPico: day.costPico }));
  const spend = buildSpendByDay(rows, query.range, {
    colors: assignModelColors(options.model),
    label: (model) => resolveModel(defaultPriceBook, model)?.displayName ?? model,
  });
  const chart = buildShareOfSpend(spend);
  return (
    <Card data-testid="chart-share-of-spend" aria-labelledby="share-of-spend-heading" className="pb-4 sm:pb-5">
      <CardHeader
        id="share-of-spend-heading"
        title="Share of spend by day"
        description={`${formatRangeLabel(query.range.from, query.range.to)} (UTC): each day's spend split by model, as 100%. Days without spend stay empty.`}
      />
      <div className="px-2 pt-4 sm:px-4">
        <ShareOfSpendChart chart={chart} />
      </div>
    </Card>
  );
}
