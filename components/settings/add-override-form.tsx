"use client";
/**
 * Adds a price override: a model (or all), the days it applies, and a multiplier and/or absolute
 * prices. The server checks everything again and answers with field errors or the re-pricing it did.
 * Typed values survive a failed submit (the form is only reset after a success).
 */
import { type FormEvent, useEffect, useId, useRef, useState, useTransition } from "react";
import { type AddOverrideField, type AddOverrideState, addPriceOverrideAction } from "@/app/actions";
import { OVERRIDE_PRICE_FIELDS, describeMultiplier, normalizeDecimal } from "@/components/settings/override-text";
import { AddedNotice, useRepriceNotice } from "@/components/settings/reprice-notice";
import { Spinner } from "@/components/ui/submit-button";

export interface ModelOption {
  id: string;
  family: string;
  displayName: string;
  /** List prices in force today, USD per million tokens, keyed like the price book. */
  listPrices: Record<(typeof OVERRIDE_PRICE_FIELDS)[number]["book"], string>;
}

const IDLE: AddOverrideState = { status: "idle" };
const INPUT =
  "w-full min-w-0 rounded-md border border-zinc-300 bg-white px-3 py-2 text-sm shadow-xs placeholder:text-zinc-400 aria-invalid:border-red-400";
const LABEL = "text-xs font-medium text-zinc-600";

/** "15% off every token price" for a multiplier the server will accept, else null (the server explains). */
function multiplierPreview(text: string): string | null {
  const trimmed = text.trim().replace(/^\./, "0.");
  if (!/^\d+(\.\d{1,12})?$/.test(trimmed)) return null;
  const normalized = normalizeDecimal(trimmed);
  if (normalized === "0" || !/^(\d(\.\d+)?|10)$/.test(normalized)) return null;
  return describeMultiplier(normalized);
}

