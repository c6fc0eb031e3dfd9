"use client";
/** Adding a user, and the changes on each user's row: role, disable or enable, a new password. */
import { useActionState, useId } from "react";
import { type UserFormState, addUserAction, changeUserAction } from "@/app/settings/users-actions";
import { CopyButton } from "@/components/ui/copy-button";
import { SubmitButton } from "@/components/ui/submit-button";

const IDLE: UserFormState = { status: "idle" };
const ROLE_OPTIONS = [
  ["engineer", "Engineer: charts, calls, projections, alerts"],
  ["finance", "Finance: reports, budgets, chargeback, reconciliation"],
  ["admin", "Admin: everything, and settings"],
] as const;
const SELECT = "rounded-md border border-zinc-300 bg-white px-2.5 py-2 text-sm shadow-xs";

function Outcome({ state }: { state: UserFormState }) {
  if (state.status === "error") {
    return (
      <p role="alert" className="text-sm text-red-700">
        {state.message}
      </p>
    );
  }
  if (state.status !== "done") return null;
  return (
    <div role="status" className={state.password ? "rounded-lg border border-amber-300 bg-amber-50 p-3" : "text-sm text-zinc-700"}>
      <p className={state.password ? "text-sm font-medium text-amber-950" : ""}>{state.message}</p>
      {state.password ? (
        <div className="mt-2 flex flex-col gap-2 sm:flex-row sm:items-center">
          <code className="rounded-md border border-amber-200 bg-white px-2.5 py-1.5 font-mono text-[13px] break-all text-zinc-900" data-testid="new-password">
            {state.password}
          </code>
          <CopyButton text={state.password} label="Copy password" className="self-start sm:self-auto" />
        </div>
      ) : null}
    </div>
  );
}

export function AddUserForm() {
  const [state, action] = useActionState(addUserAction, IDLE);
  const id = useId();
  const emailError = state.status === "error" && state.field === "email";
  return (
    <div className="space-y-3">
      <form action={action} className="flex flex-col gap-2 sm:flex-row sm:items-end" noValidate>
        <div className="flex min-w-0 flex-col gap-1 sm:w-64">
          <label htmlFor={`${id}-email`} className="text-xs font-medium text-zinc-600">
            Email
          </label>
          <input
            id={`${id}-email`}
            name="email"
            autoComplete="off"
            maxLength={200}
            aria-invalid={emailError || undefined}
            className="rounded-md border border-zinc-300 bg-white px-3 py-2 text-sm shadow-xs aria-invalid:border-red-400"
          />
        </div>
        <div className="flex min-w-0 flex-col gap-1">
          <label htmlFor={`${id}-role`} className="text-xs font-medium text-zinc-600">
            Role
          </label>
          <select id={`${id}-role`} name="role" defaultValue="engineer" className={SELECT}>
            {ROLE_OPTIONS.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <SubmitButton>Add user</SubmitButton>
      </form>
      <Outcome state={state} />
    </div>
  );
}

export function UserRowForms({ email, role, disabled, self }: { email: string; role: string; disabled: boolean; self: boolean }) {
  const [state, action] = useActionState(changeUserAction, IDLE);
  const id = useId();
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-center gap-2">
        <form action={action} className="flex items-center gap-2">
          <input type="hidden" name="email" value={email} />
          <input type="hidden" name="intent" value="role" />
          <label htmlFor={`${id}-role`} className="sr-only">
            Role of {email}
          </label>
          <select id={`${id}-role`} name="role" defaultValue={role} className={`${SELECT} !py-1 !text-xs`}>
            {ROLE_OPTIONS.map(([value]) => (
              <option key={value} value={value}>
                {value}
              </option>
            ))}
          </select>
          <SubmitButton variant="secondary" className="!px-2.5 !py-1 !text-xs" ariaLabel={`Save the role of ${email}`}>
            Save role
          </SubmitButton>
        </form>
        <form action={action}>
          <input type="hidden" name="email" value={email} />
          <input type="hidden" name="intent" value="password" />
          <SubmitButton variant="secondary" className="!px-2.5 !py-1 !text-xs" ariaLabel={`New password for ${email}`}>
            New password
          </SubmitButton>
        </form>
        {self ? null : (
          <form action={action}>
            <input type="hidden" name="email" value={email} />
            <input type="hidden" name="intent" value={disabled ? "enable" : "disable"} />
            <SubmitButton variant={disabled ? "secondary" : "danger"} className="!px-2.5 !py-1 !text-xs" ariaLabel={`${disabled ? "Enable" : "Disable"} ${email}`}>
              {disabled ? "Enable" : "Disable"}
            </SubmitButton>
          </form>
        )}
      </div>
      <Outcome state={state} />
    </div>
  );
}
