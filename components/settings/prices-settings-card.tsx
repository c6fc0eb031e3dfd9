/**
 * Prices in force: the price book's version, the operator's overrides (added and removed here or with
 * `tally prices`), and the re-pricing runs they caused with the exact totals before and after.
 */
import { Card, CardHeader } from "@/components/ui/card";
import { CodeBlock } from "@/components/ui/code-block";
import { AddOverrideForm, type ModelOption } from "@/components/settings/add-override-form";
import { OVERRIDE_PRICE_FIELDS, describeMultiplier, formatUsdPrice, previousDay } from "@/components/settings/override-text";
import { RemoveOverrideButton } from "@/components/settings/remove-override-button";
import { RemovalNotice, RepriceNoticeProvider } from "@/components/settings/reprice-notice";
import { formatUsdExact, formatUsdShort } from "@/lib/core/money";
import { type PriceOverrideRule, defaultPriceBook, listPricedModels, resolveModel } from "@/lib/core/pricing";
import { getApp } from "@/lib/server/app";

const CLI_EXAMPLE =
  'npx tally prices override --model claude-sonnet-4-6 --from 2026-01-01 --multiplier 0.85 --note "negotiated"\nnpx tally prices remove-override 1';

/** "2026-11-23 05:16 UTC": rendered on the server, so there is no locale or time-zone mismatch. */
function formatTimestamp(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

/** The models a new override can name, each with its list prices in force today (standard tier). */
function modelOptions(today: string): ModelOption[] {
  return listPricedModels(defaultPriceBook).map((model) => {
    const source = defaultPriceBook.source.models.find((entry) => entry.id === model.canonical)!;
    const inForce = [...source.periods].reverse().find((period) => period.effectiveFrom <= today) ?? source.periods[0];
    return { id: model.canonical, family: model.family, displayName: model.displayName, listPrices: inForce.prices };
  });
}

function ModelName({ model }: { model: string }) {
  if (model === "*") return <span className="font-medium text-zinc-900">All models</span>;
  const resolved = resolveModel(defaultPriceBook, model);
  return (
    <span className="min-w-0">
      <span className="font-medium text-zinc-900">{resolved?.displayName ?? model}</span>{" "}
      <span className="inline-block max-w-full truncate align-bottom font-mono text-xs text-zinc-500" title={model}>
        {model}
      </span>
    </span>
  );
}

/** "From 2026-06-01" or "2026-06-01 to 2026-06-30": both days included, as the form asks for them. */
function DaysApplied({ from, to }: { from: string; to: string | null }) {
  if (to === null) return <span className="whitespace-nowrap">From {from}, no end</span>;
  return (
    <span title={`Stored as effectiveFrom ${from}, effectiveTo ${to} (exclusive)`}>
      <span className="whitespace-nowrap">{from}</span> to <span className="whitespace-nowrap">{previousDay(to)}</span>
    </span>
  );
}

/** What the override does to the list prices, in the order priceCall applies it. */
function OverrideChange({ rule }: { rule: Omit<PriceOverrideRule, "id" | "model" | "effectiveFrom" | "effectiveTo"> }) {
  const prices = OVERRIDE_PRICE_FIELDS.flatMap((field) => (rule[field.name] === null ? [] : [`${field.label} $${formatUsdPrice(rule[field.name]!)}`]));
  const discount = rule.multiplier === null ? null : describeMultiplier(rule.multiplier);
  return (
    <>
      {prices.length > 0 ? (
        <span>
          {prices.join(", ")} <span className="text-zinc-500">per MTok</span>
          {rule.multiplier !== null ? "; then " : null}
        </span>
      ) : null}
      {rule.multiplier !== null ? (
        <span>
          <span className="font-medium text-zinc-900">{discount}</span> <span className="whitespace-nowrap text-zinc-500 tabular-nums">(× {rule.multiplier})</span>
        </span>
      ) : null}
    </>
  );
}

export async function PricesSettingsCard() {
  const { db } = await getApp();
  const [overrides, runs] = await Promise.all([
    db.prisma.priceOverride.findMany({ orderBy: { id: "asc" } }),
    db.prisma.repriceRun.findMany({ orderBy: { id: "desc" }, take: 10 }),
  ]);
  const today = new Date().toISOString().slice(0, 10);
  return (
    <Card aria-labelledby="prices-heading" data-testid="prices-card">
      <CardHeader
        id="prices-heading"
        title="Prices"
        description={`List prices come from price book ${defaultPriceBook.version}. An override (a negotiated discount, a custom price) re-prices the stored calls it covers; where two overlap, the newer one wins.`}
      />
      <RepriceNoticeProvider>
        <section aria-labelledby="overrides-heading" className="px-4 pt-5 sm:px-5">
          <h3 id="overrides-heading" className="text-xs font-medium tracking-wide text-zinc-500 uppercase">
            Overrides
          </h3>
          <RemovalNotice />
          {overrides.length === 0 ? (
            <p className="mt-2 rounded-lg border border-dashed border-zinc-200 px-4 py-6 text-center text-sm text-zinc-500">No overrides: list prices apply.</p>
          ) : (
            <ul className="mt-2 divide-y divide-zinc-100 border-y border-zinc-100 text-sm">
              {overrides.map((o) => (
                <li key={o.id} className="flex items-start justify-between gap-3 py-3" data-testid={`override-${o.id}`}>
                  <div className="min-w-0 space-y-0.5">
                    <p className="flex flex-wrap items-baseline gap-x-2">
                      <span className="text-xs text-zinc-400 tabular-nums">#{o.id}</span>
                      <ModelName model={o.model} />
                    </p>
                    <p className="text-zinc-700">
                      <OverrideChange rule={o} />
                    </p>
                    <p className="text-xs text-zinc-500 tabular-nums">
                      <DaysApplied from={o.effectiveFrom} to={o.effectiveTo} />
                      {o.note ? <span className="break-words"> · {o.note}</span> : null}
                    </p>
                  </div>
                  <RemoveOverrideButton id={o.id} name={`#${o.id} (${o.model === "*" ? "all models" : o.model} from ${o.effectiveFrom})`} />
                </li>
              ))}
            </ul>
          )}
        </section>
        <section aria-labelledby="add-override-heading" className="px-4 pt-6 sm:px-5">
          <h3 id="add-override-heading" className="text-xs font-medium tracking-wide text-zinc-500 uppercase">
            Add override
          </h3>
          <AddOverrideForm models={modelOptions(today)} />
          <details className="group mt-4 text-sm">
            <summary className="cursor-pointer text-zinc-600 hover:text-zinc-900">Or from the command line</summary>
            <div className="mt-2">
              <CodeBlock title="Shell" language="shell" code={CLI_EXAMPLE} />
            </div>
          </details>
        </section>
      </RepriceNoticeProvider>
      <section aria-labelledby="reprice-history-heading" className="px-4 pt-6 pb-4 sm:px-5 sm:pb-5">
        <h3 id="reprice-history-heading" className="text-xs font-medium tracking-wide text-zinc-500 uppercase">
          Re-pricing history
        </h3>
        {runs.length === 0 ? (
          <p className="mt-2 text-sm text-zinc-500">Nothing has been re-priced yet.</p>
        ) : (
          <ol className="mt-2 divide-y divide-zinc-100 border-y border-zinc-100 text-sm">
            {runs.map((run) => {
              const delta = run.newCostPico - run.oldCostPico;
              return (
                <li key={run.id} className="flex flex-col gap-1 py-2.5 sm:flex-row sm:items-baseline sm:justify-between sm:gap-4" data-testid={`reprice-run-${run.id}`}>
                  <div className="min-w-0">
                    <p className="text-zinc-800">
                      {run.reason.charAt(0).toUpperCase() + run.reason.slice(1)}
                      <span className="text-zinc-500">
                        {" "}
                        · {run.changedCalls.toLocaleString("en-US")} of{" "}
                        {run.calls.toLocaleString("en-US")} calls changed
                      </span>
                    </p>
                    <p className="text-xs text-zinc-500 tabular-nums">
                      <time dateTime={run.createdAt.toISOString()}>{formatTimestamp(run.createdAt)}</time>
                    </p>
                  </div>
                  <p className="shrink-0 tabular-nums sm:text-right" title={`${formatUsdShort(run.oldCostPico)} → ${formatUsdShort(run.newCostPico)}`}>
                    <span className="text-zinc-500">${formatUsdExact(run.oldCostPico)}</span> →{" "}
                    <span className="font-medium text-zinc-900">${formatUsdExact(run.newCostPico)}</span>
                    {delta !== 0n ? (
                      <span className={`ml-1.5 text-xs ${delta < 0n ? "text-emerald-700" : "text-amber-700"}`}>
                        ({delta < 0n ? "−" : "+"}${formatUsdExact(delta < 0n ? -delta : delta)})
                      </span>
                    ) : null}
                  </p>
                </li>
              );
            })}
          </ol>
        )}
      </section>
    </Card>
  );
}
