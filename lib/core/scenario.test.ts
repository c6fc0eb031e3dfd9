import { describe, expect, it } from "vitest";
import type { ZodError } from "zod";
import { formatUsdCents } from "@/lib/core/money";
import { defaultPriceBook as book } from "@/lib/core/pricing";
import { DEFAULT_ASSUMPTIONS } from "@/lib/core/projection";
import { rational } from "@/lib/core/rational";
import { currentModel, parseScenario, scenarioParams } from "@/lib/core/scenario";

describe("scenario query parameters", () => {
  it("reads moves, routes, cache targets, batch and assumptions, and writes them back", () => {
    const query = "name=Two+models&source=opus&target=sonnet&route.support=claude-sonnet-4-6:90,claude-opus-4-6:10&route.(none)=haiku:100&cache.chat=80&batch=nightly,reports&tokenizerFactor=1.25";
    const scenario = parseScenario(new URLSearchParams(query), book);
    expect(scenario.target).toBe(currentModel(book, "sonnet"));
    expect(scenario.plan).toEqual({
      moves: [{ from: "opus", to: "claude-sonnet-5-5" }],
      routes: [
        { feature: "support", split: [{ model: "claude-sonnet-4-6", percent: 90 }, { model: "claude-opus-4-6", percent: 10 }] },
        { feature: "", split: [{ model: "claude-haiku-5-5", percent: 100 }] },
      ],
      batch: ["nightly", "reports"],
      cacheTargets: [{ feature: "chat", hitPercent: 80 }],
    });
    // The range widens to keep its point inside; the default range is 1 to 1.35.
    expect(scenario.assumptions.tokenizerFactor).toEqual(rational(5n, 4n));
    expect(scenario.assumptions.tokenizerRange).toEqual(DEFAULT_ASSUMPTIONS.tokenizerRange);
    const written = scenarioParams(scenario);
    expect(parseScenario(written, book)).toEqual({ ...scenario, source: "opus", target: "claude-sonnet-5-5" });
    expect(written.get("route.(none)")).toBe("claude-haiku-5-5:100");
  });

  it("names every bad parameter", () => {
    let issues: string[] = [];
    try {
      parseScenario(new URLSearchParams("source=gpt&route.a=claude-sonnet-4-6:50&cache.b=120&tokenizerFactor=3"), book);
    } catch (error) {
      issues = (error as ZodError).issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    }
    expect(issues).toEqual([
      "target: is required with source: the model to move calls to",
      'source: "gpt" is not a model or family in the price book',
      "route.a: percentages must add up to 100, got 50",
      'cache.b: must be a whole percent from 0 to 100, got "120"',
      "tokenizerFactor: must be between 1 and 2, got 3",
    ]);
  });
});

describe("formatUsdCents", () => {
  it("rounds half up to the cent with separators", () => {
    expect(formatUsdCents(1_234_565_000_000_000n)).toBe("$1,234.57");
    expect(formatUsdCents(1_234_564_999_999_999n)).toBe("$1,234.56");
    expect(formatUsdCents(-900_000_000_000n)).toBe("-$0.90");
    expect(formatUsdCents(-4_000_000_000n)).toBe("$0.00");
  });
});
