/**
 * One row per model, largest spend first: names and raw ids, spend and share, calls, tokens by type,
 * and per-call averages and percentiles. A wide table that scrolls inside its card on small screens,
 * with a compact list in its place on phones. Exact values sit in data-exact (and data-low / data-high
 * for the bucket bounds of a percentile) and in each cell's title.
 */
import type { ReactNode } from "react";
import { Card, CardHeader } from "@/components/ui/card";
import { getGroups, getModelHistograms, getModelRawIds } from "@/components/models/data";
import { type CardQuery, getOptions } from "@/components/overview/data";
import { assignModelColors, formatInteger, formatPercent, modelColor } from "@/lib/core/chart-data";
import { formatCount } from "@/lib/core/money";
import { type ModelRow, type PercentileDisplay, buildModelRows } from "@/lib/core/models-view";
import { defaultPriceBook } from "@/lib/core/pricing";
import { RAW_ID_SAMPLE_LIMIT } from "@/lib/server/models-caching-queries";

const TH = "px-2.5 py-2 text-right font-medium whitespace-nowrap";
const TD = "px-2.5 py-2 text-right tabular-nums whitespace-nowrap";

function UnpricedBadge({ row }: { row: ModelRow }) {
  if (row.unpricedCalls === 0) return null;
  return (
    <span
      className="shrink-0 rounded bg-amber-100 px-1.5 py-px text-[11px] font-medium text-amber-900"
      title={`${formatInteger(row.unpricedCalls)} of ${formatInteger(row.calls)} calls have no known price and count as $0`}
    >
      {row.unpricedCalls === row.calls ? "unpriced" : `${formatCount(row.unpricedCalls)} unpriced`}
    </span>
  );
}

function rawIdsTitle(row: ModelRow): string {
  const sample = row.rawIds;
  if (!sample) return "";
  const scope = sample.complete
    ? `all ${formatInteger(sample.sampled)} calls in the range`
    : `the latest ${formatInteger(sample.sampled)} calls in the range (a sample)`;
  return `Ids sent, over ${scope}: ${sample.ids.map((id) => `${id.id} (${formatInteger(id.calls)})`).join(", ")}`;
}

function ModelName({ row }: { row: ModelRow }) {
  return (
    <div className="min-w-0">
      <div className="flex items-center gap-2">
        <span aria-hidden="true" className="size-2.5 shrink-0 rounded-sm" style={{ background: row.color }} />
        <span className="font-medium whitespace-nowrap text-zinc-900">{row.displayName}</span>
        {row.family ? <span className="rounded bg-zinc-100 px-1.5 py-px text-[11px] text-zinc-600">{row.family}</span> : null}
        <UnpricedBadge row={row} />
      </div>
      {row.rawIds?.ids.length ? (
        <ul className="mt-0.5 pl-4.5 font-mono text-[11px] leading-relaxed text-zinc-500" data-testid="raw-ids" title={rawIdsTitle(row)} aria-label="Ids sent">
          {row.rawIds.ids.map((id, i) => (
            <li key={id.id} className="whitespace-nowrap">
              {id.id}
              {!row.rawIds!.complete && i === row.rawIds!.ids.length - 1 ? " …" : ""}
            </li>
          ))}
        </ul>
      ) : (
        <p className="mt-0.5 pl-4.5 font-mono text-[11px] text-zinc-500">{row.model}</p>
      )}
    </div>
  );
}

function Percentile({ value, testId }: { value: PercentileDisplay | null; testId: string }) {
  if (!value) return <span className="text-zinc-400">—</span>;
  return (
    <span data-testid={testId} data-low={value.low} data-high={value.high} title={value.title}>
      {value.short}
      <span className="sr-only"> ({value.title})</span>
    </span>
  );
}

function Money({ short, exact, testId }: { short: string | null; exact: string | null; testId: string }) {
  if (short === null || exact === null) return <span className="text-zinc-400">—</span>;
  return (
    <span data-testid={testId} data-exact={exact} title={`$${exact} exactly`}>
      {short}
      <span className="sr-only"> (${exact} exactly)</span>
    </span>
  );
}

function Count({ value, testId, noun }: { value: number; testId?: string; noun: string }) {
  return (
    <span data-testid={testId} data-exact={String(value)} title={`${formatInteger(value)} ${noun}`}>
      {formatCount(value)}
    </span>
  );
}

