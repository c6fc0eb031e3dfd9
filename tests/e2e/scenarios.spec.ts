/**
 * The Scenarios page on project "e2e-scenarios", July 1-30 2026 (30 days), at list prices:
 *
 *   support  30 calls on Claude Opus 4.6, one a day, 10,000 input + 1,000 output:
 *            0.05 + 0.025 = $0.075 each, $2.25
 *   reports  10 calls on Claude Sonnet 4.6, 20,000 input + 2,000 output: 0.06 + 0.03 = $0.09 each, $0.90
 *   chat     20 calls on Claude Haiku 4.5, 2,000 input + 500 output: 0.002 + 0.0025 = $0.0045 each, $0.09
 *   research 1 call on Claude Opus 4.6 of 250,000 input + 1,000 output: 1.25 + 0.025 = $1.275
 *
 * Scenario: support 90% Sonnet 4.6 / 10% Opus 4.6, reports on the Batch API.
 *   support: each call 90% x $0.045 (Sonnet 4.6: 0.03 + 0.015) + 10% x $0.075 = $0.048; 30 calls $1.44
 *   reports: half of $0.90 = $0.45; chat and research unchanged. Range total $3.255 (today $4.515).
 * A month is 30.4375 days, so each row x 30.4375 / 30: support $1.461, reports $0.4565625,
 * chat $0.0913125, research $1.29359375; projected $3.30246875 a month ($3.30), today $4.58084375.
 */
import { type Page, expect, test } from "@playwright/test";
import { sendRecords } from "./support";
import { formatUsdCents, parseUsdToPico } from "../../lib/core/money";

const PROJECT = "e2e-scenarios";
const VIEW = `from=2026-07-01&to=2026-07-30&project=${PROJECT}`;
const PATH = `/projections/scenarios?${VIEW}`;

function records() {
  const day = (d: number) => `2026-07-${String(d).padStart(2, "0")}`;
  const out: Record<string, unknown>[] = [];
  for (let d = 1; d <= 30; d++) {
    out.push({ id: `scn-support-${d}`, timestamp: `${day(d)}T09:00:00Z`, model: "claude-opus-4-6", feature: "support", project: PROJECT, usage: { input_tokens: 10_000, output_tokens: 1000 } });
  }
  for (let d = 1; d <= 10; d++) {
    out.push({ id: `scn-reports-${d}`, timestamp: `${day(d)}T10:00:00Z`, model: "claude-sonnet-4-6", feature: "reports", project: PROJECT, usage: { input_tokens: 20_000, output_tokens: 2000 } });
  }
  for (let d = 1; d <= 20; d++) {
    out.push({ id: `scn-chat-${d}`, timestamp: `${day(d)}T11:00:00Z`, model: "claude-haiku-4-5", feature: "chat", project: PROJECT, usage: { input_tokens: 2000, output_tokens: 500 } });
  }
  out.push({ id: "scn-research-1", timestamp: `${day(15)}T12:00:00Z`, model: "claude-opus-4-6", feature: "research", project: PROJECT, usage: { input_tokens: 250_000, output_tokens: 1000 } });
  return out;
}

async function noSidewaysScroll(page: Page) {
  await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
}

