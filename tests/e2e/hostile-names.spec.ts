/**
 * Names are data, never markup or formulas: calls whose feature, model, user and tags are HTML, script
 * and spreadsheet payloads show as plain text on every page that lists them, and leave the exports inert.
 * Project "e2e-hostile", March 2025 only (no other spec uses it).
 */
import { expect, type Page, test } from "@playwright/test";
import { parse } from "csv-parse/sync";
import { sendRecords } from "./support";

const FEATURE = '<img src=x onerror="window.__xss=1">';
const USER = '"><script>window.__xss=2</script>';
const MODEL = "claude-<svg onload=window.__xss=3>";
const FORMULA = '=HYPERLINK("http://evil.example","open")';
const VIEW = "project=e2e-hostile&from=2025-03-01&to=2025-03-31";

const RECORDS = [
  { id: "e2e-hostile-1", timestamp: "2025-03-10T10:00:00Z", project: "e2e-hostile", model: "claude-haiku-4-5", feature: FEATURE, user: USER, tags: [FEATURE, FORMULA], usage: { input_tokens: 1000, output_tokens: 100 } },
  { id: "e2e-hostile-2", timestamp: "2025-03-11T10:00:00Z", project: "e2e-hostile", model: MODEL, feature: FORMULA, user: USER, usage: { input_tokens: 1000, output_tokens: 100 } },
];

test.describe.configure({ mode: "serial" });

test.beforeAll(async ({ request }) => {
  const { status, body } = await sendRecords(request, "hostile-e2e", RECORDS);
  expect(status).toBe(200);
  expect(body).toMatchObject({ accepted: 2, rejected: [] });
});

/** Opens `path`; fails on a dialog, on any element the payloads would have made, or on a script that ran. */
async function visit(page: Page, path: string) {
  const dialogs: string[] = [];
  page.on("dialog", (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  const response = await page.goto(path);
  expect(response!.status(), path).toBe(200);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await page.waitForLoadState("networkidle");
  const injected = await page.evaluate(() => ({
    ran: "__xss" in window,
    elements: document.querySelectorAll('img[src="x"], [onerror], [onload], svg[onload]').length,
  }));
  expect(injected, `${path}: no element or script from a name`).toEqual({ ran: false, elements: 0 });
  expect(dialogs, path).toEqual([]);
}

test("the overview, features and models pages show the names as text", async ({ page }) => {
  for (const path of [`/?${VIEW}`, `/features?${VIEW}`, `/models?${VIEW}`]) {
    await visit(page, path);
  }
  await visit(page, `/features?${VIEW}`);
  await expect(page.getByText(FEATURE, { exact: true }).filter({ visible: true }).first()).toBeVisible();
  await expect(page.getByText(FORMULA, { exact: true }).filter({ visible: true }).first()).toBeVisible();
  await visit(page, `/models?${VIEW}`);
  await expect(page.getByText(MODEL, { exact: true }).filter({ visible: true }).first()).toBeVisible();
});

test("the calls explorer, a call's page and the monthly report show the names as text", async ({ page }) => {
  await visit(page, `/calls?${VIEW}`);
  await expect(page.getByText(FEATURE, { exact: true }).filter({ visible: true }).first()).toBeVisible();
  await visit(page, "/calls/e2e-hostile-1");
  await expect(page.getByText(USER, { exact: true }).filter({ visible: true }).first()).toBeVisible();
  await expect(page.getByText(FEATURE, { exact: true }).filter({ visible: true }).first()).toBeVisible();
  await visit(page, "/reports/2025-03?project=e2e-hostile");
  await expect(page.getByText(FEATURE, { exact: true }).filter({ visible: true }).first()).toBeVisible();
});

test("CSV exports keep the names but no cell can run as a formula", async ({ page }) => {
  for (const path of [`/calls/export?${VIEW}`, "/reports/2025-03/export.csv?project=e2e-hostile"]) {
    const response = await page.request.get(path);
    expect(response.status(), path).toBe(200);
    const cells: string[] = parse(await response.text(), { relaxColumnCount: true }).flat();
    expect(cells.some((cell) => cell.includes(FORMULA)), `${path} keeps the name`).toBe(true);
    const live = cells.filter((cell) => /^[=+\-@\t\r]/.test(cell) && !/^-?\d/.test(cell));
    expect(live, `${path}: cells a spreadsheet would evaluate`).toEqual([]);
  }
});
