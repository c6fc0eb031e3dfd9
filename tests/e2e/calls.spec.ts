/**
 * The calls explorer and a call's detail page on the hand-priced data set in tests/fixtures/calls.ts
 * (61 calls, project "e2e-calls", September 2026, total $0.3475).
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { type Page, expect, test } from "@playwright/test";
import { parse } from "csv-parse/sync";
import { parseUsdToPico, formatUsdExact } from "../../lib/core/money";
import { CALLS_RECORDS, CALLS_TOTAL, CALLS_VIEW } from "../fixtures/calls";

function tally(args: string[]): string {
  const DATABASE_URL = fs.readFileSync(path.resolve("tests/.tmp/e2e-database-url"), "utf8");
  return execFileSync(process.execPath, ["scripts/tally.mjs", ...args], { env: { ...process.env, DATABASE_URL }, encoding: "utf8" });
}

const rows = (page: Page) => page.getByTestId("calls-table").locator("tbody tr");

async function noOverflowOnPhone(page: Page, name: string) {
  await page.setViewportSize({ width: 390, height: 844 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
  await page.screenshot({ path: `test-results/screenshots/${name}-phone.png`, fullPage: true });
}

test.describe.configure({ mode: "serial" });

test.beforeAll(async ({ request }) => {
  const key = tally(["keys", "create", "--name", "calls-e2e"]).trim().split("\n").pop()!;
  const response = await request.post("/api/v1/usage", {
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    data: JSON.stringify(CALLS_RECORDS),
  });
  expect(await response.json()).toMatchObject({ accepted: CALLS_TOTAL.calls, rejected: [] });
});

test("lists the view's calls with its total, 50 to a page, with working page links", async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 1000 });
  await page.goto(`/calls?${CALLS_VIEW}`);
  await expect(page.getByTestId("calls-total-count")).toHaveAttribute("data-exact", "61");
  await expect(page.getByTestId("calls-total-cost")).toHaveAttribute("data-exact", "0.3475");
  await expect(page.getByTestId("calls-total-unpriced")).toHaveAttribute("data-exact", "1");
  await expect(rows(page)).toHaveCount(50);
  // Newest first: the unpriced call on Sep 25 07:00 is beaten only by regular calls on Sep 25-28.
  await expect(rows(page).first()).toHaveAttribute("data-call-id", "e2e-calls-r27");
  await expect(page.getByTestId("first-page")).toHaveCount(0);
  await page.screenshot({ path: "test-results/screenshots/calls-desktop.png", fullPage: true });

  await page.getByTestId("next-page").click();
  await expect(page).toHaveURL(/cursor=/);
  await expect(rows(page)).toHaveCount(11);
  await expect(page.getByTestId("next-page")).toHaveCount(0);
  await page.getByTestId("previous-page").click();
  await expect(rows(page)).toHaveCount(50);
  await expect(rows(page).first()).toHaveAttribute("data-call-id", "e2e-calls-r27");
  await page.getByTestId("next-page").click();
  await expect(rows(page)).toHaveCount(11);
  await page.getByTestId("first-page").click();
  await expect(page).not.toHaveURL(/cursor=/);
  await expect(rows(page)).toHaveCount(50);

  await page.emulateMedia({ colorScheme: "dark" });
  await page.reload();
  await expect(rows(page)).toHaveCount(50);
  await page.screenshot({ path: "test-results/screenshots/calls-dark.png", fullPage: false });
  await page.emulateMedia({ colorScheme: "light" });
  await page.reload();
  await expect(rows(page)).toHaveCount(50);
  await noOverflowOnPhone(page, "calls");
});

test("sorting by cost puts the most expensive call ($0.18) first, and the header says how it is sorted", async ({ page }) => {
  await page.goto(`/calls?${CALLS_VIEW}`);
  await page.getByTestId("sort-cost").click();
  await expect(page).toHaveURL(/sort=cost/);
  const first = rows(page).first();
  await expect(first).toHaveAttribute("data-call-id", "e2e-calls-opus");
  await expect(first.getByTestId("call-cost")).toHaveAttribute("data-exact", "0.18");
  await expect(first.getByTestId("call-cost")).toHaveText("$0.18");
  await expect(rows(page).nth(1).getByTestId("call-cost")).toHaveAttribute("data-exact", "0.03");
  await expect(rows(page).nth(2).getByTestId("call-cost")).toHaveAttribute("data-exact", "0.021");
  await expect(page.getByRole("columnheader", { name: /Cost/ })).toHaveAttribute("aria-sort", "descending");
  await page.getByTestId("sort-cost").click();
  await expect(page).toHaveURL(/dir=asc/);
  await expect(page.getByRole("columnheader", { name: /Cost/ })).toHaveAttribute("aria-sort", "ascending");
  await expect(rows(page).first()).toHaveAttribute("data-call-id", "e2e-calls-unpriced");
  // The last page of the ascending order ends with the most expensive call.
  await page.getByTestId("next-page").click();
  await expect(rows(page)).toHaveCount(11);
  await expect(rows(page).last()).toHaveAttribute("data-call-id", "e2e-calls-opus");
});

test("explorer filters live in the URL, survive a reload and a header change, and count on request", async ({ page }) => {
  await page.goto(`/calls?${CALLS_VIEW}`);
  const form = page.getByTestId("explorer-filters");
  await form.getByLabel("User (exact)").fill("bob");
  await form.getByLabel("Stop reason").selectOption("tool_use");
  await form.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/user=bob/);
  await expect(page).toHaveURL(/stop_reason=tool_use/);
  await expect(rows(page)).toHaveCount(14);
  await expect(page.getByTestId("calls-totals")).toHaveAttribute("data-kind", "none");

  await page.reload();
  await expect(form.getByLabel("User (exact)")).toHaveValue("bob");
  await expect(form.getByLabel("Stop reason")).toHaveValue("tool_use");
  await expect(rows(page)).toHaveCount(14);

  // Changing the header's model filter keeps the explorer's filters.
  await page.getByLabel("Model", { exact: true }).selectOption("claude-haiku-4-5");
  await expect(page).toHaveURL(/model=claude-haiku-4-5/);
  await expect(page).toHaveURL(/user=bob/);
  await expect(rows(page)).toHaveCount(14);

  await page.setViewportSize({ width: 1440, height: 900 });
  await page.screenshot({ path: "test-results/screenshots/calls-filtered-desktop.png" });
  await page.getByTestId("count-matching").click();
  await expect(page.getByTestId("calls-total-count")).toHaveAttribute("data-exact", "14");
  await expect(page.getByTestId("calls-total-cost")).toHaveAttribute("data-exact", "0.028");
});

test("cost range and unpriced-only filters; a bad amount is explained next to its field and the page still renders", async ({ page }) => {
  await page.goto(`/calls?${CALLS_VIEW}&min_cost=0.02`);
  await expect(rows(page)).toHaveCount(3);
  await expect(page.locator("tbody tr[data-call-id='e2e-calls-opus']")).toHaveCount(1);

  await page.goto(`/calls?${CALLS_VIEW}&unpriced=1`);
  await expect(rows(page)).toHaveCount(1);
  await expect(rows(page).first()).toHaveAttribute("data-call-id", "e2e-calls-unpriced");
  await expect(rows(page).first().getByText("unpriced model")).toBeVisible();

  await page.goto(`/calls?${CALLS_VIEW}&min_cost=ten`);
  await expect(page.getByTestId("problem-min_cost")).toContainText('"ten" is not an amount in US dollars');
  await expect(page.getByLabel("Min cost (USD)")).toHaveAttribute("aria-invalid", "true");
  await expect(rows(page)).toHaveCount(50);
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.screenshot({ path: "test-results/screenshots/calls-bad-filter-desktop.png" });

  await page.goto(`/calls?${CALLS_VIEW}&cursor=garbage`);
  await expect(page.getByRole("alert").filter({ hasText: "not a cursor issued by Tally" })).toBeVisible();
  await page.getByRole("link", { name: "Back to first page" }).click();
  await expect(rows(page)).toHaveCount(50);
});

test("a call's detail shows each cost component and the total as their sum, and links back to the same view", async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 1000 });
  await page.goto(`/calls?${CALLS_VIEW}&sort=cost`);
  await rows(page).first().getByRole("link").click();
  await expect(page).toHaveURL(/\/calls\/e2e-calls-opus\?/);
  const expected = { input: "0.05", output: "0.05", "cache-write-5m": "0.025", "cache-write-1h": "0.01", "cache-read": "0.025", "web-search": "0.02" };
  for (const [component, usd] of Object.entries(expected)) await expect(page.getByTestId(`cost-${component}`)).toHaveAttribute("data-exact", usd);
  await expect(page.getByTestId("cost-total")).toHaveAttribute("data-exact", "0.18");
  await expect(page.getByTestId("cost-sum-check")).toContainText("0.05 + 0.05 + 0.025 + 0.01 + 0.025 + 0.02 = 0.18");
  await expect(page.getByTestId("cost-sum-check")).toContainText("exactly the sum of the components");
  await expect(page.getByTestId("cost-input")).toContainText("$5 / MTok");
  await expect(page.getByTestId("cost-cache-read")).toContainText("$0.5 / MTok");
  await expect(page.getByTestId("cost-web-search")).toContainText("$10 / 1K requests");
  await expect(page.getByTestId("price-entry")).toContainText("claude-opus-4-6@2026-02-01");
  await expect(page.getByTestId("tokens-prompt").locator("[data-exact]")).toHaveAttribute("data-exact", "65000");
  await expect(page.getByTestId("call-user")).toContainText("alice");
  await page.screenshot({ path: "test-results/screenshots/call-detail-desktop.png", fullPage: true });
  await page.emulateMedia({ colorScheme: "dark" });
  await page.screenshot({ path: "test-results/screenshots/call-detail-dark.png", fullPage: true });
  await page.emulateMedia({ colorScheme: "light" });
  await noOverflowOnPhone(page, "call-detail");

  await page.getByTestId("back-to-calls").click();
  await expect(page).toHaveURL(/\/calls\?.*sort=cost/);
  await expect(page).toHaveURL(/project=e2e-calls/);
  await expect(rows(page).first()).toHaveAttribute("data-call-id", "e2e-calls-opus");
});

test("flags are explained in words, and an unknown call id says so with a way back", async ({ page }) => {
  await page.goto("/calls/e2e-calls-split");
  await expect(page.getByTestId("flag-cache_split_missing")).toContainText("priced as 5-minute writes");
  await expect(page.getByTestId("cost-total")).toHaveAttribute("data-exact", "0.0045");
  await page.goto("/calls/e2e-calls-unpriced");
  await expect(page.getByTestId("flag-unpriced_model")).toContainText("counts as $0");
  // The page streams behind the segment's loading skeleton, so the status is already sent (200); the message is what shows.
  const response = await page.goto("/calls/no-such-call");
  expect(response?.status()).toBe(404);
  await expect(page.getByTestId("call-not-found")).toContainText("No such call");
  await page.getByRole("link", { name: "Back to the calls explorer" }).click();
  await expect(page).toHaveURL(/\/calls$/);
});

test("the CSV export has every call of the view and sums exactly to the total on the page", async ({ page }) => {
  await page.goto(`/calls?${CALLS_VIEW}`);
  const pageTotal = await page.getByTestId("calls-total-cost").getAttribute("data-exact");
  expect(pageTotal).toBe(CALLS_TOTAL.costUsd);
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("export-csv").click()]);
  expect(download.suggestedFilename()).toBe("tally-calls_2026-09-01_2026-09-30.csv");
  const text = fs.readFileSync((await download.path())!, "utf8");
  const records: Record<string, string>[] = parse(text, { columns: true, bom: true });
  const total = records.pop()!;
  expect(records).toHaveLength(CALLS_TOTAL.calls);
  expect(new Set(records.map((r) => r.id)).size).toBe(CALLS_TOTAL.calls);
  const sum = records.reduce((acc, r) => acc + parseUsdToPico(r.cost_usd), 0n);
  expect(formatUsdExact(sum)).toBe(pageTotal);
  expect(total.id).toBe("TOTAL");
  expect(total.cost_usd).toBe(pageTotal);
  const opus = records.find((r) => r.id === "e2e-calls-opus")!;
  expect(opus).toMatchObject({ cost_usd: "0.18", input_cost_usd: "0.05", web_search_cost_usd: "0.02", cache_read_tokens: "50000", user: "alice" });
});
