"use client";
/**
 * Upload Admin API report pages (JSON as the API returns them) and say what was stored. A form posts at
 * most 1 MB (Next.js's limit for server actions), so larger uploads are stopped here with the CLI to use.
 */
import { useActionState, useState } from "react";
import { type ImportReportState, importReportAction } from "@/app/reports/reconciliation/actions";
import { SubmitButton } from "@/components/ui/submit-button";

const MAX_UPLOAD_BYTES = 1_000_000;

export function ImportReportForm() {
  const [state, action] = useActionState<ImportReportState, FormData>(importReportAction, { status: "idle" });
  const [tooLarge, setTooLarge] = useState(false);
  return (
    <form
      action={action}
      onSubmit={(event) => {
        const input = event.currentTarget.elements.namedItem("files") as HTMLInputElement | null;
        const bytes = [...(input?.files ?? [])].reduce((sum, f) => sum + f.size, 0);
        setTooLarge(bytes > MAX_UPLOAD_BYTES);
        if (bytes > MAX_UPLOAD_BYTES) event.preventDefault();
      }}
      className="space-y-3 px-4 pb-4 sm:px-5 sm:pb-5" data-testid="import-form">
      <div className="flex flex-wrap items-center gap-3">
        <label className="text-sm text-zinc-700">
          <span className="sr-only">Report files</span>
          <input type="file" name="files" multiple accept=".json,.ndjson,.jsonl,application/json" className="text-sm" />
        </label>
        <SubmitButton variant="secondary">Import</SubmitButton>
      </div>
      {tooLarge ? (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-800">
          These files are over 1 MB together, more than a form can send: import them with <code>tally reconcile import</code>.
        </p>
      ) : null}
      {state.status === "error" ? (
        <div role="alert" className="rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-800">
          <p>{state.message}</p>
          {state.details.length ? (
            <ul className="mt-1 list-disc pl-5 text-xs">
              {state.details.map((d) => (
                <li key={d}>{d}</li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
      {state.status === "done" ? (
        <ul role="status" className="text-sm text-emerald-800">
          {state.imports.map((i) => (
            <li key={`${i.source}-${i.firstDay}`}>
              {i.source === "cost" ? "Cost" : "Usage"} report {i.firstDay} to {i.lastDay}: {i.lines} lines stored{i.replaced ? `, replacing ${i.replaced}` : ""}.
            </li>
          ))}
        </ul>
      ) : null}
    </form>
  );
}
