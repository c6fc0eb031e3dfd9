/**
 * Caching per feature (or per model): prompt and cache tokens, hit ratio, writes and their cost, what
 * reads saved, the net of savings minus the write premium, and the "writes not read back" flag.
 * Flagged rows come first, then the lowest net saving. Scrolls sideways inside its card.
 */
import { Card, CardHeader } from "@/components/ui/card";
import { type CardQuery, getCachePairs } from "@/components/caching/data";
import { type CacheRow, NOT_READ_BACK_RULE, buildCacheRows, moneyPair } from "@/lib/core/caching-view";
import { attributionLabel, formatInteger, formatPercent } from "@/lib/core/chart-data";
import { formatCount } from "@/lib/core/money";
import { defaultPriceBook, resolveModel } from "@/lib/core/pricing";

const TH = "px-3 py-2 text-right font-medium whitespace-nowrap";
const TD = "px-3 py-2 text-right tabular-nums whitespace-nowrap";

function Money({ pico, testId, what }: { pico: bigint; testId: string; what: string }) {
  const money = moneyPair(pico);
  return (
    <span data-testid={testId} data-exact={money.exact} title={`${what}: $${money.exact} exactly`} className={pico < 0n ? "text-red-700" : undefined}>
      {money.short}
      <span className="sr-only"> (${money.exact} exactly)</span>
    </span>
  );
}

function Tokens({ value, what }: { value: number; what: string }) {
  return (
    <span data-exact={String(value)} title={`${formatInteger(value)} ${what}`}>
      {formatCount(value)}
    </span>
  );
}

function FlagBadge({ row }: { row: CacheRow }) {
  if (!row.notReadBack) return null;
  const written = row.cacheWrite5mTokens + row.cacheWrite1hTokens;
  return (
    <span
      data-testid="not-read-back"
      className="shrink-0 rounded bg-amber-100 px-1.5 py-px text-[11px] font-medium text-amber-900"
      title={`${formatInteger(row.cacheReadTokens)} tokens read back of ${formatInteger(written)} written (${(row.readsPerWrite ?? 0).toFixed(2)} reads per written token)`}
    >
      writes not read back
    </span>
  );
}

export async function CacheTableCard({ query, by }: { query: CardQuery; by: "feature" | "model" }) {
  const pairs = await getCachePairs(query, by);
  const label =
    by === "feature" ? (key: string) => attributionLabel(key, "feature") : (key: string) => resolveModel(defaultPriceBook, key)?.displayName ?? key;
  const rows = buildCacheRows(
    pairs.map((p) => ({ ...p, key: p.first, model: p.second })),
    defaultPriceBook,
    label,
  );
  const flagged = rows.filter((r) => r.notReadBack).length;
  const noun = by === "feature" ? "feature" : "model";
  const headingId = `cache-by-${by}-heading`;

  return (
    <Card data-testid={`cache-by-${by}`} aria-labelledby={headingId} className="pb-2">
      <CardHeader
        id={headingId}
        title={by === "feature" ? "Caching by feature" : "Caching by model"}
        description={
          by === "feature"
            ? "Where cache writes pay off and where they do not. Worst first: flagged rows, then the lowest net saving."
            : "The same, per model."
        }
        actions={
          flagged > 0 ? (
            <span className="rounded bg-amber-100 px-2 py-0.5 text-xs font-medium text-amber-900">
              {flagged} {flagged === 1 ? noun : `${noun}s`} flagged
            </span>
          ) : (
            <span className="text-xs text-zinc-500">{rows.length === 1 ? `1 ${noun}` : `${rows.length} ${noun}s`}</span>
          )
        }
      />
      {by === "feature" ? (
        <p className="mx-4 mt-3 rounded-md bg-zinc-50 px-3 py-2 text-xs leading-relaxed text-zinc-600 sm:mx-5" data-testid="not-read-back-rule">
          <span className="font-medium text-zinc-800">Writes not read back: </span>
          {NOT_READ_BACK_RULE}
        </p>
      ) : null}
      {rows.length === 0 ? (
        <p className="px-4 py-10 text-center text-sm text-zinc-500 sm:px-5">No calls in this range.</p>
      ) : (
        <div className="relative mt-3 overflow-x-auto border-t border-zinc-100" tabIndex={0} aria-label={`Caching by ${noun}, scrolls sideways`}>
          <table className="w-full text-sm">
            <caption className="sr-only">Cache tokens, hit ratio, write cost, savings and net saving per {noun}</caption>
            <thead className="bg-zinc-50 text-xs text-zinc-500">
              <tr>
                <th scope="col" className="sticky left-0 z-10 bg-zinc-50 px-3 py-2 text-left font-medium">
                  {by === "feature" ? "Feature" : "Model"}
                </th>
                <th scope="col" className={TH} title="Input + cache reads + cache writes">
                  Prompt tokens
                </th>
                <th scope="col" className={TH}>
                  Cache read
                </th>
                <th scope="col" className={TH}>
                  Hit ratio
                </th>
                <th scope="col" className={TH}>
                  Write 5m
                </th>
                <th scope="col" className={TH}>
                  Write 1h
                </th>
                <th scope="col" className={TH}>
                  Write cost
                </th>
                <th scope="col" className={TH} title="Cache reads at the uncached input price, minus what they cost">
                  Saved
                </th>
                <th scope="col" className={TH} title="Saved minus the write premium (what writes cost beyond plain input)">
                  Net
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-100">
              {rows.map((row) => (
                <tr key={row.key} data-testid={`cache-row-${row.label}`} data-flagged={row.notReadBack ? "true" : "false"}>
                  <th scope="row" className="sticky left-0 z-10 min-w-40 bg-white px-3 py-2 text-left font-normal">
                    <span className="flex flex-wrap items-center gap-x-2 gap-y-1">
                      <span className="font-medium text-zinc-900">{row.label}</span>
                      <FlagBadge row={row} />
                    </span>
                  </th>
                  <td className={`${TD} text-zinc-600`}>
                    <Tokens value={row.promptTokens} what="prompt tokens" />
                  </td>
                  <td className={`${TD} text-zinc-600`}>
                    <Tokens value={row.cacheReadTokens} what="cache read tokens" />
                  </td>
                  <td className={`${TD} text-zinc-900`} data-testid="hit-ratio" data-exact={String(row.hitRatio ?? "")}>
                    {formatPercent(row.hitRatio)}
                  </td>
                  <td className={`${TD} text-zinc-600`}>
                    <Tokens value={row.cacheWrite5mTokens} what="5-minute cache write tokens" />
                  </td>
                  <td className={`${TD} text-zinc-600`}>
                    <Tokens value={row.cacheWrite1hTokens} what="1-hour cache write tokens" />
                  </td>
                  <td className={`${TD} text-zinc-900`}>
                    <Money pico={row.writeCostPico} testId="write-cost" what="Cache writes (5m + 1h)" />
                  </td>
                  <td className={`${TD} text-zinc-900`}>
                    <Money pico={row.economics.savedPico} testId="saved" what="Saved by cache reads" />
                  </td>
                  <td className={`${TD} font-semibold text-zinc-900`}>
                    <Money pico={row.economics.netPico} testId="net" what="Net saving" />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p className="px-4 pt-2 pb-2 text-[11px] leading-relaxed text-zinc-400 sm:px-5">
        Write premium = write cost x (1 - input price / write price): 1/5 of a 5-minute write and 1/2 of a 1-hour write at list prices
        (1.25x and 2x input), from each model&rsquo;s price-book ratio. Exact to the pico-dollar for list prices; an override with custom
        write prices is assumed to keep the list ratio.
      </p>
    </Card>
  );
}
