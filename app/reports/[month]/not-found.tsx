import Link from "next/link";

/** A /reports/<month> address whose month is not YYYY-MM. */
export default function ReportNotFound() {
  return (
    <div className="mx-auto max-w-lg rounded-xl border border-zinc-200 bg-white p-6 text-center shadow-xs" data-testid="report-not-found">
      <p className="text-sm font-semibold text-accent-600">404</p>
      <h1 className="mt-1 text-lg font-semibold text-zinc-900">Not a month</h1>
      <p className="mt-2 text-sm text-zinc-600">Reports are addressed by month as YYYY-MM, like /reports/2026-10.</p>
      <Link href="/reports" className="mt-4 inline-flex rounded-md bg-accent-600 px-3.5 py-2 text-sm font-medium text-white hover:bg-accent-700">
        Open the last complete month
      </Link>
    </div>
  );
}
