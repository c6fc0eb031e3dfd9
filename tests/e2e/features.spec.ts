/**
 * Features, a feature's own page, and stop reasons, on the hand-priced calls of tests/fixtures/features.ts.
 */
import { type Page, expect, test } from "@playwright/test";
import { sendRecords } from "./support";
import { FEATURES_BATCH, FEATURES_VIEW } from "../fixtures/features";

/** Desktop, phone and dark screenshots; the page never scrolls sideways on a phone. */
async function screenshots(page: Page, name: string, url: string, ready: (page: Page) => Promise<void>) {
  await page.screenshot({ path: `test-results/screenshots/${name}-desktop.png`, fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(url);
  await ready(page);
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
  await page.screenshot({ path: `test-results/screenshots/${name}-phone.png`, fullPage: true });
  await page.emulateMedia({ colorScheme: "dark" });
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(url);
  await ready(page);
  await page.screenshot({ path: `test-results/screenshots/${name}-dark.png`, fullPage: true });
  await page.emulateMedia({ colorScheme: "light" });
}

test.describe.configure({ mode: "serial" });

test.beforeAll(async ({ request }) => {
  const response = await sendRecords(request, "features-e2e", FEATURES_BATCH);
  expect(response.body).toMatchObject({ accepted: 10 });
});

test.use({ viewport: { width: 1440, height: 900 } });

test("the features table shows each feature's spend, calls, cost per call and truncation, and sorts", async ({ page }) => {
  const url = `/features?${FEATURES_VIEW}`;
  await page.goto(url);
  const table = page.getByTestId("features-table");
  const summarize = table.getByTestId("feature-row-summarize");
  await expect(summarize.getByTestId("spend")).toHaveAttribute("data-exact", "0.024");
  await expect(summarize.getByTestId("calls")).toHaveAttribute("data-exact", "4");
  await expect(summarize.getByTestId("per-call")).toHaveAttribute("data-exact", "0.006");
  await expect(summarize.getByTestId("truncation")).toHaveAttribute("data-exact", "0.25");
  await expect(summarize.getByTestId("truncation")).toHaveText("25.0%");
  await expect(summarize.getByTestId("spend")).toContainText("new vs previous 4 days");
  await expect(table.getByTestId("feature-row-").getByRole("link")).toHaveText("(no feature)");
  await expect(table.getByTestId("feature-row-")).toHaveCount(1);

  // By spend (default): summarize $0.024, (no feature) $0.015, chat $0.006.
  const order = () => table.locator("tbody tr").evaluateAll((rows) => rows.map((row) => row.getAttribute("data-testid")));
  expect(await order()).toEqual(["feature-row-summarize", "feature-row-", "feature-row-chat"]);
  await table.getByRole("link", { name: "Cost per call" }).click();
  await expect(page).toHaveURL(/sort=per-call/);
  await expect(table.getByRole("columnheader", { name: "Cost per call" })).toHaveAttribute("aria-sort", "descending");
  // $0.0075, $0.006, $0.0015 per call.
  expect(await order()).toEqual(["feature-row-", "feature-row-summarize", "feature-row-chat"]);
  await page.reload();
  expect(await order()).toEqual(["feature-row-", "feature-row-summarize", "feature-row-chat"]);
  await screenshots(page, "features", url, async (p) => expect(p.getByTestId("features-table")).toBeVisible());
});

test("a feature page shows the day its cost per call rose, its KPIs, and links to its calls", async ({ page }) => {
  await page.goto(`/features?${FEATURES_VIEW}`);
  await page.getByTestId("features-table").getByRole("link", { name: "summarize" }).click();
  await expect(page).toHaveURL(/\/features\/summarize\?from=2026-09-01&to=2026-09-04&project=e2e-features/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("summarize");
  await expect(page.getByTestId("kpi-spend")).toHaveAttribute("data-exact", "0.024");
  await expect(page.getByTestId("kpi-cost-per-call")).toHaveAttribute("data-exact", "0.006");
  await expect(page.getByTestId("kpi-tokens-per-call")).toHaveAttribute("data-exact", "1600");
  await expect(page.getByTestId("kpi-truncation")).toHaveAttribute("data-exact", "0.25");

  const perCall = page.getByTestId("chart-cost-per-call");
  await perCall.getByText("Cost per call by day as a table").click();
  await expect(perCall.getByRole("row", { name: /2026-09-01/ })).toContainText("$0.0045");
  await expect(perCall.getByRole("row", { name: /2026-09-02/ })).toContainText("—");
  await expect(perCall.getByRole("row", { name: /2026-09-03/ })).toContainText("$0.0075");
  await expect(page.getByTestId("chart-cost-per-call").locator(".recharts-line")).toHaveCount(1);

  const tokens = page.getByTestId("chart-tokens-per-call");
  await tokens.getByText("Tokens per call by day as a table").click();
  await expect(tokens.getByRole("row", { name: /2026-09-03/ })).toContainText("2,000");

  const seeCalls = page.getByTestId("see-calls");
  expect(await seeCalls.getAttribute("href")).toBe("/calls?from=2026-09-01&to=2026-09-04&feature=summarize&project=e2e-features");
  await screenshots(page, "feature-page", `/features/summarize?${FEATURES_VIEW}`, async (p) => expect(p.getByTestId("kpi-spend")).toBeVisible());
});

test("an unknown feature says so and links back", async ({ page }) => {
  await page.goto(`/features/no-such-feature?${FEATURES_VIEW}`);
  await expect(page.getByText("No calls have been recorded for the feature “no-such-feature”.")).toBeVisible();
  await expect(page.getByRole("link", { name: "features list" })).toHaveAttribute("href", /\/features\?/);
});

test("stop reasons show truncation, refusal and pause rates, overall and per feature", async ({ page }) => {
  const url = `/stop-reasons?${FEATURES_VIEW}`;
  await page.goto(url);
  await expect(page.getByTestId("kpi-max_tokens")).toHaveAttribute("data-exact", "0.1");
  await expect(page.getByTestId("kpi-max_tokens")).toContainText("10.0%");
  await expect(page.getByTestId("kpi-refusal")).toHaveAttribute("data-exact", "0.1");
  await expect(page.getByTestId("kpi-pause_turn")).toHaveAttribute("data-exact", "0.1");
  const byFeature = page.getByTestId("stop-reasons-by-feature");
  await expect(byFeature.getByTestId("stops-row-summarize").getByTestId("max_tokens")).toHaveAttribute("data-exact", "0.25");
  await expect(byFeature.getByTestId("stops-row-summarize")).toContainText("answers cut at max_tokens");
  await expect(byFeature.getByTestId("stops-row-chat").getByTestId("refusal")).toHaveAttribute("data-exact", "0.25");
  // Most truncated first.
  await expect(byFeature.locator("tbody tr").first()).toHaveAttribute("data-testid", "stops-row-summarize");
  await expect(page.getByTestId("chart-stop-rates").locator(".recharts-line")).toHaveCount(3);
  await screenshots(page, "stop-reasons", url, async (p) => expect(p.getByTestId("kpi-max_tokens")).toBeVisible());
});
