/**
 * Forecast backtest benchmark: how close Tally's weekday forecast gets to the month's actual spend, as of
 * day 7, 14 and 21, against the naive run-rate forecast (month so far / days elapsed x days in month)
 * measured on the same data in the same run, and how often the actual fell inside Tally's low-high range.
 *
 * Besides day 7, 14 and 21 (whole weeks into the month) it scores both forecasts as of every day from 1
 * to 28, where the month so far is not always whole weeks.
 *
 * The data is a deterministic eight-month history (March to October 2026) ingested through the real
 * ingest path into a temporary SQLite database, and read back with the same function the page, the API
 * and the CLI use. Its traffic: weekdays busy and weekends at about 30%, gradual growth (about 4% a month),
 * day-to-day noise from a seeded PRNG, a prompt change on Wednesday June 17 that makes every call about
 * 35% more expensive from then on, and a holiday week (August 24-30) at 40% of the usual traffic.
 *
 *   npm run bench:forecast
 *   npm run bench:forecast -- --seed 7 --calls 300   # another random history; weekday calls per day at the start
 */
import { daysInRange, shiftDay } from "@/lib/core/chart-data";
import { backtest, lastDayOfMonth } from "@/lib/core/forecast";
import { seededRandom } from "@/lib/core/demo-data";
import { formatUsdExact } from "@/lib/core/money";
import { getDailySpend } from "@/lib/server/forecast";
import { ingestItems } from "@/lib/server/ingest";
import { createSqliteDatabase } from "@/tests/helpers/databases";
import { markdownTable } from "./table";

const args = process.argv.slice(2);
const arg = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const SEED = Number(arg("seed", "42"));
/** Weekday calls per day on the first day; the rest of the history follows from the traffic model. */
const START_CALLS = Number(arg("calls", "240"));

const FIRST_DAY = "2026-03-01";
const LAST_DAY = "2026-10-31";
const PROMPT_CHANGE = "2026-06-17";
const HOLIDAY = { from: "2026-08-24", to: "2026-08-30" };
const MONTHLY_GROWTH = 0.04;
const WEEKEND_SHARE = 0.3;
const HOLIDAY_SHARE = 0.4;

/** A standard normal draw (Box-Muller) from the seeded uniform source. */
function gaussian(rand: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
}

/** The history as usage records: calls per day from the traffic model, each with its own token counts. */
function history(rand: () => number): Record<string, unknown>[] {
  const records: Record<string, unknown>[] = [];
  const days = daysInRange(FIRST_DAY, LAST_DAY);
  for (const [index, day] of days.entries()) {
    const dow = new Date(`${day}T00:00:00Z`).getUTCDay();
    const weekend = dow === 0 || dow === 6;
    const holiday = day >= HOLIDAY.from && day <= HOLIDAY.to;
    const trend = START_CALLS * (1 + MONTHLY_GROWTH) ** (index / 30);
    // Day-to-day noise of about 12%, never below a fifth of the day's level.
    const level = trend * (weekend ? WEEKEND_SHARE : 1) * (holiday ? HOLIDAY_SHARE : 1) * Math.max(0.2, 1 + 0.12 * gaussian(rand));
    const calls = Math.round(level);
    const promptScale = day >= PROMPT_CHANGE ? 1.35 : 1;
    for (let i = 0; i < calls; i++) {
      const haiku = rand() < 0.3;
      records.push({
        id: `bench_forecast_${day}_${i}`,
        timestamp: `${day}T${String(Math.floor(rand() * 24)).padStart(2, "0")}:${String(Math.floor(rand() * 60)).padStart(2, "0")}:00Z`,
        model: haiku ? "claude-haiku-4-5" : "claude-sonnet-4-6",
        feature: haiku ? "classify" : "assistant",
        usage: {
          input_tokens: Math.round(promptScale * (1500 + 1000 * rand())),
          output_tokens: Math.round(200 + 600 * rand()),
          cache_read_input_tokens: Math.round(promptScale * 4000 * rand()),
        },
      });
    }
  }
  return records;
}

interface Scored {
  month: string;
  dayOfMonth: number;
  actualPico: bigint;
  weekdayPico: bigint;
  runRatePico: bigint;
  weekdayError: number;
  runRateError: number;
  withinBand: boolean;
}

