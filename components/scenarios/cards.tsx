/**
 * The Scenarios page's cards: the per-feature editor (today's spend, model mix and cache hit ratio per
 * feature, with the controls), the projected monthly bill under the applied scenario (totals, per
 * feature, calls that cannot move, cache targets out of reach), and the saved scenarios.
 */
import Link from "next/link";
import type { CardQuery } from "@/components/overview/data";
import { Kpi } from "@/components/overview/kpi-cards";
import { getPriceBook, loadEditorFeatures, loadProjection, loadSavedScenarios } from "@/components/scenarios/data";
import { DeleteScenarioButton, SaveScenarioForm } from "@/components/scenarios/scenario-actions";
import { type EditorFeatureView, ScenarioEditor } from "@/components/scenarios/scenario-editor";
import { Card, CardHeader } from "@/components/ui/card";
import { attributionLabel, formatInteger, formatPercent, shareOf } from "@/lib/core/chart-data";
import { formatUsdExact, formatUsdShort } from "@/lib/core/money";
import type { Amounts, Projection } from "@/lib/core/projection";
import { formatRational } from "@/lib/core/rational";
import { type Scenario, isEmptyPlan } from "@/lib/core/scenario";
import { rowsFromPlan } from "@/lib/core/scenario-editor";
import { describeScenario, modelOptions, readScenario, scenarioHref, shortModelName } from "@/lib/core/scenario-view";
import { configuredAssumptions } from "@/lib/server/projections";

export const SCENARIOS_PATH = "/projections/scenarios";

const usd = (pico: bigint) => formatUsdShort(pico);
const exact = (pico: bigint) => `$${formatUsdExact(pico)}`;
function signed(pico: bigint): string {
  if (pico === 0n) return "$0";
  return `${pico < 0n ? "−" : "+"}${formatUsdShort(pico < 0n ? -pico : pico)}`;
}
function signedExact(pico: bigint): string {
  return `${pico < 0n ? "-" : "+"}$${formatUsdExact(pico < 0n ? -pico : pico)}`;
}

export async function EditorCard({
  query,
  scenario,
  base,
  resetHref,
  scenarioKey,
}: {
  query: CardQuery;
  scenario: Scenario;
  base: string;
  resetHref: string;
  /** The whole scenario as a query string: a new one (Apply, Reset, back) starts the editor over from it. */
  scenarioKey: string;
}) {
  const [features, book] = await Promise.all([loadEditorFeatures(query), getPriceBook()]);
  const rows = rowsFromPlan(
    features.map((f) => f.feature),
    scenario.plan,
  );
  const byFeature = new Map(features.map((f) => [f.feature, f]));
  const views: EditorFeatureView[] = rows.map((row) => {
    const f = byFeature.get(row.feature);
    const mix = f?.mix.filter((m) => m.costPico > 0n) ?? [];
    return {
      feature: row.feature,
      label: attributionLabel(row.feature, "feature"),
      inScope: Boolean(f),
      calls: f ? `${formatInteger(f.calls)} ${f.calls === 1 ? "call" : "calls"}` : "",
      monthly: f ? usd(f.monthlyPico) : "",
      monthlyExact: f ? formatUsdExact(f.monthlyPico) : "",
      hitRatio: f?.hitRatio ?? null,
      hitLabel: formatPercent(f?.hitRatio ?? null),
      mix: mix.length === 0 ? "no priced spend" : `${mix.slice(0, 2).map((m) => `${shortModelName(book, m.model)} ${formatPercent(m.share)}`).join(", ")}${mix.length > 2 ? ` +${mix.length - 2}` : ""}`,
      mixTitle: mix.map((m) => `${m.model} ${formatPercent(m.share)} (${exact(m.costPico)})`).join(", "),
    };
  });
  const options = modelOptions(book);
  const move = scenario.plan.moves[0];
  return (
    <Card data-testid="scenario-editor" aria-labelledby="scenario-editor-heading">
      <CardHeader
        id="scenario-editor-heading"
        title="Change by feature"
        description="Route a feature's calls to another model (model A for a share, model B for the rest), raise its cache hit ratio, or mark it as able to wait for the Batch API (half price). Then apply the scenario."
      />
      {move ? (
        <p className="mx-4 mt-3 rounded-md border border-zinc-200 bg-zinc-50 px-3 py-2 text-sm text-zinc-700 sm:mx-5">
          This scenario also moves calls on {book.byId.has(move.from) ? shortModelName(book, move.from) : move.from} to {shortModelName(book, move.to)} (features without a route of
          their own). Reset clears it.
        </p>
      ) : null}
      {views.length === 0 ? (
        <p className="px-5 py-10 text-center text-sm text-zinc-500">No calls in this range{query.filters.feature?.length ? " for these features" : ""}.</p>
      ) : (
        <div className="mt-3">
          <ScenarioEditor
            key={scenarioKey}
            path={SCENARIOS_PATH}
            features={views}
            initialRows={rows}
            options={{ current: options.current, other: options.other }}
            base={base}
            resetHref={resetHref}
          />
        </div>
      )}
    </Card>
  );
}

