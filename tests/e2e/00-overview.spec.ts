/**
 * A user's first run: empty dashboard -> create an ingest key -> send a batch over HTTP ->
 * the cards and charts show exactly the sum of the calls; demo data loads and goes away.
 */
import { expect, test } from "@playwright/test";
import { MIXED_BATCH, MIXED_BATCH_TOTAL } from "../fixtures/mixed-batch";

const RANGE = "from=2026-11-01&to=2026-11-03";

test.describe.configure({ mode: "serial" });

let key = "";

test("the empty dashboard explains how to send data and creates an ingest key", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByText(/curl/i).first()).toBeVisible();
  await page.getByRole("button", { name: "Create ingest key" }).click();
  const shown = page.getByText(/tly_[A-Za-z0-9_-]{20,}/).first();
  await expect(shown).toBeVisible();
  key = (/tly_[A-Za-z0-9_-]{20,}/.exec((await shown.textContent()) ?? "") ?? [""])[0];
  expect(key).not.toBe("");
  await page.screenshot({ path: "test-results/screenshots/empty-state.png", fullPage: true });
});

test("a batch sent over HTTP shows up with exact totals in the cards and charts", async ({ page, request }) => {
  const response = await request.post("/api/v1/usage", {
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    data: JSON.stringify(MIXED_BATCH),
  });
  expect(response.status()).toBe(200);
  expect(await response.json()).toMatchObject({ accepted: 6, duplicates: 0 });

  await page.goto(`/?${RANGE}`);
  await expect(page.getByTestId("kpi-spend")).toHaveAttribute("data-exact", MIXED_BATCH_TOTAL.costUsd);
  await expect(page.getByTestId("kpi-spend")).toContainText("$0.12");
  await expect(page.getByTestId("kpi-calls")).toHaveAttribute("data-exact", String(MIXED_BATCH_TOTAL.calls));
  await expect(page.getByTestId("kpi-input-tokens")).toHaveAttribute("data-exact", String(MIXED_BATCH_TOTAL.inputTokens));
  await expect(page.getByTestId("kpi-cache-read-tokens")).toHaveAttribute("data-exact", String(MIXED_BATCH_TOTAL.cacheReadTokens));
  await expect(page.getByTestId("kpi-cache-write-1h-tokens")).toHaveAttribute("data-exact", "2000");
  await expect(page.getByTestId("kpi-unpriced-calls")).toHaveAttribute("data-exact", "1");

  const byModel = page.getByTestId("chart-spend-by-model");
  await expect(byModel.getByTestId("row-claude-sonnet-4-6")).toHaveAttribute("data-exact", "0.086376");
  await expect(byModel.getByTestId("row-claude-sonnet-4-5")).toHaveAttribute("data-exact", "0.0245");
  const byFeature = page.getByTestId("chart-spend-by-feature");
  await expect(byFeature.getByTestId("row-triage")).toHaveAttribute("data-exact", "0.0075");
  await expect(page.getByTestId("chart-spend-by-day").locator(".recharts-bar-rectangle").first()).toBeVisible();
  await page.screenshot({ path: "test-results/screenshots/overview-desktop.png", fullPage: true });

  await page.setViewportSize({ width: 375, height: 812 });
  await page.goto(`/?${RANGE}`);
  await expect(page.getByTestId("kpi-spend")).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await page.screenshot({ path: "test-results/screenshots/overview-phone.png", fullPage: true });
});

test("filters live in the URL", async ({ page }) => {
  await page.goto(`/?${RANGE}&feature=chat`);
  await expect(page.getByTestId("kpi-spend")).toHaveAttribute("data-exact", "0.086376");
  await expect(page.getByTestId("kpi-calls")).toHaveAttribute("data-exact", "3");
});

test("demo data loads with one click, is labelled, and is removed with one click", async ({ page }) => {
  await page.goto(`/?${RANGE}`);
  const before = await page.getByTestId("kpi-spend").getAttribute("data-exact");
  await page.goto("/");
  await page.getByRole("button", { name: "Load demo data" }).click();
  await expect(page.getByText(/demo data/i).first()).toBeVisible();
  await expect(page.getByRole("button", { name: "Remove demo data" })).toBeVisible();
  await page.screenshot({ path: "test-results/screenshots/overview-demo.png", fullPage: true });
  await page.getByRole("button", { name: "Remove demo data" }).click();
  await expect(page.getByRole("button", { name: "Remove demo data" })).toHaveCount(0);
  await page.goto(`/?${RANGE}`);
  await expect(page.getByTestId("kpi-spend")).toHaveAttribute("data-exact", before!);
});

test("calls without a feature can be filtered as (none)", async ({ page, request }) => {
  const response = await request.post("/api/v1/usage", {
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    // Haiku 4.5, no feature: 1,000,000 input tokens x $1 = $1
    data: JSON.stringify({ id: "msg_no_feature", timestamp: "2026-11-03T12:00:00Z", model: "claude-haiku-4-5", usage: { input_tokens: 1_000_000 } }),
  });
  expect(response.status()).toBe(200);
  await page.goto(`/?${RANGE}`);
  await page.getByLabel("Feature", { exact: true }).selectOption({ label: "(no feature)" });
  await expect(page).toHaveURL(/feature=%28none%29|feature=\(none\)/);
  await expect(page.getByTestId("kpi-spend")).toHaveAttribute("data-exact", "1");
  await expect(page.getByTestId("kpi-calls")).toHaveAttribute("data-exact", "1");
});
