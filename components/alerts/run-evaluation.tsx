"use client";
/**
 * "Run evaluation now": judges every enabled rule as of now, as the schedule and `tally alerts run` do,
 * and says what fired and what resolved (the page below refreshes with them).
 */
import Link from "next/link";
import { useActionState } from "react";
import { type EvaluateState, runEvaluationAction } from "@/app/alerts/actions";
import { SubmitButton } from "@/components/ui/submit-button";
import { formatAlertTime } from "@/lib/core/alerts-view";

const IDLE: EvaluateState = { status: "idle" };

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

export function RunEvaluation() {
  const [state, action] = useActionState(runEvaluationAction, IDLE);
  return (
    <div className="space-y-2">
      <form action={action}>
        <SubmitButton variant="secondary">Run evaluation now</SubmitButton>
      </form>
      {state.status === "error" ? (
        <p role="alert" className="text-sm text-red-700">
          {state.message}
        </p>
      ) : null}
      {state.status === "done" ? (
        <div role="status" data-testid="evaluation-result" className="rounded-lg border border-zinc-200 bg-zinc-50 px-3 py-2 text-sm text-zinc-700">
          <p>
            Evaluated {plural(state.rules, "rule")} as of {formatAlertTime(new Date(state.at))}: {state.fired.length} fired, {state.resolved.length} resolved,{" "}
            {state.stillOpen} still open.
            {state.fired.length === 0 && state.resolved.length === 0 ? " Nothing changed." : ""}
          </p>
          {state.fired.length + state.resolved.length > 0 ? (
            <ul className="mt-1 space-y-0.5">
              {[...state.fired.map((c) => ["Fired", c] as const), ...state.resolved.map((c) => ["Resolved", c] as const)].map(([event, c]) => (
                <li key={`${event}-${c.id}`} className="break-words">
                  <span className="font-medium">{event}:</span>{" "}
                  <Link href={`/alerts/${c.id}`} className="text-accent-700 hover:underline">
                    {c.title}
                  </Link>{" "}
                  <span className="text-zinc-500">({c.rule})</span>
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
