/**
 * Process start-up for the server: validate configuration, open the database, apply migrations,
 * bring history up to date with the prices in force. Runs once per process; every route awaits it.
 */
import { ensureFirstAdmin } from "@/lib/server/auth";
import { type Database, forgetDatabase, getDatabase } from "@/lib/server/db";
import { type Env, getEnv } from "@/lib/server/env";
import { migrateDatabase } from "@/lib/server/migrate";
import { ensureHistoryPriced } from "@/lib/server/pricing-context";
import { ensureHistograms, ensureProjectionSummary } from "@/lib/server/store";
import { startSchedule } from "@/lib/server/schedule";
import { now } from "@/lib/server/clock";
import { startProxyListener } from "@/lib/server/proxy";

export interface App {
  env: Env;
  db: Database;
}

const globalForApp = globalThis as unknown as { tallyApp?: { url: string; app: Promise<App> } };

async function start(env: Env): Promise<App> {
  await migrateDatabase(env.DATABASE_URL);
  const db = getDatabase(env.DATABASE_URL);
  const counted = await ensureHistograms(db);
  if (counted > 0) console.log(`Tally: built the per-model cost and token histograms from ${counted} stored calls.`);
  if (await ensureProjectionSummary(db)) console.log("Tally: built the projection summary from the stored calls.");
  const admin = await ensureFirstAdmin(db);
  if (admin?.generated) {
    console.log(`Tally: created the first admin. Sign in as "${admin.email}" with the password ${admin.password}`);
    console.log("Tally: that password is shown only this once; change it under Settings, or with `tally users reset-password`.");
  } else if (admin) console.log(`Tally: created the first admin "${admin.email}" with the password in TALLY_ADMIN_PASSWORD.`);
  const report = await ensureHistoryPriced(db);
  if (report && report.changedCalls > 0n) {
    console.log(`Tally: re-priced ${report.changedCalls} of ${report.calls} stored calls for the current prices.`);
  }
  return { env, db };
}

/**
 * The started app for the current DATABASE_URL. A failed start is retried by the next caller
 * rather than cached forever.
 */
export function getApp(): Promise<App> {
  const env = getEnv();
  const current = globalForApp.tallyApp;
  if (current && current.url === env.DATABASE_URL) return current.app;
  const app = start(env).catch((error) => {
    if (globalForApp.tallyApp?.app === app) globalForApp.tallyApp = undefined;
    throw error;
  });
  globalForApp.tallyApp = { url: env.DATABASE_URL, app };
  return app;
}

/** Closes the started app's database (tests, and processes that switch DATABASE_URL). */
export async function stopApp(): Promise<void> {
  const current = globalForApp.tallyApp;
  globalForApp.tallyApp = undefined;
  if (!current) return;
  const app = await current.app.catch(() => null);
  await app?.db.close();
  forgetDatabase(current.url);
}

/**
 * Starts the app or ends the process: a server that cannot reach or migrate its database must not
 * look healthy while answering every request with 500.
 */
export async function startOrExit(): Promise<void> {
  try {
    const app = await getApp();
    startSchedule(app.db, { alertsIntervalSeconds: app.env.TALLY_ALERTS_INTERVAL_SECONDS, retentionDays: app.env.TALLY_RETENTION_DAYS, timeZone: app.env.TALLY_REPORT_TIMEZONE }, now);
    if (app.env.TALLY_PROXY_PORT) startProxyListener(app.env.TALLY_PROXY_PORT, process.env.HOSTNAME ?? "0.0.0.0");
  } catch (error) {
    console.error(`Tally could not start: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