function rangeDrivers(projection: Projection, scenario: Scenario): string {
  const a = scenario.assumptions;
  const parts = projection.rangeFrom.map((driver) =>
    driver === "tokenizer"
      ? `the tokenizer factor (${formatRational(a.tokenizerRange[0])} to ${formatRational(a.tokenizerRange[1])}, ${formatRational(a.tokenizerFactor)} assumed)`
      : `cache reuse (${formatRational(a.readsPerWriteRange[0])} to ${formatRational(a.readsPerWriteRange[1])} reads per write)`,
  );
  return parts.join(" and ");
}

function RangeText({ amounts }: { amounts: Amounts }) {
  if (amounts.lowPico === amounts.highPico) return <span className="text-zinc-400">—</span>;
  return (
    <span title={`${exact(amounts.lowPico)} to ${exact(amounts.highPico)}`}>
      {usd(amounts.lowPico)} – {usd(amounts.highPico)}
    </span>
  );
}

export async function ResultsCard({ query, scenario, days }: { query: CardQuery; scenario: Scenario; days: number }) {
  if (isEmptyPlan(scenario.plan)) {
    return (
      <Card data-testid="scenario-results" aria-labelledby="scenario-results-heading">
        <CardHeader id="scenario-results-heading" title="Projected monthly bill" />
        <p className="px-4 pt-3 pb-5 text-sm text-zinc-600 sm:px-5" data-testid="scenario-empty">
          Nothing to project yet: set a split, a cache target or batch for a feature, then Apply scenario.
        </p>
      </Card>
    );
  }
  const [projection, book] = await Promise.all([loadProjection(query, scenario), getPriceBook()]);
  if (projection.calls === 0) {
    return (
      <Card data-testid="scenario-results" aria-labelledby="scenario-results-heading">
        <CardHeader id="scenario-results-heading" title="Projected monthly bill" />
        <p className="px-4 pt-3 pb-5 text-sm text-zinc-600 sm:px-5">No calls in this range and filters: nothing to project. Choose another range above.</p>
      </Card>
    );
  }
  const { monthly } = projection;
  const difference = monthly.projectedPico - monthly.actualPico;
  const hasRange = monthly.lowPico !== monthly.highPico;
  const modelName = (id: string) => shortModelName(book, id);
  const perMonth = `over ${days} ${days === 1 ? "day" : "days"} scaled to a 30.44-day month`;
  const changeRatio = monthly.actualPico > 0n ? shareOf(difference < 0n ? -difference : difference, monthly.actualPico) : null;

  return (
    <Card data-testid="scenario-results" aria-labelledby="scenario-results-heading">
      <CardHeader
        id="scenario-results-heading"
        title={scenario.name ? `Projected monthly bill: ${scenario.name}` : "Projected monthly bill"}
        description={`This range's ${formatInteger(projection.calls)} calls priced under the scenario, ${perMonth}.`}
      />
      <p className="px-4 pt-2 text-xs text-zinc-500 sm:px-5">{describeScenario(scenario, book, configuredAssumptions()).join(" · ")}</p>
      <div className="grid grid-cols-1 gap-3 px-4 pt-4 sm:grid-cols-3 sm:px-5">
        <Kpi
          testId="today-monthly-total"
          exact={formatUsdExact(monthly.actualPico)}
          label="Today, per month"
          value={usd(monthly.actualPico)}
          title={`${exact(monthly.actualPico)} per month: ${exact(projection.total.actualPico)} ${perMonth}`}
          note={`${usd(projection.total.actualPico)} in this range`}
        />
        <Kpi
          testId="projected-monthly-total"
          exact={formatUsdExact(monthly.projectedPico)}
          label="Projected, per month"
          value={usd(monthly.projectedPico)}
          title={`${exact(monthly.projectedPico)} per month${hasRange ? `, range ${exact(monthly.lowPico)} to ${exact(monthly.highPico)}` : ""}`}
          extra={{ "data-low": formatUsdExact(monthly.lowPico), "data-high": formatUsdExact(monthly.highPico) }}
          note={
            hasRange ? (
              <>
                Range {usd(monthly.lowPico)} – {usd(monthly.highPico)}, from {rangeDrivers(projection, scenario)}
              </>
            ) : (
              "No assumption moves this number."
            )
          }
        />
        <Kpi
          testId="difference-monthly-total"
          exact={formatUsdExact(difference)}
          label="Difference, per month"
          value={signed(difference)}
          title={`${signedExact(difference)} per month`}
          note={changeRatio === null ? undefined : `${difference < 0n ? "−" : difference > 0n ? "+" : ""}${formatPercent(changeRatio)} against today`}
        />
      </div>

      <div className="relative mt-4 overflow-x-auto" tabIndex={0} role="region" aria-label="Per-feature projection, scrolls sideways">
        <table className="w-full min-w-[36rem] text-sm" data-testid="scenario-features">
          <caption className="sr-only">Per feature, per month: today, projected, the difference, the projection&rsquo;s range, and the calls in this range</caption>
          <thead className="border-y border-zinc-100 bg-zinc-50 text-xs text-zinc-500">
            <tr>
              <th scope="col" className="px-3 py-2 text-left font-medium sm:pl-5">
                Feature
              </th>
              <th scope="col" className="px-3 py-2 text-right font-medium">
                Today / month
              </th>
              <th scope="col" className="px-3 py-2 text-right font-medium">
                Projected / month
              </th>
              <th scope="col" className="px-3 py-2 text-right font-medium">
                Difference
              </th>
              <th scope="col" className="px-3 py-2 text-right font-medium">
                Range / month
              </th>
              <th scope="col" className="px-3 py-2 text-right font-medium sm:pr-5">
                Calls
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-100">
            {projection.features.map((f) => {
              const label = attributionLabel(f.feature, "feature");
              const diff = f.monthly.projectedPico - f.monthly.actualPico;
              return (
                <tr key={f.feature} data-testid={`result-row-${label}`}>
                  <th scope="row" className="max-w-48 truncate px-3 py-2.5 text-left font-medium text-zinc-900 sm:pl-5" title={label}>
                    {label}
                  </th>
                  <td className="px-3 py-2.5 text-right text-zinc-700 tabular-nums" data-testid="today" data-exact={formatUsdExact(f.monthly.actualPico)} title={`${exact(f.monthly.actualPico)} per month`}>
                    {usd(f.monthly.actualPico)}
                  </td>
                  <td className="px-3 py-2.5 text-right font-semibold text-zinc-900 tabular-nums" data-testid="projected" data-exact={formatUsdExact(f.monthly.projectedPico)} title={`${exact(f.monthly.projectedPico)} per month`}>
                    {usd(f.monthly.projectedPico)}
                  </td>
                  <td
                    className={`px-3 py-2.5 text-right tabular-nums ${diff < 0n ? "text-emerald-700" : diff > 0n ? "text-amber-700" : "text-zinc-500"}`}
                    data-testid="difference"
                    data-exact={formatUsdExact(diff)}
                    title={`${signedExact(diff)} per month`}
                  >
                    {signed(diff)}
                  </td>
                  <td className="px-3 py-2.5 text-right text-zinc-700 tabular-nums">
                    <RangeText amounts={f.monthly} />
                  </td>
                  <td className="px-3 py-2.5 text-right text-zinc-700 tabular-nums sm:pr-5">{formatInteger(f.calls)}</td>
                </tr>
              );
            })}
          </tbody>
          <tfoot className="border-t border-zinc-200 font-semibold">
            <tr data-testid="result-total">
              <th scope="row" className="px-3 py-2.5 text-left text-zinc-900 sm:pl-5">
                Total
              </th>
              <td className="px-3 py-2.5 text-right text-zinc-900 tabular-nums" data-testid="today" data-exact={formatUsdExact(monthly.actualPico)} title={`${exact(monthly.actualPico)} per month`}>
                {usd(monthly.actualPico)}
              </td>
              <td className="px-3 py-2.5 text-right text-zinc-900 tabular-nums" data-testid="projected" data-exact={formatUsdExact(monthly.projectedPico)} title={`${exact(monthly.projectedPico)} per month`}>
                {usd(monthly.projectedPico)}
              </td>
              <td
                className={`px-3 py-2.5 text-right tabular-nums ${difference < 0n ? "text-emerald-700" : difference > 0n ? "text-amber-700" : "text-zinc-500"}`}
                data-testid="difference"
                data-exact={formatUsdExact(difference)}
                title={`${signedExact(difference)} per month`}
              >
                {signed(difference)}
              </td>
              <td className="px-3 py-2.5 text-right text-zinc-700 tabular-nums">
                <RangeText amounts={monthly} />
              </td>
              <td className="px-3 py-2.5 text-right text-zinc-700 tabular-nums sm:pr-5">{formatInteger(projection.calls)}</td>
            </tr>
          </tfoot>
        </table>
      </div>

      <div className="space-y-3 px-4 pt-4 pb-5 text-sm sm:px-5">
        {projection.blocked.length ? (
          <section aria-labelledby="blocked-heading" data-testid="scenario-blocked">
            <h3 id="blocked-heading" className="font-medium text-zinc-900">
              Calls that cannot move
            </h3>
            <p className="text-zinc-600">They stay on their model at their recorded cost, and the projection counts them there.</p>
            <ul className="mt-1.5 list-disc space-y-1 pl-5 text-zinc-700">
              {projection.blocked.map((b) => (
                <li key={`${b.feature}|${b.model}|${b.target}|${b.reason}`}>
                  {formatInteger(b.calls)} {attributionLabel(b.feature, "feature")} {b.calls === 1 ? "call" : "calls"} on {modelName(b.model)} (
                  <span title={`${exact(b.costPico)} in this range`}>{usd(b.costPico)}</span> in this range):{" "}
                  {b.reason === "context_window"
                    ? `${b.calls === 1 ? "its prompt exceeds" : "their prompts exceed"} ${modelName(b.target)}'s ${formatInteger(b.contextWindow ?? 0)}-token context window`
                    : `fast mode, which ${modelName(b.target)} does not offer`}
                  .
                </li>
              ))}
            </ul>
          </section>
        ) : null}
        {projection.cacheCapped.length ? (
          <section aria-labelledby="capped-heading" data-testid="scenario-capped">
            <h3 id="capped-heading" className="font-medium text-zinc-900">
              Cache targets out of reach
            </h3>
            <ul className="mt-1.5 list-disc space-y-1 pl-5 text-zinc-700">
              {projection.cacheCapped.map((c) => {
                const target = scenario.plan.cacheTargets.find((t) => t.feature === c.feature)?.hitPercent;
                return (
                  <li key={c.feature}>
                    {attributionLabel(c.feature, "feature")}: {target}% is not reachable. A prompt is read from the cache only after it is written
                    there, and at this feature&rsquo;s reads per cache write that caps its hit ratio at {c.hitPercent}%. The projection uses {c.hitPercent}%.
                  </li>
                );
              })}
            </ul>
          </section>
        ) : null}
        {projection.unpricedCalls ? (
          <p className="text-zinc-600">
            {formatInteger(projection.unpricedCalls)} calls on models the price book does not know are left as they are.
          </p>
        ) : null}
        <p className="text-xs text-zinc-500">
          Prices in force on each call&rsquo;s day, with any overrides. Where a split crosses tokenizers, token counts change by the tokenizer factor (
          {formatRational(scenario.assumptions.tokenizerFactor)} assumed); raised cache hits need writes at the feature&rsquo;s own reads per write, or{" "}
          {formatRational(scenario.assumptions.readsPerWrite)} where it shows none. The same numbers come from{" "}
          <code className="font-mono text-[11px]">GET /api/v1/projections</code> with this page&rsquo;s query.
        </p>
      </div>
    </Card>
  );
}

