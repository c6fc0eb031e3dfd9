/**
 * For pages that read raw calls (the calls explorer, projections, chargeback): says when what the page
 * looks at starts before the retention horizon, and what that means for its figures. Renders nothing
 * otherwise, and nothing at all until retention has deleted a call.
 */
import "server-only";
import { retentionNotice } from "@/lib/core/retention";
import { getApp } from "@/lib/server/app";
import { getRetentionHorizon } from "@/lib/server/retention";

export async function RetentionNotice({ fromMs, consequence }: { fromMs: number; consequence: string }) {
  const { db } = await getApp();
  const text = retentionNotice((await getRetentionHorizon(db))?.getTime() ?? null, fromMs, consequence);
  if (!text) return null;
  return (
    <p role="note" data-testid="retention-notice" className="rounded-lg border border-amber-300 bg-amber-50 px-4 py-2.5 text-sm text-amber-950">
      {text}
    </p>
  );
}
