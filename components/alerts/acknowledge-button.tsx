"use client";
/**
 * Acknowledge a firing alert: it stays open (and keeps its numbers fresh) but says someone is on it.
 * After the press the page re-renders with the alert acknowledged; the sentence saying so takes focus,
 * so a keyboard user is not dropped at the top of the page when the button goes away.
 */
import { useActionState, useEffect, useRef } from "react";
import { type AcknowledgeState, acknowledgeAlertAction } from "@/app/alerts/actions";
import { SubmitButton } from "@/components/ui/submit-button";
import { formatAlertTime } from "@/lib/core/alerts-view";
import type { AlertStatus } from "@/lib/server/alerts";

const IDLE: AcknowledgeState = { status: "idle" };

export function AcknowledgeControl({ id, status, acknowledgedAt, title }: { id: number; status: AlertStatus; acknowledgedAt: string | null; title: string }) {
  const [state, action] = useActionState(acknowledgeAlertAction, IDLE);
  const doneRef = useRef<HTMLParagraphElement>(null);
  const justAcknowledged = state.status === "acknowledged";

  useEffect(() => {
    if (justAcknowledged) doneRef.current?.focus();
  }, [justAcknowledged]);

  if (status === "acknowledged" || justAcknowledged) {
    const at = acknowledgedAt ?? (justAcknowledged ? state.at : null);
    return (
      <p ref={doneRef} tabIndex={-1} role="status" data-testid="acknowledged-note" className="text-sm text-zinc-600 outline-none">
        Acknowledged
        {at ? ` ${formatAlertTime(new Date(at))}` : ""}
        {justAcknowledged ? ". It stays open until the condition clears." : ""}
      </p>
    );
  }
  if (status !== "firing") return null;
  return (
    <form action={action} className="flex flex-wrap items-center gap-2">
      <input type="hidden" name="id" value={id} />
      <SubmitButton variant="secondary" className="!px-3 !py-1.5" ariaLabel={`Acknowledge: ${title}`}>
        Acknowledge
      </SubmitButton>
      {state.status === "error" ? (
        <p role="alert" className="text-sm text-red-700">
          {state.message}
        </p>
      ) : null}
    </form>
  );
}
