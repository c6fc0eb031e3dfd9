/**
 * The alert destinations page: add a webhook pointing at a real receiver on loopback that this test
 * starts, see it listed with its secrets masked, send it a test (the receiver gets the JSON notice, the
 * page says sent, the log has the row), edit it without retyping the secrets (they are kept), and see a
 * destination that cannot be reached fail its test; an email destination sends its test through a real
 * SMTP server process. Screenshots at 1280 and 390 px, light and dark.
 */
import { type Page, expect, test } from "@playwright/test";
import { type Receiver, deadPort, startReceiver } from "../helpers/http-receiver";
import { startSmtpSink } from "../helpers/smtp-sink";

const PATH = "/alerts/destinations";
const SECRET_PATH = "e2e-secret-path";
const SECRET_QUERY = "token=abc123";
const SECRET_HEADER = "Bearer e2e-s3cret";

let receiver: Receiver;

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  receiver = await startReceiver();
});
test.afterAll(async () => {
  await receiver.close();
});

async function noSidewaysScroll(page: Page) {
  await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
}

async function screenshots(page: Page, name: string) {
  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.reload();
    await expect(page.locator("html")).toHaveClass(scheme === "dark" ? /dark/ : /^(?!.*dark)/);
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.screenshot({ path: `test-results/screenshots/${name}-1280-${scheme}.png`, fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await noSidewaysScroll(page);
    await page.screenshot({ path: `test-results/screenshots/${name}-390-${scheme}.png`, fullPage: true });
  }
  await page.emulateMedia({ colorScheme: "light" });
  await page.setViewportSize({ width: 1280, height: 900 });
}

test("a webhook destination is added, shown masked, tested against a real receiver, and edited without losing its secrets", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(PATH);
  await expect(page.getByRole("heading", { level: 1, name: "Alert destinations" })).toBeVisible();
  await expect(page.getByTestId("destinations-card")).toContainText("No destinations yet");
  await expect(page.getByTestId("delivery-log")).toContainText("Nothing sent yet");
  await screenshots(page, "alert-destinations-empty");

  // A bad URL is refused with the reason next to the field, which gets focus; what was typed stays.
  const add = page.getByRole("form", { name: "Add a destination" });
  await add.getByLabel("Name", { exact: true }).fill("E2E hook");
  await add.getByLabel("URL", { exact: true }).fill("ftp://example.com/hook");
  await add.getByRole("button", { name: "Add destination" }).click();
  await expect(add.getByText("Use an http:// or https:// URL.")).toBeVisible();
  await expect(add.getByLabel("URL", { exact: true })).toBeFocused();
  await expect(add.getByLabel("Name", { exact: true })).toHaveValue("E2E hook");

  await add.getByLabel("URL", { exact: true }).fill(`${receiver.url}/hooks/${SECRET_PATH}?${SECRET_QUERY}`);
  await add.getByLabel("Headers").fill(`Authorization: ${SECRET_HEADER}\nX-Team: e2e`);
  await add.getByRole("button", { name: "Add destination" }).click();
  await expect(page.getByTestId("destinations-card").getByRole("status")).toHaveText("Added “E2E hook”. Send it a test above.");

  const item = page.getByRole("listitem", { name: "E2E hook" });
  await expect(item.getByTestId("destination-target")).toHaveText(`${receiver.url}/hooks/e2…?•••`);
  await expect(item).toContainText("Webhook");
  await expect(item).toContainText("Enabled");
  const html = await page.content();
  for (const secret of [SECRET_PATH, SECRET_QUERY, SECRET_HEADER, "e2e-s3cret"]) expect(html).not.toContain(secret);

  // Send test, from the keyboard: the receiver gets the JSON notice with the header, the row says so.
  await item.getByRole("button", { name: "Send a test to E2E hook" }).focus();
  await page.keyboard.press("Enter");
  await expect(item.getByTestId("test-outcome")).toContainText("Test sent: HTTP 200");
  expect(receiver.requests).toHaveLength(1);
  const request = receiver.requests[0];
  expect(request.path).toBe(`/hooks/${SECRET_PATH}?${SECRET_QUERY}`);
  expect(request.headers).toMatchObject({ "content-type": "application/json", authorization: SECRET_HEADER, "x-team": "e2e" });
  expect(JSON.parse(request.body)).toMatchObject({ event: "test", alert: { id: null, kind: "test", title: "Test notice from Tally" } });

  const row = page.getByTestId("delivery-row").first();
  await expect(row).toContainText("E2E hook");
  await expect(row.getByTestId("delivery-status")).toHaveText("sent");
  await expect(row).toContainText("HTTP 200");

  // Edit: the form shows the secrets masked; saving it as it is (renamed) keeps them.
  await item.getByRole("button", { name: "Edit E2E hook" }).click();
  const edit = page.getByRole("form", { name: "Edit E2E hook" });
  await expect(edit.getByLabel("URL", { exact: true })).toHaveValue(`${receiver.url}/hooks/e2…?•••`);
  await expect(edit.getByLabel("Headers")).toHaveValue("Authorization: ••••••••\nX-Team: ••••••••");
  await edit.getByLabel("Name", { exact: true }).fill("E2E hook (edited)");
  await edit.getByRole("button", { name: "Save changes" }).click();
  const edited = page.getByRole("listitem", { name: "E2E hook (edited)" });
  await expect(edited.getByTestId("destination-target")).toHaveText(`${receiver.url}/hooks/e2…?•••`);
  await edited.getByRole("button", { name: "Send a test to E2E hook (edited)" }).click();
  await expect(edited.getByTestId("test-outcome")).toContainText("Test sent: HTTP 200");
  expect(receiver.requests).toHaveLength(2);
  expect(receiver.requests[1].path).toBe(`/hooks/${SECRET_PATH}?${SECRET_QUERY}`);
  expect(receiver.requests[1].headers.authorization).toBe(SECRET_HEADER);
});

