import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignInForm } from "@/components/auth/sign-in-form";
import { Logo } from "@/components/logo";
import { afterSignIn } from "@/lib/core/permissions";
import { currentAuth } from "@/lib/server/session";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const { next = "" } = await searchParams;
  const auth = await currentAuth();
  if (auth) redirect(afterSignIn(auth.user.role, next));
  return (
    <div className="mx-auto mt-6 max-w-sm sm:mt-16">
      <div className="rounded-xl border border-zinc-200 bg-white p-6 shadow-xs sm:p-8">
        <div className="mb-6 flex items-center gap-2">
          <Logo />
          <h1 className="text-lg font-semibold text-zinc-900">Sign in to Tally</h1>
        </div>
        <SignInForm next={next} />
      </div>
      <p className="mt-4 text-center text-xs text-zinc-500">
        No account? An admin can add you under Settings, or with <code className="font-mono">tally users create</code>.
      </p>
    </div>
  );
}
