/** Runs once per server process before the first request: migrate, then re-price if prices changed. */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startOrExit } = await import("@/lib/server/app");
  await startOrExit();
}
