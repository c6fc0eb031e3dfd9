/**
 * The Alerts pages on project "e2e-alerts", February 1-28 2026, at list prices:
 *
 *   alerts-summarize  6 Claude Sonnet 4.6 calls a day of 2,000 input + 100 output tokens; from Feb 20 a
 *                     prompt change doubles the input to 4,000
 *   alerts-chat       6 Claude Haiku 4.5 calls a day of 1,000 input + 200 output tokens, all month
 *
 * A regression rule (input tokens per call up more than 50% against the 7 days before, at least 5 calls,
 * per feature) would fire on Feb 20 (4,000 against 2,000: +100%), Feb 21 (4,000 against 2,286: +75%) and
 * Feb 22 (4,000 against 2,571: +56%); on Feb 23 the baseline holds three doubled days (2,857: +40%).
 * February is more than 90 days before today, so the backtest runs as of Feb 28 and the evaluation with
 * `tally alerts run --at`; the server's own clock is left alone for the other specs.
 */
import { type Page, expect, test } from "@playwright/test";
import { sendRecords, tally } from "./support";

const PROJECT = "e2e-alerts";
const FIRED_TITLE = "feature alerts-summarize: input tokens per call +100% vs its 7-day baseline";

function records() {
  const out: Record<string, unknown>[] = [];
  for (let d = 1; d <= 28; d++) {
    const day = `2026-02-${String(d).padStart(2, "0")}`;
    for (let c = 0; c < 6; c++) {
      out.push({
        id: `alerts-sum-${day}-${c}`,
        timestamp: `${day}T09:0${c}:00Z`,
        model: "claude-sonnet-4-6",
        feature: "alerts-summarize",
        project: PROJECT,
        usage: { input_tokens: d >= 20 ? 4000 : 2000, output_tokens: 100 },
      });
      out.push({ id: `alerts-chat-${day}-${c}`, timestamp: `${day}T10:0${c}:00Z`, model: "claude-haiku-4-5", feature: "alerts-chat", project: PROJECT, usage: { input_tokens: 1000, output_tokens: 200 } });
    }
  }
  return out;
}

async function noSidewaysScroll(page: Page) {
  await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
}

