import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { homeOf } from "@/lib/core/permissions";
import { currentAuth } from "@/lib/server/session";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Not for your role" };

const ROLE_CAN: Record<string, string> = {
  admin: "everything",
  engineer: "the charts, calls, projections and alerts",
  finance: "the reports, budgets, chargeback and reconciliation",
};

/** Where a signed-in user lands when their role may not open a page. */
export default async function ForbiddenPage({ searchParams }: { searchParams: Promise<{ page?: string }> }) {
  const auth = await currentAuth();
  if (!auth) redirect("/login");
  const { page = "" } = await searchParams;
  return (
    <div className="mx-auto mt-6 max-w-lg rounded-xl border border-zinc-200 bg-white p-6 shadow-xs sm:mt-16 sm:p-8" data-testid="forbidden">
      <h1 className="text-lg font-semibold text-zinc-900">This page is not for your role</h1>
      <p className="mt-2 text-sm text-zinc-600">
        You are signed in as <strong className="font-medium text-zinc-900">{auth.user.email}</strong> with the <strong className="font-medium text-zinc-900">{auth.user.role}</strong> role,
        which may see {ROLE_CAN[auth.user.role]}{page ? <>, not <code className="font-mono text-[13px]">{page}</code></> : null}. An admin can change your role under Settings.
      </p>
      <Link href={homeOf(auth.user.role)} className="mt-4 inline-block text-sm font-medium text-accent-700 hover:underline">
        Go to your start page
      </Link>
    </div>
  );
}
