import Link from "next/link";

/** An alert id that is not stored (mistyped, or from another installation). */
export default function AlertNotFound() {
  return (
    <div className="mx-auto max-w-lg rounded-xl border border-zinc-200 bg-white p-6 text-center shadow-xs" data-testid="alert-not-found">
      <p className="text-sm font-semibold text-accent-600">404</p>
      <h1 className="mt-1 text-lg font-semibold text-zinc-900">No such alert</h1>
      <p className="mt-2 text-sm text-zinc-600">No alert with this id is stored. It may have been mistyped.</p>
      <Link href="/alerts" className="mt-4 inline-flex rounded-md bg-accent-600 px-3.5 py-2 text-sm font-medium text-white hover:bg-accent-700">
        Back to alerts
      </Link>
    </div>
  );
}
