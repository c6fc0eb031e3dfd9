/**
 * Where fired and resolved alerts go. Delivery (webhooks, Slack, email, with retries) plugs in here;
 * until a destination is configured an alert is only stored and shown.
 */
import type { AlertChange } from "@/lib/server/alerts";
import type { Database } from "@/lib/server/db";

export async function deliverAlertChange(_db: Database, _change: AlertChange, _now: Date): Promise<void> {}