export async function SavedScenariosCard({
  query,
  current,
}: {
  query: CardQuery;
  /** The applied scenario: its saved form (null when there is nothing to save, with the reason) and its name. */
  current: { query: string | null; disabledReason: string | null; name: string | null };
}) {
  const [saved, book] = await Promise.all([loadSavedScenarios(), getPriceBook()]);
  const defaults = configuredAssumptions();
  const items = saved.map((s) => {
    const read = readScenario(new URLSearchParams(s.query), book, defaults);
    return {
      ...s,
      summary: read.problems.length ? `No longer valid: ${read.problems.join("; ")}` : describeScenario(read.scenario, book, defaults).join(" · "),
      href: scenarioHref(SCENARIOS_PATH, query.range, query.filters, s.query, s.name),
      open: s.query === current.query,
    };
  });
  return (
    <Card data-testid="saved-scenarios" aria-labelledby="saved-scenarios-heading">
      <CardHeader
        id="saved-scenarios-heading"
        title="Saved scenarios"
        description="Saved for everyone using this Tally; each opens on the range and filters above. Saving under a name that is already in the list replaces that scenario."
      />
      <div className="px-4 pt-3 sm:px-5">
        <SaveScenarioForm
          query={current.query}
          disabledReason={current.disabledReason}
          defaultName={current.name ?? ""}
          saved={saved.map((s) => ({ name: s.name, query: s.query }))}
          hrefWithoutName={current.query === null ? SCENARIOS_PATH : scenarioHref(SCENARIOS_PATH, query.range, query.filters, current.query)}
        />
      </div>
      {items.length === 0 ? (
        <p className="px-4 pt-4 pb-5 text-sm text-zinc-500 sm:px-5">No saved scenarios yet.</p>
      ) : (
        <ul className="mt-4 divide-y divide-zinc-100 border-t border-zinc-100">
          {items.map((item) => (
            <li key={item.id} className="flex items-start justify-between gap-3 px-4 py-3 sm:px-5" data-testid={`saved-${item.name}`}>
              <div className="min-w-0">
                <Link href={item.href} className="font-medium break-words text-accent-700 underline-offset-2 hover:underline">
                  {item.name}
                </Link>
                {item.open ? <span className="ml-2 rounded-full bg-zinc-100 px-2 py-0.5 text-xs text-zinc-600">showing</span> : null}
                <p className="mt-0.5 text-sm break-words text-zinc-600">{item.summary}</p>
                <p className="mt-0.5 text-xs text-zinc-500">
                  Created <time dateTime={item.createdAt.toISOString()}>{item.createdAt.toISOString().slice(0, 10)}</time>
                </p>
              </div>
              <DeleteScenarioButton id={item.id} name={item.name} />
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
