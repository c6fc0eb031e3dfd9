/**
 * The What-if page, the API and the CLI give the same projection to the cent. January 2026, project
 * e2e-whatif (no other spec uses January): 10 Opus 4.6 "chat" calls of 20K input + 2K output =
 * 0.10 + 0.05 = $0.15 each ($1.50), and one "long-doc" call of 300K input + 1K output, above the 200K
 * long-context line that was still in force in January on both Opus 4.6 (10 / 37.50: $3.0375) and
 * Sonnet 4.6 (6 / 22.50: 1.80 + 0.0225 = $1.8225). On Sonnet 4.6 the chat calls cost 0.06 + 0.03 = $0.09 each ($0.90).
 * Actual $4.5375; projected on Sonnet 4.6 $2.7225.
 */
import { expect, test } from "@playwright/test";
import { sendRecords, tally } from "./support";

const QUERY = "from=2026-01-01&to=2026-01-30&project=e2e-whatif";

test("a model switch reads the same on the page, the API and the CLI", async ({ page, request }) => {
  const records = [
    ...Array.from({ length: 10 }, (_, i) => ({
      id: `whatif-chat-${i}`, timestamp: `2026-01-${String(5 + i).padStart(2, "0")}T10:00:00Z`, model: "claude-opus-4-6", feature: "chat", project: "e2e-whatif",
      usage: { input_tokens: 20_000, output_tokens: 2000 },
    })),
    { id: "whatif-long", timestamp: "2026-01-20T10:00:00Z", model: "claude-opus-4-6", feature: "long-doc", project: "e2e-whatif", usage: { input_tokens: 300_000, output_tokens: 1000 } },
  ];
  expect((await sendRecords(request, "e2e-whatif", records)).body).toMatchObject({ accepted: 11 });

  await page.goto(`/projections?${QUERY}`);
  // The default views: Opus on the current Sonnet, Sonnet on the current Opus (no Sonnet calls here).
  await expect(page.getByTestId("default-opus-to-sonnet")).toContainText("$4.60"); // $4.5375 x 30.4375 / 30
  await expect(page.getByTestId("default-sonnet-to-opus")).toContainText("No Sonnet calls in this range.");

  await page.getByLabel("Calls on").selectOption("opus");
  await page.getByLabel("Moved to").selectOption("claude-sonnet-4-6");
  await page.getByRole("button", { name: "Project" }).click();
  await expect(page).toHaveURL(/source=opus&target=claude-sonnet-4-6/);

  const projected = page.getByTestId("projected-total");
  await expect(projected).toHaveAttribute("data-exact", "2.7225");
  await expect(projected).toHaveAttribute("data-cents", "$2.72");
  await expect(page.getByTestId("kpi-actual")).toContainText("$4.54");
  await expect(page.getByTestId("kpi-difference")).toContainText("-$1.82");
  await expect(page.getByTestId("monthly-projected")).toHaveAttribute("data-cents", "$2.76"); // 2.7225 x 30.4375 / 30 = 2.76220...
  await expect(page.getByTestId("feature-row")).toHaveCount(2);

  const api = await (await request.get(`/api/v1/projections?${QUERY}&source=opus&target=claude-sonnet-4-6`)).json();
  expect(api.total.projectedUsd).toBe("2.7225");
  expect(api.monthly.projectedUsd).toBe(await page.getByTestId("monthly-projected").getAttribute("data-exact"));

  const cli = tally(["whatif", "--from", "opus", "--to", "claude-sonnet-4-6", "--project", "e2e-whatif", "--since", "2026-01-01", "--until", "2026-01-30"]);
  expect(cli.split("\n").find((line) => line.startsWith("Total"))?.split(/\s+/)).toEqual(["Total", "$4.54", "$2.72", "$2.72", "$2.72", "-$1.82"]);

  // Phone width: nothing wider than the screen.
  await page.setViewportSize({ width: 390, height: 800 });
  await page.reload();
  await expect(page.getByTestId("projected-total")).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
});
