/**
 * Chargeback through the page. July 2025 only (no other spec uses it): Haiku 4.5 calls of 10,000 input
 * tokens ($0.01 each): 30 for feature cb-alpha, 10 of them tagged team:data, and 20 for feature cb-beta.
 */
import { expect, test } from "@playwright/test";
import { sendRecords } from "./support";

test("rules charge the month to cost centres and the rest shows as unallocated", async ({ page, request }) => {
  const records = [];
  for (let i = 0; i < 50; i++) {
    const alpha = i < 30;
    records.push({
      id: `e2e-cb-${i}`, timestamp: `2025-07-${String(1 + (i % 28)).padStart(2, "0")}T10:00:00Z`, model: "claude-haiku-4-5",
      feature: alpha ? "cb-alpha" : "cb-beta", tags: alpha && i < 10 ? ["team:data"] : [], usage: { input_tokens: 10_000, output_tokens: 0 },
    });
  }
  expect((await sendRecords(request, "e2e-chargeback", records)).body).toMatchObject({ accepted: 50 });

  await page.goto("/reports/chargeback?month=2025-07");
  await expect(page.getByTestId("chargeback-total")).toHaveAttribute("data-exact", "0.5");
  await expect(page.getByTestId("unallocated")).toHaveAttribute("data-exact", "0.5");

  const add = async (match: string, value: string, centre: string) => {
    await page.getByRole("combobox", { name: "Calls with" }).selectOption(match);
    await page.getByRole("combobox", { name: /name|Tag/ }).fill(value);
    await page.getByRole("textbox", { name: "Cost centre" }).fill(centre);
    await page.getByRole("button", { name: "Add rule" }).click();
    await expect(page.getByRole("status").filter({ hasText: `charged to ${centre}` })).toBeVisible();
  };
  await add("feature", "cb-alpha", "Alpha team");
  await add("tag", "team:data", "Data team");

  const rows = page.getByTestId("centre-row");
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toContainText("Alpha team");
  await expect(rows.nth(0)).toContainText("$0.20");
  await expect(rows.nth(1)).toContainText("Data team");
  await expect(rows.nth(1)).toContainText("$0.10");
  await expect(page.getByTestId("unallocated")).toHaveAttribute("data-exact", "0.2");
  await expect(page.getByTestId("unallocated-row")).toContainText("cb-beta");
  await expect(page.getByTestId("chargeback-total")).toHaveAttribute("data-exact", "0.5");
});
