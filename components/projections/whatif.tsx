/**
 * The What-if page's pieces: the move form, the two default comparisons (Opus to the current Sonnet,
 * Sonnet to the current Opus), and for one move its headline numbers, per-feature table, where the
 * calls went, the calls that cannot move, and the assumptions behind the range. Every amount is the
 * projection engine's (lib/core/projection.ts), the same the API and `tally whatif` print.
 */
import Link from "next/link";
import type { ReactNode } from "react";
import { Card, CardHeader } from "@/components/ui/card";
import { dashboardHref } from "@/lib/core/dashboard-url";
import { attributionLabel, formatInteger } from "@/lib/core/chart-data";
import { formatUsdCents, formatUsdExact, formatUsdShort } from "@/lib/core/money";
import { type PriceBook, resolveModel } from "@/lib/core/pricing";
import type { Amounts, BlockedProjection, Projection } from "@/lib/core/projection";
import { formatRational } from "@/lib/core/rational";
import { type Scenario, currentModel, modelFamilies } from "@/lib/core/scenario";
import type { DayRange, UsageFilters } from "@/lib/server/queries";

const TH = "px-3 py-2 text-right font-medium whitespace-nowrap";
const TD = "px-3 py-2 text-right tabular-nums whitespace-nowrap";

export function modelName(book: PriceBook, id: string): string {
  return resolveModel(book, id)?.displayName ?? id;
}

function familyName(family: string): string {
  return family.charAt(0).toUpperCase() + family.slice(1);
}

/** "Opus" for a family, the display name for a model. */
export function sourceName(book: PriceBook, source: string): string {
  return modelFamilies(book).includes(source) ? familyName(source) : modelName(book, source);
}

const signed = (pico: bigint) => (pico < 0n ? `-${formatUsdShort(-pico)}` : `+${formatUsdShort(pico)}`);

/** An amount for the eye, exact (and to the cent) on hover and for screen readers. */
export function Usd({ pico, testId, what, sign = false }: { pico: bigint; testId?: string; what: string; sign?: boolean }) {
  return (
    <span data-testid={testId} data-exact={formatUsdExact(pico)} data-cents={formatUsdCents(pico)} title={`${what}: $${formatUsdExact(pico)} exactly`}>
      {sign && pico !== 0n ? signed(pico) : formatUsdShort(pico)}
      <span className="sr-only"> (${formatUsdExact(pico)} exactly)</span>
    </span>
  );
}

/** The projected amount with its low-high range when the assumptions move it. */
export function ProjectedRange({ amounts, testId }: { amounts: Amounts; testId?: string }) {
  const ranged = amounts.lowPico !== amounts.highPico;
  return (
    <>
      <Usd pico={amounts.projectedPico} testId={testId} what="Projected" />
      {ranged ? (
        <span className="ml-1 text-xs text-zinc-500" title={`Range $${formatUsdExact(amounts.lowPico)} to $${formatUsdExact(amounts.highPico)}`}>
          ({formatUsdShort(amounts.lowPico)}–{formatUsdShort(amounts.highPico)})
        </span>
      ) : null}
    </>
  );
}

function differenceTone(pico: bigint): string {
  return pico < 0n ? "text-emerald-700" : pico > 0n ? "text-red-700" : "text-zinc-900";
}

// ---------------------------------------------------------------------------------------------------
// The form

