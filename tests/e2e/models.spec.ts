/**
 * The Models and Caching pages over HTTP-ingested calls of project "e2e-models" in September 2026:
 * every number asserted is computed by hand in tests/fixtures/models-caching.ts. Other spec files share
 * this database, so every URL carries the project and the range.
 */
import { type Page, expect, test } from "@playwright/test";
import { sendRecords } from "./support";
import { MODELS_CACHING_CALLS, MODELS_EXPECTED, MODELS_PROJECT, MODELS_RANGE } from "../fixtures/models-caching";
import { parseUsdToPico } from "../../lib/core/money";

const VIEW = `project=${MODELS_PROJECT}&from=${MODELS_RANGE.from}&to=${MODELS_RANGE.to}`;

test.describe.configure({ mode: "serial" });

async function noHorizontalOverflow(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}

async function screenshots(page: Page, url: string, name: string, ready: (page: Page) => Promise<void>) {
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(url);
  await ready(page);
  await page.screenshot({ path: `test-results/screenshots/${name}-desktop.png`, fullPage: true });

  await page.emulateMedia({ colorScheme: "dark" });
  await page.goto(url);
  await ready(page);
  await page.screenshot({ path: `test-results/screenshots/${name}-dark.png`, fullPage: true });
  await page.emulateMedia({ colorScheme: "light" });

  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(url);
  await ready(page);
  await noHorizontalOverflow(page);
  await page.screenshot({ path: `test-results/screenshots/${name}-phone.png`, fullPage: true });
}

test("the fixture's calls are accepted over HTTP", async ({ request }) => {
  const response = await sendRecords(request, "e2e-models", MODELS_CACHING_CALLS);
  expect(response.status).toBe(200);
  expect(response.body).toMatchObject({ accepted: MODELS_CACHING_CALLS.length, duplicates: 0, rejected: [] });
});

test("/models shows each model's spend, calls, average and p50 cost per call, and the raw ids sent", async ({ page }) => {
  await page.goto(`/models?${VIEW}`);
  const table = page.getByTestId("models-table");
  for (const [model, expected] of Object.entries(MODELS_EXPECTED.models)) {
    const row = table.getByTestId(`model-row-${model}`);
    await expect(row.getByTestId("spend")).toHaveAttribute("data-exact", expected.spend);
    await expect(row.getByTestId("calls")).toHaveAttribute("data-exact", String(expected.calls));
    await expect(row.getByTestId("avg-cost")).toHaveAttribute("data-exact", expected.avgCost);
  }
  // Sorted by spend.
  await expect(table.locator("tbody tr")).toHaveCount(4);
  expect(await table.locator("tbody tr").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-testid")))).toEqual([
    "model-row-claude-sonnet-4-6",
    "model-row-claude-opus-4-6",
    "model-row-claude-sonnet-4-5",
    "model-row-claude-haiku-4-5",
  ]);

  // Every Opus call costs $0.015: the p50 bucket must contain it, and the value is marked as an estimate.
  const p50 = table.getByTestId("model-row-claude-opus-4-6").getByTestId("p50-cost");
  await expect(p50).toContainText("≈");
  const low = parseUsdToPico((await p50.getAttribute("data-low"))!);
  const high = parseUsdToPico((await p50.getAttribute("data-high"))!);
  const cost = parseUsdToPico(MODELS_EXPECTED.models["claude-opus-4-6"].everyCall);
  expect(low <= cost && cost < high).toBe(true);

  const sonnet45 = table.getByTestId("model-row-claude-sonnet-4-5");
  await expect(sonnet45).toContainText("Claude Sonnet 4.5");
  for (const id of MODELS_EXPECTED.models["claude-sonnet-4-5"].rawIds) await expect(sonnet45.getByTestId("raw-ids")).toContainText(id);

  // The project filter is on, and the histograms cannot follow it: the page says so.
  await expect(page.getByTestId("percentile-note")).toContainText("Percentiles cover all features, projects and tiers");
  await expect(page.getByTestId("chart-share-of-spend").locator(".recharts-bar-rectangle").first()).toBeVisible();
});

test("/models share-of-spend legend toggles a model and the table fallback lists every day", async ({ page }) => {
  await page.goto(`/models?${VIEW}`);
  const chart = page.getByTestId("chart-share-of-spend");
  const toggle = chart.getByRole("button", { name: "Claude Opus 4.6" });
  await expect(toggle).toHaveAttribute("aria-pressed", "true");
  await toggle.click();
  await expect(toggle).toHaveAttribute("aria-pressed", "false");
  await chart.getByText("Shares by day as a table").click();
  const rows = chart.locator("details tbody tr");
  await expect(rows).toHaveCount(4);
  // 2026-09-23 had no calls: no shares, not 0% or NaN.
  await expect(rows.nth(2)).toContainText("2026-09-23");
  await expect(rows.nth(2)).not.toContainText("NaN");
  await expect(rows.nth(2)).toContainText("—");
});

