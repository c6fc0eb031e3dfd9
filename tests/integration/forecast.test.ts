/**
 * `tally forecast` prints the month-end projection and the backtest from the stored calls, on both
 * databases. Data: one Haiku 4.5 call a day, 1,000 in + 100 out = $0.0015, on weekdays from
 * 2026-08-03 to 2026-11-20 (none at weekends).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { shiftDay } from "@/lib/core/chart-data";
import { ingestItems } from "@/lib/server/ingest";
import { tally } from "@/tests/helpers/cli";
import { PROVIDERS, type TestDatabase } from "@/tests/helpers/databases";


function weekdayCalls(from: string, to: string) {
  const records = [];
  for (let day = from; day <= to; day = shiftDay(day, 1)) {
    const dow = new Date(`${day}T00:00:00Z`).getUTCDay();
    if (dow === 0 || dow === 6) continue;
    records.push({ id: `fc-${day}`, timestamp: `${day}T12:00:00Z`, model: "claude-haiku-4-5", usage: { input_tokens: 1000, output_tokens: 100 } });
  }
  return records;
}

describe.each(PROVIDERS)("tally forecast on %s", (_provider, create) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await create();
    await ingestItems(t.db, weekdayCalls("2026-08-03", "2026-11-20"), { source: "import" });
  });
  afterAll(async () => t.drop());

  it("projects the month by weekday", async () => {
    // Nov 2026 to the 20th: 15 weekdays x $0.0015 = $0.0225. Left: Nov 23-27 and 30, 6 weekdays = $0.009.
    const result = await tally(["forecast", "--as-of", "2026-11-20"], { DATABASE_URL: t.url });
    expect(result.stderr).toBe("");
    expect(result.stdout.trim()).toBe("2026-11 as of 2026-11-20: $0.0225 so far; projected $0.0315 (range $0.0315 to $0.0315) with 10 days to go.");
  });

  it("backtests past months as of day 7, 14 and 21, exactly on a steady pattern", async () => {
    const result = await tally(["forecast", "--as-of", "2026-11-20", "--backtest"], { DATABASE_URL: t.url });
    const lines = result.stdout.trim().split("\n");
    // September and October 2026 both have 22 weekdays: $0.033 each. August's days 7 to 21 lack four weeks of history.
    expect(lines.slice(1).filter((l) => l.startsWith("2026-")).map((l) => l.split(/\s+/).slice(0, 5).join(" "))).toEqual([
      "2026-09 day 7 $0.033 $0.033",
      "2026-09 day 14 $0.033 $0.033",
      "2026-09 day 21 $0.033 $0.033",
      "2026-10 day 7 $0.033 $0.033",
      "2026-10 day 14 $0.033 $0.033",
      "2026-10 day 21 $0.033 $0.033",
    ]);
    expect(lines.at(-1)).toBe("Mean absolute error: 0.0% over 6 forecasts.");
  });

  it("refuses a day that is not one", async () => {
    const result = await tally(["forecast", "--as-of", "2026-13-40"], { DATABASE_URL: t.url });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('--as-of: "2026-13-40" is not a day');
  });
});
