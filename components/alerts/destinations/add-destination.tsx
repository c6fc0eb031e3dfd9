"use client";
/**
 * The add form behind a button, open from the start while there is no destination yet. After an add
 * the form closes and says what was added; the new destination is in the list above, ready for a test.
 */
import { useState } from "react";
import { DestinationForm } from "@/components/alerts/destinations/destination-form";

export function AddDestination({ startOpen }: { startOpen: boolean }) {
  const [open, setOpen] = useState(startOpen);
  const [added, setAdded] = useState<string | null>(null);
  if (!open) {
    return (
      <div className="flex flex-wrap items-center gap-3">
        <button
          type="button"
          onClick={() => {
            setAdded(null);
            setOpen(true);
          }}
          aria-expanded={false}
          className="inline-flex items-center justify-center gap-2 rounded-md bg-accent-600 px-3.5 py-2 text-sm font-medium whitespace-nowrap text-white transition-colors hover:bg-accent-700"
        >
          Add destination
        </button>
        {added ? (
          <p role="status" className="text-sm text-emerald-700">
            Added &ldquo;{added}&rdquo;. Send it a test above.
          </p>
        ) : null}
      </div>
    );
  }
  return (
    <div className="rounded-lg border border-zinc-200 p-3 sm:p-4">
      <h3 className="mb-3 text-sm font-semibold text-zinc-900">Add a destination</h3>
      <DestinationForm
        onDone={(name) => {
          setAdded(name);
          setOpen(false);
        }}
        onCancel={startOpen ? undefined : () => setOpen(false)}
      />
    </div>
  );
}
