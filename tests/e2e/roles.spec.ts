/**
 * Signing in and what each role sees: the sign-in page (wrong password, the way back to the page asked
 * for, sign-out), finance kept to the reports, engineers to the charts, calls and alerts, admins adding
 * a user who then signs in. Screenshots of the sign-in page at 1280 and 390 px, light and dark.
 */
import { type Page, expect, test } from "@playwright/test";
import { E2E_USERS, storageStateOf } from "./support";

async function signIn(page: Page, email: string, password: string) {
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** The header's page links (not the logo's link home). */
const navLinks = (page: Page) => page.getByRole("navigation", { name: "Main" }).getByRole("list").getByRole("link");

test.describe("signed out", () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  test("a page asks to sign in, a wrong password is refused, and signing in returns to the page", async ({ page }) => {
    await page.goto("/calls?model=claude-opus-4-6");
    await expect(page).toHaveURL(/\/login\?next=%2Fcalls/);
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.screenshot({ path: "test-results/screenshots/login.png" });
    await signIn(page, E2E_USERS.engineer.email, "not the password at all");
    await expect(page.locator("form").getByRole("alert")).toHaveText("That email and password do not match an account.");
    await page.getByLabel("Password").fill(E2E_USERS.engineer.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/calls$/);
    await expect(page.getByRole("heading", { level: 1 })).toContainText("Calls");
    // Signing out ends the session: the page asks to sign in again.
    await page.getByTestId("user-menu").locator("summary").click();
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/login$/);
    await page.goto("/calls");
    await expect(page).toHaveURL(/\/login/);
  });

  test("the sign-in page reads well on a phone, light and dark", async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto("/login");
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: "test-results/screenshots/login-phone.png" });
    await page.emulateMedia({ colorScheme: "dark" });
    await page.screenshot({ path: "test-results/screenshots/login-phone-dark.png" });
  });

  test("the API refuses a request without a credential", async ({ playwright, baseURL }) => {
    const anonymous = await playwright.request.newContext({ baseURL });
    const response = await anonymous.get("/api/v1/summary");
    expect(response.status()).toBe(401);
    expect((await response.json()).error.code).toBe("unauthorized");
    await anonymous.dispose();
  });
});

test.describe("finance", () => {
  test.use({ storageState: storageStateOf("finance") });

  test("lands on the reports, sees only their links, and is kept out of the charts, calls and settings", async ({ page }) => {
    // The start page is the dashboard's; finance's start page is the last month's report.
    await page.goto("/");
    await expect(page).toHaveURL(/\/reports\/\d{4}-\d{2}/);
    await expect(navLinks(page)).toHaveText(["Reports"]);
    for (const path of ["/calls", "/settings", "/models", "/alerts"]) {
      await page.goto(path);
      await expect(page.getByTestId("forbidden")).toContainText("finance role");
    }
    const csv = await page.request.get("/reports/2026-10/export.csv");
    expect(csv.status()).toBe(200);
    expect((await page.request.get("/api/v1/summary")).status()).toBe(403);
  });
});

test.describe("engineer", () => {
  test.use({ storageState: storageStateOf("engineer") });

  test("sees the charts, calls and alerts, not the reports, settings or alert destinations", async ({ page }) => {
    await page.goto("/");
    await expect(navLinks(page)).toHaveText(["Overview", "Models", "Features", "Calls", "Caching", "Stop reasons", "Projections", "Alerts"]);
    for (const path of ["/reports/2026-10", "/settings", "/alerts/destinations", "/alerts/rules/new"]) {
      await page.goto(path);
      await expect(page.getByTestId("forbidden")).toContainText("engineer role");
    }
    await page.goto("/alerts");
    await expect(page.getByRole("heading", { level: 1 })).toContainText("Alerts");
    expect((await page.request.get("/reports/2026-10/export.csv")).status()).toBe(403);
  });
});

test("an admin adds a user, who signs in with the password shown once", async ({ page, browser }) => {
  await page.goto("/settings");
  const users = page.getByRole("region", { name: "Users" });
  await users.getByLabel("Email").fill("newcomer@e2e.tally");
  await users.getByLabel("Role", { exact: true }).selectOption("finance");
  await users.getByRole("button", { name: "Add user" }).click();
  const password = (await page.getByTestId("new-password").textContent())!.trim();
  expect(password.length).toBeGreaterThanOrEqual(16);
  await expect(page.getByTestId("users")).toContainText("newcomer@e2e.tally");
  await users.screenshot({ path: "test-results/screenshots/settings-users.png" });

  const fresh = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const other = await fresh.newPage();
  await other.goto("/login");
  await signIn(other, "newcomer@e2e.tally", password);
  await expect(other).toHaveURL(/\/reports/);
  await fresh.close();
});