function titleCase(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function AddOverrideForm({ models }: { models: ModelOption[] }) {
  const id = useId();
  const formRef = useRef<HTMLFormElement>(null);
  const [state, setState] = useState<AddOverrideState>(IDLE);
  const [pending, startTransition] = useTransition();
  const [model, setModel] = useState("");
  const [multiplier, setMultiplier] = useState("");
  const [pricesOpen, setPricesOpen] = useState(false);
  const { setNotice } = useRepriceNotice();

  const errors = state.status === "error" ? state.fieldErrors : {};
  const errorOf = (field: AddOverrideField) => errors[field]?.[0];
  const changeError = errorOf("change");
  const selected = models.find((option) => option.id === model);
  const families = [...new Set(models.map((option) => option.family))];
  const preview = multiplierPreview(multiplier);

  useEffect(() => {
    if (state.status !== "error") return;
    const invalid = formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]');
    // A price field can only take focus once its disclosure is open; onToggle then syncs pricesOpen.
    const disclosure = invalid?.closest("details");
    if (disclosure) disclosure.open = true;
    invalid?.focus();
  }, [state]);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const formData = new FormData(form);
    startTransition(async () => {
      const next = await addPriceOverrideAction(IDLE, formData);
      setState(next);
      if (next.status === "added") {
        form.reset();
        setModel("");
        setMultiplier("");
        setPricesOpen(false);
        setNotice({ kind: "added", id: next.id, model: next.model, effectiveFrom: next.effectiveFrom, result: next.result });
      } else {
        setNotice(null);
      }
    });
  }

  /** aria attributes and the error line for one field. */
  function describe(field: AddOverrideField, hint?: boolean) {
    const error = errorOf(field) ?? (field === "multiplier" ? changeError : undefined);
    const ids = [hint ? `${id}-${field}-hint` : null, error ? `${id}-${field}-error` : null].filter(Boolean).join(" ");
    return {
      aria: { "aria-invalid": error ? true : undefined, "aria-describedby": ids || undefined },
      error: error ? (
        <p id={`${id}-${field}-error`} className="text-xs text-red-700">
          {error}
        </p>
      ) : null,
    };
  }

  const modelField = describe("model");
  const fromField = describe("effectiveFrom");
  const lastDayField = describe("lastDay", true);
  const multiplierField = describe("multiplier", true);
  const noteField = describe("note");

  return (
    <form ref={formRef} onSubmit={submit} noValidate className="mt-2 space-y-3">
      <p className="text-sm text-zinc-600">
        Give a multiplier, custom prices, or both. Saving re-prices the stored calls it covers.
      </p>
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
        <div className="flex min-w-0 flex-col gap-1 sm:col-span-2">
          <label htmlFor={`${id}-model`} className={LABEL}>
            Model
          </label>
          <select
            id={`${id}-model`}
            name="model"
            required
            value={model}
            onChange={(event) => setModel(event.target.value)}
            {...modelField.aria}
            className={`${INPUT} ${model === "" ? "text-zinc-500" : "text-zinc-900"}`}
          >
            <option value="" disabled>
              Choose a model…
            </option>
            <option value="*">All models</option>
            {families.map((family) => (
              <optgroup key={family} label={titleCase(family)}>
                {models
                  .filter((option) => option.family === family)
                  .map((option) => (
                    <option key={option.id} value={option.id}>
                      {option.displayName} ({option.id})
                    </option>
                  ))}
              </optgroup>
            ))}
          </select>
          {modelField.error}
        </div>
        <div className="flex min-w-0 flex-col gap-1">
          <label htmlFor={`${id}-from`} className={LABEL}>
            First day (UTC)
          </label>
          <input id={`${id}-from`} name="effectiveFrom" type="date" required {...fromField.aria} className={INPUT} />
          {fromField.error}
        </div>
        <div className="flex min-w-0 flex-col gap-1">
          <label htmlFor={`${id}-last`} className={LABEL}>
            Last day <span className="font-normal text-zinc-400">(optional)</span>
          </label>
          <input id={`${id}-last`} name="lastDay" type="date" {...lastDayField.aria} className={INPUT} />
          <p id={`${id}-lastDay-hint`} className="text-xs text-zinc-500">
            Included. Empty: no end.
          </p>
          {lastDayField.error}
        </div>
        <div className="flex min-w-0 flex-col gap-1">
          <label htmlFor={`${id}-multiplier`} className={LABEL}>
            Multiplier
          </label>
          <input
            id={`${id}-multiplier`}
            name="multiplier"
            inputMode="decimal"
            autoComplete="off"
            placeholder="e.g. 0.85"
            value={multiplier}
            onChange={(event) => setMultiplier(event.target.value)}
            {...multiplierField.aria}
            className={`${INPUT} tabular-nums`}
          />
          <p id={`${id}-multiplier-hint`} className="text-xs text-zinc-500" aria-live="polite">
            {preview ? <span className="font-medium text-zinc-700">= {preview}</span> : "0.85 = 15% off every token price; up to 10."}
          </p>
          {multiplierField.error}
        </div>
        <div className="flex min-w-0 flex-col gap-1 sm:col-span-1 lg:col-span-3">
          <label htmlFor={`${id}-note`} className={LABEL}>
            Note <span className="font-normal text-zinc-400">(optional)</span>
          </label>
          <input id={`${id}-note`} name="note" maxLength={200} autoComplete="off" placeholder="e.g. 2026 enterprise agreement" {...noteField.aria} className={INPUT} />
          {noteField.error}
        </div>
      </div>

      <details open={pricesOpen} onToggle={(event) => setPricesOpen(event.currentTarget.open)} className="rounded-lg border border-zinc-200">
        <summary className="cursor-pointer rounded-lg px-3 py-2 text-sm font-medium text-zinc-700 hover:bg-zinc-50">
          Custom prices <span className="font-normal text-zinc-500">(optional, USD per million tokens)</span>
        </summary>
        <div className="border-t border-zinc-200 px-3 pt-2 pb-3">
          <p className="text-xs text-zinc-500">
            A price here replaces the list price of that token type; a multiplier then applies to it too. Empty fields keep the list price.
          </p>
          <div className="mt-2 grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-5">
            {OVERRIDE_PRICE_FIELDS.map((field) => {
              const { aria, error } = describe(field.name, true);
              return (
                <div key={field.name} className="flex min-w-0 flex-col gap-1">
                  <label htmlFor={`${id}-${field.name}`} className={LABEL}>
                    {field.label}
                  </label>
                  <div className="relative">
                    <span aria-hidden="true" className="pointer-events-none absolute inset-y-0 left-3 flex items-center text-sm text-zinc-400">
                      $
                    </span>
                    <input id={`${id}-${field.name}`} name={field.name} inputMode="decimal" autoComplete="off" {...aria} className={`${INPUT} pl-6 tabular-nums`} />
                  </div>
                  <p id={`${id}-${field.name}-hint`} className="text-xs text-zinc-500 tabular-nums">
                    {selected ? `List $${selected.listPrices[field.book]}` : model === "*" ? "List varies" : "\u00a0"}
                  </p>
                  {error}
                </div>
              );
            })}
          </div>
        </div>
      </details>

      <div className="flex flex-col gap-2 sm:flex-row sm:items-center">
        <button
          type="submit"
          disabled={pending}
          aria-busy={pending || undefined}
          className="inline-flex items-center justify-center gap-2 self-start rounded-md bg-accent-600 px-3.5 py-2 text-sm font-medium whitespace-nowrap text-white transition-colors hover:bg-accent-700 disabled:cursor-wait disabled:bg-accent-600/70"
        >
          {pending ? <Spinner /> : null}
          Add override
        </button>
        {state.status === "error" ? (
          <p role="alert" className="text-sm text-red-700">
            {state.message}
          </p>
        ) : null}
      </div>
      <AddedNotice />
    </form>
  );
}
