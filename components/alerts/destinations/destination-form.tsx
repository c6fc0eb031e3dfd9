"use client";
/**
 * Adds or edits an alert destination: a name, the kind (webhook, Slack, email) and that kind's settings.
 * Editing starts from the stored settings with every secret masked; a masked or empty secret field keeps
 * the stored secret. The server checks everything again and answers with field errors; typed values
 * survive a failed save (the form is only reset after a success).
 */
import { type FormEvent, type ReactNode, startTransition, useActionState, useEffect, useId, useRef, useState } from "react";
import { type SaveDestinationState, saveDestinationAction } from "@/app/alerts/destinations/actions";
import { Spinner } from "@/components/ui/submit-button";
import {
  DESTINATION_KINDS,
  type DestinationField,
  type DestinationFormFields,
  type DestinationKind,
  EMPTY_FORM_FIELDS,
  SECRET_MASK,
  SMTP_DEFAULT_PORTS,
  SMTP_SECURITY,
  SMTP_SECURITY_LABELS,
  type SmtpSecurity,
} from "@/lib/core/alert-destinations";

const IDLE: SaveDestinationState = { status: "idle" };
const INPUT =
  "w-full min-w-0 rounded-md border border-zinc-300 bg-white px-3 py-2 text-sm text-zinc-900 shadow-xs placeholder:text-zinc-400 aria-invalid:border-red-400";
const LABEL = "text-xs font-medium text-zinc-600";
const HINT = "text-xs text-zinc-500";

export interface EditedDestination {
  id: number;
  name: string;
  kind: DestinationKind;
  enabled: boolean;
  /** Starting values, secrets masked. */
  form: DestinationFormFields;
}

