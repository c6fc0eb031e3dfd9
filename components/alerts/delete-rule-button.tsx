"use client";
/** Delete a rule in two steps (press, then confirm): its open alerts resolve, its history stays. */
import { useActionState, useState } from "react";
import { type DeleteRuleState, deleteRuleAction } from "@/app/alerts/actions";
import { SubmitButton } from "@/components/ui/submit-button";

const IDLE: DeleteRuleState = { status: "idle" };

export function DeleteRuleButton({ id, name, openAlerts }: { id: number; name: string; openAlerts: number }) {
  const [confirming, setConfirming] = useState(false);
  const [state, action] = useActionState(deleteRuleAction, IDLE);
  if (!confirming) {
    return (
      <div className="flex flex-col items-start gap-1">
        <button
          type="button"
          onClick={() => setConfirming(true)}
          aria-label={`Delete rule ${name}`}
          className="rounded-md border border-zinc-300 bg-white px-2.5 py-1 text-xs font-medium text-zinc-700 hover:border-red-300 hover:bg-red-50 hover:text-red-700"
        >
          Delete
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
    <form action={action} onSubmit={() => setConfirming(false)} className="flex flex-col items-start gap-1.5">
      <input type="hidden" name="id" value={id} />
      <p className="text-xs text-zinc-600">
        Delete &ldquo;{name}&rdquo;?{" "}
        {openAlerts > 0 ? `Its ${openAlerts} open alert${openAlerts === 1 ? "" : "s"} will resolve; ` : ""}
        {openAlerts > 0 ? "the history stays." : "Its alert history stays."}
      </p>
      <div className="flex items-center gap-1.5">
        <SubmitButton variant="danger" className="!px-2.5 !py-1 !text-xs" ariaLabel={`Confirm deleting rule ${name}`}>
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
    </form>
  );
}
