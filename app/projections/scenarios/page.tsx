/**
 * Scenarios: build a plan per feature (a split across models, a target cache hit ratio, the Batch API),
 * see this range's traffic priced under it as a monthly bill, and save it by name or share it as a link.
 * The scenario lives in the URL (lib/core/scenario.ts) and is priced by the same getProjection call as
 * GET /api/v1/projections, so the page, the API and the CLI agree to the cent.
 */
import type { Metadata } from "next";
import { DashboardHeader, NoUsageYet } from "@/components/dashboard/page-header";
import { RetentionNotice } from "@/components/dashboard/retention-notice";
import { type SearchParams, loadView } from "@/components/dashboard/view";
import type { CardQuery } from "@/components/overview/data";
import { EditorCard, ResultsCard, SCENARIOS_PATH, SavedScenariosCard } from "@/components/scenarios/cards";
import { getPriceBook } from "@/components/scenarios/data";
import { CopyLinkButton } from "@/components/scenarios/scenario-actions";
import { CardSlot } from "@/components/ui/card-slot";
import { CardSkeleton, RowsSkeleton } from "@/components/ui/skeleton";
import { rangeLength } from "@/lib/core/chart-data";
import { dashboardHref, dashboardParams } from "@/lib/core/dashboard-url";
import { isEmptyPlan, scenarioParams } from "@/lib/core/scenario";
import { isEditorParam } from "@/lib/core/scenario-editor";
import { givenScenarioParams, readScenario, scenarioHref } from "@/lib/core/scenario-view";
import { configuredAssumptions } from "@/lib/server/projections";

import { ProjectionsTabs } from "@/components/projections/tabs";
import { requirePage } from "@/lib/server/session";

export const metadata: Metadata = { title: "Scenarios" };

export default async function ScenariosPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await requirePage("/projections/scenarios");
  const view = await loadView(searchParams);
  if (!view.hasUsage) return <NoUsageYet title="Scenarios" />;
  const params = await searchParams;
  const defaults = configuredAssumptions();
  const { scenario, problems } = readScenario(params, await getPriceBook(), defaults);
  const query: CardQuery = { range: view.range, filters: view.filters };

  // The scenario as the page writes it back: canonical when it parsed, as given while it has problems.
  const written = problems.length ? givenScenarioParams(params) : scenarioParams(scenario, defaults);
  const unnamed = new URLSearchParams([...written].filter(([key]) => key !== "name"));
  const base = dashboardParams(view.range, view.filters);
  if (!problems.length) for (const [key, value] of written) if (!isEditorParam(key)) base.set(key, value);
  const resetHref = dashboardHref(SCENARIOS_PATH, view.range, view.filters);
  const saveable = !problems.length && !isEmptyPlan(scenario.plan);

  return (
    <div className="space-y-4 sm:space-y-6">
      <ProjectionsTabs />
      <DashboardHeader
        title="Scenarios"
        path={SCENARIOS_PATH}
        view={view}
        keep={Object.fromEntries(written)}
        description="What this range's traffic would cost per month if features moved to other models, cached more of their prompts, or waited for the Batch API. Build a scenario and apply it, then save it or share its link."
        actions={<CopyLinkButton href={scenarioHref(SCENARIOS_PATH, view.range, view.filters, unnamed, scenario.name)} />}
      />
      <RetentionNotice fromMs={Date.parse(`${view.range.from}T00:00:00Z`)} consequence="with the default tokenizer factor a scenario reads the projection summary, which still counts them; with another factor it re-prices only the calls kept." />
      {problems.length ? (
        <div role="alert" data-testid="scenario-problems" className="rounded-lg border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-700">
          <p className="font-medium">This link&rsquo;s scenario has problems, so nothing is projected:</p>
          <ul className="mt-1 list-disc pl-5">
            {problems.map((problem) => (
              <li key={problem}>{problem}</li>
            ))}
          </ul>
          <p className="mt-1">
            Build the scenario again below, or{" "}
            <a href={resetHref} className="font-medium underline underline-offset-2">
              start over
            </a>
            .
          </p>
        </div>
      ) : null}
      <CardSlot title="Change by feature" fallback={<RowsSkeleton title="Change by feature" />}>
        <EditorCard query={query} scenario={scenario} base={base.toString()} resetHref={resetHref} scenarioKey={`${base}|${written}`} />
      </CardSlot>
      {problems.length ? null : (
        <CardSlot title="Projected monthly bill" fallback={<CardSkeleton title="Projected monthly bill" height="h-56" />}>
          <ResultsCard query={query} scenario={scenario} days={rangeLength(view.range)} />
        </CardSlot>
      )}
      <CardSlot title="Saved scenarios" fallback={<RowsSkeleton title="Saved scenarios" rows={2} />}>
        <SavedScenariosCard
          query={query}
          current={{
            query: saveable ? unnamed.toString() : null,
            disabledReason: problems.length ? "Fix the scenario's problems to save it." : saveable ? null : "Apply a scenario to save it.",
            name: scenario.name,
          }}
        />
      </CardSlot>
    </div>
  );
}