export function DestinationForm({ destination, onDone, onCancel }: { destination?: EditedDestination; onDone?: (name: string) => void; onCancel?: () => void }) {
  const id = useId();
  const formRef = useRef<HTMLFormElement>(null);
  const [state, dispatch, pending] = useActionState(saveDestinationAction, IDLE);
  const [kind, setKind] = useState<DestinationKind>(destination?.kind ?? "webhook");
  const start = destination && destination.kind === kind ? destination.form : EMPTY_FORM_FIELDS;
  const [security, setSecurity] = useState<SmtpSecurity>((destination?.form.security as SmtpSecurity) || "starttls");
  const storedPassword = destination?.kind === "email" && destination.form.password === SECRET_MASK;
  const editing = destination !== undefined;

  useEffect(() => {
    if (state.status === "saved") {
      if (!editing) {
        formRef.current?.reset();
        setKind("webhook");
        setSecurity("starttls");
      }
      onDone?.(state.name);
    } else if (state.status === "error") {
      formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
    }
    // Only a new answer from the server matters here, not a new onDone closure from the parent.
  }, [state]);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formData = new FormData(event.currentTarget);
    startTransition(() => dispatch(formData));
  }

  const errors = state.status === "error" ? state.fieldErrors : {};

  /** Label, control, hint and error for one field, wired together for assistive tech. */
  function field(name: DestinationField, label: ReactNode, control: (aria: Record<string, unknown>) => ReactNode, hint?: ReactNode, className = "") {
    const error = errors[name];
    const describedBy = [hint ? `${id}-${name}-hint` : null, error ? `${id}-${name}-error` : null].filter(Boolean).join(" ");
    return (
      <div className={`flex min-w-0 flex-col gap-1 ${className}`}>
        <label htmlFor={`${id}-${name}`} className={LABEL}>
          {label}
        </label>
        {control({ id: `${id}-${name}`, name, "aria-invalid": error ? true : undefined, "aria-describedby": describedBy || undefined })}
        {hint ? (
          <p id={`${id}-${name}-hint`} className={HINT}>
            {hint}
          </p>
        ) : null}
        {error ? (
          <div id={`${id}-${name}-error`} className="text-xs text-red-700">
            {error.map((message) => (
              <p key={message}>{message}</p>
            ))}
          </div>
        ) : null}
      </div>
    );
  }

  return (
    <form ref={formRef} onSubmit={submit} noValidate className="space-y-3" aria-label={editing ? `Edit ${destination.name}` : "Add a destination"}>
      {editing ? <input type="hidden" name="id" value={destination.id} /> : null}
      <div className="grid gap-3 sm:grid-cols-2">
        {field("name", "Name", (aria) => (
          <input {...aria} defaultValue={destination?.name ?? ""} maxLength={100} autoComplete="off" placeholder="e.g. On-call Slack" className={INPUT} />
        ))}
        {field("kind", "Kind", (aria) => (
          <select {...aria} value={kind} onChange={(event) => setKind(event.target.value as DestinationKind)} className={INPUT}>
            {DESTINATION_KINDS.map((k) => (
              <option key={k} value={k}>
                {k === "webhook" ? "Webhook (JSON)" : k === "slack" ? "Slack incoming webhook" : "Email (SMTP)"}
              </option>
            ))}
          </select>
        ))}
      </div>

      {/* key: switching kind starts that kind's fields afresh (or from the stored ones, for the stored kind). */}
      <div key={kind} className="grid gap-3 sm:grid-cols-2">
        {kind === "webhook" || kind === "slack"
          ? field(
              "url",
              kind === "slack" ? "Incoming-webhook URL" : "URL",
              (aria) => (
                <input
                  {...aria}
                  type="url"
                  inputMode="url"
                  defaultValue={start.url}
                  autoComplete="off"
                  spellCheck={false}
                  placeholder={kind === "slack" ? "https://hooks.slack.com/services/…" : "https://example.com/hooks/tally"}
                  className={`${INPUT} font-mono`}
                />
              ),
              start.url ? "Shown masked. Leave it as it is to keep the stored URL, or paste a new one." : kind === "slack" ? "From Slack's Incoming Webhooks app; Tally posts text and blocks." : "Tally POSTs each alert as JSON.",
              "sm:col-span-2",
            )
          : null}
        {kind === "webhook"
          ? field(
              "headers",
              <>
                Headers <span className="font-normal text-zinc-400">(optional)</span>
              </>,
              (aria) => (
                <textarea
                  {...aria}
                  rows={2}
                  defaultValue={start.headers}
                  spellCheck={false}
                  placeholder="Authorization: Bearer …"
                  className={`${INPUT} font-mono`}
                />
              ),
              <>One per line, as Name: value. Values are secrets, shown as {SECRET_MASK}; leave one masked to keep it.</>,
              "sm:col-span-2",
            )
          : null}
        {kind === "email" ? (
          <>
            {field("host", "SMTP host", (aria) => (
              <input {...aria} defaultValue={start.host} autoComplete="off" spellCheck={false} placeholder="smtp.example.com" className={INPUT} />
            ))}
            <div className="grid grid-cols-[5rem_minmax(0,1fr)] gap-3">
              {field("port", "Port", (aria) => (
                <input {...aria} inputMode="numeric" defaultValue={start.port} autoComplete="off" placeholder={String(SMTP_DEFAULT_PORTS[security])} className={`${INPUT} tabular-nums`} />
              ))}
              {field("security", "Security", (aria) => (
                <select {...aria} value={security} onChange={(event) => setSecurity(event.target.value as SmtpSecurity)} className={INPUT}>
                  {SMTP_SECURITY.map((s) => (
                    <option key={s} value={s}>
                      {SMTP_SECURITY_LABELS[s]}
                    </option>
                  ))}
                </select>
              ))}
            </div>
            {field(
              "user",
              <>
                User <span className="font-normal text-zinc-400">(optional)</span>
              </>,
              (aria) => <input {...aria} defaultValue={start.user} autoComplete="off" spellCheck={false} className={INPUT} />,
            )}
            {field(
              "password",
              <>
                Password <span className="font-normal text-zinc-400">(optional)</span>
              </>,
              (aria) => (
                <input {...aria} type="password" defaultValue="" autoComplete="new-password" placeholder={storedPassword ? `${SECRET_MASK} (stored)` : ""} className={INPUT} />
              ),
              storedPassword ? "Leave empty to keep the stored password; clear the user to remove it." : undefined,
            )}
            {field("from", "From", (aria) => (
              <input {...aria} type="email" defaultValue={start.from} autoComplete="off" spellCheck={false} placeholder="alerts@example.com" className={INPUT} />
            ))}
            {field(
              "to",
              "To",
              (aria) => <input {...aria} defaultValue={start.to} autoComplete="off" spellCheck={false} placeholder="oncall@example.com, lead@example.com" className={INPUT} />,
              "Separate addresses with commas.",
            )}
          </>
        ) : null}
      </div>

      <label className="flex items-center gap-2 text-sm text-zinc-700">
        <input type="checkbox" name="enabled" defaultChecked={destination?.enabled ?? true} className="size-4 rounded border-zinc-300 accent-accent-600" />
        Enabled: send alerts here
      </label>

      <div className="flex flex-wrap items-center gap-2">
        <button
          type="submit"
          disabled={pending}
          aria-busy={pending || undefined}
          className="inline-flex items-center justify-center gap-2 rounded-md bg-accent-600 px-3.5 py-2 text-sm font-medium whitespace-nowrap text-white transition-colors hover:bg-accent-700 disabled:cursor-wait disabled:bg-accent-600/70"
        >
          {pending ? <Spinner /> : null}
          {editing ? "Save changes" : "Add destination"}
        </button>
        {onCancel ? (
          <button type="button" onClick={onCancel} className="rounded-md border border-zinc-300 bg-white px-3.5 py-2 text-sm font-medium text-zinc-700 hover:bg-zinc-50">
            Cancel
          </button>
        ) : null}
        {state.status === "error" ? (
          <p role="alert" className="text-sm text-red-700">
            {state.message}
          </p>
        ) : null}
      </div>
    </form>
  );
}
