"use client";
/**
 * Range and filter controls. All state lives in the URL (from, to, model, feature, project,
 * service_tier) so any view can be shared as a link. A page that looks at one moment rather than a range
 * (the forecast) asks for an "As of" day instead of the range. It is a real GET form, so it works before
 * hydration too; once hydrated, submitting navigates client-side and leaves empty filters out of the URL.
 */
import Link from "next/link";
import { useRouter } from "next/navigation";
import { type FormEvent, useId, useState, useTransition } from "react";
import { Spinner } from "@/components/ui/submit-button";
import { NONE_TOKEN } from "@/lib/core/filter-values";

export type FilterName = "model" | "feature" | "project" | "service_tier";

export interface FilterBarProps {
  /** The page the form submits to, e.g. "/" or "/models". */
  path: string;
  /** Page-specific parameters (a split, a sort) kept when the range or filters change. */
  keep?: Record<string, string>;
  from: string;
  to: string;
  /** Latest selectable day (today, UTC). */
  today: string;
  /** Current value per filter as it appears in the URL ("" for all; several values are comma-joined). */
  selected: Record<FilterName, string>;
  options: Record<FilterName, string[]>;
  presets: { id: string; label: string; href: string; active: boolean }[];
  /** Link to the same range without filters, or null when no filter is set. */
  clearHref: string | null;
  /** Filters this page does not offer (a feature's page is already one feature). */
  hide?: FilterName[];
  /** Instead of the range: one day (URL parameter asOf) and the latest one offered. */
  asOf?: { day: string; max: string };
}

const SELECTS: { name: FilterName; label: string; all: string }[] = [
  { name: "model", label: "Model", all: "All models" },
  { name: "feature", label: "Feature", all: "All features" },
  { name: "project", label: "Project", all: "All projects" },
  { name: "service_tier", label: "Service tier", all: "All tiers" },
];

const FIELD = "w-full min-w-0 rounded-md border border-zinc-300 bg-white px-2.5 py-1.5 text-sm text-zinc-900 shadow-xs";

