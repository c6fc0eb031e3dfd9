/**
 * The overview compares a period with the previous one of equal length. Calls for project
 * "e2e-periods", priced by hand (Sonnet 4.6 $3 in / $15 out, Haiku 4.5 $1 / $5 per MTok):
 *   Aug 1-7 2026:  "summarize" 10 x Sonnet 4.6 (1,000 in + 100 out = $0.0045) = $0.045
 *                  "chat"      10 x Haiku 4.5  (1,000 in + 100 out = $0.0015) = $0.015    total $0.06
 *   Aug 8-14 2026: "summarize" 10 x Sonnet 4.6 (2,000 in + 100 out = $0.0075) = $0.075   (a prompt change doubled input)
 *                  "chat"      the same 10 x $0.0015                          = $0.015    total $0.09
 * So spend is +50.0%, "summarize" moved most (+$0.03), and its cost per call rose 66.7% ($0.0045 -> $0.0075).
 */
import { expect, test } from "@playwright/test";
import { sendRecords } from "./support";

const VIEW = "project=e2e-periods&from=2026-08-08&to=2026-08-14";

function calls(prefix: string, firstDay: number, feature: string, model: string, inputTokens: number) {
  return Array.from({ length: 10 }, (_, i) => ({
    id: `${prefix}-${i}`,
    timestamp: `2026-08-${String(firstDay + (i % 7)).padStart(2, "0")}T12:00:00Z`,
    model,
    feature,
    project: "e2e-periods",
    usage: { input_tokens: inputTokens, output_tokens: 100 },
  }));
}

test.describe.configure({ mode: "serial" });

test.beforeAll(async ({ request }) => {
  const records = [
    ...calls("per-a-sum", 1, "summarize", "claude-sonnet-4-6", 1000),
    ...calls("per-a-chat", 1, "chat", "claude-haiku-4-5", 1000),
    ...calls("per-b-sum", 8, "summarize", "claude-sonnet-4-6", 2000),
    ...calls("per-b-chat", 8, "chat", "claude-haiku-4-5", 1000),
  ];
  const response = await sendRecords(request, "periods-e2e", records);
  expect(response.body).toMatchObject({ accepted: 40 });
});

test("KPIs show the change against the previous period of equal length", async ({ page }) => {
  await page.goto(`/?${VIEW}`);
  await expect(page.getByTestId("kpi-spend")).toHaveAttribute("data-exact", "0.09");
  await expect(page.getByTestId("kpi-spend-delta")).toHaveAttribute("data-delta", "+50.0%");
  await expect(page.getByTestId("kpi-spend-delta")).toContainText("vs previous 7 days");
  await expect(page.getByTestId("kpi-spend-delta")).toHaveAttribute("title", "Previous 7 days: $0.06");
  await expect(page.getByTestId("kpi-calls-delta")).toHaveAttribute("data-delta", "0%");
  // Input tokens: 10 x 1,000 + 10 x 1,000 = 20,000 before; 10 x 2,000 + 10 x 1,000 = 30,000 now.
  await expect(page.getByTestId("kpi-input-tokens-delta")).toHaveAttribute("data-delta", "+50.0%");
});

test("top movers name the feature whose prompt change raised its cost per call, and link to it", async ({ page }) => {
  await page.goto(`/?${VIEW}`);
  const movers = page.getByTestId("top-movers");
  await expect(movers.getByTestId("mover-spend-summarize")).toHaveAttribute("data-exact", "0.075");
  await expect(movers.getByTestId("mover-spend-summarize")).toHaveAttribute("data-delta", "+66.7%");
  await expect(movers.getByTestId("mover-per-call-summarize")).toHaveAttribute("data-exact", "0.0075");
  await expect(movers.getByTestId("mover-per-call-summarize")).toHaveAttribute("data-delta", "+66.7%");
  await expect(movers.getByTestId("mover-per-call-chat")).toHaveCount(0);
  const href = await movers.getByTestId("mover-spend-summarize").getByRole("link").getAttribute("href");
  expect(href).toBe("/features/summarize?from=2026-08-08&to=2026-08-14&project=e2e-periods");
});

test("spend by day can be split by feature, and the split survives a reload", async ({ page }) => {
  await page.goto(`/?${VIEW}`);
  const chart = page.getByTestId("chart-spend-by-day");
  await chart.getByRole("link", { name: "Feature" }).click();
  await expect(page).toHaveURL(/split=feature/);
  await expect(chart).toHaveAttribute("data-split", "feature");
  await page.reload();
  await expect(chart).toHaveAttribute("data-split", "feature");
  const legend = chart.getByRole("group", { name: /Features in the chart/ });
  await expect(legend.getByRole("button", { name: "summarize" })).toBeVisible();
  await expect(legend.getByRole("button", { name: "chat" })).toBeVisible();
  await expect(chart).toHaveAttribute("data-exact", "0.09");
  // Changing a filter keeps the split.
  await page.getByLabel("Model", { exact: true }).selectOption("claude-haiku-4-5");
  await expect(page).toHaveURL(/split=feature/);
  await expect(page).toHaveURL(/model=claude-haiku-4-5/);
  await expect(chart).toHaveAttribute("data-exact", "0.015");
});
