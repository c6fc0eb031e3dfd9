"use client";
/**
 * The Scenarios page's small interactive pieces: copying the scenario's link, saving it under a name
 * (saying when that replaces a saved one), and deleting a saved one in two steps.
 */
import { useRouter } from "next/navigation";
import { useActionState, useEffect, useId, useState, useSyncExternalStore } from "react";
import { type DeleteScenarioState, type SaveScenarioState, deleteScenarioAction, saveScenarioAction } from "@/app/projections/scenarios/actions";
import { CopyButton } from "@/components/ui/copy-button";
import { SubmitButton } from "@/components/ui/submit-button";

const noSubscription = () => () => {};

/** Copies the absolute URL of `href` (the page's canonical address: range, filters and scenario). */
export function CopyLinkButton({ href }: { href: string }) {
  const origin = useSyncExternalStore(noSubscription, () => window.location.origin, () => "");
  return <CopyButton text={`${origin}${href}`} label="Copy link" ariaLabel="Copy a link to this scenario" className="!py-1.5 !text-sm" />;
}

const SAVE_IDLE: SaveScenarioState = { status: "idle" };

/**
 * Saves the applied scenario. `query` is its parameters without range, filters and name, or null when
 * there is nothing to save (`disabledReason` says why). After saving, the page's URL takes the name.
 */
export function SaveScenarioForm({
  query,
  disabledReason,
  defaultName,
  saved,
  hrefWithoutName,
}: {
  query: string | null;
  disabledReason: string | null;
  defaultName: string;
  /** What is saved already: typing one of its names says whether saving replaces it. */
  saved: { name: string; query: string }[];
  hrefWithoutName: string;
}) {
  const [state, action] = useActionState(saveScenarioAction, SAVE_IDLE);
  const [name, setName] = useState(defaultName);
  const router = useRouter();
  const id = useId();

  useEffect(() => {
    if (state.status !== "saved") return;
    const url = new URL(hrefWithoutName, "http://tally.invalid");
    url.searchParams.set("name", state.name);
    router.replace(`${url.pathname}${url.search}`, { scroll: false });
    // Only a new save moves the URL; the href changing under it (the page re-rendering) must not.
  }, [state]);

  const nameError = state.status === "error" ? state.fieldErrors.name?.[0] : undefined;
  const queryErrors = state.status === "error" ? (state.fieldErrors.query ?? []) : [];
  const existing = saved.find((s) => s.name === name.trim());
  // Just saved under this name: the status below says so already.
  const same = existing !== undefined && existing.query === query && !(state.status === "saved" && state.name === name.trim());
  const replaces = existing !== undefined && existing.query !== query;
  const disabled = query === null;
  const describedBy = [nameError ? `${id}-error` : null, replaces || same ? `${id}-replaces` : null, disabled ? `${id}-disabled` : null].filter(Boolean).join(" ") || undefined;

  return (
    <div className="space-y-2">
      <form action={action} className="flex flex-col gap-2 sm:flex-row sm:items-end" noValidate>
        <input type="hidden" name="query" value={query ?? ""} />
        <div className="flex min-w-0 flex-col gap-1 sm:w-72">
          <label htmlFor={`${id}-name`} className="text-xs font-medium text-zinc-600">
            Scenario name
          </label>
          <input
            id={`${id}-name`}
            name="name"
            value={name}
            onChange={(event) => setName(event.target.value)}
            maxLength={100}
            placeholder="e.g. Support on Sonnet"
            autoComplete="off"
            disabled={disabled}
            aria-invalid={nameError ? true : undefined}
            aria-describedby={describedBy}
            className="rounded-md border border-zinc-300 bg-white px-3 py-2 text-sm shadow-xs placeholder:text-zinc-400 disabled:cursor-not-allowed disabled:bg-zinc-100 aria-invalid:border-red-400"
          />
        </div>
        {disabled ? (
          <button type="button" disabled className="inline-flex cursor-not-allowed items-center justify-center rounded-md bg-accent-600/50 px-3.5 py-2 text-sm font-medium text-white">
            Save
          </button>
        ) : (
          <SubmitButton>{replaces ? "Save, replacing it" : "Save"}</SubmitButton>
        )}
      </form>
      {disabled && disabledReason ? (
        <p id={`${id}-disabled`} className="text-sm text-zinc-500">
          {disabledReason}
        </p>
      ) : null}
      {!disabled && (replaces || same) ? (
        <p id={`${id}-replaces`} className={`text-sm ${replaces ? "text-amber-700" : "text-zinc-500"}`} aria-live="polite">
          {replaces ? (
            <>A scenario named &ldquo;{name.trim()}&rdquo; is saved already: saving replaces it with this one.</>
          ) : (
            <>This scenario is saved as &ldquo;{name.trim()}&rdquo;.</>
          )}
        </p>
      ) : null}
      {nameError ? (
        <p id={`${id}-error`} className="text-sm text-red-700">
          {nameError}
        </p>
      ) : null}
      {state.status === "error" && !nameError ? (
        <div role="alert" className="text-sm text-red-700">
          <p>{state.message}</p>
          {queryErrors.length ? (
            <ul className="list-disc pl-5">
              {queryErrors.map((e) => (
                <li key={e}>{e}</li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
      {state.status === "saved" ? (
        <p role="status" className="text-sm text-emerald-700">
          {state.replaced ? <>Replaced the scenario saved as &ldquo;{state.name}&rdquo;.</> : <>Saved as &ldquo;{state.name}&rdquo;.</>}
        </p>
      ) : null}
    </div>
  );
}

const DELETE_IDLE: DeleteScenarioState = { status: "idle" };

/** Delete in two steps (press, then confirm), as revoking a key. */
export function DeleteScenarioButton({ id, name }: { id: number; name: string }) {
  const [confirming, setConfirming] = useState(false);
  const [state, action] = useActionState(deleteScenarioAction, DELETE_IDLE);
  if (!confirming) {
    return (
      <div className="flex shrink-0 flex-col items-end gap-1">
        <button
          type="button"
          onClick={() => setConfirming(true)}
          aria-label={`Delete scenario ${name}`}
          className="rounded-md border border-zinc-300 bg-white px-2.5 py-1 text-xs font-medium text-zinc-700 hover:border-red-300 hover:bg-red-50 hover:text-red-700"
        >
          Delete
        </button>
        {state.status === "error" ? (
          <p role="alert" className="max-w-48 text-right text-xs text-red-700">
            {state.message}
          </p>
        ) : null}
      </div>
    );
  }
  return (
    <form
      action={action}
      onSubmit={() => setConfirming(false)}
      onKeyDown={(event) => {
        if (event.key === "Escape") setConfirming(false);
      }}
      className="flex shrink-0 flex-col items-end gap-1.5"
    >
      <input type="hidden" name="id" value={id} />
      <div className="flex flex-col items-end gap-1.5 sm:flex-row sm:items-center">
        <SubmitButton variant="danger" className="!px-2.5 !py-1 !text-xs" ariaLabel={`Confirm deleting scenario ${name}`}>
          Delete
        </SubmitButton>
        <button
          type="button"
          autoFocus
          onClick={() => setConfirming(false)}
          className="rounded-md border border-zinc-300 bg-white px-2.5 py-1 text-xs font-medium text-zinc-700 hover:bg-zinc-50"
        >
          Cancel
        </button>
      </div>
      <p className="text-right text-xs text-zinc-500">For everyone using this Tally.</p>
    </form>
  );
}
