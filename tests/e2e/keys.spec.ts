/**
 * Ingest keys in Settings: a key made for one project says so when created and in the list, and the API
 * holds it to that project; a key made without one is for any project.
 */
import { expect, test } from "@playwright/test";

test("a key created in Settings for one project is listed with it and may send for that project only", async ({ page, request }) => {
  await page.goto("/settings");
  await page.getByLabel("Key name").fill("keys-e2e-support");
  await page.getByLabel(/^Project \(optional/).fill("support-e2e");
  await page.getByRole("button", { name: "Create ingest key" }).click();
  const created = page.getByRole("status").filter({ hasText: "keys-e2e-support" });
  await expect(created).toContainText('Key “keys-e2e-support” created for project “support-e2e”');
  const key = ((await created.locator("code").textContent()) ?? "").trim();
  expect(key).toMatch(/^tly_[A-Za-z0-9_-]{20,}$/);

  await page.reload();
  const row = page.getByRole("row").filter({ hasText: "keys-e2e-support" });
  await expect(row).toContainText("support-e2e");

  const response = await request.post("/api/v1/usage", {
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    data: JSON.stringify([
      { id: "msg_keys_e2e_1", timestamp: "2026-06-02T09:00:00Z", model: "claude-haiku-4-5", usage: { input_tokens: 10, output_tokens: 1 } },
      { id: "msg_keys_e2e_2", timestamp: "2026-06-02T09:00:00Z", model: "claude-haiku-4-5", project: "billing", usage: { input_tokens: 10, output_tokens: 1 } },
    ]),
  });
  const body = await response.json();
  expect(body.accepted).toBe(1);
  expect(body.rejected[0].errors[0]).toBe('project: this ingest key may send usage for project "support-e2e" only, and the record names project "billing"');

  await page.getByLabel("Key name").fill("keys-e2e-anywhere");
  await page.getByRole("button", { name: "Create ingest key" }).click();
  await expect(page.getByRole("status").filter({ hasText: "keys-e2e-anywhere" })).toContainText("created for any project");
  await page.reload();
  await expect(page.getByRole("row").filter({ hasText: "keys-e2e-anywhere" })).toContainText("Any project");
});
