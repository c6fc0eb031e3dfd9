/**
 * An operator adds a negotiated discount with the CLI while the server runs: history is re-priced,
 * the API answers the new total, and Settings shows the override and the run's exact old and new totals.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";

const DAY = "2026-06-01";
const FEATURE = "prices-e2e";

function tally(args: string[]): string {
  const DATABASE_URL = fs.readFileSync(path.resolve("tests/.tmp/e2e-database-url"), "utf8");
  return execFileSync(process.execPath, ["scripts/tally.mjs", ...args], { env: { ...process.env, DATABASE_URL }, encoding: "utf8" });
}

async function dayTotal(request: import("@playwright/test").APIRequestContext): Promise<string> {
  const response = await request.get(`/api/v1/summary?from=${DAY}&to=${DAY}&feature=${FEATURE}`);
  return (await response.json()).total.costUsd;
}

test("a discount added with the CLI re-prices history, and Settings shows it", async ({ page, request }) => {
  const key = tally(["keys", "create", "--name", "prices-e2e"]).trim().split("\n").pop()!;
  // Sonnet 4.6: 2,000 in x $3 + 50,000 cache read x $0.30 + 4,000 5m write x $3.75 + 1,000 out x $15 = $0.051
  const sent = await request.post("/api/v1/usage", {
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    data: JSON.stringify({
      id: "msg_prices_e2e",
      timestamp: `${DAY}T09:00:00Z`,
      model: "claude-sonnet-4-6",
      feature: FEATURE,
      usage: { input_tokens: 2000, output_tokens: 1000, cache_read_input_tokens: 50000, cache_creation: { ephemeral_5m_input_tokens: 4000 } },
    }),
  });
  expect(await sent.json()).toMatchObject({ accepted: 1 });
  expect(await dayTotal(request)).toBe("0.051");

  const added = tally(["prices", "override", "--model", "claude-sonnet-4-6", "--from", DAY, "--multiplier", "0.9", "--note", "negotiated"]);
  expect(added).toMatch(/Added override (\d+); re-priced [1-9]\d* of \d+ calls: total \$[\d.]+ -> \$[\d.]+/);
  const id = /Added override (\d+)/.exec(added)![1];
  expect(await dayTotal(request)).toBe("0.0459");

  await page.goto("/settings");
  const card = page.getByTestId("prices-card");
  await expect(card.getByTestId(`override-${id}`)).toContainText("claude-sonnet-4-6");
  await expect(card.getByTestId(`override-${id}`)).toContainText("0.9");
  await expect(card.getByText(/override \d+ added/).first()).toBeVisible();
  await page.screenshot({ path: "test-results/screenshots/settings-prices.png", fullPage: true });

  tally(["prices", "remove-override", id]);
  expect(await dayTotal(request)).toBe("0.051");
  await page.reload();
  await expect(card.getByTestId(`override-${id}`)).toHaveCount(0);
});
