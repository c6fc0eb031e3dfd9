/**
 * Budgets: set one for a project through the form (a bad amount is explained beside its field), then
 * read its month. Project e2e-budgets, September 2025 only (no other spec uses it): 10 Haiku 4.5 calls a
 * day of 10,000 input tokens ($0.01 each): $0.10 a day, $3.00 for the month, against a $2.50 budget.
 */
import { expect, test } from "@playwright/test";
import { sendRecords } from "./support";

test("a project budget shows its month: spent, over by, and the burn-down", async ({ page, request }) => {
  const records = [];
  for (let d = 1; d <= 30; d++) {
    for (let i = 0; i < 10; i++) {
      records.push({ id: `e2e-budget-${d}-${i}`, timestamp: `2025-09-${String(d).padStart(2, "0")}T12:00:00Z`, model: "claude-haiku-4-5", project: "e2e-budgets", feature: "digest", usage: { input_tokens: 10_000, output_tokens: 0 } });
    }
  }
  expect((await sendRecords(request, "e2e-budgets", records)).body).toMatchObject({ accepted: 300 });

  await page.goto("/reports/budgets?month=2025-09");
  await page.getByRole("combobox", { name: "For", exact: true }).selectOption("project");
  await page.getByRole("combobox", { name: "Project", exact: true }).fill("e2e-budgets");
  await page.getByLabel("Per month (USD)").fill("two fifty");
  await page.getByRole("button", { name: "Set budget" }).click();
  await expect(page.getByText('must be an amount in USD like "2500" or "120.50"')).toBeVisible();
  await page.getByLabel("Per month (USD)").fill("2.50");
  await page.getByRole("button", { name: "Set budget" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Budget set: $2.50 a month." })).toBeVisible();

  const card = page.locator('[data-testid="budget"][data-label="Project e2e-budgets"]');
  await expect(card.getByTestId("budget-spent")).toHaveAttribute("data-exact", "3");
  await expect(card.getByTestId("budget-projected")).toHaveAttribute("data-exact", "3");
  await expect(card.getByTestId("budget-left")).toHaveAttribute("data-exact", "0.5");
  await expect(card.getByTestId("budget-status")).toHaveText("Over budget");
  await expect(card.getByTestId("budget-sentence")).toHaveText("$3.00 of $2.50 spent (120%): $0.50 over.");
  await card.getByText("The month by day as a table").click();
  await expect(card.locator('[data-series="spent"]').last()).toHaveText("$3");

  await page.setViewportSize({ width: 390, height: 800 });
  await page.reload();
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
  await card.getByRole("button", { name: "Delete the budget for Project e2e-budgets" }).click();
  await expect(card).toHaveCount(0);
});
