/**
 * Hit ratio per day, split by model or by feature (?by= in the URL, as real links so the switch works
 * without JavaScript and a view can be shared).
 */
import Link from "next/link";
import { Card, CardHeader } from "@/components/ui/card";
import { type CardQuery, type RatioSplit, getPromptByDay } from "@/components/caching/data";
import { HitRatioChart } from "@/components/caching/hit-ratio-chart";
import { getOptions } from "@/components/overview/data";
import { buildHitRatioByDay } from "@/lib/core/caching-view";
import { assignCategoryColors, assignModelColors, attributionLabel, formatRangeLabel } from "@/lib/core/chart-data";
import { dashboardHref } from "@/lib/core/dashboard-url";
import { defaultPriceBook, resolveModel } from "@/lib/core/pricing";

const SPLITS: { id: RatioSplit; label: string }[] = [
  { id: "model", label: "By model" },
  { id: "feature", label: "By feature" },
];

export async function HitRatioCard({ query, split }: { query: CardQuery; split: RatioSplit }) {
  const [rows, { options }] = await Promise.all([getPromptByDay(query, split), getOptions()]);
  const chart = buildHitRatioByDay(rows, query.range, {
    topN: 5,
    noun: split === "model" ? "models" : "features",
    colors: split === "model" ? assignModelColors(options.model) : assignCategoryColors(options.feature),
    label: split === "model" ? (key) => resolveModel(defaultPriceBook, key)?.displayName ?? key : (key) => attributionLabel(key, "feature"),
  });
  return (
    <Card data-testid="chart-hit-ratio" aria-labelledby="hit-ratio-heading" className="pb-4 sm:pb-5">
      <CardHeader
        id="hit-ratio-heading"
        title="Cache hit ratio by day"
        description={`${formatRangeLabel(query.range.from, query.range.to)} (UTC). Cache reads as a share of the whole prompt; a day without prompt tokens has no ratio and leaves a gap.`}
        actions={
          <nav aria-label="Split the lines" className="inline-flex rounded-lg border border-zinc-200 bg-zinc-50 p-0.5 text-xs">
            {SPLITS.map((option) => {
              const current = option.id === split;
              return (
                <Link
                  key={option.id}
                  href={dashboardHref("/caching", query.range, query.filters, { by: option.id === "model" ? null : option.id })}
                  aria-current={current ? "page" : undefined}
                  scroll={false}
                  className={`rounded-md px-2.5 py-1 font-medium ${current ? "bg-white text-zinc-900 shadow-xs" : "text-zinc-500 hover:text-zinc-800"}`}
                >
                  {option.label}
                </Link>
              );
            })}
          </nav>
        }
      />
      <div className="px-2 pt-4 sm:px-4">
        <HitRatioChart chart={chart} noun={split === "model" ? "model" : "feature"} />
      </div>
    </Card>
  );
}
