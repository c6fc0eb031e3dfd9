/**
 * What-if: what the calls in range would have cost on another model. Without a move chosen it shows
 * the two questions behind most bills: every Opus call on the current Sonnet, and every Sonnet call on
 * the current Opus (the cost of upgrading). With one (`source`, `target`, optional `tokenizerFactor`)
 * it shows that move in detail. The numbers are GET /api/v1/projections' and `tally whatif`'s.
 */
import type { Metadata } from "next";
import { ZodError } from "zod";
import { DashboardHeader, NoUsageYet } from "@/components/dashboard/page-header";
import { RetentionNotice } from "@/components/dashboard/retention-notice";
import { type SearchParams, loadView } from "@/components/dashboard/view";
import { AssumptionsCard, BlockedCard, DefaultComparison, FeatureTable, MoveForm, PairsTable, WhatifKpis, modelName, sourceName } from "@/components/projections/whatif";
import { ProjectionsTabs } from "@/components/projections/tabs";
import { dashboardHref } from "@/lib/core/dashboard-url";
import { type Scenario, currentModel, parseScenario, scenarioParams } from "@/lib/core/scenario";
import { getApp } from "@/lib/server/app";
import { getPricingContext } from "@/lib/server/pricing-context";
import { configuredAssumptions, getProjection, scopeToSource } from "@/lib/server/projections";
import { requirePage } from "@/lib/server/session";

export const metadata: Metadata = { title: "What-if" };

export default async function WhatifPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await requirePage("/projections");
  const view = await loadView(searchParams);
  if (!view.hasUsage) return <NoUsageYet title="What-if" />;
  const params = await searchParams;
  const { db } = await getApp();
  const { book } = await getPricingContext(db);
  const assumptions = configuredAssumptions();

  let scenario: Scenario | null = null;
  let problem: string | null = null;
  try {
    const parsed = parseScenario(
      Object.fromEntries(Object.entries(params).filter(([key]) => ["source", "target", "tokenizerFactor"].includes(key))),
      book,
      assumptions,
    );
    if (parsed.source && parsed.target) scenario = parsed;
  } catch (error) {
    if (!(error instanceof ZodError)) throw error;
    problem = error.issues.map((issue) => `${String(issue.path[0])}: ${issue.message}`).join("; ");
  }
  const keep = scenario ? Object.fromEntries(scenarioParams(scenario, assumptions)) : {};
  const run = (s: Scenario) => getProjection(db, { range: view.range, filters: scopeToSource(view.filters, s, book), plan: s.plan, assumptions: s.assumptions });

  const header = (
    <>
      <ProjectionsTabs />
      <DashboardHeader
        title="What-if"
        path="/projections"
        view={view}
        keep={keep}
        description="What your recorded calls would have cost on another model: the same tokens, re-priced by the target's rules, with the calls that could not move listed apart."
      />
      {problem ? (
        <p role="alert" className="rounded-lg border border-amber-300 bg-amber-50 px-4 py-2.5 text-sm text-amber-950">
          {problem}
        </p>
      ) : null}
      <RetentionNotice fromMs={Date.parse(`${view.range.from}T00:00:00Z`)} consequence="with the default tokenizer factor a projection reads the projection summary, which still counts them; with another factor it re-prices only the calls kept." />
      <MoveForm book={book} scenario={scenario} range={view.range} filters={view.filters} />
    </>
  );

  if (!scenario) {
    const sonnet = currentModel(book, "sonnet")!;
    const opus = currentModel(book, "opus")!;
    const defaults = [
      { source: "opus", target: sonnet, title: `Opus → ${modelName(book, sonnet)}`, testId: "default-opus-to-sonnet" },
      { source: "sonnet", target: opus, title: `Sonnet → ${modelName(book, opus)}`, testId: "default-sonnet-to-opus" },
    ];
    const projections = await Promise.all(
      defaults.map((d) => run(parseScenario({ source: d.source, target: d.target }, book, assumptions))),
    );
    return (
      <div className="space-y-4 sm:space-y-6">
        {header}
        <div className="grid gap-4 lg:grid-cols-2">
          {defaults.map((d, i) => (
            <DefaultComparison
              key={d.testId}
              book={book}
              title={d.title}
              source={d.source}
              target={d.target}
              projection={projections[i]}
              testId={d.testId}
              href={dashboardHref("/projections", view.range, view.filters, { source: d.source, target: d.target })}
            />
          ))}
        </div>
      </div>
    );
  }

  const projection = await run(scenario);
  return (
    <div className="space-y-4 sm:space-y-6">
      {header}
      {projection.calls === 0 ? (
        <p className="rounded-xl border border-zinc-200 bg-white px-4 py-6 text-center text-sm text-zinc-500">
          No {sourceName(book, scenario.source!)} calls in this range and filters: nothing to move.
        </p>
      ) : (
        <>
          <WhatifKpis book={book} scenario={scenario} projection={projection} />
          <BlockedCard book={book} projection={projection} />
          <FeatureTable
            projection={projection}
            title="By feature, per month"
            description={`Each feature's ${sourceName(book, scenario.source!)} spend today and on ${modelName(book, scenario.target!)}, at this range's rate.`}
          />
          <PairsTable book={book} projection={projection} />
          <AssumptionsCard scenario={scenario} projection={projection} />
        </>
      )}
    </div>
  );
}
