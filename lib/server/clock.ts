/**
 * The time the dashboard runs at: the machine's clock, or TALLY_NOW when set (checked by the env
 * module), so browser tests and demos can fix "now" for the pages that judge alerts and backtests.
 */
import { getEnv } from "@/lib/server/env";

export function now(): Date {
  const fixed = getEnv().TALLY_NOW;
  return fixed === undefined ? new Date() : new Date(fixed);
}
