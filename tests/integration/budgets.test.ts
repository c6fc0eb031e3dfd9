/**
 * Budgets on both databases. From 2026-10-04 to 2026-11-10 every day: 10 Haiku 4.5 calls of 10,000 input
 * tokens ($0.01 each) for project web / feature chat, and 5 for project api / feature search.
 * November as of the 10th: web $1.00 spent, $3.00 projected; all spend $1.50 and $4.50.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { shiftDay } from "@/lib/core/chart-data";
import { formatUsdExact } from "@/lib/core/money";
import { deleteBudget, getBudgetViews, listBudgets, saveBudget } from "@/lib/server/budgets";
import { ingestItems } from "@/lib/server/ingest";
import { PROVIDERS, type TestDatabase } from "@/tests/helpers/databases";

function calls() {
  const out = [];
  for (let day = "2026-10-04"; day <= "2026-11-10"; day = shiftDay(day, 1)) {
    for (let i = 0; i < 15; i++) {
      const web = i < 10;
      out.push({ id: `bg-${day}-${i}`, timestamp: `${day}T12:00:00Z`, model: "claude-haiku-4-5", project: web ? "web" : "api", feature: web ? "chat" : "search", usage: { input_tokens: 10_000, output_tokens: 0 } });
    }
  }
  return out;
}

describe.each(PROVIDERS)("budgets on %s", (_provider, create) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await create();
    await ingestItems(t.db, calls(), { source: "import" });
  });
  afterAll(async () => t.drop());

  it("burns each budget down from its own spend and projects the month", async () => {
    await saveBudget(t.db, { scope: "total", amountUsd: "4" });
    await saveBudget(t.db, { scope: "project", value: "web", amountUsd: "5" });
    await saveBudget(t.db, { scope: "feature", value: "chat", amountUsd: "0.90" });
    const views = await getBudgetViews(t.db, "2026-11", "2026-11-11");
    expect(views.map((v) => [v.budget.scope, v.budget.value, formatUsdExact(v.burn.spentPico), formatUsdExact(v.burn.projectedPico), v.burn.status, v.burn.asOf])).toEqual([
      ["total", "", "1.5", "4.5", "at_risk", "2026-11-10"],
      ["project", "web", "1", "3", "on_track", "2026-11-10"],
      ["feature", "chat", "1", "3", "over", "2026-11-10"],
    ]);
    // October, read to its end: Oct 4-31 is 28 days of $0.15.
    const october = await getBudgetViews(t.db, "2026-10", "2026-11-11");
    expect(formatUsdExact(october[0].burn.spentPico)).toBe("4.2");
    expect(october[0].burn.status).toBe("over");
  });

  it("sets the amount of an existing budget instead of adding one, rejects bad input, deletes", async () => {
    await saveBudget(t.db, { scope: "project", value: "web", amountUsd: "2" });
    expect((await listBudgets(t.db)).filter((b) => b.scope === "project").map((b) => b.amountUsd)).toEqual(["2"]);
    await expect(saveBudget(t.db, { scope: "project", value: "web", amountUsd: "-1" })).rejects.toBeInstanceOf(ZodError);
    const chat = (await listBudgets(t.db)).find((b) => b.value === "chat")!;
    expect(await deleteBudget(t.db, chat.id)).toBe(true);
    expect(await deleteBudget(t.db, chat.id)).toBe(false);
  });
});
