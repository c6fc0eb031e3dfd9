import Link from "next/link";

/** A rule id that is not stored (mistyped, or deleted). */
export default function RuleNotFound() {
  return (
    <div className="mx-auto max-w-lg rounded-xl border border-zinc-200 bg-white p-6 text-center shadow-xs" data-testid="rule-not-found">
      <p className="text-sm font-semibold text-accent-600">404</p>
      <h1 className="mt-1 text-lg font-semibold text-zinc-900">No such rule</h1>
      <p className="mt-2 text-sm text-zinc-600">No rule with this id is stored. It may have been deleted.</p>
      <Link href="/alerts/rules" className="mt-4 inline-flex rounded-md bg-accent-600 px-3.5 py-2 text-sm font-medium text-white hover:bg-accent-700">
        Back to the rules
      </Link>
    </div>
  );
}
