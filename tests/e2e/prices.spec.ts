/**
 * Negotiated discounts re-price history. An operator adds one in Settings (or with the CLI while the
 * server runs): the card says exactly what changed, the API answers the new total, and removing it
 * restores the list-price total. Other spec files share this database, so every total here is read
 * for this file's own feature, and the re-pricing sentence is checked against totals read just before.
 */
import { type APIRequestContext, type Page, expect, test } from "@playwright/test";
import { tally } from "./support";

const DAY = "2026-06-01";
const FEATURE = "prices-e2e";
const UI_FEATURE = "prices-ui-e2e";
const MODEL = "claude-sonnet-4-6";

test.describe.configure({ mode: "serial" });

async function dayTotal(request: APIRequestContext, feature = FEATURE): Promise<string> {
  const response = await request.get(`/api/v1/summary?from=${DAY}&to=${DAY}&feature=${feature}`);
  return (await response.json()).total.costUsd;
}

/** Calls and exact cost of every Sonnet 4.6 call from DAY on: what an override on it from DAY re-prices. */
async function modelTotalFromDay(request: APIRequestContext): Promise<{ calls: number; costUsd: string }> {
  const response = await request.get(`/api/v1/summary?from=${DAY}&to=2099-12-31&model=${MODEL}`);
  const { total } = await response.json();
  return { calls: total.calls, costUsd: total.costUsd };
}

/** Sonnet 4.6: 2,000 in x $3 + 50,000 cache read x $0.30 + 4,000 5m write x $3.75 + 1,000 out x $15 = $0.051 */
async function sendSonnetCall(request: APIRequestContext, key: string, id: string, feature: string): Promise<void> {
  const sent = await request.post("/api/v1/usage", {
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    data: JSON.stringify({
      id,
      timestamp: `${DAY}T09:00:00Z`,
      model: MODEL,
      feature,
      usage: { input_tokens: 2000, output_tokens: 1000, cache_read_input_tokens: 50000, cache_creation: { ephemeral_5m_input_tokens: 4000 } },
    }),
  });
  expect(await sent.json()).toMatchObject({ accepted: 1 });
}

async function createKeyInSettings(page: Page, name: string): Promise<string> {
  await page.goto("/settings");
  await page.getByLabel("Key name").fill(name);
  await page.getByRole("button", { name: "Create ingest key" }).click();
  const shown = page.getByText(/tly_[A-Za-z0-9_-]{20,}/).first();
  await expect(shown).toBeVisible();
  return (/tly_[A-Za-z0-9_-]{20,}/.exec((await shown.textContent()) ?? "") ?? [""])[0];
}

test("a discount added with the CLI re-prices history, and Settings shows it", async ({ page, request }) => {
  const key = tally(["keys", "create", "--name", "prices-e2e"]).trim().split("\n").pop()!;
  await sendSonnetCall(request, key, "msg_prices_e2e", FEATURE);
  expect(await dayTotal(request)).toBe("0.051");

  const added = tally(["prices", "override", "--model", MODEL, "--from", DAY, "--multiplier", "0.9", "--note", "negotiated"]);
  expect(added).toMatch(/Added override (\d+); re-priced [1-9]\d* of \d+ calls: total \$[\d.]+ -> \$[\d.]+/);
  const id = /Added override (\d+)/.exec(added)![1];
  expect(await dayTotal(request)).toBe("0.0459");

  await page.goto("/settings");
  const card = page.getByTestId("prices-card");
  await expect(card.getByTestId(`override-${id}`)).toContainText(MODEL);
  await expect(card.getByTestId(`override-${id}`)).toContainText("10% off");
  await expect(card.getByTestId(`override-${id}`)).toContainText("× 0.9");
  await expect(card.getByText(new RegExp(`override ${id} added`, "i")).first()).toBeVisible();

  tally(["prices", "remove-override", id]);
  expect(await dayTotal(request)).toBe("0.051");
  await page.reload();
  await expect(card.getByTestId(`override-${id}`)).toHaveCount(0);
});

test("the add form explains what is wrong next to each field and keeps what was typed", async ({ page }) => {
  await page.goto("/settings");
  const card = page.getByTestId("prices-card");
  await card.getByRole("button", { name: "Add override" }).click();
  await expect(card.getByText("Choose a model, or All models.")).toBeVisible();
  await expect(card.getByText("Enter the first day it applies.")).toBeVisible();
  await expect(card.getByLabel("Model", { exact: true })).toBeFocused();

  await card.getByLabel("Model", { exact: true }).selectOption(MODEL);
  await card.getByLabel("First day (UTC)").fill(DAY);
  await card.getByRole("button", { name: "Add override" }).click();
  await expect(card.getByText("Give a multiplier, or at least one price.")).toBeVisible();
  await expect(card.getByLabel("Multiplier", { exact: true })).toHaveAttribute("aria-invalid", "true");

  await card.getByLabel("Multiplier", { exact: true }).fill("0");
  await card.getByRole("button", { name: "Add override" }).click();
  await expect(card.getByText("Use a multiplier above 0 and at most 10.")).toBeVisible();
  await card.getByLabel("Multiplier", { exact: true }).fill("0.85.1");
  await card.getByRole("button", { name: "Add override" }).click();
  await expect(card.getByText(/Enter a decimal like 0\.85/)).toBeVisible();

  await card.getByLabel("Multiplier", { exact: true }).fill("0.85");
  await expect(card.getByText("= 15% off every token price")).toBeVisible();
  await card.getByLabel("Last day (optional)").fill("2026-05-01");
  await card.locator("summary", { hasText: "Custom prices" }).press("Enter");
  await card.getByLabel("Output", { exact: true }).fill("twelve");
  await card.getByRole("button", { name: "Add override" }).click();
  await expect(card.getByText("The last day cannot be before the first day.")).toBeVisible();
  await expect(card.getByText(/Enter USD per million tokens/)).toBeVisible();
  // Nothing was stored, and what was typed is still there to fix.
  await expect(card.getByText("No overrides: list prices apply.")).toBeVisible();
  await expect(card.getByLabel("Model", { exact: true })).toHaveValue(MODEL);
  await expect(card.getByLabel("First day (UTC)")).toHaveValue(DAY);
  await expect(card.getByLabel("Multiplier", { exact: true })).toHaveValue("0.85");
});