function avgTokensText(row: ModelRow): { short: string; title: string } | null {
  if (row.avgTokens === null) return null;
  return { short: formatCount(Math.round(row.avgTokens)), title: `${row.avgTokens.toLocaleString("en-US")} tokens per call on average` };
}

function ModelTableRow({ row }: { row: ModelRow }) {
  const avgTokens = avgTokensText(row);
  return (
    <tr data-testid={`model-row-${row.model}`} className="align-top">
      <th scope="row" className="sticky left-0 z-10 bg-white px-3 py-2 text-left font-normal">
        <ModelName row={row} />
      </th>
      <td className={`${TD} font-semibold text-zinc-900`}>
        <Money short={row.spendShort} exact={row.spendExact} testId="spend" />
      </td>
      <td className={`${TD} text-zinc-600`} title={`${(row.share * 100).toFixed(4)}% of spend`}>
        {formatPercent(row.share)}
      </td>
      <td className={TD}>
        <Count value={row.calls} testId="calls" noun="calls" />
      </td>
      <td className={`${TD} text-zinc-600`}>
        <Count value={row.inputTokens} noun="input tokens (uncached)" />
      </td>
      <td className={`${TD} text-zinc-600`}>
        <Count value={row.outputTokens} noun="output tokens" />
      </td>
      <td className={`${TD} text-zinc-600`}>
        <Count value={row.cacheReadTokens} noun="cache read tokens" />
      </td>
      <td
        className={`${TD} text-zinc-600`}
        data-exact={String(row.cacheWriteTokens)}
        title={`${formatInteger(row.cacheWrite5mTokens)} 5-minute + ${formatInteger(row.cacheWrite1hTokens)} 1-hour cache write tokens`}
      >
        {formatCount(row.cacheWriteTokens)}
      </td>
      <td className={`${TD} border-l border-zinc-100 text-zinc-900`}>
        <Money short={row.avgCostShort} exact={row.avgCostExact} testId="avg-cost" />
      </td>
      <td className={`${TD} text-zinc-600`}>
        <Percentile value={row.p50Cost} testId="p50-cost" />
        <span className="text-zinc-400"> · </span>
        <Percentile value={row.p95Cost} testId="p95-cost" />
      </td>
      <td className={`${TD} border-l border-zinc-100 text-zinc-900`} title={avgTokens?.title}>
        <span data-testid="avg-tokens" data-exact={row.avgTokens === null ? "" : String(row.avgTokens)}>
          {avgTokens?.short ?? "—"}
        </span>
      </td>
      <td className={`${TD} text-zinc-600`}>
        <Percentile value={row.p50Tokens} testId="p50-tokens" />
        <span className="text-zinc-400"> · </span>
        <Percentile value={row.p95Tokens} testId="p95-tokens" />
      </td>
    </tr>
  );
}

/** The phone version of a row: the numbers that matter most, stacked. */
function ModelCard({ row }: { row: ModelRow }) {
  const avgTokens = avgTokensText(row);
  const stat = (label: string, value: ReactNode) => (
    <div className="min-w-0">
      <dt className="text-[11px] text-zinc-500">{label}</dt>
      <dd className="tabular-nums text-zinc-900">{value}</dd>
    </div>
  );
  return (
    <li data-testid={`model-card-${row.model}`} className="py-3">
      <div className="flex items-start justify-between gap-3">
        <ModelName row={row} />
        <span className="shrink-0 text-right text-sm font-semibold tabular-nums text-zinc-900">
          <Money short={row.spendShort} exact={row.spendExact} testId="spend" />
          <span className="block text-xs font-normal text-zinc-500">{formatPercent(row.share)}</span>
        </span>
      </div>
      <dl className="mt-2 grid grid-cols-3 gap-x-3 gap-y-2 pl-4.5 text-xs">
        {stat("Calls", <Count value={row.calls} noun="calls" />)}
        {stat("Avg / call", <Money short={row.avgCostShort} exact={row.avgCostExact} testId="avg-cost" />)}
        {stat("p50 / p95", (
          <>
            <Percentile value={row.p50Cost} testId="p50-cost" /> / <Percentile value={row.p95Cost} testId="p95-cost" />
          </>
        ))}
        {stat("Input", <Count value={row.inputTokens} noun="input tokens" />)}
        {stat("Output", <Count value={row.outputTokens} noun="output tokens" />)}
        {stat("Cache r / w", (
          <>
            <Count value={row.cacheReadTokens} noun="cache read tokens" /> / <Count value={row.cacheWriteTokens} noun="cache write tokens" />
          </>
        ))}
        {stat("Tokens / call", <span title={avgTokens?.title}>{avgTokens?.short ?? "—"}</span>)}
      </dl>
    </li>
  );
}

