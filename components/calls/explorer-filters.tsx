"use client";
/**
 * The calls explorer's own filters: user, stop reason, cost range, unpriced only. A real GET form (it
 * works before hydration) carrying the header's range and filters and the sort in hidden fields; once
 * hydrated, submitting navigates client-side and leaves empty fields out of the URL. Problems found by
 * the server (a cost that is not an amount) are shown next to their field.
 */
import Link from "next/link";
import { useRouter } from "next/navigation";
import { type FormEvent, useId, useTransition } from "react";
import { Spinner } from "@/components/ui/submit-button";

export interface ExplorerFiltersProps {
  path: string;
  /** Range, header filters and sort, kept as they are. */
  hidden: Record<string, string>;
  values: { user: string; stop_reason: string; min_cost: string; max_cost: string; unpriced: boolean };
  problems: Partial<Record<"user" | "stop_reason" | "min_cost" | "max_cost", string>>;
  stopReasons: readonly { value: string; label: string }[];
  /** The same view without explorer filters, or null when none is set. */
  clearHref: string | null;
}

const FIELD = "w-full min-w-0 rounded-md border bg-white px-2.5 py-1.5 text-sm text-zinc-900 shadow-xs";

export function ExplorerFilters({ path, hidden, values, problems, stopReasons, clearHref }: ExplorerFiltersProps) {
  const router = useRouter();
  const id = useId();
  const [pending, startTransition] = useTransition();

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const params = new URLSearchParams();
    for (const [name, value] of new FormData(event.currentTarget)) if (typeof value === "string" && value.trim() !== "") params.append(name, value.trim());
    const query = params.toString();
    startTransition(() => router.push(query ? `${path}?${query}` : path, { scroll: false }));
  }

  const field = (name: keyof ExplorerFiltersProps["problems"]) => ({
    id: `${id}-${name}`,
    name,
    "aria-invalid": problems[name] ? true : undefined,
    "aria-describedby": problems[name] ? `${id}-${name}-problem` : undefined,
    className: `${FIELD} ${problems[name] ? "border-red-400 ring-1 ring-red-400" : values[name] ? "border-accent-500 ring-1 ring-accent-500" : "border-zinc-300"}`,
  });

  const problem = (name: keyof ExplorerFiltersProps["problems"]) =>
    problems[name] ? (
      <p id={`${id}-${name}-problem`} className="text-xs text-red-700" data-testid={`problem-${name}`}>
        {problems[name]}
      </p>
    ) : null;

  return (
    <form
      action={path}
      method="get"
      onSubmit={submit}
      role="search"
      aria-label="Call filters"
      data-testid="explorer-filters"
      className="rounded-xl border border-zinc-200 bg-white p-3 shadow-xs sm:p-4"
    >
      {Object.entries(hidden).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <div className="grid grid-cols-2 items-start gap-2 lg:grid-cols-[minmax(0,1.2fr)_minmax(0,1.2fr)_minmax(0,1fr)_minmax(0,1fr)_auto_auto]">
        <div className="col-span-2 flex min-w-0 flex-col gap-1 sm:col-span-1">
          <label htmlFor={`${id}-user`} className="text-xs font-medium text-zinc-600">
            User (exact)
          </label>
          <input type="text" defaultValue={values.user} placeholder="Any user" autoComplete="off" spellCheck={false} {...field("user")} />
          {problem("user")}
        </div>
        <div className="col-span-2 flex min-w-0 flex-col gap-1 sm:col-span-1">
          <label htmlFor={`${id}-stop_reason`} className="text-xs font-medium text-zinc-600">
            Stop reason
          </label>
          <select defaultValue={values.stop_reason} {...field("stop_reason")}>
            <option value="">Any stop reason</option>
            {stopReasons.map((reason) => (
              <option key={reason.value} value={reason.value}>
                {reason.label}
              </option>
            ))}
          </select>
          {problem("stop_reason")}
        </div>
        <div className="flex min-w-0 flex-col gap-1">
          <label htmlFor={`${id}-min_cost`} className="text-xs font-medium text-zinc-600">
            Min cost (USD)
          </label>
          <input type="text" inputMode="decimal" defaultValue={values.min_cost} placeholder="0.01" autoComplete="off" {...field("min_cost")} />
          {problem("min_cost")}
        </div>
        <div className="flex min-w-0 flex-col gap-1">
          <label htmlFor={`${id}-max_cost`} className="text-xs font-medium text-zinc-600">
            Max cost (USD)
          </label>
          <input type="text" inputMode="decimal" defaultValue={values.max_cost} placeholder="No limit" autoComplete="off" {...field("max_cost")} />
          {problem("max_cost")}
        </div>
        <div className="flex min-w-0 items-center gap-2 pt-1 lg:pt-6">
          <input
            id={`${id}-unpriced`}
            type="checkbox"
            name="unpriced"
            value="1"
            defaultChecked={values.unpriced}
            className="size-4 shrink-0 rounded border-zinc-300 accent-accent-600"
          />
          <label htmlFor={`${id}-unpriced`} className="text-sm whitespace-nowrap text-zinc-700">
            Unpriced only
          </label>
        </div>
        <div className="flex items-center justify-end gap-3 lg:pt-5">
          {clearHref ? (
            <Link href={clearHref} prefetch={false} scroll={false} className="rounded text-sm font-medium whitespace-nowrap text-accent-700 hover:underline">
              Clear
            </Link>
          ) : null}
          <button
            type="submit"
            className="inline-flex items-center justify-center gap-2 rounded-md bg-accent-600 px-3.5 py-1.5 text-sm font-medium text-white shadow-xs hover:bg-accent-700"
          >
            {pending ? <Spinner /> : null}
            Apply
          </button>
        </div>
      </div>
    </form>
  );
}