/** (forecast - actual) / actual, as the backtest reports it. */
const errorOf = (forecast: bigint, actual: bigint) => Number(((forecast - actual) * 1_000_000n) / actual) / 1_000_000;

function score(daily: Map<string, bigint>, days: readonly number[] = [7, 14, 21]): Scored[] {
  const points = backtest(daily, shiftDay(LAST_DAY, 1), days);
  return points.map((p) => {
    const asOf = `${p.month}-${String(p.dayOfMonth).padStart(2, "0")}`;
    const monthDays = Number(lastDayOfMonth(p.month).slice(8));
    let soFar = 0n;
    for (const day of daysInRange(`${p.month}-01`, asOf)) soFar += daily.get(day) ?? 0n;
    const runRate = (soFar * BigInt(monthDays)) / BigInt(p.dayOfMonth);
    return {
      month: p.month,
      dayOfMonth: p.dayOfMonth,
      actualPico: p.actualPico,
      weekdayPico: p.forecastPico,
      runRatePico: runRate,
      weekdayError: p.error!,
      runRateError: errorOf(runRate, p.actualPico),
      withinBand: p.withinBand,
    };
  });
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const signed = (x: number) => `${x >= 0 ? "+" : "-"}${pct(Math.abs(x))}`;
const usd = (pico: bigint) => `$${Number(formatUsdExact(pico)).toFixed(2)}`;
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

const printTable = (rows: string[][]) => console.log(markdownTable(rows));

async function main() {
  const records = history(seededRandom(SEED));
  const t = await createSqliteDatabase();
  try {
    for (let i = 0; i < records.length; i += 5000) {
      const result = await ingestItems(t.db, records.slice(i, i + 5000), { source: "import" });
      if (result.rejected.length) throw new Error(`bench records rejected: ${JSON.stringify(result.rejected[0])}`);
    }
    const started = process.hrtime.bigint();
    const daily = await getDailySpend(t.db, LAST_DAY);
    const scored = score(daily);
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    const total = [...daily.values()].reduce((a, b) => a + b, 0n);

    console.log(
      `Forecast backtest: ${FIRST_DAY} to ${LAST_DAY}, ${records.length.toLocaleString("en-US")} calls, ${usd(total)} in all (seed ${SEED}); ` +
        `prompt change ${PROMPT_CHANGE}, holiday week ${HOLIDAY.from} to ${HOLIDAY.to}. Read and backtest: ${ms.toFixed(0)} ms.`,
    );
    console.log("");
    printTable([
      ["month", "as of", "actual", "weekday forecast", "off", "in range", "run-rate forecast", "off"],
      ...scored.map((s) => [
        s.month,
        `day ${s.dayOfMonth}`,
        usd(s.actualPico),
        usd(s.weekdayPico),
        signed(s.weekdayError),
        s.withinBand ? "yes" : "no",
        usd(s.runRatePico),
        signed(s.runRateError),
      ]),
    ]);
    console.log("");
    const summary = (label: string, rows: Scored[]) => {
      const weekday = mean(rows.map((s) => Math.abs(s.weekdayError)));
      const runRate = mean(rows.map((s) => Math.abs(s.runRateError)));
      const inBand = rows.filter((s) => s.withinBand).length;
      return [label, String(rows.length), pct(weekday), pct(runRate), (weekday / runRate).toFixed(2), `${inBand} of ${rows.length} (${pct(inBand / rows.length)})`];
    };
    printTable([
      ["as of", "forecasts", "Tally weekday MAE", "run-rate MAE", "ratio", "actual in Tally's range"],
      ...[7, 14, 21].map((d) => summary(`day ${d}`, scored.filter((s) => s.dayOfMonth === d))),
      summary("day 7, 14, 21", scored),
      // Days 7, 14 and 21 close whole weeks, so the month so far holds each weekday equally often and the
      // run rate is not skewed by it; as of any day the month so far can be weekday-heavy or weekend-heavy.
      summary("every day 1-28", score(daily, Array.from({ length: 28 }, (_, i) => i + 1))),
    ]);
  } finally {
    await t.drop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
