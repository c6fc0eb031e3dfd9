/**
 * Periods of scheduled jobs. A job that runs every N seconds runs once per slot of N seconds counted
 * from the epoch, so every instance, whenever its own timer fires, names the same slot the same way.
 */

/**
 * The slot `nowMs` falls in for a job run every `everySeconds` (a whole number of seconds), named by its
 * start in UTC without milliseconds: "2026-11-23T10:05:00Z"; every 86,400 seconds, the UTC day's midnight.
 */
export function periodOf(nowMs: number, everySeconds: number): string {
  if (!Number.isSafeInteger(everySeconds) || everySeconds <= 0) throw new RangeError(`periodOf: everySeconds must be a positive integer, got ${everySeconds}`);
  const slotMs = everySeconds * 1000;
  return new Date(Math.floor(nowMs / slotMs) * slotMs).toISOString().replace(".000Z", "Z");
}
