/**
 * The Features list, a feature's page and the Stop reasons page, on the calls of
 * tests/fixtures/features.ts (project "e2e-features", September 2026), whose comment works out every
 * number asserted here by hand from list prices.
 */
import { type Page, expect, test } from "@playwright/test";
import { sendRecords } from "./support";
import { FEATURES_PROJECT, FEATURES_RECORDS } from "../fixtures/features";

const VIEW = `project=${FEATURES_PROJECT}&from=2026-09-11&to=2026-09-20`;

/** Desktop, phone and dark screenshots; the phone one must not scroll sideways. */
async function screenshots(page: Page, name: string) {
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.screenshot({ path: `test-results/screenshots/${name}-desktop.png`, fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
  await page.screenshot({ path: `test-results/screenshots/${name}-phone.png`, fullPage: true });
  await page.emulateMedia({ colorScheme: "dark" });
  await page.reload();
  await page.setViewportSize({ width: 1440, height: 900 });
  await expect(page.locator("html")).toHaveClass(/dark/);
  await page.screenshot({ path: `test-results/screenshots/${name}-dark.png`, fullPage: true });
  await page.emulateMedia({ colorScheme: "light" });
}

test.describe.configure({ mode: "serial" });

test.beforeAll(async ({ request }) => {
  const response = await sendRecords(request, "features-e2e", FEATURES_RECORDS);
  expect(response.status).toBe(200);
  expect(response.body).toMatchObject({ accepted: 46, duplicates: 0, rejected: [] });
});

test("the features list shows each feature's spend, calls, cost per call, changes and truncation", async ({ page }) => {
  await page.goto(`/features?${VIEW}`);
  const table = page.getByTestId("features-table");
  const rows = table.locator("tbody tr");
  await expect(rows).toHaveCount(3);
  await expect(rows.locator("th")).toHaveText(["summarize", "chat", "(no feature)"]);

  const summarize = table.getByTestId("feature-row-summarize");
  await expect(summarize.getByTestId("spend")).toHaveAttribute("data-exact", "0.21");
  await expect(summarize.getByTestId("spend")).toHaveText("$0.21");
  await expect(summarize.getByTestId("calls")).toHaveText("20");
  await expect(summarize.getByTestId("per-call")).toHaveAttribute("data-exact", "0.0105");
  await expect(summarize.getByTestId("per-call")).toContainText("$0.0105");
  await expect(summarize.getByTestId("truncation")).toHaveText("10.0%");
  await expect(summarize.getByTestId("hit-ratio")).toHaveText("87.0%");
  // $0.036 before, $0.21 now; $0.009 per call before, $0.0105 now.
  await expect(summarize.getByTestId("change")).toHaveAttribute("data-exact", "0.174");
  await expect(summarize.getByTestId("spend-delta")).toHaveAttribute("data-delta", "+483%");
  await expect(summarize.getByTestId("spend-delta")).toHaveAttribute("title", "Previous 10 days: $0.036, now $0.21");
  await expect(summarize.getByTestId("per-call-delta")).toHaveAttribute("data-delta", "+16.7%");
  await expect(summarize.getByRole("img", { name: "summarize: daily spend from $0.018 to $0.024" })).toBeVisible();

  const chat = table.getByTestId("feature-row-chat");
  await expect(chat.getByTestId("spend")).toHaveAttribute("data-exact", "0.105");
  await expect(chat.getByTestId("calls")).toHaveText("15");
  await expect(chat.getByTestId("per-call")).toHaveAttribute("data-exact", "0.007");
  await expect(chat.getByTestId("per-call")).toContainText("$0.007");
  await expect(chat.getByTestId("truncation")).toHaveText("0%");
  await expect(chat.getByTestId("model-mix")).toHaveAttribute("title", "claude-opus-4-6 71.4% ($0.075), claude-haiku-4-5 28.6% ($0.03)");

  const none = table.getByTestId("feature-row-(none)");
  await expect(none.getByTestId("spend")).toHaveAttribute("data-exact", "0.04");
  await expect(none.getByTestId("calls")).toHaveText("4");
  await expect(none.getByTestId("per-call")).toHaveAttribute("data-exact", "0.01");
  await expect(none.getByTestId("truncation")).toHaveText("25.0%");
  await expect(none.getByTestId("spend-delta")).toHaveAttribute("data-delta", "new");

  await screenshots(page, "features");
});

test("the features list sorts by its column headers through the URL", async ({ page }) => {
  await page.goto(`/features?${VIEW}`);
  const table = page.getByTestId("features-table");
  await expect(table.getByRole("columnheader", { name: "Spend", exact: true })).toHaveAttribute("aria-sort", "descending");
  await table.getByRole("link", { name: "Cost per call", exact: true }).click();
  await expect(page).toHaveURL(/sort=per-call/);
  await expect(table.getByRole("columnheader", { name: "Cost per call", exact: true })).toHaveAttribute("aria-sort", "descending");
  // $0.0105, $0.01 and $0.007 per call.
  await expect(table.locator("tbody tr th")).toHaveText(["summarize", "(no feature)", "chat"]);
  await table.getByRole("link", { name: "Cost per call", exact: true }).click();
  await expect(page).toHaveURL(/dir=asc/);
  await expect(table.getByRole("columnheader", { name: "Cost per call", exact: true })).toHaveAttribute("aria-sort", "ascending");
  await expect(table.locator("tbody tr th")).toHaveText(["chat", "(no feature)", "summarize"]);
  await table.getByRole("link", { name: "Calls", exact: true }).click();
  await expect(page).toHaveURL(/sort=calls/);
  await expect(table.locator("tbody tr th")).toHaveText(["summarize", "chat", "(no feature)"]);
  // Changing a filter keeps the sort.
  await page.getByLabel("Model", { exact: true }).selectOption("claude-haiku-4-5");
  await expect(page).toHaveURL(/model=claude-haiku-4-5/);
  await expect(page).toHaveURL(/sort=calls/);
  await expect(table.locator("tbody tr th")).toHaveText(["chat", "(no feature)"]);
});

test("a feature's page shows its KPIs and its cost per call by day; the list links to it", async ({ page }) => {
  await page.goto(`/features?${VIEW}`);
  await page.getByTestId("features-table").getByRole("link", { name: "summarize" }).click();
  await expect(page).toHaveURL(`/features/summarize?from=2026-09-11&to=2026-09-20&project=${FEATURES_PROJECT}`);
  await expect(page.getByRole("heading", { level: 1, name: "summarize" })).toBeVisible();

  await expect(page.getByTestId("kpi-spend")).toHaveAttribute("data-exact", "0.21");
  await expect(page.getByTestId("kpi-spend-delta")).toHaveAttribute("title", "Previous 10 days: $0.036");
  await expect(page.getByTestId("kpi-calls")).toHaveAttribute("data-exact", "20");
  await expect(page.getByTestId("kpi-cost-per-call")).toHaveAttribute("data-exact", "0.0105");
  await expect(page.getByTestId("kpi-cost-per-call-delta")).toHaveAttribute("data-delta", "+16.7%");
  await expect(page.getByTestId("kpi-tokens-per-call")).toHaveAttribute("data-exact", "11700");
  await expect(page.getByTestId("kpi-tokens-per-call-delta")).toHaveAttribute("data-delta", "+4.5%");
  await expect(page.getByTestId("kpi-truncation")).toContainText("10.0%");
  await expect(page.getByTestId("chart-feature-spend")).toHaveAttribute("data-exact", "0.21");

  // The prompt change on Sep 16: $0.009 per call before, $0.012 after; 1,000 input tokens per call, then 2,000.
  const perCall = page.getByTestId("chart-cost-per-call");
  await perCall.getByText("Cost per call by day as a table").click();
  await expect(perCall.locator('tr[data-day="2026-09-15"] td')).toHaveText("$0.009");
  await expect(perCall.locator('tr[data-day="2026-09-16"] td')).toHaveText("$0.012");
  const tokens = page.getByTestId("chart-tokens-per-call");
  await tokens.getByText("Tokens per call by day as a table").click();
  await expect(tokens.locator('tr[data-day="2026-09-15"] td[data-series="input"]')).toHaveText("1,000");
  await expect(tokens.locator('tr[data-day="2026-09-16"] td[data-series="input"]')).toHaveText("2,000");

  await expect(page.getByTestId("feature-stop-reasons").getByTestId("stop-max_tokens")).toHaveAttribute("data-exact", "2");
  const calls = await page.getByTestId("see-calls").getAttribute("href");
  expect(calls).toBe(`/calls?from=2026-09-11&to=2026-09-20&feature=summarize&project=${FEATURES_PROJECT}`);
  // The feature is the path's; the filter bar offers no feature filter here.
  await expect(page.getByLabel("Feature", { exact: true })).toHaveCount(0);
  await screenshots(page, "feature");
});

test("a feature's cost per call has gaps on days without calls, and a feature= filter is ignored", async ({ page }) => {
  await page.goto(`/features/chat?${VIEW}&feature=summarize`);
  await expect(page.getByTestId("kpi-calls")).toHaveAttribute("data-exact", "15");
  await expect(page.getByTestId("kpi-spend")).toHaveAttribute("data-exact", "0.105");
  const perCall = page.getByTestId("chart-cost-per-call");
  await perCall.getByText("Cost per call by day as a table").click();
  await expect(perCall.locator('tr[data-day="2026-09-11"] td')).toHaveText("$0.007");
  await expect(perCall.locator('tr[data-day="2026-09-12"] td')).toHaveText("—");
});

test("calls without a feature have their own page; unknown features and empty ranges say so", async ({ page }) => {
  await page.goto(`/features?${VIEW}`);
  await page.getByTestId("features-table").getByRole("link", { name: "(no feature)" }).click();
  await expect(page).toHaveURL(/\/features\/\(none\)\?/);
  await expect(page.getByRole("heading", { level: 1, name: "(no feature)" })).toBeVisible();
  await expect(page.getByTestId("kpi-calls")).toHaveAttribute("data-exact", "4");
  await expect(page.getByTestId("kpi-spend")).toHaveAttribute("data-exact", "0.04");

  await page.goto(`/features/no-such-feature?${VIEW}`);
  await expect(page.getByRole("heading", { level: 1, name: "Feature not found" })).toBeVisible();
  await page.getByTestId("feature-not-found").getByRole("link", { name: "features list" }).click();
  await expect(page).toHaveURL(`/features?from=2026-09-11&to=2026-09-20&project=${FEATURES_PROJECT}`);

  await page.goto(`/features/chat?project=${FEATURES_PROJECT}&from=2026-09-21&to=2026-09-22`);
  await expect(page.getByTestId("feature-no-calls")).toContainText("No calls for chat in Sep 21 – Sep 22, 2026");
});

test("the stop reasons page shows truncation, refusal and pause_turn rates, per day and per feature", async ({ page }) => {
  await page.goto(`/stop-reasons?${VIEW}`);
  // 3, 1 and 1 of 39 calls; none in the previous period's 7 calls.
  await expect(page.getByTestId("kpi-max_tokens")).toContainText("7.7%");
  await expect(page.getByTestId("kpi-max_tokens")).toContainText("3 of 39 calls");
  await expect(page.getByTestId("kpi-max_tokens-delta")).toHaveAttribute("data-delta", "+7.7 pp");
  await expect(page.getByTestId("kpi-refusal")).toContainText("2.6%");
  await expect(page.getByTestId("kpi-refusal")).toContainText("1 of 39 calls");
  await expect(page.getByTestId("kpi-pause_turn")).toContainText("2.6%");

  const chart = page.getByTestId("chart-stop-rates");
  await chart.getByText("Stop-reason rates by day as a table").click();
  await expect(chart.locator('tr[data-day="2026-09-14"] td[data-series="max_tokens"]')).toHaveText("25.0%");
  await expect(chart.locator('tr[data-day="2026-09-17"] td[data-series="max_tokens"]')).toHaveText("40.0%");
  await expect(chart.locator('tr[data-day="2026-09-13"] td[data-series="refusal"]')).toHaveText("20.0%");
  await expect(chart.getByRole("button", { name: "refusal" })).toHaveAttribute("aria-pressed", "true");
  await chart.getByRole("button", { name: "refusal" }).click();
  await expect(chart.getByRole("button", { name: "refusal" })).toHaveAttribute("aria-pressed", "false");

  const table = page.getByTestId("stop-reasons-by-feature");
  await expect(table.locator("tbody tr th a")).toHaveText(["(no feature)", "summarize", "chat"]);
  const none = table.getByTestId("stops-row-(none)");
  await expect(none.getByTestId("max_tokens")).toContainText("25.0%");
  await expect(none.getByTestId("flag")).toHaveText("answers cut at max_tokens");
  const summarize = table.getByTestId("stops-row-summarize");
  await expect(summarize.getByTestId("calls")).toHaveText("20");
  await expect(summarize.getByTestId("max_tokens")).toContainText("10.0%");
  await expect(summarize.getByTestId("flag")).toBeVisible();
  const chat = table.getByTestId("stops-row-chat");
  await expect(chat.getByTestId("refusal")).toContainText("6.7%");
  await expect(chat.getByTestId("pause_turn")).toContainText("6.7%");
  await expect(chat.getByTestId("flag")).toHaveCount(0);
  await expect(chat.getByRole("img", { name: /^Stop reasons: / })).toHaveAttribute(
    "aria-label",
    "Stop reasons: refusal 6.7% (1), pause_turn 6.7% (1), end_turn 13.3% (2), tool_use 66.7% (10), stop_sequence 6.7% (1)",
  );
  await screenshots(page, "stop-reasons");
  await table.getByRole("link", { name: "summarize" }).click();
  await expect(page).toHaveURL(`/features/summarize?from=2026-09-11&to=2026-09-20&project=${FEATURES_PROJECT}`);
});
