"use client";
/** Revoke in two steps (press, then confirm) so a stray click cannot cut off an app's reporting. */
import { useActionState, useState } from "react";
import { type RevokeKeyState, revokeIngestKeyAction } from "@/app/actions";
import { SubmitButton } from "@/components/ui/submit-button";

const IDLE: RevokeKeyState = { status: "idle" };

export function RevokeKeyButton({ id, name }: { id: string; name: string }) {
  const [confirming, setConfirming] = useState(false);
  const [state, action] = useActionState(revokeIngestKeyAction, IDLE);
  if (!confirming) {
    return (
      <div className="flex flex-col items-end gap-1">
        <button
          type="button"
          onClick={() => setConfirming(true)}
          aria-label={`Revoke key ${name}`}
          className="rounded-md border border-zinc-300 bg-white px-2.5 py-1 text-xs font-medium text-zinc-700 hover:border-red-300 hover:bg-red-50 hover:text-red-700"
        >
          Revoke
        </button>
        {state.status === "error" ? (
          <p role="alert" className="text-xs text-red-700">
            {state.message}
          </p>
        ) : null}
      </div>
    );
  }
  return (
    <form action={action} onSubmit={() => setConfirming(false)} className="flex flex-col items-end gap-1.5">
      <input type="hidden" name="id" value={id} />
      <div className="flex flex-col items-end gap-1.5 sm:flex-row sm:items-center">
        <SubmitButton variant="danger" className="!px-2.5 !py-1 !text-xs" ariaLabel={`Confirm revoking key ${name}`}>
          Revoke
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
      <p className="text-right text-xs text-zinc-500">Requests with it will get 401.</p>
    </form>
  );
}
