import { describe, expect, it } from "vitest";
import { budgetAsOf, budgetBurn, budgetInputSchema } from "@/lib/core/budgets";
import { shiftDay } from "@/lib/core/chart-data";

const USD = 1_000_000_000_000n;

/** $10 every day from Oct 4 (four full weeks before Nov 1) to `to`. */
function flat(to: string, usd = 10n): Map<string, bigint> {
  const daily = new Map<string, bigint>();
  for (let day = "2026-10-04"; day <= to; day = shiftDay(day, 1)) daily.set(day, usd * USD);
  return daily;
}

describe("budgetBurn", () => {
  it("adds spend to date and the projected rest day by day, against the even pace", () => {
    // November as of the 10th: $100 spent; 20 more days at $10: $300 projected. Budget $250: at risk.
    const burn = budgetBurn(flat("2026-11-10"), "2026-11-10", 250n * USD);
    expect([burn.spentPico, burn.projectedPico, burn.remainingPico, burn.status]).toEqual([100n * USD, 300n * USD, 150n * USD, "at_risk"]);
    expect(burn.days).toHaveLength(30);
    expect(burn.days[9]).toEqual({ day: "2026-11-10", spentPico: 100n * USD, projectedPico: 100n * USD, lowPico: 100n * USD, highPico: 100n * USD, pacePico: (250n * USD * 10n) / 30n });
    expect(burn.days[10]).toMatchObject({ day: "2026-11-11", spentPico: null, projectedPico: 110n * USD });
    expect(burn.days[29]).toMatchObject({ projectedPico: burn.projectedPico, pacePico: 250n * USD });
  });

  it("is on track within the budget, and over once spend passes it", () => {
    expect(budgetBurn(flat("2026-11-10"), "2026-11-10", 300n * USD).status).toBe("on_track");
    const over = budgetBurn(flat("2026-11-20"), "2026-11-20", 150n * USD);
    expect([over.status, over.remainingPico]).toEqual(["over", -50n * USD]);
  });
});

describe("budgetAsOf", () => {
  it("reads a past month to its end, the current one to yesterday, and the 1st as itself", () => {
    expect(budgetAsOf("2026-10", "2026-11-23")).toBe("2026-10-31");
    expect(budgetAsOf("2026-11", "2026-11-23")).toBe("2026-11-22");
    expect(budgetAsOf("2026-11", "2026-11-01")).toBe("2026-11-01");
  });
});

describe("budgetInputSchema", () => {
  it("names what is wrong", () => {
    const bad = budgetInputSchema.safeParse({ scope: "project", value: "web", amountUsd: "12.345" });
    expect(bad.error!.issues.map((i) => `${i.path.join(".")}: ${i.message}`)).toEqual(['amountUsd: must be an amount in USD like "2500" or "120.50"']);
    const total = budgetInputSchema.safeParse({ scope: "total", value: "web", amountUsd: "100" });
    expect(total.error!.issues.map((i) => `${i.path.join(".")}: ${i.message}`)).toEqual(["value: must be empty for the total budget"]);
  });
});