test("a destination nobody listens on fails its test, and the log says why", async ({ page }) => {
  const port = await deadPort();
  await page.goto(PATH);
  await page.getByRole("button", { name: "Add destination" }).click();
  const add = page.getByRole("form", { name: "Add a destination" });
  await add.getByLabel("Name", { exact: true }).fill("Nobody home");
  await add.getByLabel("Kind").selectOption("slack");
  await add.getByLabel("Incoming-webhook URL").fill(`http://127.0.0.1:${port}/services/T0DEAD/B0DEAD/deadtoken`);
  await add.getByRole("button", { name: "Add destination" }).click();
  const item = page.getByRole("listitem", { name: "Nobody home" });
  await expect(item.getByTestId("destination-target")).toHaveText(`http://127.0.0.1:${port}/services/T0…/•••`);
  await item.getByRole("button", { name: "Send a test to Nobody home" }).click();
  await expect(item.getByTestId("test-outcome")).toContainText("Test failed: Could not connect");
  const row = page.getByTestId("delivery-row").first();
  await expect(row).toContainText("Nobody home");
  await expect(row.getByTestId("delivery-status")).toHaveText("failed");
  await expect(row.getByTestId("delivery-detail")).toContainText("ECONNREFUSED");

  await screenshots(page, "alert-destinations");
});

test("an email destination sends its test through a real SMTP server on loopback, and never shows its password", async ({ page }) => {
  const sink = await startSmtpSink({ user: "alerts", password: "hunter2" });
  try {
    await page.goto(PATH);
    await page.getByRole("button", { name: "Add destination" }).click();
    const mail = page.getByRole("form", { name: "Add a destination" });
    await mail.getByLabel("Name", { exact: true }).fill("On-call email");
    await mail.getByLabel("Kind").selectOption("email");
    await mail.getByLabel("SMTP host").fill("127.0.0.1");
    await mail.getByLabel("Port").fill(String(sink.port));
    await mail.getByLabel("Security").selectOption("none");
    await mail.getByLabel("User").fill("alerts");
    await mail.getByLabel("Password").fill("hunter2");
    await mail.getByLabel("From", { exact: true }).fill("alerts@example.com");
    await mail.getByLabel("To", { exact: true }).fill("oncall@example.com, lead@example.com");
    await mail.getByRole("button", { name: "Add destination" }).click();
    const item = page.getByRole("listitem", { name: "On-call email" });
    await expect(item.getByTestId("destination-target")).toHaveText(`oncall@example.com, lead@example.com via 127.0.0.1:${sink.port}`);
    expect(await page.content()).not.toContain("hunter2");

    await item.getByRole("button", { name: "Send a test to On-call email" }).click();
    await expect(item.getByTestId("test-outcome")).toContainText("Test sent: 250");
    const [message] = sink.messages();
    expect(message).toMatchObject({ from: "alerts@example.com", to: ["oncall@example.com", "lead@example.com"], user: "alerts" });
    expect(message.raw).toContain("Subject: Test notice from Tally");
    await expect(page.getByTestId("delivery-row").first().getByTestId("delivery-status")).toHaveText("sent");

    // Editing keeps the stored password while its field is left empty: the next test still logs in.
    await item.getByRole("button", { name: "Edit On-call email" }).click();
    const edit = page.getByRole("form", { name: "Edit On-call email" });
    await expect(edit.getByLabel("Password")).toHaveValue("");
    await expect(edit.getByLabel("Password")).toHaveAttribute("placeholder", "•••••••• (stored)");
    await edit.getByRole("button", { name: "Save changes" }).click();
    await expect(page.getByRole("form", { name: "Edit On-call email" })).toHaveCount(0);
    await page.getByRole("listitem", { name: "On-call email" }).getByRole("button", { name: "Send a test to On-call email" }).click();
    await expect.poll(() => sink.messages().length).toBe(2);
    await expect(page.getByRole("listitem", { name: "On-call email" }).getByTestId("test-outcome")).toContainText("Test sent: 250");
    expect(sink.messages()[1].user).toBe("alerts");

    await screenshots(page, "alert-destinations-all-kinds");
  } finally {
    await sink.stop();
  }
});
