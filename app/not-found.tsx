import Link from "next/link";

export default function NotFound() {
  return (
    <div className="mx-auto max-w-lg rounded-xl border border-zinc-200 bg-white p-6 text-center shadow-xs">
      <p className="text-sm font-semibold text-accent-600">404</p>
      <h1 className="mt-1 text-lg font-semibold text-zinc-900">Page not found</h1>
      <p className="mt-2 text-sm text-zinc-600">There is nothing at this address.</p>
      <Link href="/" className="mt-4 inline-flex rounded-md bg-accent-600 px-3.5 py-2 text-sm font-medium text-white hover:bg-accent-700">
        Back to the overview
      </Link>
    </div>
  );
}