test("a discount added in Settings re-prices history, reports exact totals, and removing it restores them", async ({ page, request }) => {
  const key = await createKeyInSettings(page, "prices-ui-e2e");
  await sendSonnetCall(request, key, "msg_prices_ui_e2e", UI_FEATURE);
  expect(await dayTotal(request, UI_FEATURE)).toBe("0.051");
  const listTotal = await modelTotalFromDay(request);

  await page.goto("/settings");
  const card = page.getByTestId("prices-card");
  await expect(card.getByText("No overrides: list prices apply.")).toBeVisible();
  await card.getByLabel("Model", { exact: true }).selectOption(MODEL);
  await card.getByLabel("First day (UTC)").fill(DAY);
  await card.getByLabel("Multiplier", { exact: true }).fill("0.9");
  await card.getByLabel("Note (optional)").fill("negotiated in the UI");
  await card.getByRole("button", { name: "Add override" }).click();

  const added = card.getByText(/^Added override #\d+ for claude-sonnet-4-6 from 2026-06-01\.$/);
  await expect(added).toBeVisible();
  const id = /#(\d+)/.exec((await added.textContent()) ?? "")![1];
  expect(await dayTotal(request, UI_FEATURE)).toBe("0.0459");
  const discounted = await modelTotalFromDay(request);
  expect(discounted.calls).toBe(listTotal.calls);
  const sentence = card.getByTestId("reprice-sentence");
  await expect(sentence).toHaveText(
    new RegExp(`^Re-priced [1-9][\\d,]* of ${listTotal.calls} calls: total \\$${listTotal.costUsd.replace(".", "\\.")} → \\$${discounted.costUsd.replace(".", "\\.")}$`),
  );

  const row = card.getByTestId(`override-${id}`);
  await expect(row).toContainText("Claude Sonnet 4.6");
  await expect(row).toContainText("10% off");
  await expect(row).toContainText("From 2026-06-01, no end");
  await expect(row).toContainText("negotiated in the UI");
  const run = card.locator("li", { hasText: `Override ${id} added` });
  await expect(run).toContainText(`$${listTotal.costUsd} → $${discounted.costUsd}`);
  // The form is cleared for the next override.
  await expect(card.getByLabel("Multiplier", { exact: true })).toHaveValue("");

  await page.screenshot({ path: "test-results/screenshots/settings-prices.png", fullPage: true });
  await page.setViewportSize({ width: 375, height: 812 });
  await expect(row).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
  await page.screenshot({ path: "test-results/screenshots/settings-prices-phone.png", fullPage: true });
  await page.setViewportSize({ width: 1280, height: 720 });

  // Removal takes two steps, by keyboard too: Escape and Cancel back out and return focus to Remove.
  const removeButton = row.getByRole("button", { name: /^Remove override #/ });
  await removeButton.click();
  await row.getByRole("button", { name: "Cancel" }).click();
  await expect(removeButton).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(row.getByRole("button", { name: "Cancel" })).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(removeButton).toBeFocused();
  await page.keyboard.press("Enter");
  await page.keyboard.press("Shift+Tab");
  await expect(row.getByRole("button", { name: /^Confirm removing override #/ })).toBeFocused();
  await page.keyboard.press("Enter");

  const removed = card.getByText(`Removed override #${id}.`);
  await expect(removed).toBeVisible();
  await expect(removed.locator("..")).toBeFocused();
  await expect(card.getByTestId("reprice-sentence")).toHaveText(
    new RegExp(`^Re-priced [1-9][\\d,]* of ${listTotal.calls} calls: total \\$${discounted.costUsd.replace(".", "\\.")} → \\$${listTotal.costUsd.replace(".", "\\.")}$`),
  );
  await expect(row).toHaveCount(0);
  expect(await dayTotal(request, UI_FEATURE)).toBe("0.051");
  expect(await modelTotalFromDay(request)).toEqual(listTotal);
  await expect(card.locator("li", { hasText: `Override ${id} removed` })).toContainText(`$${discounted.costUsd} → $${listTotal.costUsd}`);
});
