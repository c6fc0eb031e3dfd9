"use client";
/** Set a monthly budget: for all spend, a project or a feature. Errors sit beside their fields. */
import { useActionState, useState, useTransition } from "react";
import { type SaveBudgetState, saveBudgetAction } from "@/app/reports/budgets/actions";
import { SubmitButton } from "@/components/ui/submit-button";

const FIELD = "mt-1 block w-full rounded-md border border-zinc-300 bg-white px-2.5 py-1.5 text-sm text-zinc-900 focus:border-indigo-500 focus:ring-2 focus:ring-indigo-500/30 focus:outline-none";

export function BudgetForm({ projects, features }: { projects: string[]; features: string[] }) {
  const [state, action] = useActionState<SaveBudgetState, FormData>(saveBudgetAction, { status: "idle" });
  const [scope, setScope] = useState("total");
  const [, startTransition] = useTransition();
  const errors = state.status === "error" ? state.fieldErrors : {};
  const options = scope === "project" ? projects : features;
  return (
    <form
      // Submitted without React's automatic form reset, so a rejected entry stays as typed beside its error.
      onSubmit={(event) => {
        event.preventDefault();
        const data = new FormData(event.currentTarget);
        startTransition(() => action(data));
      }}
      className="grid gap-3 px-4 pt-3 pb-4 sm:grid-cols-[10rem_1fr_10rem_auto] sm:items-start sm:px-5 sm:pb-5">
      <label className="block text-sm font-medium text-zinc-700">
        For
        <select name="scope" value={scope} onChange={(e) => setScope(e.target.value)} className={FIELD}>
          <option value="total">All spend</option>
          <option value="project">A project</option>
          <option value="feature">A feature</option>
        </select>
      </label>
      <label className="block text-sm font-medium text-zinc-700">
        {scope === "total" ? "Scope" : scope === "project" ? "Project" : "Feature"}
        <input
          name="value"
          list="budget-values"
          disabled={scope === "total"}
          placeholder={scope === "total" ? "every call" : `a ${scope} name`}
          aria-invalid={errors.value ? true : undefined}
          aria-describedby={errors.value ? "budget-value-error" : undefined}
          className={`${FIELD} disabled:bg-zinc-50 disabled:text-zinc-400`}
        />
        <datalist id="budget-values">
          {options.map((v) => (
            <option key={v} value={v} />
          ))}
        </datalist>
        {errors.value ? (
          <span id="budget-value-error" className="mt-1 block text-xs font-normal text-red-700">
            {errors.value}
          </span>
        ) : null}
      </label>
      <label className="block text-sm font-medium text-zinc-700">
        Per month (USD)
        <input
          name="amountUsd"
          inputMode="decimal"
          placeholder="2500"
          aria-invalid={errors.amountUsd ? true : undefined}
          aria-describedby={errors.amountUsd ? "budget-amount-error" : undefined}
          className={FIELD}
        />
        {errors.amountUsd ? (
          <span id="budget-amount-error" className="mt-1 block text-xs font-normal text-red-700">
            {errors.amountUsd}
          </span>
        ) : null}
      </label>
      <div className="sm:pt-6">
        <SubmitButton>Set budget</SubmitButton>
      </div>
      <p role="status" className={`text-sm sm:col-span-4 ${state.status === "error" ? "text-red-700" : "text-zinc-600"}`}>
        {state.status === "idle" ? "Setting a budget for a scope that has one changes its amount." : state.message}
      </p>
    </form>
  );
}
