"use client";
/** Add a chargeback rule: a tag, feature or project and the cost centre it is charged to. */
import { useActionState, useState, useTransition } from "react";
import { type SaveRuleState, saveChargebackRuleAction } from "@/app/reports/chargeback/actions";
import { SubmitButton } from "@/components/ui/submit-button";

const FIELD = "mt-1 block w-full rounded-md border border-zinc-300 bg-white px-2.5 py-1.5 text-sm text-zinc-900 focus:border-indigo-500 focus:ring-2 focus:ring-indigo-500/30 focus:outline-none";

export function ChargebackRuleForm({ features, projects }: { features: string[]; projects: string[] }) {
  const [state, action] = useActionState<SaveRuleState, FormData>(saveChargebackRuleAction, { status: "idle" });
  const [match, setMatch] = useState("feature");
  const [, startTransition] = useTransition();
  const errors = state.status === "error" ? state.fieldErrors : {};
  const options = match === "feature" ? features : match === "project" ? projects : [];
  const error = (field: keyof typeof errors, id: string) =>
    errors[field] ? (
      <span id={id} className="mt-1 block text-xs font-normal text-red-700">
        {errors[field]}
      </span>
    ) : null;
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        const data = new FormData(event.currentTarget);
        startTransition(() => action(data));
      }}
      className="grid gap-3 px-4 pt-3 pb-4 sm:grid-cols-[9rem_1fr_1fr_auto] sm:items-start sm:px-5 sm:pb-5"
    >
      <label className="block text-sm font-medium text-zinc-700">
        Calls with
        <select name="match" value={match} onChange={(e) => setMatch(e.target.value)} className={FIELD}>
          <option value="tag">Tag</option>
          <option value="feature">Feature</option>
          <option value="project">Project</option>
        </select>
      </label>
      <label className="block text-sm font-medium text-zinc-700">
        {match === "tag" ? "Tag (e.g. team:search)" : match === "feature" ? "Feature name" : "Project name"}
        <input name="value" list="chargeback-values" aria-invalid={errors.value ? true : undefined} aria-describedby={errors.value ? "cb-value-error" : undefined} className={FIELD} />
        <datalist id="chargeback-values">
          {options.map((v) => (
            <option key={v} value={v} />
          ))}
        </datalist>
        {error("value", "cb-value-error")}
      </label>
      <label className="block text-sm font-medium text-zinc-700">
        Cost centre
        <input name="costCentre" placeholder="e.g. Search team" aria-invalid={errors.costCentre ? true : undefined} aria-describedby={errors.costCentre ? "cb-centre-error" : undefined} className={FIELD} />
        {error("costCentre", "cb-centre-error")}
      </label>
      <div className="sm:pt-6">
        <SubmitButton>Add rule</SubmitButton>
      </div>
      <p role="status" className={`text-sm sm:col-span-4 ${state.status === "error" ? "text-red-700" : "text-zinc-600"}`}>
        {state.status === "idle" ? "A call goes to the first rule it matches: its tags first, then its feature, then its project." : state.message}
      </p>
    </form>
  );
}
