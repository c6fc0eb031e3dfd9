/** Who may sign in, with which role: adding people, changing roles, disabling, new passwords. */
import { Card, CardHeader } from "@/components/ui/card";
import { AddUserForm, UserRowForms } from "@/components/settings/user-forms";
import { getApp } from "@/lib/server/app";
import { listUsers } from "@/lib/server/auth";

export async function UsersCard({ currentEmail }: { currentEmail: string }) {
  const users = await listUsers((await getApp()).db);
  return (
    <Card aria-labelledby="users-heading">
      <CardHeader
        id="users-heading"
        title="Users"
        description="People who sign in to Tally. Engineers see the charts, calls, projections and alerts; finance the reports, budgets and exports; admins everything, and these settings."
      />
      <div className="px-4 pt-4 sm:px-5">
        <AddUserForm />
      </div>
      <ul className="mt-5 divide-y divide-zinc-100 border-t border-zinc-100" data-testid="users">
        {users.map((u) => (
          <li key={u.email} className="flex flex-col gap-2 px-4 py-3 sm:flex-row sm:items-start sm:justify-between sm:px-5">
            <div className="min-w-0">
              <p className="truncate text-sm font-medium text-zinc-900">
                {u.email}
                {u.email === currentEmail ? <span className="ml-1 text-xs font-normal text-zinc-500">(you)</span> : null}
              </p>
              <p className="text-xs text-zinc-500">
                {u.role} · {u.disabled ? "disabled" : "active"}
                {u.hasPassword ? "" : " · signed in by the reverse proxy"}
              </p>
            </div>
            <UserRowForms email={u.email} role={u.role} disabled={u.disabled} self={u.email === currentEmail} />
          </li>
        ))}
      </ul>
    </Card>
  );
}
