"use client";
/** The segment's last resort: the page could not render at all (for example, the database is unreachable). */
import { useEffect } from "react";

export default function ErrorPage({ error, retry }: { error: unknown; retry: () => void }) {
  useEffect(() => console.error(error), [error]);
  const digest = error instanceof Error && "digest" in error ? String((error as Error & { digest?: string }).digest ?? "") : "";
  return (
    <div role="alert" className="mx-auto max-w-lg rounded-xl border border-red-200 bg-white p-6 shadow-xs">
      <h1 className="text-base font-semibold text-zinc-900">This page couldn&rsquo;t be loaded</h1>
      <p className="mt-2 text-sm text-zinc-600">
        Something went wrong while reading the dashboard&rsquo;s data. The server log has the details
        {digest ? (
          <>
            {" "}
            (look for <code className="rounded bg-zinc-100 px-1 font-mono text-[13px]">{digest}</code>)
          </>
        ) : null}
        .
      </p>
      <button
        type="button"
        onClick={() => retry()}
        className="mt-4 inline-flex items-center rounded-md bg-accent-600 px-3.5 py-2 text-sm font-medium text-white hover:bg-accent-700"
      >
        Try again
      </button>
    </div>
  );
}
