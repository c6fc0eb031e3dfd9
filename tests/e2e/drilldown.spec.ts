/**
 * Two clicks from the overview to the feature, two more to the single call that cost the most, with
 * every cost component of it. Calls of project "e2e-drill" on 2026-09-10, priced by hand (per MTok:
 * Sonnet 4.6 $3 in / $15 out / $0.30 cache read; Haiku 4.5 $1 / $5):
 *   drill-a  search  Sonnet 4.6  1,000 in + 100 out                     = $0.003 + $0.0015 = $0.0045
 *   drill-b  search  Sonnet 4.6  3,000 in + 500 out + 10,000 cache read = $0.009 + $0.0075 + $0.003 = $0.0195
 *   drill-c  chat    Haiku 4.5   1,000 in + 100 out                     = $0.001 + $0.0005 = $0.0015
 * "search" spends $0.024 of the day's $0.0255.
 */
import { expect, test } from "@playwright/test";
import { sendRecords } from "./support";

const VIEW = "project=e2e-drill&from=2026-09-10&to=2026-09-10";

test.beforeAll(async ({ request }) => {
  const base = { timestamp: "2026-09-10T08:00:00Z", project: "e2e-drill" };
  const records = [
    { ...base, id: "drill-a", model: "claude-sonnet-4-6", feature: "search", usage: { input_tokens: 1000, output_tokens: 100 } },
    {
      ...base,
      id: "drill-b",
      timestamp: "2026-09-10T09:30:00Z",
      model: "claude-sonnet-4-6",
      feature: "search",
      usage: { input_tokens: 3000, output_tokens: 500, cache_read_input_tokens: 10000 },
    },
    { ...base, id: "drill-c", model: "claude-haiku-4-5", feature: "chat", usage: { input_tokens: 1000, output_tokens: 100 } },
  ];
  const response = await sendRecords(request, "drill-e2e", records);
  expect(response.body).toMatchObject({ accepted: 3 });
});

test("from the overview to a feature, to its calls, to the most expensive call's cost components", async ({ page }) => {
  await page.goto(`/?${VIEW}`);
  await expect(page.getByTestId("kpi-spend")).toHaveAttribute("data-exact", "0.0255");
  const byFeature = page.getByTestId("chart-spend-by-feature");
  await expect(byFeature.getByTestId("row-search")).toHaveAttribute("data-exact", "0.024");

  // Click 1: the feature.
  await byFeature.getByRole("link", { name: /^search/ }).click();
  await expect(page).toHaveURL(/\/features\/search\?from=2026-09-10&to=2026-09-10&project=e2e-drill$/);
  await expect(page.getByTestId("kpi-spend")).toHaveAttribute("data-exact", "0.024");

  // Click 2: its calls.
  await page.getByTestId("see-calls").click();
  await expect(page).toHaveURL(/\/calls\?.*feature=search/);
  const table = page.getByTestId("calls-table");
  await expect(table.getByTestId("call-row-drill-a")).toBeVisible();
  await expect(table.getByTestId("call-row-drill-c")).toHaveCount(0);

  // Sort by cost: the $0.0195 call comes first.
  await page.getByTestId("sort-cost").click();
  await expect(page).toHaveURL(/sort=cost/);
  await expect(table.locator("tbody tr").first()).toHaveAttribute("data-call-id", "drill-b");

  // Click 3: the call.
  await table.getByTestId("call-row-drill-b").getByRole("link").first().click();
  await expect(page).toHaveURL(/\/calls\/drill-b/);
  const costs = page.getByTestId("cost-breakdown");
  await expect(costs.getByTestId("cost-input")).toHaveAttribute("data-exact", "0.009");
  await expect(costs.getByTestId("cost-output")).toHaveAttribute("data-exact", "0.0075");
  await expect(costs.getByTestId("cost-cache-read")).toHaveAttribute("data-exact", "0.003");
  await expect(costs.getByTestId("cost-total")).toHaveAttribute("data-exact", "0.0195");

  // And back to the explorer with its filters and sort.
  await page.getByTestId("back-to-calls").click();
  await expect(page).toHaveURL(/\/calls\?.*feature=search.*sort=cost|\/calls\?.*sort=cost.*feature=search/);
});