test("/models screenshots at 1440 and 390 px, light and dark, without horizontal overflow", async ({ page }) => {
  await screenshots(page, `/models?${VIEW}`, "models", async (p) => {
    await expect(p.getByTestId("models-table")).toBeVisible();
    await expect(p.getByTestId("chart-share-of-spend").locator(".recharts-bar-rectangle").first()).toBeVisible();
  });
  // On a phone the table gives way to a list with the same exact values.
  await expect(page.getByTestId("model-card-claude-opus-4-6").getByTestId("avg-cost")).toHaveAttribute("data-exact", "0.015");
});

test("/caching shows the hit ratio, what caching saved, 5m and 1h write cost, and the net saving", async ({ page }) => {
  const c = MODELS_EXPECTED.caching;
  await page.goto(`/caching?${VIEW}`);
  await expect(page.getByTestId("kpi-hit-ratio")).toContainText(c.hitRatioText);
  await expect(page.getByTestId("kpi-hit-ratio")).toHaveAttribute("title", /110,000 cache-read tokens of 145,000 prompt tokens/);
  await expect(page.getByTestId("kpi-saved")).toHaveAttribute("data-exact", c.savedUsd);
  await expect(page.getByTestId("kpi-write-5m")).toHaveAttribute("data-exact", c.write5mUsd);
  await expect(page.getByTestId("kpi-write-1h")).toHaveAttribute("data-exact", c.write1hUsd);
  await expect(page.getByTestId("kpi-net-saving")).toHaveAttribute("data-exact", c.netUsd);
  await expect(page.getByTestId("kpi-write-5m")).toHaveAttribute("title", new RegExp(`\\$${c.premium5mUsd.replace(".", "\\.")} is premium`));
});

test("/caching flags the feature whose writes are never read back, worst first", async ({ page }) => {
  const c = MODELS_EXPECTED.caching;
  await page.goto(`/caching?${VIEW}`);
  const table = page.getByTestId("cache-by-feature");
  await expect(table.getByTestId("not-read-back-rule")).toContainText("read fewer tokens than were written");
  expect(await table.locator("tbody tr").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-testid")))).toEqual(
    c.featureOrder.map((feature) => `cache-row-${feature}`),
  );
  for (const [feature, expected] of Object.entries(c.features)) {
    const row = table.getByTestId(`cache-row-${feature}`);
    await expect(row).toHaveAttribute("data-flagged", String(expected.flagged));
    await expect(row.getByTestId("write-cost")).toHaveAttribute("data-exact", expected.writeCost);
    await expect(row.getByTestId("saved")).toHaveAttribute("data-exact", expected.saved);
    await expect(row.getByTestId("net")).toHaveAttribute("data-exact", expected.net);
  }
  await expect(table.getByTestId("cache-row-summarize").getByTestId("not-read-back")).toHaveText("writes not read back");
  await expect(table.getByTestId("not-read-back")).toHaveCount(1);
});

test("/caching hit ratio chart switches between models and features in the URL and leaves a gap on the empty day", async ({ page }) => {
  await page.goto(`/caching?${VIEW}`);
  const chart = page.getByTestId("chart-hit-ratio");
  await expect(chart.getByRole("link", { name: "By model" })).toHaveAttribute("aria-current", "page");
  await expect(chart.getByRole("button", { name: "Claude Opus 4.6" })).toBeVisible();
  await chart.getByRole("link", { name: "By feature" }).click();
  await expect(page).toHaveURL(/by=feature/);
  await expect(page).toHaveURL(new RegExp(`project=${MODELS_PROJECT}`));
  await expect(chart.getByRole("link", { name: "By feature" })).toHaveAttribute("aria-current", "page");
  await expect(chart.getByRole("button", { name: "summarize" })).toBeVisible();
  await chart.getByText("Hit ratio by day as a table").click();
  const rows = chart.locator("details tbody tr");
  await expect(rows).toHaveCount(4);
  // The first column is all calls; 2026-09-23 had no prompt tokens, so no ratio (not 0%).
  await expect(rows.nth(2)).toContainText("2026-09-23");
  expect(await rows.evaluateAll((trs) => trs.map((tr) => tr.querySelector("td")?.textContent))).toEqual([...MODELS_EXPECTED.caching.hitRatioByDay]);
});

test("/caching screenshots at 1440 and 390 px, light and dark, without horizontal overflow", async ({ page }) => {
  await screenshots(page, `/caching?${VIEW}`, "caching", async (p) => {
    await expect(p.getByTestId("kpi-net-saving")).toBeVisible();
    await expect(p.getByTestId("chart-hit-ratio").locator(".recharts-line").first()).toBeVisible();
  });
});
