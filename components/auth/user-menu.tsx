/**
 * Who is signed in, and signing out: a disclosure (keyboard-usable without script) at the end of the
 * header. On a phone it shows only the initial, to leave the navigation room.
 */
import { signOutAction } from "@/app/login/actions";

export function UserMenu({ email, role }: { email: string; role: string }) {
  return (
    <details className="relative shrink-0" data-testid="user-menu">
      <summary
        aria-label={`Signed in as ${email} (${role})`}
        className="flex size-8 cursor-pointer list-none items-center justify-center rounded-full bg-zinc-100 text-sm font-semibold text-zinc-700 uppercase hover:bg-zinc-200 [&::-webkit-details-marker]:hidden"
      >
        {email.slice(0, 1)}
      </summary>
      <div className="absolute right-0 z-20 mt-2 w-64 rounded-lg border border-zinc-200 bg-white p-3 shadow-lg">
        <p className="truncate text-sm font-medium text-zinc-900" title={email}>
          {email}
        </p>
        <p className="text-xs text-zinc-500">Role: {role}</p>
        <form action={signOutAction} className="mt-3">
          <button type="submit" className="w-full rounded-md border border-zinc-300 px-3 py-1.5 text-sm font-medium text-zinc-800 hover:bg-zinc-50">
            Sign out
          </button>
        </form>
      </div>
    </details>
  );
}
