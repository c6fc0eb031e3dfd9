"use client";
/** Close (freeze) a month's report, or reopen it. */
import { useActionState } from "react";
import { type CloseState, closeMonthAction } from "@/app/reports/close-actions";
import { SubmitButton } from "@/components/ui/submit-button";

export function CloseMonthForm({ month, closed }: { month: string; closed: boolean }) {
  const [state, action] = useActionState<CloseState, FormData>(closeMonthAction, { status: "idle" });
  return (
    <form action={action} className="flex flex-wrap items-center gap-3 print:hidden">
      <input type="hidden" name="month" value={month} />
      <input type="hidden" name="intent" value={closed ? "reopen" : "close"} />
      <SubmitButton variant={closed ? "secondary" : "primary"}>{closed ? "Reopen month" : "Close month"}</SubmitButton>
      <span role="status" className={`text-sm ${state.status === "error" ? "text-red-700" : "text-zinc-600"}`}>
        {state.status === "idle" ? (closed ? "" : "Closing freezes this report; later changes show as a difference.") : state.message}
      </span>
    </form>
  );
}
