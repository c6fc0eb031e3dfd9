/** The ingest keys: name, prefix, dates and status, with a revoke button for each active key. */
import { Card, CardHeader } from "@/components/ui/card";
import { CreateKeyForm } from "@/components/create-key-form";
import { RevokeKeyButton } from "@/components/settings/revoke-key-button";
import { getApp } from "@/lib/server/app";
import { listIngestKeys } from "@/lib/server/keys";

/** "2026-11-23 05:16 UTC": the server renders it, so there is no locale or time-zone mismatch. */
function formatTimestamp(date: Date | null): string {
  return date ? `${date.toISOString().slice(0, 16).replace("T", " ")} UTC` : "Never";
}

function KeyStatus({ revokedAt }: { revokedAt: Date | null }) {
  return revokedAt ? (
    <span className="inline-flex rounded-full bg-zinc-100 px-2 py-0.5 text-xs font-medium text-zinc-500" title={`Revoked ${formatTimestamp(revokedAt)}`}>
      Revoked
    </span>
  ) : (
    <span className="inline-flex rounded-full bg-emerald-50 px-2 py-0.5 text-xs font-medium text-emerald-700 ring-1 ring-emerald-200">Active</span>
  );
}

export async function KeysCard() {
  const { db } = await getApp();
  const keys = await listIngestKeys(db);
  const active = keys.filter((key) => !key.revokedAt).length;
  return (
    <Card aria-labelledby="keys-heading">
      <CardHeader
        id="keys-heading"
        title="Ingest keys"
        description="Apps send usage with one of these as a bearer token. Tally stores only a hash; the key itself is shown once, when created."
      />
      <div className="px-4 pt-4 sm:px-5">
        <CreateKeyForm />
      </div>
      <div className="mt-5 border-t border-zinc-100">
        {keys.length === 0 ? (
          <p className="px-4 py-8 text-center text-sm text-zinc-500 sm:px-5">No keys yet. Create one above.</p>
        ) : (
          <table className="w-full table-fixed text-left text-sm">
            <caption className="sr-only">
              {keys.length} ingest keys, {active} active
            </caption>
            <thead className="text-xs text-zinc-500">
              <tr className="border-b border-zinc-100">
                <th scope="col" className="px-4 py-2 font-medium sm:px-5">
                  Name
                </th>
                <th scope="col" className="hidden w-36 px-3 py-2 font-medium sm:table-cell">
                  Key
                </th>
                <th scope="col" className="w-32 px-3 py-2 font-medium">
                  Project
                </th>
                <th scope="col" className="hidden w-44 px-3 py-2 font-medium md:table-cell">
                  Created
                </th>
                <th scope="col" className="hidden w-44 px-3 py-2 font-medium md:table-cell">
                  Last used
                </th>
                <th scope="col" className="hidden w-24 px-3 py-2 font-medium sm:table-cell">
                  Status
                </th>
                <th scope="col" className="w-28 px-4 py-2 sm:w-44 sm:px-5">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-100">
              {keys.map((key) => (
                <tr key={key.id} className={key.revokedAt ? "text-zinc-400" : "text-zinc-800"}>
                  <td className="px-4 py-3 align-top sm:px-5">
                    <p className="truncate font-medium" title={key.name}>
                      {key.name}
                    </p>
                    <p className="mt-0.5 flex items-center gap-2 sm:hidden">
                      <span className="font-mono text-xs text-zinc-500">{key.prefix}…</span>
                      <KeyStatus revokedAt={key.revokedAt} />
                    </p>
                    <p className="mt-1 text-xs whitespace-nowrap text-zinc-500 md:hidden">Created {formatTimestamp(key.createdAt)}</p>
                    <p className="text-xs whitespace-nowrap text-zinc-500 md:hidden">Last used {formatTimestamp(key.lastUsedAt)}</p>
                  </td>
                  <td className="hidden px-3 py-3 align-top font-mono text-xs sm:table-cell">{key.prefix}…</td>
                  <td className="truncate px-3 py-3 align-top text-xs" title={key.project ?? "Any project"}>
                    {key.project ?? <span className="text-zinc-500 italic">Any project</span>}
                  </td>
                  <td className="hidden px-3 py-3 align-top text-xs tabular-nums md:table-cell">{formatTimestamp(key.createdAt)}</td>
                  <td className="hidden px-3 py-3 align-top text-xs tabular-nums md:table-cell">{formatTimestamp(key.lastUsedAt)}</td>
                  <td className="hidden px-3 py-3 align-top sm:table-cell">
                    <KeyStatus revokedAt={key.revokedAt} />
                  </td>
                  <td className="px-4 py-3 text-right align-top sm:px-5">{key.revokedAt ? null : <RevokeKeyButton id={key.id} name={`${key.name} (${key.prefix}…)`} />}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </Card>
  );
}
