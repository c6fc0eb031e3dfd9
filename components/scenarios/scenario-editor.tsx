"use client";
/**
 * The per-feature scenario editor: for each feature, route its calls to model A for a percent and to
 * model B for the rest, set a target cache hit ratio, and mark it as able to wait for the Batch API.
 * Native selects, text inputs and checkboxes in one form; Apply (or Enter) checks the rows
 * (lib/core/scenario-editor.ts), shows errors next to their fields, and writes the scenario into the URL
 * so the server recomputes. Reset clears the scenario and keeps the range and filters.
 */
import Link from "next/link";
import { useRouter } from "next/navigation";
import { type FormEvent, useId, useState, useTransition } from "react";
import { Spinner } from "@/components/ui/submit-button";
import { type EditorErrors, type EditorField, type EditorRow, applyEditorPlan, readEditor } from "@/lib/core/scenario-editor";

/** A feature as the editor shows it, formatted on the server. */
export interface EditorFeatureView {
  feature: string;
  label: string;
  /** Whether the feature has calls in the range (a saved plan may name others). */
  inScope: boolean;
  calls: string;
  monthly: string;
  monthlyExact: string;
  /** 0..1, or null without prompt tokens. */
  hitRatio: number | null;
  hitLabel: string;
  mix: string;
  mixTitle: string;
}

export interface ModelChoice {
  id: string;
  label: string;
}

const FIELD_ORDER: EditorField[] = ["modelA", "percentA", "modelB", "cacheTarget"];

const CONTROL =
  "w-full min-w-0 rounded-md border border-zinc-300 bg-white px-2.5 py-1.5 text-sm text-zinc-900 shadow-xs disabled:cursor-not-allowed disabled:bg-zinc-100 disabled:text-zinc-400 aria-invalid:border-red-400";

function ModelSelect({
  id,
  value,
  onChange,
  empty,
  options,
  disabled,
  invalid,
  describedBy,
}: {
  id: string;
  value: string;
  onChange: (value: string) => void;
  empty: string;
  options: { current: ModelChoice[]; other: ModelChoice[] };
  disabled?: boolean;
  invalid: boolean;
  describedBy?: string;
}) {
  return (
    <select
      id={id}
      value={value}
      disabled={disabled}
      onChange={(event) => onChange(event.target.value)}
      aria-invalid={invalid || undefined}
      aria-describedby={describedBy}
      className={CONTROL}
    >
      <option value="">{empty}</option>
      <optgroup label="Current models">
        {options.current.map((m) => (
          <option key={m.id} value={m.id}>
            {m.label}
          </option>
        ))}
      </optgroup>
      <optgroup label="Other models">
        {options.other.map((m) => (
          <option key={m.id} value={m.id}>
            {m.label}
          </option>
        ))}
      </optgroup>
    </select>
  );
}

function FieldError({ id, message }: { id: string; message?: string }) {
  return message ? (
    <p id={id} className="mt-1 text-xs text-red-700">
      {message}
    </p>
  ) : null;
}

