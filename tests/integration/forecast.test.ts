/**
 * `tally forecast` and GET /api/v1/projections/forecast give the month-end projection and the backtest
 * from the stored calls, on both databases, and agree to the cent. Data: one Haiku 4.5 call a day,
 * 1,000 in + 100 out = $0.0015, on weekdays from 2026-08-03 to 2026-11-20 (none at weekends); for the
 * filters, a second feature on top of it (see below).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as getForecast } from "@/app/api/v1/projections/forecast/route";
import { shiftDay } from "@/lib/core/chart-data";
import { stopApp } from "@/lib/server/app";
import { ingestItems } from "@/lib/server/ingest";
import { tally } from "@/tests/helpers/cli";
import { PROVIDERS, type TestDatabase } from "@/tests/helpers/databases";
import { authedRequest, tokenFor } from "@/tests/helpers/auth";

/** Requests signed in as an admin of the database under test (set in beforeAll). */
let req: ReturnType<typeof authedRequest>;

function weekdayCalls(from: string, to: string) {
  const records = [];
  for (let day = from; day <= to; day = shiftDay(day, 1)) {
    const dow = new Date(`${day}T00:00:00Z`).getUTCDay();
    if (dow === 0 || dow === 6) continue;
    records.push({
      id: `fc-${day}`,
      timestamp: `${day}T12:00:00Z`,
      model: "claude-haiku-4-5",
      feature: "chat",
      project: "web",
      usage: { input_tokens: 1000, output_tokens: 100 },
    });
  }
  return records;
}