/** Source options: families first ("All Opus"), then every model; targets: each family's current model first. */
export function MoveForm({ book, scenario, range, filters }: { book: PriceBook; scenario: Scenario | null; range: DayRange; filters: UsageFilters }) {
  const families = modelFamilies(book);
  const current = families.map((f) => currentModel(book, f)!);
  const others = book.models.map((m) => m.canonical).filter((id) => !current.includes(id));
  const hidden = new URLSearchParams(dashboardHref("", range, filters).replace(/^\?/, ""));
  const select = "mt-1 block w-full rounded-md border border-zinc-300 bg-white px-2.5 py-1.5 text-sm text-zinc-900 focus:border-indigo-500 focus:ring-2 focus:ring-indigo-500/30 focus:outline-none";
  return (
    <Card>
      <CardHeader title="Move calls to another model" description="Re-prices the calls in this range and filters as if they had run on the target: same tokens, cache split, tier and web searches." />
      <form method="get" action="/projections" className="grid gap-3 px-4 pt-3 pb-4 sm:grid-cols-[1fr_1fr_9rem_auto] sm:items-end sm:px-5 sm:pb-5">
        {[...hidden].map(([name, value]) => (
          <input key={name} type="hidden" name={name} value={value} />
        ))}
        <label className="block text-sm font-medium text-zinc-700">
          Calls on
          <select name="source" defaultValue={scenario?.source ?? "opus"} className={select}>
            <optgroup label="Families">
              {families.map((f) => (
                <option key={f} value={f}>
                  All {familyName(f)}
                </option>
              ))}
            </optgroup>
            <optgroup label="Models">
              {book.models.map((m) => (
                <option key={m.canonical} value={m.canonical}>
                  {m.displayName}
                </option>
              ))}
            </optgroup>
          </select>
        </label>
        <label className="block text-sm font-medium text-zinc-700">
          Moved to
          <select name="target" defaultValue={scenario?.target ?? currentModel(book, "sonnet") ?? undefined} className={select}>
            <optgroup label="Current models">
              {current.map((id) => (
                <option key={id} value={id}>
                  {modelName(book, id)}
                </option>
              ))}
            </optgroup>
            <optgroup label="Earlier models">
              {others.map((id) => (
                <option key={id} value={id}>
                  {modelName(book, id)}
                </option>
              ))}
            </optgroup>
          </select>
        </label>
        <label className="block text-sm font-medium text-zinc-700" title="How many claude-4.7-tokenizer tokens one claude-3-tokenizer token becomes (Claude Opus 4.7 and later count about 30% more)">
          Tokenizer factor
          <input
            name="tokenizerFactor"
            type="number"
            min="1"
            max="2"
            step="0.01"
            defaultValue={scenario ? formatRational(scenario.assumptions.tokenizerFactor) : undefined}
            placeholder="1.3"
            className={select}
          />
        </label>
        <button type="submit" className="rounded-md bg-indigo-600 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-700 focus-visible:ring-2 focus-visible:ring-indigo-500 focus-visible:ring-offset-2 focus-visible:outline-none">
          Project
        </button>
      </form>
    </Card>
  );
}

// ---------------------------------------------------------------------------------------------------
// The default comparisons

export function DefaultComparison({
  book,
  title,
  source,
  target,
  projection,
  href,
  testId,
}: {
  book: PriceBook;
  title: string;
  source: string;
  target: string;
  projection: Projection;
  href: string;
  testId: string;
}) {
  const m = projection.monthly;
  const diff = m.projectedPico - m.actualPico;
  return (
    <Card data-testid={testId} className="flex flex-col">
      <CardHeader title={title} description={`${sourceName(book, source)} calls in this range, re-priced on ${modelName(book, target)}; per month at this range's rate.`} />
      {projection.calls === 0 ? (
        <p className="px-4 pt-3 pb-5 text-sm text-zinc-500 sm:px-5">No {sourceName(book, source)} calls in this range.</p>
      ) : (
        <dl className="grid grid-cols-3 gap-3 px-4 pt-3 pb-4 text-sm sm:px-5">
          <div>
            <dt className="text-zinc-500">Today</dt>
            <dd className="mt-1 text-lg font-semibold tabular-nums text-zinc-900">
              <Usd pico={m.actualPico} what="Per month today" />
            </dd>
          </div>
          <div>
            <dt className="text-zinc-500">Projected</dt>
            <dd className="mt-1 text-lg font-semibold tabular-nums text-zinc-900">
              <ProjectedRange amounts={m} />
            </dd>
          </div>
          <div>
            <dt className="text-zinc-500">{diff <= 0n ? "Saves" : "Costs more"}</dt>
            <dd className={`mt-1 text-lg font-semibold tabular-nums ${differenceTone(diff)}`}>
              <Usd pico={diff < 0n ? -diff : diff} what="Difference per month" />
            </dd>
          </div>
        </dl>
      )}
      <div className="mt-auto border-t border-zinc-100 px-4 py-3 text-sm sm:px-5">
        <Link href={href} className="font-medium text-indigo-700 hover:underline focus-visible:underline">
          Details by feature →
        </Link>
      </div>
    </Card>
  );
}

// ---------------------------------------------------------------------------------------------------
// One move in detail

function Tile({ label, children, note, testId }: { label: string; children: ReactNode; note?: ReactNode; testId: string }) {
  return (
    <div data-testid={testId} className="min-w-0 rounded-xl border border-zinc-200 bg-white p-4 shadow-xs sm:p-5">
      <p className="text-sm font-medium text-zinc-500">{label}</p>
      <p className="mt-2 text-2xl font-semibold tracking-tight tabular-nums text-zinc-900">{children}</p>
      {note ? <p className="mt-1 text-xs leading-relaxed text-zinc-500">{note}</p> : null}
    </div>
  );
}

