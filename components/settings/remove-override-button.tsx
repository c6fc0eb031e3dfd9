"use client";
/**
 * Remove in two steps (press, then confirm), like revoking a key: removing an override re-prices
 * every stored call it covered. The outcome goes to the card's notice, because this row disappears.
 */
import { useEffect, useRef, useState, useTransition } from "react";
import { type RemoveOverrideState, removePriceOverrideAction } from "@/app/actions";
import { useRepriceNotice } from "@/components/settings/reprice-notice";
import { Spinner } from "@/components/ui/submit-button";

const IDLE: RemoveOverrideState = { status: "idle" };

export function RemoveOverrideButton({ id, name }: { id: number; name: string }) {
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const { setNotice } = useRepriceNotice();
  const removeButton = useRef<HTMLButtonElement>(null);
  const refocus = useRef(false);

  // Back from the confirm step (Cancel, Escape, an error): keyboard focus returns to Remove.
  useEffect(() => {
    if (!confirming && refocus.current) {
      refocus.current = false;
      removeButton.current?.focus();
    }
  }, [confirming]);

  function cancel() {
    refocus.current = true;
    setConfirming(false);
  }

  function remove() {
    const formData = new FormData();
    formData.set("id", String(id));
    startTransition(async () => {
      const state = await removePriceOverrideAction(IDLE, formData);
      if (state.status === "removed") {
        setNotice({ kind: "removed", id: state.id, result: state.result });
      } else if (state.status === "error") {
        setError(state.message);
        cancel();
      }
    });
  }

  if (!confirming) {
    return (
      <div className="flex shrink-0 flex-col items-end gap-1">
        <button
          ref={removeButton}
          type="button"
          onClick={() => {
            setError(null);
            setConfirming(true);
          }}
          aria-label={`Remove override ${name}`}
          className="rounded-md border border-zinc-300 bg-white px-2.5 py-1 text-xs font-medium text-zinc-700 hover:border-red-300 hover:bg-red-50 hover:text-red-700"
        >
          Remove
        </button>
        {error ? (
          <p role="alert" className="max-w-48 text-right text-xs text-red-700">
            {error}
          </p>
        ) : null}
      </div>
    );
  }
  return (
    <div
      className="flex shrink-0 flex-col items-end gap-1.5"
      onKeyDown={(event) => {
        if (event.key === "Escape" && !pending) cancel();
      }}
    >
      <div className="flex flex-col items-end gap-1.5 sm:flex-row sm:items-center">
        <button
          type="button"
          onClick={remove}
          disabled={pending}
          aria-busy={pending || undefined}
          aria-label={`Confirm removing override ${name}`}
          className="inline-flex items-center gap-1.5 rounded-md border border-red-300 bg-white px-2.5 py-1 text-xs font-medium whitespace-nowrap text-red-700 hover:bg-red-50 disabled:cursor-wait disabled:text-red-400"
        >
          {pending ? <Spinner /> : null}
          Remove
        </button>
        <button
          type="button"
          autoFocus
          disabled={pending}
          onClick={cancel}
          className="rounded-md border border-zinc-300 bg-white px-2.5 py-1 text-xs font-medium text-zinc-700 hover:bg-zinc-50"
        >
          Cancel
        </button>
      </div>
      <p className="max-w-28 text-right text-xs text-zinc-500 sm:max-w-40">Its calls are re-priced without it.</p>
    </div>
  );
}
