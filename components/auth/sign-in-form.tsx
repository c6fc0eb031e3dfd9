"use client";
/** Email and password, with the error beside the form and the button busy while it checks. */
import { useActionState, useId } from "react";
import { type SignInState, signInAction } from "@/app/login/actions";
import { SubmitButton } from "@/components/ui/submit-button";

const IDLE: SignInState = { status: "idle" };
const INPUT = "rounded-md border border-zinc-300 bg-white px-3 py-2 text-sm shadow-xs aria-invalid:border-red-400";

export function SignInForm({ next }: { next: string }) {
  const [state, action] = useActionState(signInAction, IDLE);
  const id = useId();
  const error = state.status === "error" ? state.message : null;
  return (
    <form action={action} className="space-y-4" noValidate>
      <input type="hidden" name="next" value={next} />
      <div className="flex flex-col gap-1">
        <label htmlFor={`${id}-email`} className="text-sm font-medium text-zinc-700">
          Email
        </label>
        <input
          id={`${id}-email`}
          name="email"
          type="text"
          inputMode="email"
          autoComplete="username"
          autoFocus
          required
          defaultValue={state.status === "error" ? state.email : ""}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
          className={INPUT}
        />
      </div>
      <div className="flex flex-col gap-1">
        <label htmlFor={`${id}-password`} className="text-sm font-medium text-zinc-700">
          Password
        </label>
        <input
          id={`${id}-password`}
          name="password"
          type="password"
          autoComplete="current-password"
          required
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
          className={INPUT}
        />
      </div>
      {error ? (
        <p id={`${id}-error`} role="alert" className="text-sm text-red-700">
          {error}
        </p>
      ) : null}
      <SubmitButton className="w-full">Sign in</SubmitButton>
    </form>
  );
}