export function ScenarioEditor({
  path,
  features,
  initialRows,
  options,
  base,
  resetHref,
}: {
  path: string;
  features: EditorFeatureView[];
  initialRows: EditorRow[];
  options: { current: ModelChoice[]; other: ModelChoice[] };
  /** Range, filters and the scenario's parameters the editor does not own, as a query string. */
  base: string;
  resetHref: string;
}) {
  const router = useRouter();
  const id = useId();
  const [rows, setRows] = useState(initialRows);
  const [errors, setErrors] = useState<EditorErrors>({});
  const [pending, startTransition] = useTransition();
  const labelOf = new Map([...options.current, ...options.other].map((m) => [m.id, m.label]));
  const fieldId = (index: number, field: EditorField | "batch") => `${id}-${index}-${field}`;
  const errorCount = Object.values(errors).reduce((n, fields) => n + Object.keys(fields).length, 0);

  function update(index: number, patch: Partial<EditorRow>) {
    const feature = rows[index].feature;
    setRows(rows.map((row, i) => (i === index ? { ...row, ...patch } : row)));
    if (errors[feature]) {
      const remaining = { ...errors[feature] };
      for (const field of Object.keys(patch) as EditorField[]) delete remaining[field];
      // Model A and its percent decide whether model B is right: re-check B when either changes.
      if ("modelA" in patch || "percentA" in patch) delete remaining.modelB;
      setErrors({ ...errors, [feature]: remaining });
    }
  }

  function apply(event: FormEvent) {
    event.preventDefault();
    const { plan, errors: found } = readEditor(rows);
    setErrors(found);
    const first = rows.findIndex((row) => found[row.feature] && Object.keys(found[row.feature]).length > 0);
    if (first >= 0) {
      const field = FIELD_ORDER.find((f) => found[rows[first].feature][f]);
      setTimeout(() => document.getElementById(fieldId(first, field!))?.focus());
      return;
    }
    const params = applyEditorPlan(new URLSearchParams(base), plan);
    startTransition(() => router.push(`${path}?${params}`, { scroll: false }));
  }

  const header = "hidden px-4 pb-1 text-xs font-medium text-zinc-500 sm:px-5 lg:grid";
  const grid = "grid grid-cols-2 gap-x-3 gap-y-2.5 lg:grid-cols-[minmax(0,1.25fr)_minmax(0,1.7fr)_minmax(0,1.3fr)_6.5rem_7.5rem] lg:gap-x-4";

  return (
    <form onSubmit={apply} noValidate aria-label="Scenario by feature">
      <div className={`${header} ${grid}`} aria-hidden="true">
        <span>Feature, today</span>
        <span>Route to (model A, share)</span>
        <span>Rest to (model B)</span>
        <span>Cache hit target</span>
        <span>Can wait</span>
      </div>
      <ul className="divide-y divide-zinc-100 border-y border-zinc-100">
        {rows.map((row, index) => {
          const feature = features.find((f) => f.feature === row.feature);
          const label = feature?.label ?? (row.feature === "" ? "(no feature)" : row.feature);
          const rowErrors = errors[row.feature] ?? {};
          const errorId = (field: EditorField) => (rowErrors[field] ? `${fieldId(index, field)}-error` : undefined);
          const headingId = `${id}-${index}-name`;
          const percent = Number(row.percentA.trim());
          const rest = row.modelA && Number.isInteger(percent) && percent >= 1 && percent < 100 ? 100 - percent : null;
          const cache = row.cacheTarget.trim();
          const cacheHint =
            cache !== "" && !rowErrors.cacheTarget && /^\d{1,3}$/.test(cache) && feature?.hitRatio !== null && feature?.hitRatio !== undefined && Number(cache) <= feature.hitRatio * 100
              ? `Already at ${feature.hitLabel}: no change.`
              : null;
          return (
            <li key={row.feature} role="group" aria-labelledby={headingId} data-testid={`editor-row-${label}`} className={`${grid} px-4 py-3 sm:px-5`}>
              <div className="col-span-2 min-w-0 lg:col-span-1">
                <p id={headingId} className="truncate text-sm font-medium text-zinc-900" title={label}>
                  {label}
                </p>
                {feature?.inScope ? (
                  <>
                    <p className="text-xs text-zinc-600 tabular-nums">
                      <span title={`$${feature.monthlyExact} per month exactly`} data-testid="today-monthly" data-exact={feature.monthlyExact}>
                        {feature.monthly}/month
                      </span>{" "}
                      · {feature.calls}
                    </p>
                    <p className="truncate text-xs text-zinc-500" title={feature.mixTitle}>
                      {feature.mix}
                    </p>
                    <p className="text-xs text-zinc-500 tabular-nums">cache hit {feature.hitLabel}</p>
                  </>
                ) : (
                  <p className="text-xs text-zinc-500">No calls in this range and filters</p>
                )}
              </div>

              <div className="col-span-2 min-w-0 lg:col-span-1">
                <label htmlFor={fieldId(index, "modelA")} className="mb-1 block text-xs font-medium text-zinc-600 lg:sr-only">
                  Route to (model A)
                </label>
                <div className="flex items-start gap-2">
                  <div className="min-w-0 flex-1">
                    <ModelSelect
                      id={fieldId(index, "modelA")}
                      value={row.modelA}
                      onChange={(modelA) => update(index, { modelA, keptSplit: modelA ? null : row.keptSplit })}
                      empty="Keep as is"
                      options={options}
                      invalid={Boolean(rowErrors.modelA)}
                      describedBy={errorId("modelA")}
                    />
                  </div>
                  <div className="flex w-20 shrink-0 items-center gap-1">
                    <label htmlFor={fieldId(index, "percentA")} className="sr-only">
                      Share to model A for {label}, percent
                    </label>
                    <input
                      id={fieldId(index, "percentA")}
                      type="text"
                      inputMode="numeric"
                      autoComplete="off"
                      value={row.modelA ? row.percentA : ""}
                      placeholder="—"
                      disabled={!row.modelA}
                      onChange={(event) => update(index, { percentA: event.target.value })}
                      aria-invalid={rowErrors.percentA ? true : undefined}
                      aria-describedby={errorId("percentA")}
                      className={`${CONTROL} text-right tabular-nums`}
                    />
                    <span className="text-sm text-zinc-500" aria-hidden="true">
                      %
                    </span>
                  </div>
                </div>
                <FieldError id={`${fieldId(index, "modelA")}-error`} message={rowErrors.modelA} />
                <FieldError id={`${fieldId(index, "percentA")}-error`} message={rowErrors.percentA} />
                {row.keptSplit && !row.modelA ? (
                  <p className="mt-1 text-xs text-zinc-600">
                    Split from the link: {row.keptSplit.map((s) => `${s.percent}% ${labelOf.get(s.model) ?? s.model}`).join(", ")}. Choosing model A replaces it.
                  </p>
                ) : null}
              </div>

              <div className="col-span-2 min-w-0 lg:col-span-1">
                <label htmlFor={fieldId(index, "modelB")} className="mb-1 block text-xs font-medium text-zinc-600 lg:sr-only">
                  Rest to (model B){rest !== null ? `, ${rest}%` : ""}
                </label>
                <ModelSelect
                  id={fieldId(index, "modelB")}
                  value={row.modelB}
                  onChange={(modelB) => update(index, { modelB })}
                  empty={row.modelA ? "No second model" : "Choose model A first"}
                  options={options}
                  disabled={!row.modelA}
                  invalid={Boolean(rowErrors.modelB)}
                  describedBy={errorId("modelB") ?? (rest !== null ? `${fieldId(index, "modelB")}-rest` : undefined)}
                />
                {rest !== null && !rowErrors.modelB ? (
                  <p id={`${fieldId(index, "modelB")}-rest`} className="mt-1 hidden text-xs text-zinc-500 lg:block">
                    takes the other {rest}%
                  </p>
                ) : null}
                <FieldError id={`${fieldId(index, "modelB")}-error`} message={rowErrors.modelB} />
              </div>

              <div className="min-w-0">
                <label htmlFor={fieldId(index, "cacheTarget")} className="mb-1 block text-xs font-medium text-zinc-600 lg:sr-only">
                  Cache hit target
                </label>
                <div className="flex items-center gap-1">
                  <input
                    id={fieldId(index, "cacheTarget")}
                    type="text"
                    inputMode="numeric"
                    autoComplete="off"
                    placeholder="—"
                    value={row.cacheTarget}
                    onChange={(event) => update(index, { cacheTarget: event.target.value })}
                    aria-invalid={rowErrors.cacheTarget ? true : undefined}
                    aria-describedby={errorId("cacheTarget") ?? (cacheHint ? `${fieldId(index, "cacheTarget")}-hint` : undefined)}
                    className={`${CONTROL} text-right tabular-nums`}
                  />
                  <span className="text-sm text-zinc-500" aria-hidden="true">
                    %
                  </span>
                </div>
                <FieldError id={`${fieldId(index, "cacheTarget")}-error`} message={rowErrors.cacheTarget} />
                {cacheHint ? (
                  <p id={`${fieldId(index, "cacheTarget")}-hint`} className="mt-1 text-xs text-zinc-500">
                    {cacheHint}
                  </p>
                ) : null}
              </div>

              <div className="flex min-w-0 items-end lg:items-start lg:pt-1.5">
                <label htmlFor={fieldId(index, "batch")} className="flex items-center gap-2 text-sm text-zinc-800">
                  <input
                    id={fieldId(index, "batch")}
                    type="checkbox"
                    checked={row.batch}
                    onChange={(event) => update(index, { batch: event.target.checked })}
                    className="size-4 rounded border-zinc-300 accent-accent-600"
                  />
                  <span>
                    Batch API<span className="sr-only"> for {label}: its calls can wait</span>
                  </span>
                </label>
              </div>
            </li>
          );
        })}
      </ul>
      <div className="flex flex-wrap items-center gap-2 px-4 py-3 sm:px-5">
        <button
          type="submit"
          disabled={pending}
          aria-busy={pending || undefined}
          className="inline-flex items-center justify-center gap-2 rounded-md bg-accent-600 px-3.5 py-2 text-sm font-medium whitespace-nowrap text-white hover:bg-accent-700 disabled:cursor-wait disabled:bg-accent-600/70"
        >
          {pending ? <Spinner /> : null}
          Apply scenario
        </button>
        <Link href={resetHref} scroll={false} className="inline-flex items-center rounded-md border border-zinc-300 bg-white px-3.5 py-2 text-sm font-medium text-zinc-800 hover:bg-zinc-50">
          Reset
        </Link>
        {errorCount > 0 ? (
          <p role="alert" className="text-sm text-red-700">
            Fix the {errorCount === 1 ? "highlighted field" : `${errorCount} highlighted fields`}, then apply.
          </p>
        ) : null}
      </div>
    </form>
  );
}
