/** Runs once per server process before the first request: migrate, then re-price if prices changed. */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { getApp } = await import("@/lib/server/app");
  try {
    await getApp();
  } catch (error) {
    // Fail loudly: a server that cannot reach or migrate its database must not look healthy.
    console.error(`Tally could not start: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
