/** The JSON form of a call's cost, shared by the API, the CLI and the SDK: exact decimal USD strings. */
import { formatUsdExact } from "@/lib/core/money";
import type { CostComponents } from "@/lib/core/types";

export function componentsToJson(c: CostComponents) {
  return {
    inputUsd: formatUsdExact(c.inputPico),
    outputUsd: formatUsdExact(c.outputPico),
    cacheWrite5mUsd: formatUsdExact(c.cacheWrite5mPico),
    cacheWrite1hUsd: formatUsdExact(c.cacheWrite1hPico),
    cacheReadUsd: formatUsdExact(c.cacheReadPico),
    webSearchUsd: formatUsdExact(c.webSearchPico),
  };
}
