"use client";
/**
 * One destination in the list: name, kind, where it delivers (masked) and whether it is enabled, with
 * Send test (the outcome shows right under it), Edit (the form opens in place) and a two-step Delete.
 */
import { useActionState, useState } from "react";
import {
  type DeleteDestinationState,
  type SendTestState,
  deleteDestinationAction,
  sendTestAction,
} from "@/app/alerts/destinations/actions";
import { DestinationForm, type EditedDestination } from "@/components/alerts/destinations/destination-form";
import { SubmitButton } from "@/components/ui/submit-button";
import { DESTINATION_KIND_LABELS } from "@/lib/core/alert-destinations";

const SMALL_BUTTON = "rounded-md border border-zinc-300 bg-white px-2.5 py-1 text-xs font-medium text-zinc-700 hover:bg-zinc-50";

export function DestinationItem({ destination, target }: { destination: EditedDestination; target: string }) {
  const [editing, setEditing] = useState(false);
  const [test, testAction] = useActionState(sendTestAction, { status: "idle" } as SendTestState);
  const formId = `destination-${destination.id}-edit`;
  return (
    <li className="px-4 py-3 sm:px-5" data-testid="destination" aria-label={destination.name}>
      <div className="flex flex-col gap-2 sm:flex-row sm:items-start sm:justify-between sm:gap-4">
        <div className="min-w-0 flex-1">
          <p className="flex flex-wrap items-center gap-2">
            <span className="font-medium break-words text-zinc-900">{destination.name}</span>
            <span className="inline-flex rounded-full bg-zinc-100 px-2 py-0.5 text-xs font-medium text-zinc-600">{DESTINATION_KIND_LABELS[destination.kind]}</span>
            {destination.enabled ? (
              <span className="inline-flex rounded-full bg-emerald-50 px-2 py-0.5 text-xs font-medium text-emerald-700 ring-1 ring-emerald-200">Enabled</span>
            ) : (
              <span className="inline-flex rounded-full bg-zinc-100 px-2 py-0.5 text-xs font-medium text-zinc-500">Disabled</span>
            )}
          </p>
          <p className="mt-1 font-mono text-xs [overflow-wrap:anywhere] text-zinc-500" data-testid="destination-target">
            {target}
          </p>
        </div>
        <div className="flex shrink-0 flex-wrap items-center gap-2">
          <form action={testAction}>
            <input type="hidden" name="id" value={destination.id} />
            <SubmitButton variant="secondary" className="!px-2.5 !py-1 !text-xs" ariaLabel={`Send a test to ${destination.name}`}>
              Send test
            </SubmitButton>
          </form>
          <button type="button" aria-expanded={editing} aria-controls={formId} onClick={() => setEditing(!editing)} className={SMALL_BUTTON} aria-label={`Edit ${destination.name}`}>
            Edit
          </button>
          <DeleteDestinationButton id={destination.id} name={destination.name} />
        </div>
      </div>
      {test.status === "done" ? (
        <p
          role="status"
          data-testid="test-outcome"
          className={`mt-2 rounded-md px-3 py-2 text-sm break-words ${test.ok ? "bg-emerald-50 text-emerald-800" : "bg-red-50 text-red-700"}`}
        >
          <span className="font-medium">{test.ok ? "Test sent" : "Test failed"}</span>: {test.detail}{" "}
          <span className="text-xs opacity-80">({test.at.slice(11, 19)} UTC)</span>
        </p>
      ) : test.status === "error" ? (
        <p role="alert" className="mt-2 text-sm text-red-700">
          {test.message}
        </p>
      ) : null}
      {editing ? (
        <div id={formId} className="mt-3 rounded-lg border border-zinc-200 bg-zinc-50 p-3 sm:p-4">
          <DestinationForm destination={destination} onDone={() => setEditing(false)} onCancel={() => setEditing(false)} />
        </div>
      ) : null}
    </li>
  );
}

/** Delete in two steps (press, then confirm): the destination's delivery log goes with it. */
function DeleteDestinationButton({ id, name }: { id: number; name: string }) {
  const [confirming, setConfirming] = useState(false);
  const [state, action] = useActionState(deleteDestinationAction, { status: "idle" } as DeleteDestinationState);
  if (!confirming) {
    return (
      <>
        <button
          type="button"
          onClick={() => setConfirming(true)}
          aria-label={`Delete ${name}`}
          className={`${SMALL_BUTTON} hover:border-red-300 hover:bg-red-50 hover:text-red-700`}
        >
          Delete
        </button>
        {state.status === "error" ? (
          <p role="alert" className="w-full text-xs text-red-700">
            {state.message}
          </p>
        ) : null}
      </>
    );
  }
  return (
    <form action={action} onSubmit={() => setConfirming(false)} className="flex items-center gap-2">
      <input type="hidden" name="id" value={id} />
      <SubmitButton variant="danger" className="!px-2.5 !py-1 !text-xs" ariaLabel={`Confirm deleting ${name} and its delivery log`}>
        Delete
      </SubmitButton>
      <button type="button" autoFocus onClick={() => setConfirming(false)} className={SMALL_BUTTON}>
        Cancel
      </button>
    </form>
  );
}
