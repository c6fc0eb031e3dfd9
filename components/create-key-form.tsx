"use client";
/** Creates an ingest key and shows it once, with a copy button and the warning that it won't be shown again. */
import { useActionState, useId } from "react";
import { type CreateKeyState, createIngestKeyAction } from "@/app/actions";
import { CopyButton } from "@/components/ui/copy-button";
import { SubmitButton } from "@/components/ui/submit-button";

const IDLE: CreateKeyState = { status: "idle" };

export function CreateKeyForm({ defaultName = "" }: { defaultName?: string }) {
  const [state, action] = useActionState(createIngestKeyAction, IDLE);
  const id = useId();
  const nameError = state.status === "error" ? state.fieldErrors.name?.[0] : undefined;
  const projectError = state.status === "error" ? state.fieldErrors.project?.[0] : undefined;
  return (
    <div className="space-y-3">
      <form action={action} className="flex flex-col gap-2 sm:flex-row sm:items-end" noValidate>
        <div className="flex min-w-0 flex-col gap-1 sm:w-64">
          <label htmlFor={`${id}-name`} className="text-xs font-medium text-zinc-600">
            Key name
          </label>
          <input
            id={`${id}-name`}
            name="name"
            defaultValue={defaultName}
            maxLength={100}
            placeholder="e.g. support-bot"
            autoComplete="off"
            aria-invalid={nameError ? true : undefined}
            aria-describedby={nameError ? `${id}-error` : undefined}
            className="rounded-md border border-zinc-300 bg-white px-3 py-2 text-sm shadow-xs placeholder:text-zinc-400 aria-invalid:border-red-400"
          />
        </div>
        <div className="flex min-w-0 flex-col gap-1 sm:w-56">
          <label htmlFor={`${id}-project`} className="text-xs font-medium text-zinc-600">
            Project <span className="font-normal text-zinc-400">(optional: empty for any project)</span>
          </label>
          <input
            id={`${id}-project`}
            name="project"
            maxLength={200}
            placeholder="e.g. support"
            autoComplete="off"
            aria-invalid={projectError ? true : undefined}
            aria-describedby={projectError ? `${id}-project-error` : undefined}
            className="rounded-md border border-zinc-300 bg-white px-3 py-2 text-sm shadow-xs placeholder:text-zinc-400 aria-invalid:border-red-400"
          />
        </div>
        <SubmitButton>Create ingest key</SubmitButton>
      </form>
      {nameError ? (
        <p id={`${id}-error`} className="text-sm text-red-700">
          {nameError}
        </p>
      ) : projectError ? (
        <p id={`${id}-project-error`} className="text-sm text-red-700">
          {projectError}
        </p>
      ) : state.status === "error" ? (
        <p role="alert" className="text-sm text-red-700">
          {state.message}
        </p>
      ) : null}
      {state.status === "created" ? (
        <div role="status" className="rounded-lg border border-amber-300 bg-amber-50 p-3 sm:p-4">
          <p className="text-sm font-medium text-amber-950">
            Key &ldquo;{state.name}&rdquo; created{state.project ? <> for project &ldquo;{state.project}&rdquo;</> : <> for any project</>}. Copy it now: it
            won&rsquo;t be shown again.
          </p>
          <div className="mt-2 flex flex-col gap-2 sm:flex-row sm:items-center">
            <code className="min-w-0 rounded-md border border-amber-200 bg-white px-2.5 py-1.5 font-mono text-[13px] break-all text-zinc-900">{state.key}</code>
            <CopyButton text={state.key} label="Copy key" className="self-start sm:self-auto" />
          </div>
          <p className="mt-2 text-xs text-amber-900">Tally keeps only a hash of the key. If you lose it, revoke it in Settings and create another.</p>
        </div>
      ) : null}
    </div>
  );
}
