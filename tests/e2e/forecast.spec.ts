/**
 * The Forecast page over HTTP-ingested calls of project "e2e-forecast", March to May 20, 2026: every
 * number asserted is worked out by hand in tests/fixtures/forecast.ts. Other spec files share this
 * database, so every URL carries the project (and this spec sends calls in no other months).
 */
import { type Page, expect, test } from "@playwright/test";
import { sendRecords } from "./support";
import { FORECAST_AS_OF, FORECAST_PROJECT, FORECAST_RECORDS } from "../fixtures/forecast";

const URL = `/projections/forecast?asOf=${FORECAST_AS_OF}&project=${FORECAST_PROJECT}`;

test.describe.configure({ mode: "serial" });

async function noHorizontalOverflow(page: Page) {
  await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
}

async function ready(page: Page) {
  await expect(page.getByTestId("kpi-projected")).toBeVisible();
  await expect(page.getByTestId("backtest").locator("tbody tr")).toHaveCount(3);
  await expect(page.getByTestId("chart-forecast").locator(".recharts-bar-rectangle").first()).toBeVisible();
}

test("the fixture's calls are accepted over HTTP", async ({ request }) => {
  const response = await sendRecords(request, "e2e-forecast", FORECAST_RECORDS);
  expect(response.status).toBe(200);
  expect(response.body).toMatchObject({ accepted: FORECAST_RECORDS.length, duplicates: 0, rejected: [] });
});

test("the forecast shows May so far, its projected end with the range, and the days to go", async ({ page }) => {
  await page.goto(URL);
  await expect(page.getByRole("heading", { level: 1, name: "Forecast" })).toBeVisible();
  await expect(page.getByText("May 2026, as of May 20")).toBeVisible();

  await expect(page.getByTestId("kpi-spent-so-far")).toHaveAttribute("data-exact", "0.51");
  await expect(page.getByTestId("kpi-spent-so-far")).toContainText("$0.51");
  await expect(page.getByTestId("kpi-projected")).toHaveAttribute("data-exact", "0.756619718305");
  await expect(page.getByTestId("kpi-projected")).toContainText("$0.76");
  await expect(page.getByTestId("kpi-projected")).toHaveAttribute("title", "Projected spend for May 2026: $0.756619718305 exactly");
  await expect(page.getByTestId("kpi-range")).toHaveAttribute("data-low", "0.71309859154");
  await expect(page.getByTestId("kpi-range")).toHaveAttribute("data-high", "0.800140845064");
  await expect(page.getByTestId("kpi-range")).toContainText("$0.71 – $0.80");
  await expect(page.getByTestId("kpi-days-to-go")).toHaveAttribute("data-exact", "11");
  await expect(page.getByTestId("forecast-thin-history")).toHaveCount(0);

  // The month by day, as a table: Monday May 25 is the latest week's $0.17 x Mondays' $0.15 of the four weeks' $0.71.
  const chart = page.getByTestId("chart-forecast");
  await chart.getByText("The month by day as a table").click();
  const may25 = chart.locator('tr[data-day="2026-05-25"]');
  await expect(may25.locator('[data-series="projected"]')).toHaveText("$0.035915492957");
  await expect(may25.locator('[data-series="low"]')).toHaveText("$0.029577464788");
  await expect(may25.locator('[data-series="high"]')).toHaveText("$0.042253521126");
  await expect(chart.locator('tr[data-day="2026-05-11"] [data-series="actual"]')).toHaveText("$0.06");

  // Hovering May 25's bar (the 25th of 31 day slots across the plot) shows its exact amounts.
  const plot = (await chart.locator(".recharts-cartesian-grid").boundingBox())!;
  await page.mouse.move(plot.x + (plot.width * 24.5) / 31, plot.y + plot.height - 10);
  const tooltip = chart.locator(".recharts-tooltip-wrapper");
  await expect(tooltip).toContainText("Mon, May 25, 2026");
  await expect(tooltip).toContainText("Projected$0.035915492957");
  await expect(tooltip).toContainText("Range$0.029577464788 – $0.042253521126");
  await expect(tooltip).toContainText("latest week x Mondays' share of the last 4 weeks");
  await chart.screenshot({ path: "test-results/screenshots/forecast-tooltip.png" });
});