export function WhatifKpis({ book, scenario, projection }: { book: PriceBook; scenario: Scenario; projection: Projection }) {
  const t = projection.total;
  const m = projection.monthly;
  const diff = t.projectedPico - t.actualPico;
  const monthlyDiff = m.projectedPico - m.actualPico;
  return (
    <div className="grid grid-cols-2 gap-3 sm:gap-4 lg:grid-cols-4">
      <Tile testId="kpi-actual" label="Actual" note={`${formatInteger(projection.calls)} ${sourceName(book, scenario.source!)} calls over ${projection.days} days`}>
        <Usd pico={t.actualPico} what="Actual cost" />
      </Tile>
      <Tile testId="kpi-projected" label={`On ${modelName(book, scenario.target!)}`} note={t.lowPico !== t.highPico ? `Range ${formatUsdShort(t.lowPico)} to ${formatUsdShort(t.highPico)}` : "Same tokenizer: no range"}>
        <Usd pico={t.projectedPico} what="Projected cost" testId="projected-total" />
      </Tile>
      <Tile testId="kpi-difference" label="Difference" note={diff < 0n ? "Saved over the range" : diff > 0n ? "Extra over the range" : "No change"}>
        <span className={differenceTone(diff)}>
          <Usd pico={diff} what="Projected minus actual" sign />
        </span>
      </Tile>
      <Tile
        testId="kpi-monthly"
        label="Per month"
        note={m.lowPico !== m.highPico ? `Range ${signed(m.lowPico - m.actualPico)} to ${signed(m.highPico - m.actualPico)} a month` : `At this range's rate (30.44-day month)`}
      >
        <span className={differenceTone(monthlyDiff)}>
          <Usd pico={monthlyDiff} what="Difference per month" testId="monthly-difference" sign />
        </span>
      </Tile>
    </div>
  );
}

export function FeatureTable({ projection, title, description }: { projection: Projection; title: string; description: string }) {
  return (
    <Card>
      <CardHeader title={title} description={description} />
      <div className="relative mt-3 overflow-x-auto" tabIndex={0} aria-label={`${title}, scrolls sideways`}>
        <table className="w-full text-sm">
          <thead className="border-y border-zinc-100 bg-zinc-50 text-xs text-zinc-500">
            <tr>
              <th scope="col" className="px-3 py-2 text-left font-medium sm:pl-5">
                Feature
              </th>
              <th scope="col" className={TH}>Calls</th>
              <th scope="col" className={TH}>Today / month</th>
              <th scope="col" className={TH}>Projected / month</th>
              <th scope="col" className={`${TH} sm:pr-5`}>Difference</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-100">
            {projection.features.map((f) => {
              const diff = f.monthly.projectedPico - f.monthly.actualPico;
              return (
                <tr key={f.feature} data-testid="feature-row">
                  <th scope="row" className="max-w-56 truncate px-3 py-2 text-left font-medium text-zinc-900 sm:pl-5">
                    {attributionLabel(f.feature, "feature")}
                  </th>
                  <td className={TD}>{formatInteger(f.calls)}</td>
                  <td className={TD}>
                    <Usd pico={f.monthly.actualPico} what={`${f.feature} per month today`} />
                  </td>
                  <td className={TD}>
                    <ProjectedRange amounts={f.monthly} />
                  </td>
                  <td className={`${TD} sm:pr-5 ${differenceTone(diff)}`}>
                    <Usd pico={diff} what={`${f.feature} difference per month`} sign />
                  </td>
                </tr>
              );
            })}
          </tbody>
          <tfoot className="border-t border-zinc-200 font-medium">
            <tr>
              <th scope="row" className="px-3 py-2 text-left sm:pl-5">
                Total
              </th>
              <td className={TD}>{formatInteger(projection.calls)}</td>
              <td className={TD}>
                <Usd pico={projection.monthly.actualPico} what="Per month today" testId="monthly-actual" />
              </td>
              <td className={TD}>
                <ProjectedRange amounts={projection.monthly} testId="monthly-projected" />
              </td>
              <td className={`${TD} sm:pr-5 ${differenceTone(projection.monthly.projectedPico - projection.monthly.actualPico)}`}>
                <Usd pico={projection.monthly.projectedPico - projection.monthly.actualPico} what="Difference per month" sign />
              </td>
            </tr>
          </tfoot>
        </table>
      </div>
    </Card>
  );
}

