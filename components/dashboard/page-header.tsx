/**
 * Title, range label and the shared range and filter controls at the top of every dashboard page. The
 * forecast looks at one month as of a day, so it passes `asOf` and gets a day picker instead of the range.
 */
import type { ReactNode } from "react";
import type { DashboardView } from "@/components/dashboard/view";
import { FilterBar, type FilterName } from "@/components/overview/filter-bar";
import { formatDayShort, formatRangeLabel, rangePresets } from "@/lib/core/chart-data";
import { formatMonthLong } from "@/lib/core/forecast-view";
import { FILTER_FIELDS, dashboardHref } from "@/lib/core/dashboard-url";
import { filterValueToParam } from "@/lib/core/filter-values";

export function DashboardHeader({
  title,
  path,
  view,
  keep = {},
  description,
  actions,
  hide,
  asOf,
}: {
  title: ReactNode;
  /** This page's path, e.g. "/models". */
  path: string;
  view: DashboardView;
  /** Page-specific query parameters to keep when the range or filters change. */
  keep?: Record<string, string>;
  description?: ReactNode;
  actions?: ReactNode;
  /** Filters this page does not offer (e.g. "feature" on a feature's own page). */
  hide?: FilterName[];
  /** Instead of the range: the day the page looks from (URL parameter asOf), the latest offered, and why a requested one was not used. */
  asOf?: { day: string; max: string; problem: string | null };
}) {
  const { range, filters, options, today } = view;
  // With an asOf the range is not this page's; links keep asOf (and whatever range came along) instead.
  const linkRange = asOf ? null : range;
  const links = asOf ? { ...keep, asOf: asOf.day } : keep;
  const presets = rangePresets(today).map((preset) => ({
    id: preset.id,
    label: preset.label,
    href: dashboardHref(path, preset, filters, keep),
    active: preset.from === range.from && preset.to === range.to,
  }));
  const hasFilters = FILTER_FIELDS.some(({ field }) => filters[field]?.length);
  const selected = Object.fromEntries(FILTER_FIELDS.map(({ param, field }) => [param, (filters[field] ?? []).map(filterValueToParam).join(",")])) as Record<
    FilterName,
    string
  >;
  const filterSummary = FILTER_FIELDS.filter(({ field }) => filters[field]?.length)
    .map(({ field, label }) => `${label}: ${filters[field]!.map((v) => (v === "" ? "(none)" : v)).join(", ")}`)
    .join(" · ");

  return (
    <>
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div className="min-w-0">
          <h1 className="text-xl font-semibold tracking-tight text-zinc-900">{title}</h1>
          <p className="mt-0.5 text-sm text-zinc-500">
            {asOf ? `${formatMonthLong(asOf.day.slice(0, 7))}, as of ${formatDayShort(asOf.day)}` : formatRangeLabel(range.from, range.to)}
            {filterSummary ? ` · ${filterSummary}` : ""}
          </p>
          {description ? <p className="mt-1 max-w-3xl text-sm text-zinc-600">{description}</p> : null}
        </div>
        {actions ? <div className="flex shrink-0 items-center gap-2">{actions}</div> : null}
      </div>

      <FilterBar
        key={dashboardHref(path, linkRange, filters, links)}
        path={path}
        keep={keep}
        from={range.from}
        to={range.to}
        today={today}
        selected={selected}
        options={{ model: options.model, feature: options.feature, project: options.project, service_tier: options.serviceTier }}
        presets={presets}
        clearHref={hasFilters ? dashboardHref(path, linkRange, {}, links) : null}
        hide={hide}
        asOf={asOf ? { day: asOf.day, max: asOf.max } : undefined}
      />

      {(asOf ? asOf.problem : view.rangeProblem) ? (
        <p role="alert" className="rounded-lg border border-amber-300 bg-amber-50 px-4 py-2.5 text-sm text-amber-950">
          {asOf ? asOf.problem : view.rangeProblem}
        </p>
      ) : null}
    </>
  );
}

/** What a dashboard page other than the overview shows before any usage is stored. */
export function NoUsageYet({ title }: { title: string }) {
  return (
    <div className="space-y-4">
      <h1 className="text-xl font-semibold tracking-tight text-zinc-900">{title}</h1>
      <div className="rounded-xl border border-dashed border-zinc-300 bg-white px-6 py-10 text-center">
        <p className="text-sm font-medium text-zinc-900">No usage recorded yet</p>
        <p className="mt-1 text-sm text-zinc-500">
          Send usage records or load demo data from the{" "}
          <a href="/" className="font-medium text-accent-700 underline-offset-2 hover:underline">
            overview
          </a>
          ; this page fills in as soon as calls arrive.
        </p>
      </div>
    </div>
  );
}
