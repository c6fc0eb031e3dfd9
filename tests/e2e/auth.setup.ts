/**
 * Signs in once per role through the real sign-in page and keeps each browser state, so the other
 * specs start signed in (admin by default; a spec picks another role with test.use({ storageState })).
 * The admin is the first admin the server created from TALLY_ADMIN_EMAIL / TALLY_ADMIN_PASSWORD
 * (tests/e2e/start-server.mjs); the engineer and finance users are made with the CLI.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { expect, test as setup } from "@playwright/test";
import { E2E_USERS, type E2eRole, storageStateOf } from "./support";

function createWithCli(email: string, role: string, password: string) {
  const DATABASE_URL = fs.readFileSync(path.resolve("tests/.tmp/e2e-database-url"), "utf8");
  execFileSync(process.execPath, ["scripts/tally.mjs", "users", "create", "--email", email, "--role", role, "--password-stdin"], {
    env: { ...process.env, DATABASE_URL },
    input: `${password}\n`,
  });
}

for (const role of Object.keys(E2E_USERS) as E2eRole[]) {
  setup(`sign in as ${role}`, async ({ page }) => {
    const { email, password } = E2E_USERS[role];
    if (role !== "admin") createWithCli(email, role, password);
    await page.goto("/login");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByTestId("user-menu")).toBeVisible();
    await page.context().storageState({ path: storageStateOf(role) });
  });
}
