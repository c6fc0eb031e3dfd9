/**
 * The monthly report over HTTP-ingested calls of project "e2e-reports" in November and December 2025
 * (tests/fixtures/reports.ts works every number out by hand). Other spec files share this database, so
 * every URL carries the project. Opens the report, reads its total, and downloads both exports.
 */
import fs from "node:fs";
import { type Page, expect, test } from "@playwright/test";
import { parse } from "csv-parse/sync";
import { PDFParse } from "pdf-parse";
import { sendRecords } from "./support";
import { REPORTS_MONTH, REPORTS_PROJECT, REPORTS_RECORDS } from "../fixtures/reports";

const URL = `/reports/${REPORTS_MONTH}?project=${REPORTS_PROJECT}`;

test.describe.configure({ mode: "serial" });

async function noHorizontalOverflow(page: Page) {
  await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
}

test("the fixture's calls are accepted over HTTP", async ({ request }) => {
  const response = await sendRecords(request, "e2e-reports", REPORTS_RECORDS);
  expect(response.status).toBe(200);
  expect(response.body).toMatchObject({ accepted: REPORTS_RECORDS.length, duplicates: 0, rejected: [] });
});

test("the report shows December's total, its change, warnings, narrative and breakdowns", async ({ page }) => {
  await page.goto(URL);
  await expect(page.getByRole("heading", { level: 1, name: "Monthly report" })).toBeVisible();
  await expect(page.getByTestId("report-month")).toHaveText("December 2025");
  await expect(page.getByTestId("report-timezone")).toHaveText("UTC");
  await expect(page.getByTestId("report-total")).toHaveAttribute("data-exact", "0.16");
  await expect(page.getByTestId("report-total")).toContainText("$0.16");
  await expect(page.getByTestId("report-change")).toHaveAttribute("data-exact", "0.07");
  await expect(page.getByTestId("report-change")).toContainText("+77.8%");
  await expect(page.getByTestId("report-warnings").locator('[data-warning="unpriced_calls"]')).toContainText("claude-mystery-9");
  await expect(page.getByTestId("report-narrative")).toContainText("Opus share rose from 33% to 56%, driven by feature code-review (+$0.06).");
  const review = page.getByTestId("report-by-feature").locator('tr[data-key="code-review"]');
  await expect(review.locator('[data-col="spend"] [data-exact]')).toHaveAttribute("data-exact", "0.09");
  await expect(review.locator('[data-col="previous"] [data-exact]')).toHaveAttribute("data-exact", "0.03");
  await expect(review.locator('[data-col="change-pct"]')).toContainText("+200%");
  await expect(page.getByTestId("report-by-model").locator('tr[data-key="TOTAL"] [data-col="spend"] [data-exact]')).toHaveAttribute("data-exact", "0.16");
});

test("/reports opens a month, and a bad month says what is wrong", async ({ page }) => {
  await page.goto(`/reports?project=${REPORTS_PROJECT}`);
  await expect(page).toHaveURL(/\/reports\/\d{4}-\d{2}\?project=e2e-reports$/);
  await page.goto("/reports/2025-13");
  await expect(page.getByTestId("report-not-found")).toContainText("YYYY-MM");
});

test("the CSV and PDF downloads carry the page's total", async ({ page }) => {
  await page.goto(URL);
  const pageTotal = await page.getByTestId("report-total").getAttribute("data-exact");
  expect(pageTotal).toBe("0.16");

  const [csvDownload] = await Promise.all([page.waitForEvent("download"), page.getByTestId("report-csv").click()]);
  expect(csvDownload.suggestedFilename()).toBe(`tally-report_${REPORTS_MONTH}.csv`);
  const rows: string[][] = parse(fs.readFileSync((await csvDownload.path())!, "utf8"), { bom: true });
  expect(rows[0]).toEqual(["section", "item", "cost_usd", "share_pct", "calls", "previous_cost_usd", "change_usd", "change_pct", "note"]);
  const total = rows.find((r) => r[0] === "total")!;
  expect(total[2]).toBe(pageTotal);
  expect(rows.filter((r) => r[1] === "TOTAL").every((r) => r[2] === pageTotal)).toBe(true);
  expect(rows.find((r) => r[0] === "feature" && r[1].includes("SUM"))![1]).toBe("'=SUM(A1)");
  expect(rows.find((r) => r[1] === "filter_project")![8]).toBe(REPORTS_PROJECT);

  const [pdfDownload] = await Promise.all([page.waitForEvent("download"), page.getByTestId("report-pdf").click()]);
  expect(pdfDownload.suggestedFilename()).toBe(`tally-report_${REPORTS_MONTH}.pdf`);
  const pdf = fs.readFileSync((await pdfDownload.path())!);
  expect(pdf.length).toBeGreaterThan(0);
  expect(pdf.subarray(0, 4).toString()).toBe("%PDF");
  const { text } = await new PDFParse({ data: new Uint8Array(pdf) }).getText();
  expect(text).toContain("December 2025");
  expect(text).toContain("$0.16");
  expect(text).toContain(`project = ${REPORTS_PROJECT}`);
});

test("the report fits a 390 px screen, light and dark", async ({ page }) => {
  fs.mkdirSync("test-results/screenshots", { recursive: true });
  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: 900 });
      await page.goto(URL);
      await expect(page.getByTestId("report-total")).toBeVisible();
      await noHorizontalOverflow(page);
      await page.screenshot({ path: `test-results/screenshots/reports-${width}-${scheme}.png`, fullPage: true });
    }
  }
});