/** Light and dark at 1280 and 390 px; `prepare` brings the page back to the state to capture after each reload. */
async function screenshots(page: Page, name: string, prepare: () => Promise<void> = async () => {}) {
  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.reload();
    await expect(page.locator("html")).toHaveClass(scheme === "dark" ? /dark/ : /^(?!.*dark)/);
    await page.setViewportSize({ width: 1280, height: 900 });
    await prepare();
    await page.screenshot({ path: `test-results/screenshots/${name}-1280-${scheme}.png`, fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await noSidewaysScroll(page);
    await page.screenshot({ path: `test-results/screenshots/${name}-390-${scheme}.png`, fullPage: true });
  }
  await page.emulateMedia({ colorScheme: "light" });
  await page.setViewportSize({ width: 1280, height: 900 });
}

/** Types the rule (the kind's defaults otherwise) and backtests it as of Feb 28. */
async function fillRuleAndBacktest(page: Page) {
  await page.getByLabel("Name", { exact: true }).fill("Prompt size");
  await page.getByLabel("Fires when it rises more than").fill("50");
  await page.getByLabel("Minimum calls").fill("5");
  await page.getByRole("group", { name: "Projects" }).getByLabel(PROJECT, { exact: true }).check();
  await page.getByLabel("As of").fill("2026-02-28");
  await page.getByRole("button", { name: "Backtest" }).click();
  await expect(page.getByTestId("backtest-summary")).toContainText("Feb 28, 2026");
}

test.describe.configure({ mode: "serial" });

test.beforeAll(async ({ request }) => {
  const response = await sendRecords(request, "alerts-e2e", records());
  expect(response.status).toBe(200);
  expect(response.body).toMatchObject({ accepted: 336, duplicates: 0, rejected: [] });
});

test("a regression rule is created in the UI, backtested, fires on the day of the prompt change, and is acknowledged", async ({ page }) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto("/alerts");
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Alerts" })).toHaveAttribute("aria-current", "page");
  await expect(page.getByRole("navigation", { name: "Alerts" }).getByRole("link", { name: "Alerts" })).toHaveAttribute("aria-current", "page");
  await expect(page.getByTestId("alerts-empty")).toContainText("No alert rules yet");

  await page.getByRole("link", { name: "Create a rule" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "New rule" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Alerts" }).getByRole("link", { name: "Rules" })).toHaveAttribute("aria-current", "page");

  // A rise of 0% and no name are refused beside their fields, without saving.
  await page.getByLabel("Fires when it rises more than").fill("0");
  await page.getByRole("button", { name: "Create rule" }).click();
  await expect(page.getByTestId("error-name")).toHaveText("Give the rule a name.");
  await expect(page.getByTestId("error-params.risePercent")).toHaveText("Must be more than 0.");
  await expect(page.getByLabel("Name", { exact: true })).toBeFocused();

  await fillRuleAndBacktest(page);
  await expect(page.getByLabel("Kind")).toHaveValue("regression");
  await expect(page.getByLabel("Metric")).toHaveValue("input_tokens_per_call");
  await expect(page.getByLabel("Baseline", { exact: true })).toHaveValue("7");
  await expect(page.getByLabel("Group by")).toHaveValue("feature");

  // The backtest, as of Feb 28: the day of the change and the two after it, nothing before.
  await expect(page.getByTestId("backtest-summary")).toHaveText("Would have fired on 3 of the last 90 days (Dec 1, 2025 – Feb 28, 2026).");
  await expect(page.getByTestId("backtest-day")).toHaveCount(3);
  expect(await page.getByTestId("backtest-day").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-day")))).toEqual(["2026-02-20", "2026-02-21", "2026-02-22"]);
  await expect(page.getByTestId("backtest-day").first()).toContainText("Fri, Feb 20, 2026");
  await expect(page.getByTestId("backtest-day").first()).toContainText(FIRED_TITLE);
  const strip = page.getByTestId("backtest-strip");
  await expect(strip.locator("span")).toHaveCount(90);
  await expect(strip.locator("[data-fired]")).toHaveCount(3);
  await expect(strip.locator('[data-day="2026-02-20"]')).toHaveAttribute("title", `Feb 20: ${FIRED_TITLE}`);
  await expect(strip.locator('[data-day="2026-02-19"]')).toHaveAttribute("title", "Feb 19: would not have fired");
  // Each reload for the screenshots types the rule and backtests it again, so they show the answer.
  await screenshots(page, "alerts-rule-form", () => fillRuleAndBacktest(page));

  await page.getByRole("button", { name: "Create rule" }).click();
  await expect(page).toHaveURL(/\/alerts\/rules\?saved=\d+$/);
  await expect(page.getByTestId("rules-notice")).toHaveText("Saved rule “Prompt size”. It is judged at the next evaluation.");
  const row = page.getByTestId("rule-row").filter({ hasText: "Prompt size" });
  await expect(row).toContainText("Regression");
  await expect(row).toContainText("Input tokens per call up more than 50% vs a 7-day baseline; at least 5 calls");
  await expect(row).toContainText(`Project ${PROJECT} · per feature · 24 h cooldown`);
  await expect(row.getByTestId("rule-open-count")).toHaveText("No open alerts");

  // Evaluated as cron would, the evening before the change and the evening of it.
  expect(tally(["alerts", "run", "--at", "2026-02-19T23:00:00Z"])).toContain(": 0 fired, 0 resolved");
  const run = tally(["alerts", "run", "--at", "2026-02-20T23:00:00Z"]);
  expect(run).toContain(": 1 fired, 0 resolved");
  expect(run).toContain(`Prompt size: ${FIRED_TITLE}`);

  await page.reload();
  await expect(row.getByTestId("rule-open-count")).toHaveText("1 open");

  await page.goto("/alerts");
  const alert = page.getByTestId("open-alert").filter({ hasText: FIRED_TITLE });
  await expect(alert).toHaveCount(1);
  await expect(alert.getByTestId("alert-status")).toHaveText("Firing");
  await expect(alert).toContainText("Prompt size");
  await expect(alert).toContainText("Fri, Feb 20, 2026");
  await expect(alert.getByTestId("alert-observed")).toHaveText("4,000 input tokens per call");
  await expect(alert.getByTestId("alert-baseline")).toHaveText("2,000 input tokens per call");
  await expect(alert.getByTestId("alert-change")).toHaveText("+100%");
  await expect(alert).toContainText("Fired Feb 20, 2026, 23:00 UTC");
  await expect(alert.getByTestId("alert-chart-link")).toHaveAttribute("href", `/features/alerts-summarize?from=2026-01-24&to=2026-02-20&project=${PROJECT}`);
  await expect(alert.getByTestId("alert-calls-link")).toHaveAttribute("href", `/calls?from=2026-02-20&to=2026-02-20&feature=alerts-summarize&project=${PROJECT}`);
  await screenshots(page, "alerts-firing");

  // Acknowledged from the keyboard; the result takes focus and survives a reload.
  await alert.getByRole("button", { name: `Acknowledge: ${FIRED_TITLE}` }).focus();
  await page.keyboard.press("Enter");
  await expect(alert.getByTestId("acknowledged-note")).toContainText("Acknowledged");
  await expect(alert.getByTestId("acknowledged-note")).toBeFocused();
  await expect(alert.getByTestId("alert-status")).toHaveText("Acknowledged");
  await page.reload();
  await expect(alert.getByTestId("alert-status")).toHaveText("Acknowledged");
  await expect(alert.getByRole("button", { name: /Acknowledge/ })).toHaveCount(0);
  await expect(page.getByRole("heading", { name: "Open alerts (0 firing, 1 acknowledged)" })).toBeVisible();

  // Run evaluation now judges today, when this feature has no calls: nothing changes.
  await page.getByRole("button", { name: "Run evaluation now" }).click();
  await expect(page.getByTestId("evaluation-result")).toContainText(/Evaluated \d+ rules? as of .*: 0 fired, 0 resolved/);

  // The alert's own page: the summary, numbers and lifecycle.
  await alert.getByRole("link", { name: FIRED_TITLE }).click();
  await expect(page).toHaveURL(/\/alerts\/\d+$/);
  await expect(page.getByTestId("alert-title")).toHaveText(FIRED_TITLE);
  await expect(page.getByTestId("alert-summary")).toHaveText(
    "feature alerts-summarize averaged 4,000 input tokens per call over 6 calls on 2026-02-20, against 2,000 input tokens per call over 42 calls in the baseline (+100%; the rule fires above +50%).",
  );
  await expect(page.getByRole("region", { name: "Lifecycle" })).toContainText("FiredFeb 20, 2026, 23:00 UTC");
  await expect(page.getByRole("region", { name: "Lifecycle" })).toContainText("ResolvedNot yet");
  await screenshots(page, "alerts-detail");

  expect((await page.goto("/alerts/999999"))?.status()).toBe(404);
  await expect(page.getByTestId("alert-not-found")).toBeVisible();
});

test("the rules list reads well on a phone and a rule can be deleted after confirming", async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto("/alerts/rules");
  await screenshots(page, "alerts-rules");
  const row = page.getByTestId("rule-row").filter({ hasText: "Prompt size" });
  await row.getByRole("button", { name: "Delete rule Prompt size" }).click();
  await expect(row).toContainText("Its 1 open alert will resolve; the history stays.");
  await row.getByRole("button", { name: "Cancel" }).click();
  await expect(row.getByRole("button", { name: "Delete rule Prompt size" })).toBeVisible();
  await row.getByRole("button", { name: "Delete rule Prompt size" }).click();
  await row.getByRole("button", { name: "Confirm deleting rule Prompt size" }).click();
  await expect(page.getByTestId("rules-notice")).toHaveText("Deleted rule “Prompt size”. Its open alerts resolved; its history stays.");
  await expect(page.getByTestId("rule-row")).toHaveCount(0);

  await page.goto("/alerts");
  const past = page.getByTestId("history-alert").filter({ hasText: FIRED_TITLE });
  await expect(past.getByTestId("alert-status")).toHaveText("Resolved");
  await expect(past).toContainText("Fired Feb 20, 2026, 23:00 UTC · acknowledged");
  await expect(past).toContainText("resolved");
  await screenshots(page, "alerts-history");
});