async function screenshots(page: Page, name: string) {
  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.reload();
    await expect(page.locator("html")).toHaveClass(scheme === "dark" ? /dark/ : /^(?!.*dark)/);
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.screenshot({ path: `test-results/screenshots/${name}-1280-${scheme}.png`, fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await noSidewaysScroll(page);
    await page.screenshot({ path: `test-results/screenshots/${name}-390-${scheme}.png`, fullPage: true });
  }
  await page.emulateMedia({ colorScheme: "light" });
  await page.setViewportSize({ width: 1280, height: 900 });
}

test.describe.configure({ mode: "serial" });

test.beforeAll(async ({ request }) => {
  const response = await sendRecords(request, "scenarios-e2e", records());
  expect(response.status).toBe(200);
  expect(response.body).toMatchObject({ accepted: 61, duplicates: 0, rejected: [] });
});

test("a scenario built with the editor is projected to the cent, as the API projects it, and survives saving and reopening", async ({ page, request }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(PATH);
  await expect(page.getByRole("heading", { level: 1, name: "Scenarios" })).toBeVisible();
  await expect(page.getByTestId("scenario-empty")).toContainText("set a split, a cache target or batch for a feature, then Apply scenario");

  const support = page.getByRole("group", { name: "support" });
  const reports = page.getByRole("group", { name: "reports" });
  // Today's monthly spend per feature, from the summary tables: $2.25 x 30.4375 / 30.
  await expect(support.getByTestId("today-monthly")).toHaveAttribute("data-exact", "2.2828125");
  await expect(support.getByTestId("today-monthly")).toHaveText("$2.28/month");
  await expect(support).toContainText("Opus 4.6 100.0%");

  // 90% to Sonnet 4.6 without a second model: the error sits next to model B, which gets focus.
  await support.getByLabel("Route to (model A)").selectOption("claude-sonnet-4-6");
  await support.getByLabel("Share to model A for support, percent").fill("90");
  await page.getByRole("button", { name: "Apply scenario" }).click();
  await expect(support.getByText("Choose a model for the other 10%.")).toBeVisible();
  await expect(support.getByLabel(/^Rest to \(model B\)/)).toBeFocused();
  await expect(page).toHaveURL(new RegExp(`\\?${VIEW.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`));

  await support.getByLabel(/^Rest to \(model B\)/).selectOption("claude-opus-4-6");
  await expect(support.getByText("Choose a model for the other 10%.")).toHaveCount(0);
  await reports.getByLabel(/Batch API/).check();
  await page.getByRole("button", { name: "Apply scenario" }).click();
  await expect(page).toHaveURL(/route\.support=claude-sonnet-4-6%3A90%2Cclaude-opus-4-6%3A10/);
  await expect(page).toHaveURL(/batch=reports/);
  await expect(page).toHaveURL(/project=e2e-scenarios/);

  const projected = page.getByTestId("projected-monthly-total");
  await expect(projected).toHaveAttribute("data-exact", "3.30246875");
  const exact = (await projected.getAttribute("data-exact"))!;
  expect(formatUsdCents(parseUsdToPico(exact))).toBe("$3.30");
  await expect(projected).toContainText("$3.30");
  await expect(projected).toContainText("No assumption moves this number.");
  await expect(page.getByTestId("today-monthly-total")).toHaveAttribute("data-exact", "4.58084375");
  await expect(page.getByTestId("difference-monthly-total")).toHaveAttribute("data-exact", "-1.278375");
  await expect(page.getByTestId("difference-monthly-total")).toContainText("−$1.28");

  const table = page.getByTestId("scenario-features");
  await expect(table.getByTestId("result-row-support").getByTestId("projected")).toHaveAttribute("data-exact", "1.461");
  await expect(table.getByTestId("result-row-reports").getByTestId("projected")).toHaveAttribute("data-exact", "0.4565625");
  await expect(table.getByTestId("result-row-chat").getByTestId("projected")).toHaveAttribute("data-exact", "0.0913125");
  await expect(table.getByTestId("result-row-research").getByTestId("projected")).toHaveAttribute("data-exact", "1.29359375");
  await expect(table.getByTestId("result-row-support").getByTestId("projected")).toHaveAttribute("title", "$1.461 per month");
  // The total row is the sum of the rows.
  const rowSum = async (column: string) => {
    const values = await table.locator("tbody tr").getByTestId(column).evaluateAll((cells) => cells.map((c) => c.getAttribute("data-exact")!));
    return values.reduce((sum, v) => sum + parseUsdToPico(v), 0n);
  };
  for (const column of ["today", "projected", "difference"]) {
    const total = (await table.getByTestId("result-total").getByTestId(column).getAttribute("data-exact"))!;
    expect(await rowSum(column)).toBe(parseUsdToPico(total));
  }

  // The API, asked with the page's own query, says the same.
  const search = new URL(page.url()).search;
  const api = await request.get(`/api/v1/projections${search}`);
  expect(api.status()).toBe(200);
  const body = await api.json();
  expect(body.monthly.projectedUsd).toBe(exact);
  expect(body.monthly.actualUsd).toBe("4.58084375");

  // The editor shows the applied scenario.
  await expect(support.getByLabel("Route to (model A)")).toHaveValue("claude-sonnet-4-6");
  await expect(support.getByLabel("Share to model A for support, percent")).toHaveValue("90");
  await expect(reports.getByLabel(/Batch API/)).toBeChecked();

  // Save it by name.
  const saved = page.getByTestId("saved-scenarios");
  await saved.getByLabel("Scenario name").fill("Support on Sonnet");
  await saved.getByRole("button", { name: "Save" }).click();
  await expect(saved.getByRole("status")).toHaveText("Saved as “Support on Sonnet”.");
  await expect(page).toHaveURL(/name=Support\+on\+Sonnet/);
  const item = saved.getByTestId("saved-Support on Sonnet");
  await expect(item).toContainText("support → 90% Sonnet 4.6, 10% Opus 4.6 · reports on the Batch API");
  await expect(item).toContainText("showing");

  // Reload, start over, and open it from the list: the same total.
  await page.reload();
  await expect(page.getByTestId("projected-monthly-total")).toHaveAttribute("data-exact", exact);
  await page.getByRole("link", { name: "Reset" }).click();
  await expect(page).toHaveURL(PATH);
  await expect(page.getByTestId("scenario-empty")).toBeVisible();
  await expect(support.getByLabel("Route to (model A)")).toHaveValue("");
  await saved.getByRole("link", { name: "Support on Sonnet" }).click();
  await expect(page).toHaveURL(/name=Support\+on\+Sonnet/);
  await expect(page.getByTestId("projected-monthly-total")).toHaveAttribute("data-exact", exact);
  await expect(page.getByTestId("scenario-results")).toContainText("Projected monthly bill: Support on Sonnet");
  await expect(support.getByLabel(/^Rest to \(model B\)/)).toHaveValue("claude-opus-4-6");

  // The link copied is the page's address.
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.getByRole("button", { name: "Copy a link to this scenario" }).click();
  await expect(page.getByRole("button", { name: "Copied" })).toBeVisible();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(new URL(copied).search).toBe(new URL(page.url()).search);

  await page.setViewportSize({ width: 390, height: 844 });
  await noSidewaysScroll(page);
  await screenshots(page, "scenarios");
});

test("blocked calls, an unreachable cache target and a range are explained; saving under a saved name replaces it; deleting asks first", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(`${PATH}&route.research=claude-haiku-4-5:100&cache.chat=95`);
  // research's 250K-token prompt does not fit Haiku 4.5's 200K window: it stays on Opus 4.6.
  const blocked = page.getByTestId("scenario-blocked");
  await expect(blocked).toContainText("1 research call on Opus 4.6 ($1.28 in this range): its prompt exceeds Haiku 4.5's 200,000-token context window.");
  await expect(blocked.getByText("$1.28")).toHaveAttribute("title", "$1.275 in this range");
  // chat reads nothing from the cache: at the assumed 4 reads per write, at most 4/5 of its prompt can be read.
  await expect(page.getByTestId("scenario-capped")).toContainText("chat: 95% is not reachable.");
  await expect(page.getByTestId("scenario-capped")).toContainText("caps its hit ratio at 80%. The projection uses 80%.");
  // ...and the reuse it assumes (1 to 20 reads per write) makes a range.
  const projected = page.getByTestId("projected-monthly-total");
  await expect(projected).toContainText("from cache reuse (1 to 20 reads per write)");
  expect(parseUsdToPico((await projected.getAttribute("data-low"))!)).toBeLessThan(parseUsdToPico((await projected.getAttribute("data-high"))!));
  await expect(page.getByTestId("scenario-features").getByTestId("result-row-chat")).toContainText("–");
  await screenshots(page, "scenarios-levers");

  const saved = page.getByTestId("saved-scenarios");
  await saved.getByLabel("Scenario name").fill("Support on Sonnet");
  await expect(saved).toContainText("A scenario named “Support on Sonnet” is saved already: saving replaces it with this one.");
  await saved.getByRole("button", { name: "Save, replacing it" }).click();
  await expect(saved.getByRole("status")).toHaveText("Replaced the scenario saved as “Support on Sonnet”.");
  await expect(saved.getByTestId("saved-Support on Sonnet")).toContainText("research → Haiku 4.5 · chat: cache hits 95%");
  await expect(saved.locator("li")).toHaveCount(1);

  await saved.getByRole("button", { name: "Delete scenario Support on Sonnet" }).click();
  await expect(saved.getByRole("button", { name: "Cancel" })).toBeFocused();
  await saved.getByRole("button", { name: "Confirm deleting scenario Support on Sonnet" }).click();
  await expect(saved.getByText("No saved scenarios yet.")).toBeVisible();
});

test("a link with a bad scenario says what is wrong instead of failing", async ({ page }) => {
  await page.goto(`${PATH}&route.support=claude-sonnet-4.6:100&cache.chat=120`);
  const problems = page.getByTestId("scenario-problems");
  await expect(problems).toContainText('route.support: "claude-sonnet-4.6" is not a model or family in the price book');
  await expect(problems).toContainText('cache.chat: must be a whole percent from 0 to 100, got "120"');
  await expect(page.getByTestId("scenario-results")).toHaveCount(0);
  await expect(page.getByTestId("saved-scenarios")).toContainText("Fix the scenario's problems to save it.");
  // The editor still works: applying replaces the broken parameters.
  await page.getByRole("group", { name: "chat" }).getByLabel(/Batch API/).check();
  await page.getByRole("button", { name: "Apply scenario" }).click();
  await expect(page).toHaveURL(`${PATH}&batch=chat`);
  await expect(page.getByTestId("scenario-problems")).toHaveCount(0);
  // chat on the Batch API: $0.09 -> $0.045 over the range; the rest unchanged.
  await expect(page.getByTestId("scenario-features").getByTestId("result-row-chat").getByTestId("projected")).toHaveAttribute("data-exact", "0.04565625");
});