describe.each(PROVIDERS)("tally forecast on %s", (_provider, create) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await create();
    req = authedRequest(await tokenFor(t.db));
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

/**
 * Feature "search" (project "api"): one Haiku 4.5 call of 2,000 input tokens ($0.002) every day from
 * Tuesday 2026-10-27 to 2026-11-20, and a second one on Wednesdays Nov 11 and 18.
 */
function searchCalls() {
  const records = [];
  for (let day = "2026-10-27"; day <= "2026-11-20"; day = shiftDay(day, 1)) {
    const calls = day === "2026-11-11" || day === "2026-11-18" ? 2 : 1;
    for (let i = 0; i < calls; i++) {
      records.push({ id: `fs-${day}-${i}`, timestamp: `${day}T09:00:00Z`, model: "claude-haiku-4-5", feature: "search", project: "api", usage: { input_tokens: 2000, output_tokens: 0 } });
    }
  }
  return records;
}

interface ForecastJson {
  month: string;
  asOf: string;
  actualToDate: string;
  projected: string;
  low: string;
  high: string;
  remainingDays: number;
  thinDays: number;
  days: { day: string; actual: string | null; projected: string | null; low: string | null; high: string | null; samples: number }[];
  backtest: { month: string; dayOfMonth: number; forecast: string; actual: string; error: number | null; withinBand: boolean }[];
  meanAbsoluteError: number | null;
}

/** The CLI's lines rebuilt from the API's answer: the two must print the same amounts. */
function cliLinesFromApi(body: ForecastJson): { forecast: string; backtest: string[] } {
  const forecast =
    `${body.month} as of ${body.asOf}: $${body.actualToDate} so far; projected $${body.projected} (range $${body.low} to $${body.high}) ` +
    `with ${body.remainingDays} days to go` +
    (body.thinDays ? `; ${body.thinDays} of them projected from less than four weeks of history.` : ".");
  const backtest = body.backtest.map((p) => `${p.month} day ${p.dayOfMonth} $${p.forecast} $${p.actual} ${p.withinBand ? "yes" : "no"}`);
  return { forecast, backtest };
}

describe.each(PROVIDERS)("forecast API and CLI with filters on %s", (_provider, create) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await create();
    req = authedRequest(await tokenFor(t.db));
    process.env.DATABASE_URL = t.url;
    await ingestItems(t.db, [...weekdayCalls("2026-08-03", "2026-11-20"), ...searchCalls()], { source: "import" });
  });
  afterAll(async () => {
    await stopApp();
    delete process.env.DATABASE_URL;
    await t.drop();
  });

  async function api(query: string) {
    const response = await getForecast(req(`http://tally.test/api/v1/projections/forecast?${query}`));
    return { status: response.status, body: await response.json() };
  }

  it("projects one feature from its own history, with a band and the days it has too little history for", async () => {
    // Nov 1-20: 20 calls + 2 extra on Wednesdays = 22 x $0.002 = $0.044. History starts Tuesday Oct 27,
    // so only three whole weeks stand behind Friday Nov 20 (every remaining day is thin): the latest week
    // (Nov 14-20) $0.016, then $0.016 and $0.014; their level moves by at most $0.002: band $0.014-$0.018.
    // The 25 days' 27 calls give the week's shape: Saturdays to Mondays 3 calls each, Tuesdays, Thursdays
    // and Fridays 4, Wednesdays 6. Nov 21-30 has 6 days of 3, 3 of 4 and 1 of 6: 36 / 27 of a week,
    // $0.016 x 36 / 27 = $0.021333... (each day truncated to the pico-dollar: Saturdays $0.001777777777,
    // Tuesdays $0.00237037037, Wednesday $0.003555555555) -> $0.065333333327; low $0.014 and high $0.018 x 36 / 27.
    const { status, body } = await api("asOf=2026-11-20&feature=search");
    expect(status).toBe(200);
    expect(body).toMatchObject({
      month: "2026-11", asOf: "2026-11-20", actualToDate: "0.044", projected: "0.065333333327", low: "0.062666666663", high: "0.067999999998", remainingDays: 10, thinDays: 10,
    });
    expect(body.days).toHaveLength(30);
    expect(body.days[17]).toEqual({ day: "2026-11-18", actual: "0.004", projected: null, low: null, high: null, samples: 0 });
    expect(body.days[24]).toEqual({ day: "2026-11-25", actual: null, projected: "0.003555555555", low: "0.003111111111", high: "0.004", samples: 3 });
    expect(body.days[29]).toMatchObject({ day: "2026-11-30", projected: "0.001777777777", samples: 3 });
    // October is its first month: no four weeks of history before its day 7, so nothing to backtest.
    expect(body.backtest).toEqual([]);
    expect(body.meanAbsoluteError).toBeNull();

    const cli = await tally(["forecast", "--as-of", "2026-11-20", "--feature", "search"], { DATABASE_URL: t.url });
    expect(cli.stdout.trim()).toBe(
      "2026-11 as of 2026-11-20: $0.044 so far; projected $0.065333333327 (range $0.062666666663 to $0.067999999998) with 10 days to go; 10 of them projected from less than four weeks of history.",
    );
  });

  it("agrees with the CLI to the cent, filtered or not", async () => {
    const views: [string, string[]][] = [
      ["", []],
      ["feature=search", ["--feature", "search"]],
      ["project=web", ["--project", "web"]],
      ["feature=chat,search", ["--feature", "chat,search"]],
      ["feature=chat&feature=search&model=claude-haiku-4-5", ["--feature", "chat", "--feature", "search", "--model", "claude-haiku-4-5"]],
      ["project=(none)", ["--project", "(none)"]],
    ];
    for (const [query, args] of views) {
      const { body } = await api(`asOf=2026-11-20&${query}`);
      const expected = cliLinesFromApi(body);
      const forecast = await tally(["forecast", "--as-of", "2026-11-20", ...args], { DATABASE_URL: t.url });
      expect(forecast.stdout.trim(), query).toBe(expected.forecast);
      const backtest = await tally(["forecast", "--as-of", "2026-11-20", "--backtest", ...args], { DATABASE_URL: t.url });
      const rows = backtest.stdout.split("\n").filter((l) => /^\d{4}-\d{2} /.test(l));
      expect(rows.map((l) => l.split(/\s+/).filter((w) => !/%$|^—$/.test(w)).join(" ")), query).toEqual(expected.backtest);
      if (body.meanAbsoluteError !== null) {
        expect(backtest.stdout.trim().split("\n").at(-1), query).toBe(
          `Mean absolute error: ${(body.meanAbsoluteError * 100).toFixed(1)}% over ${body.backtest.filter((p: { error: number | null }) => p.error !== null).length} forecasts.`,
        );
      }
    }
  });

  it("backtests one project exactly on its steady pattern", async () => {
    const { body } = await api("asOf=2026-11-20&project=web");
    expect(body.backtest.map((p: ForecastJson["backtest"][number]) => [p.month, p.dayOfMonth, p.forecast, p.actual, p.error, p.withinBand])).toEqual([
      ["2026-09", 7, "0.033", "0.033", 0, true],
      ["2026-09", 14, "0.033", "0.033", 0, true],
      ["2026-09", 21, "0.033", "0.033", 0, true],
      ["2026-10", 7, "0.033", "0.033", 0, true],
      ["2026-10", 14, "0.033", "0.033", 0, true],
      ["2026-10", 21, "0.033", "0.033", 0, true],
    ]);
    expect(body.meanAbsoluteError).toBe(0);
    // Both features together in October: the search calls of Oct 27-31 (5 x $0.002) join it. As of day 21
    // neither knew of them: forecast $0.033, actual $0.043.
    const all = await api("asOf=2026-11-20");
    expect(all.body.backtest.at(-1)).toEqual({ month: "2026-10", dayOfMonth: 21, forecast: "0.033", actual: "0.043", error: -0.232558, withinBand: false });
  });

  it("defaults asOf to yesterday (UTC) and refuses one that is not a day", async () => {
    const { body } = await api("");
    expect(body.asOf).toBe(shiftDay(new Date().toISOString().slice(0, 10), -1));
    for (const bad of ["2026-02-30", "20261120", "yesterday"]) {
      const response = await api(`asOf=${bad}`);
      expect(response.status, bad).toBe(400);
      expect(response.body.error.code).toBe("bad_request");
      expect(response.body.error.message).toContain("asOf");
    }
    const cli = await tally(["forecast", "--as-of", "2026-02-30"], { DATABASE_URL: t.url });
    expect(cli.code).toBe(1);
    expect(cli.stderr).toContain('--as-of: "2026-02-30" is not a day');
  });
});
