import type { Metadata } from "next";
import { connection } from "next/server";
import { Card, CardHeader } from "@/components/ui/card";
import { CardSlot } from "@/components/ui/card-slot";
import { CardSkeleton } from "@/components/ui/skeleton";
import { SendUsageExamples } from "@/components/overview/send-usage";
import { KeysCard } from "@/components/settings/keys-card";
import { PricesSettingsCard } from "@/components/settings/prices-settings-card";
import { UsersCard } from "@/components/settings/users-card";
import { requirePage } from "@/lib/server/session";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  const user = await requirePage("/settings");
  await connection();
  return (
    <div className="space-y-4 sm:space-y-6">
      <div>
        <h1 className="text-xl font-semibold tracking-tight text-zinc-900">Settings</h1>
        <p className="mt-0.5 text-sm text-zinc-500">Keys your apps use to send usage, who may sign in, the prices in force, and how to send usage.</p>
      </div>
      <CardSlot title="Ingest keys" fallback={<CardSkeleton title="Ingest keys" height="h-40" />}>
        <KeysCard />
      </CardSlot>
      <CardSlot title="Users" fallback={<CardSkeleton title="Users" height="h-40" />}>
        <UsersCard currentEmail={user.email} />
      </CardSlot>
      <CardSlot title="Prices" fallback={<CardSkeleton title="Prices" height="h-96" />}>
        <PricesSettingsCard />
      </CardSlot>
      <Card aria-labelledby="send-heading">
        <CardHeader id="send-heading" title="Sending usage" />
        <div className="p-4 sm:p-5">
          <SendUsageExamples />
        </div>
      </Card>
    </div>
  );
}
