/**
 * Process start-up for the server: validate configuration, open the database, apply migrations,
 * bring history up to date with the prices in force. Runs once per process; every route awaits it.
 */
import { type Database, getDatabase } from "@/lib/server/db";
import { type Env, getEnv } from "@/lib/server/env";
import { migrateDatabase } from "@/lib/server/migrate";
import { ensureHistoryPriced } from "@/lib/server/pricing-context";

export interface App {
  env: Env;
  db: Database;
}

const globalForApp = globalThis as unknown as { tallyApp?: Promise<App> };

async function start(): Promise<App> {
  const env = getEnv();
  await migrateDatabase(env.DATABASE_URL);
  const db = getDatabase(env.DATABASE_URL);
  const report = await ensureHistoryPriced(db);
  if (report && report.changedCalls > 0n) {
    console.log(`Tally: re-priced ${report.changedCalls} of ${report.calls} stored calls for the current prices.`);
  }
  return { env, db };
}

/** The started app. A failed start is retried by the next caller rather than cached forever. */
export function getApp(): Promise<App> {
  if (!globalForApp.tallyApp) {
    globalForApp.tallyApp = start().catch((error) => {
      globalForApp.tallyApp = undefined;
      throw error;
    });
  }
  return globalForApp.tallyApp;
}
