/**
 * The reconciliation page: Tally's calls sent over HTTP, Anthropic's report pages uploaded as JSON
 * files, and the month's totals and lines with exactly the deliberate gap flagged. The fixtures of
 * tests/integration/reconciliation.test.ts are moved to March 2024, a month no other spec sends calls in.
 */
import fs from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { sendRecords } from "./support";

const MONTH = "2024-03";
const moved = (file: string) => Buffer.from(fs.readFileSync(path.resolve("tests/fixtures/admin-api", file), "utf8").replaceAll("2026-10", MONTH));

const RECORDS = [
  { id: "e2e-rc-1", timestamp: `${MONTH}-01T10:00:00Z`, model: "claude-sonnet-4-6", feature: "chat", usage: { input_tokens: 100_000, output_tokens: 100_000 } },
  { id: "e2e-rc-2", timestamp: `${MONTH}-02T10:00:00Z`, model: "claude-haiku-4-5", feature: "search", usage: { input_tokens: 100_000, output_tokens: 0, cache_read_input_tokens: 100_000 } },
  { id: "e2e-rc-3", timestamp: `${MONTH}-03T23:59:59Z`, model: "claude-sonnet-4-6", feature: "reports", service_tier: "batch", usage: { input_tokens: 0, output_tokens: 200_000 } },
];

test.describe.configure({ mode: "serial" });

test("uploading Anthropic's reports shows the month reconciled, with only the gap flagged", async ({ page, request }) => {
  const sent = await sendRecords(request, "e2e-reconcile", RECORDS);
  expect(sent.body).toMatchObject({ accepted: 3, rejected: [] });

  await page.goto(`/reports/reconciliation?month=${MONTH}`);
  await expect(page.getByRole("heading", { level: 1, name: `Reconciliation ${MONTH}` })).toBeVisible();
  await expect(page.getByTestId("no-cost-report")).toBeVisible();

  await page.locator('input[type="file"]').setInputFiles([
    { name: "cost.json", mimeType: "application/json", buffer: moved("cost-report-2026-10.json") },
    { name: "usage.ndjson", mimeType: "application/x-ndjson", buffer: moved("usage-report-2026-10.ndjson") },
  ]);
  await page.getByRole("button", { name: "Import" }).click();
  await expect(page.getByRole("status")).toContainText(`Cost report ${MONTH}-01 to ${MONTH}-03: 6 lines stored.`);

  await page.goto(`/reports/reconciliation?month=${MONTH}`);
  await expect(page.getByTestId("kpi-anthropic")).toHaveAttribute("data-exact", "8.41");
  await expect(page.getByTestId("kpi-tally")).toHaveAttribute("data-exact", "3.41");
  await expect(page.getByTestId("kpi-variance")).toHaveAttribute("data-exact", "5");
  const lines = page.getByTestId("cost-lines").getByTestId("reconciliation-line");
  await expect(lines).toHaveCount(6);
  const flagged = page.getByTestId("cost-lines").locator('[data-flagged="true"]');
  await expect(flagged).toHaveCount(1);
  await expect(flagged).toContainText("claude-opus-4-6");
  await expect(flagged).toContainText("Tally recorded no calls for this day, model and tier");
  await expect(lines.first()).toHaveAttribute("data-flagged", "true");
  await expect(page.getByTestId("usage-lines").locator('[data-flagged="true"]')).toHaveCount(1);

  // A wider tolerance clears the flag.
  await page.getByLabel("Tolerance USD").fill("10");
  await page.getByRole("button", { name: "Show" }).click();
  await expect(page).toHaveURL(/tolUsd=10/);
  await expect(page.getByTestId("cost-lines").locator('[data-flagged="true"]')).toHaveCount(0);
});