export async function ModelTableCard({ query, filteredBeyondModel }: { query: CardQuery; filteredBeyondModel: boolean }) {
  const [groups, costHistograms, tokenHistograms, { options }] = await Promise.all([
    getGroups(query, "model"),
    getModelHistograms(query, "cost"),
    getModelHistograms(query, "tokens"),
    getOptions(),
  ]);
  const rawIds = await getModelRawIds(
    query.range,
    groups.map((g) => g.key),
  );
  const colors = assignModelColors(options.model);
  const rows = buildModelRows(groups, defaultPriceBook, { costHistograms, tokenHistograms, rawIds, color: (model) => modelColor(model, colors) });
  const percentileNote = filteredBeyondModel ? (
    <p data-testid="percentile-note" className="rounded-md bg-amber-50 px-2.5 py-1.5 text-xs text-amber-900">
      Percentiles cover all features, projects and tiers of each model: they come from per-model histograms, which the feature,
      project and tier filters do not split. Averages follow the filters.
    </p>
  ) : null;

  return (
    <Card data-testid="models-table" aria-labelledby="models-table-heading" className="pb-2">
      <CardHeader
        id="models-table-heading"
        title="Models"
        description="Dated ids and aliases count under their model; the ids actually sent are listed under each name."
        actions={<span className="text-xs text-zinc-500">{rows.length === 1 ? "1 model" : `${rows.length} models`}</span>}
      />
      {rows.length === 0 ? (
        <p className="px-4 py-10 text-center text-sm text-zinc-500 sm:px-5">No calls in this range.</p>
      ) : (
        <>
          <div className="space-y-2 px-4 pt-3 sm:px-5">
            <p className="text-xs text-zinc-500">
              p50 and p95 are marked ≈: they are read from log-scale histogram buckets and lie within about 3% of the true value (hover
              for the bucket bounds).
            </p>
            {percentileNote}
          </div>
          <div className="relative mt-3 hidden overflow-x-auto border-t border-zinc-100 sm:block" tabIndex={0} aria-label="Models table, scrolls sideways">
            <table className="w-full text-sm">
              <caption className="sr-only">Spend, calls, tokens and per-call cost for each model in the range</caption>
              <thead className="bg-zinc-50 text-xs text-zinc-500">
                <tr>
                  <th scope="col" className="sticky left-0 z-10 bg-zinc-50 px-3 py-2 text-left font-medium">
                    Model
                  </th>
                  <th scope="col" className={TH}>
                    Spend
                  </th>
                  <th scope="col" className={TH}>
                    Share
                  </th>
                  <th scope="col" className={TH}>
                    Calls
                  </th>
                  <th scope="col" className={TH}>
                    Input
                  </th>
                  <th scope="col" className={TH}>
                    Output
                  </th>
                  <th scope="col" className={TH}>
                    Cache read
                  </th>
                  <th scope="col" className={TH} title="5-minute + 1-hour cache writes">
                    Cache write
                  </th>
                  <th scope="col" className={`${TH} border-l border-zinc-100`}>
                    Avg $ / call
                  </th>
                  <th scope="col" className={TH}>
                    p50 · p95 $ / call
                  </th>
                  <th scope="col" className={`${TH} border-l border-zinc-100`}>
                    Avg tokens / call
                  </th>
                  <th scope="col" className={TH}>
                    p50 · p95 tokens
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-zinc-100">
                {rows.map((row) => (
                  <ModelTableRow key={row.model} row={row} />
                ))}
              </tbody>
            </table>
          </div>
          <ol className="divide-y divide-zinc-100 px-4 sm:hidden" aria-label="Models">
            {rows.map((row) => (
              <ModelCard key={row.model} row={row} />
            ))}
          </ol>
          <p className="px-4 pt-2 pb-2 text-[11px] text-zinc-400 sm:px-5">
            Raw ids come from each model&rsquo;s latest {formatInteger(RAW_ID_SAMPLE_LIMIT)} calls in the range, whatever the filters; … marks a
            sample that did not cover every call.
          </p>
        </>
      )}
    </Card>
  );
}