test("the backtest lists April as of day 7, 14 and 21 with how far off each was", async ({ page }) => {
  await page.goto(URL);
  const backtest = page.getByTestId("backtest");
  const expected = [
    { key: "2026-04-7", asOf: "day 7", forecast: ["0.52", "$0.52"], miss: "−21.2%", inRange: "no" },
    { key: "2026-04-14", asOf: "day 14", forecast: ["0.5848", "$0.58"], miss: "−11.4%", inRange: "no" },
    { key: "2026-04-21", asOf: "day 21", forecast: ["0.655636363634", "$0.66"], miss: "−0.7%", inRange: "yes" },
  ];
  await expect(backtest.locator("tbody tr")).toHaveCount(expected.length);
  for (const row of expected) {
    const tr = backtest.getByTestId(`backtest-row-${row.key}`);
    await expect(tr.locator("th")).toHaveText("Apr 2026");
    await expect(tr.locator("td").first()).toHaveText(row.asOf);
    await expect(tr.getByTestId("forecast")).toHaveAttribute("data-exact", row.forecast[0]);
    await expect(tr.getByTestId("forecast")).toHaveText(row.forecast[1]);
    await expect(tr.getByTestId("actual")).toHaveAttribute("data-exact", "0.66");
    await expect(tr.getByTestId("actual")).toHaveText("$0.66");
    await expect(tr.getByTestId("miss")).toHaveText(row.miss);
    await expect(tr.getByTestId("in-range")).toHaveText(row.inRange === "yes" ? "✓ yes" : "✕ no");
  }
  await expect(backtest.getByTestId("backtest-mae")).toContainText("11.1%");
  await expect(backtest.getByTestId("backtest-mae")).toContainText("over 3 forecasts; 1 of 3 in range");
  await expect(backtest.getByTestId("forecast-method")).toContainText("share of the spend over the previous 4 weeks");
});

test("the as-of day is chosen in the form and kept in the URL with the filters; the tabs carry them", async ({ page }) => {
  await page.goto(URL);
  await expect(page.getByRole("navigation", { name: "Projections" }).getByRole("link", { name: "Forecast" })).toHaveAttribute("aria-current", "page");
  await expect(page.getByRole("navigation", { name: "Projections" }).getByRole("link", { name: "What-if" })).toHaveAttribute(
    "href",
    `/projections?project=${FORECAST_PROJECT}`,
  );
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Projections" })).toHaveAttribute("aria-current", "page");

  // April as of the 21st, from the keyboard: the backtest's last row, now as the live forecast.
  const asOf = page.getByLabel("As of");
  await asOf.fill("2026-04-21");
  await asOf.press("Enter");
  await expect(page).toHaveURL(/asOf=2026-04-21/);
  await expect(page).toHaveURL(new RegExp(`project=${FORECAST_PROJECT}`));
  await expect(page.getByTestId("kpi-projected")).toHaveAttribute("data-exact", "0.655636363634");
  await expect(page.getByTestId("kpi-range")).toHaveAttribute("data-low", "0.58927272727");
  await expect(page.getByTestId("kpi-range")).toHaveAttribute("data-high", "0.722");
  await expect(page.getByTestId("kpi-days-to-go")).toHaveAttribute("data-exact", "9");
  // Before April the history is under four weeks: no backtest, and the page says so.
  await expect(page.getByTestId("backtest")).toContainText("Nothing to backtest yet");
});

test("a thin or missing history is said plainly, and a bad day falls back to yesterday with a note", async ({ page }) => {
  // As of Mar 20 the history is 19 days: none of the 11 remaining days rests on four whole weeks.
  await page.goto(`/projections/forecast?asOf=2026-03-20&project=${FORECAST_PROJECT}`);
  await expect(page.getByTestId("forecast-thin-history")).toHaveText(
    "11 of the 11 remaining days are projected from less than 4 weeks of history (spend for this view starts on Mar 2, 2026), so the projection and its range are rougher than usual.",
  );
  // Before the first call there is nothing to project from, and the page says that rather than "$0".
  await page.goto(`/projections/forecast?asOf=2026-02-20&project=${FORECAST_PROJECT}`);
  await expect(page.getByTestId("forecast-no-history")).toHaveText("No spend matches this view on or before Feb 20, 2026: there is nothing to project from.");
  await page.goto(`/projections/forecast?asOf=2026-02-30&project=${FORECAST_PROJECT}`);
  const note = page.getByRole("alert").filter({ hasText: "Showing the forecast as of yesterday" });
  await expect(note).toContainText("asOf is not a real date");
});

test("/projections/forecast screenshots at 1280 and 390 px, light and dark, without horizontal overflow", async ({ page }) => {
  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(URL);
    await ready(page);
    await page.screenshot({ path: `test-results/screenshots/forecast-${scheme}-1280.png`, fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(URL);
    await ready(page);
    await noHorizontalOverflow(page);
    await page.screenshot({ path: `test-results/screenshots/forecast-${scheme}-390.png`, fullPage: true });
  }
  await page.emulateMedia({ colorScheme: "light" });
});