export function FilterBar({ path, keep = {}, from, to, today, selected, options, presets, clearHref, hide = [], asOf }: FilterBarProps) {
  const router = useRouter();
  const id = useId();
  const [pending, startTransition] = useTransition();
  const [problem, setProblem] = useState<string | null>(null);
  const active = SELECTS.filter(({ name }) => selected[name] && !hide.includes(name)).length;
  // On a phone the four pickers fold under a button (open when a filter is set) to keep the page short.
  const [showPickers, setShowPickers] = useState(active > 0);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const nextFrom = String(data.get("from") ?? "");
    const nextTo = String(data.get("to") ?? "");
    if (nextFrom && nextTo && nextFrom > nextTo) {
      setProblem("The start date must be on or before the end date.");
      return;
    }
    setProblem(null);
    const params = new URLSearchParams();
    for (const [name, value] of data) if (typeof value === "string" && value !== "") params.append(name, value);
    const query = params.toString();
    startTransition(() => router.push(query ? `${path}?${query}` : path, { scroll: false }));
  }

  return (
    <form
      action={path}
      method="get"
      onSubmit={submit}
      role="search"
      aria-label={asOf ? "Forecast day and filters" : "Date range and filters"}
      className="space-y-3 rounded-xl border border-zinc-200 bg-white p-3 shadow-xs sm:p-4"
    >
      {Object.entries(keep).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      {asOf ? (
        <div className="flex flex-wrap items-end gap-x-4 gap-y-2">
          <div className="grid grid-cols-2 items-end gap-2 sm:flex">
            <div className="flex min-w-0 flex-col gap-1">
              <label htmlFor={`${id}-as-of`} className="text-xs font-medium text-zinc-600">
                As of
              </label>
              <input
                id={`${id}-as-of`}
                type="date"
                name="asOf"
                defaultValue={asOf.day}
                max={asOf.max}
                required
                aria-describedby={`${id}-as-of-hint`}
                className={`${FIELD} sm:w-40`}
              />
            </div>
            <button
              type="submit"
              className="inline-flex items-center justify-center gap-2 rounded-md bg-accent-600 px-3.5 py-1.5 text-sm font-medium text-white shadow-xs hover:bg-accent-700"
            >
              Apply
            </button>
          </div>
          <p id={`${id}-as-of-hint`} className="min-w-0 pb-1.5 text-sm text-zinc-500">
            The last day counted as spent; the rest of its month is projected.
          </p>
        </div>
      ) : (
        <div className="flex flex-col gap-3 lg:flex-row lg:items-end lg:justify-between">
          <nav aria-label="Quick ranges" className="min-w-0">
            <ul className="flex flex-wrap gap-1.5">
              {presets.map((preset) => (
                <li key={preset.id}>
                  <Link
                    href={preset.href}
                    prefetch={false}
                    scroll={false}
                    aria-current={preset.active ? "true" : undefined}
                    className={`inline-flex rounded-md border px-2.5 py-1 text-sm font-medium whitespace-nowrap transition-colors ${
                      preset.active
                        ? "border-accent-600 bg-accent-600 text-white"
                        : "border-zinc-200 bg-white text-zinc-700 hover:border-zinc-300 hover:bg-zinc-50"
                    }`}
                  >
                    {preset.label}
                  </Link>
                </li>
              ))}
            </ul>
          </nav>
          <div className="grid grid-cols-2 items-end gap-2 sm:flex">
            <div className="flex min-w-0 flex-col gap-1">
              <label htmlFor={`${id}-from`} className="text-xs font-medium text-zinc-600">
                From
              </label>
              <input id={`${id}-from`} type="date" name="from" defaultValue={from} max={today} required className={`${FIELD} sm:w-40`} />
            </div>
            <div className="flex min-w-0 flex-col gap-1">
              <label htmlFor={`${id}-to`} className="text-xs font-medium text-zinc-600">
                To
              </label>
              <input id={`${id}-to`} type="date" name="to" defaultValue={to} required className={`${FIELD} sm:w-40`} />
            </div>
            <button
              type="submit"
              className="col-span-2 inline-flex items-center justify-center gap-2 rounded-md bg-accent-600 px-3.5 py-1.5 text-sm font-medium text-white shadow-xs hover:bg-accent-700 sm:col-span-1"
            >
              Apply
            </button>
          </div>
        </div>
      )}
      <button
        type="button"
        aria-expanded={showPickers}
        aria-controls={`${id}-pickers`}
        onClick={() => setShowPickers((open) => !open)}
        className="flex w-full items-center justify-between rounded-md border border-zinc-200 px-3 py-1.5 text-sm font-medium text-zinc-700 sm:hidden"
      >
        <span>Filters{active ? ` (${active} set)` : ""}</span>
        <span aria-hidden="true" className={`text-xs transition-transform ${showPickers ? "rotate-180" : ""}`}>
          ▾
        </span>
      </button>
      <div id={`${id}-pickers`} className={`${showPickers ? "grid" : "hidden"} grid-cols-2 gap-2 sm:grid lg:grid-cols-4`}>
        {SELECTS.filter(({ name }) => !hide.includes(name)).map(({ name, label, all }) => {
          // Calls sent without a feature or project are stored with ""; the URL names them "(none)".
          const values = options[name].map((value) => (value === "" ? NONE_TOKEN : value));
          const current = selected[name];
          return (
            <div key={name} className="flex min-w-0 flex-col gap-1">
              <label htmlFor={`${id}-${name}`} className="text-xs font-medium text-zinc-600">
                {label}
              </label>
              <select
                id={`${id}-${name}`}
                name={name}
                defaultValue={current}
                onChange={(event) => event.currentTarget.form?.requestSubmit()}
                className={`${FIELD} truncate pr-8 ${current ? "border-accent-500 ring-1 ring-accent-500" : ""}`}
              >
                <option value="">{all}</option>
                {current && !values.includes(current) ? <option value={current}>{current.split(",").join(", ")}</option> : null}
                {values.map((value) => (
                  <option key={value} value={value}>
                    {value === NONE_TOKEN ? `(no ${label.toLowerCase()})` : value}
                  </option>
                ))}
              </select>
            </div>
          );
        })}
      </div>
      <div className="flex min-h-5 flex-wrap items-center justify-between gap-2 text-sm" aria-live="polite">
        {problem ? (
          <p className="text-red-700">{problem}</p>
        ) : pending ? (
          <p className="flex items-center gap-2 text-zinc-500">
            <Spinner /> Updating…
          </p>
        ) : (
          <p className="text-zinc-500">Days are UTC. Filters apply to every card and carry over to other pages.</p>
        )}
        {clearHref ? (
          <Link href={clearHref} prefetch={false} scroll={false} className="rounded font-medium text-accent-700 hover:underline">
            Clear filters
          </Link>
        ) : null}
      </div>
    </form>
  );
}