export function PairsTable({ book, projection }: { book: PriceBook; projection: Projection }) {
  return (
    <Card>
      <CardHeader title="By model" description="Where each model's calls went, over the range. Calls on a model the move does not cover stay where they are." />
      <div className="relative mt-3 overflow-x-auto" tabIndex={0} aria-label="By model, scrolls sideways">
        <table className="w-full text-sm">
          <thead className="border-y border-zinc-100 bg-zinc-50 text-xs text-zinc-500">
            <tr>
              <th scope="col" className="px-3 py-2 text-left font-medium sm:pl-5">From</th>
              <th scope="col" className="px-3 py-2 text-left font-medium">To</th>
              <th scope="col" className={TH}>Calls</th>
              <th scope="col" className={TH}>Actual</th>
              <th scope="col" className={`${TH} sm:pr-5`}>Projected</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-100">
            {projection.pairs.map((p) => (
              <tr key={`${p.from}→${p.to}`}>
                <td className="px-3 py-2 whitespace-nowrap text-zinc-900 sm:pl-5">{modelName(book, p.from)}</td>
                <td className="px-3 py-2 whitespace-nowrap text-zinc-900">{p.from === p.to ? <span className="text-zinc-500">stays</span> : modelName(book, p.to)}</td>
                <td className={TD}>{formatInteger(p.calls)}</td>
                <td className={TD}>
                  <Usd pico={p.actualPico} what="Actual" />
                </td>
                <td className={`${TD} sm:pr-5`}>
                  <ProjectedRange amounts={p} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Card>
  );
}

export function blockedReason(book: PriceBook, b: BlockedProjection): string {
  return b.reason === "context_window"
    ? `prompts over ${modelName(book, b.target)}'s ${formatInteger(b.contextWindow ?? 0)}-token context window`
    : `${modelName(book, b.target)} has no fast mode`;
}

export function BlockedCard({ book, projection }: { book: PriceBook; projection: Projection }) {
  if (projection.blocked.length === 0) return null;
  const total = projection.blocked.reduce((sum, b) => sum + b.costPico, 0n);
  const calls = projection.blocked.reduce((sum, b) => sum + b.calls, 0);
  return (
    <Card data-testid="blocked">
      <CardHeader
        title="Calls that cannot move"
        description={`${formatInteger(calls)} calls (${formatUsdShort(total)}) stay on their model at their recorded cost and are counted that way in the projection.`}
      />
      <ul className="divide-y divide-zinc-100 px-4 pt-2 pb-3 text-sm sm:px-5">
        {projection.blocked.map((b) => (
          <li key={`${b.feature}|${b.model}|${b.target}|${b.reason}`} className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1 py-2">
            <span className="min-w-0 text-zinc-900">
              <span className="font-medium">{attributionLabel(b.feature, "feature")}</span> on {modelName(book, b.model)}: {blockedReason(book, b)}
            </span>
            <span className="tabular-nums text-zinc-700">
              {formatInteger(b.calls)} calls · <Usd pico={b.costPico} what="Recorded cost" />
            </span>
          </li>
        ))}
      </ul>
    </Card>
  );
}

export function AssumptionsCard({ scenario, projection }: { scenario: Scenario; projection: Projection }) {
  const a = scenario.assumptions;
  return (
    <Card>
      <CardHeader title="How this is worked out" />
      <ul className="list-disc space-y-1.5 px-4 pt-2 pb-4 pl-9 text-sm text-zinc-600 sm:px-5 sm:pl-10">
        <li>Each call keeps its token counts, cache reads and writes (5-minute and 1-hour), tier, region, speed and web searches, and is priced at the target&apos;s prices in force on its day, including its long-context tier, its own cache-read price and any price override.</li>
        <li>
          Claude Opus 4.7 and later models use a tokenizer that counts about 30% more tokens for the same text. Moving across that line multiplies token counts by{" "}
          <strong className="text-zinc-900">{formatRational(a.tokenizerFactor)}</strong> (or divides going back); the range recomputes everything at{" "}
          {a.tokenizerRange.map(formatRational).join(" and ")}.
          {projection.rangeFrom.includes("tokenizer") ? " That is what the range on this page reflects." : " This move does not cross it, so there is no range."}
        </li>
        <li>A call whose prompt, after that adjustment, is larger than the target&apos;s context window cannot move: it stays on its model and is listed above.</li>
        <li>Monthly figures scale the range&apos;s totals to a 30.44-day month ({projection.days} days of data).</li>
        {projection.unpricedCalls ? <li>{formatInteger(projection.unpricedCalls)} calls on models the price book does not know are left as they are.</li> : null}
      </ul>
    </Card>
  );
}
