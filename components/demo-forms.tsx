"use client";
/** The two demo-data buttons. Their accessible names are exactly "Load demo data" and "Remove demo data". */
import { useActionState } from "react";
import { type DemoState, loadDemoDataAction, removeDemoDataAction } from "@/app/actions";
import { SubmitButton } from "@/components/ui/submit-button";

const IDLE: DemoState = { status: "idle" };

function ActionMessage({ state }: { state: DemoState }) {
  if (state.status === "idle") return null;
  return (
    <p role={state.status === "error" ? "alert" : "status"} className={`text-sm ${state.status === "error" ? "text-red-700" : "text-zinc-600"}`}>
      {state.message}
    </p>
  );
}

export function LoadDemoDataForm({ variant = "secondary" }: { variant?: "primary" | "secondary" }) {
  const [state, action] = useActionState(loadDemoDataAction, IDLE);
  return (
    <form action={action} className="flex flex-col items-start gap-2">
      <SubmitButton variant={variant}>Load demo data</SubmitButton>
      <ActionMessage state={state} />
    </form>
  );
}

export function RemoveDemoDataForm() {
  const [state, action] = useActionState(removeDemoDataAction, IDLE);
  return (
    <form action={action} className="flex flex-col items-start gap-2 sm:items-end">
      <SubmitButton variant="secondary">Remove demo data</SubmitButton>
      <ActionMessage state={state} />
    </form>
  );
}
