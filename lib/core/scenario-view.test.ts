import { describe, expect, it } from "vitest";
import type { ZodError } from "zod";
import { defaultPriceBook as book } from "@/lib/core/pricing";
import { EMPTY_PLAN, type ProjectionCell, project } from "@/lib/core/projection";
import { parseScenario } from "@/lib/core/scenario";
import {
  buildEditorFeatures,
  describeScenario,
  givenScenarioParams,
  modelOptions,
  monthlyPico,
  readScenario,
  savedScenarioQuery,
  scenarioHref,
  scenarioNameSchema,
} from "@/lib/core/scenario-view";

const USD = 1_000_000_000_000n;

function issues(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    return (error as ZodError).issues.map((i) => `${i.path.join(".")}: ${i.message}`);
  }
  throw new Error("expected a ZodError");
}

describe("the Scenarios page's data", () => {
  it("gives a month as the projection engine does: x 30.4375 / days, half up", () => {
    expect(monthlyPico(3n * USD, 30)).toBe(3_043_750_000_000n);
    expect(monthlyPico(1n, 7)).toBe(4n); // 4.348... pico
    const cell: ProjectionCell = {
      day: "2026-07-01", feature: "chat", model: "claude-haiku-4-5", serviceTier: "standard", usInference: false, speed: null, band: 0, priced: true,
      calls: 3, inputTokens: 3000, outputTokens: 300, cacheReadTokens: 0, cacheWrite5mTokens: 0, cacheWrite1hTokens: 0, webSearchRequests: 0, costPico: 4_500_000_001n,
    };
    for (const days of [1, 7, 30, 31, 90]) {
      expect(monthlyPico(cell.costPico, days)).toBe(project([cell], EMPTY_PLAN, { book, days, cuts: [] }).features[0].monthly.actualPico);
    }
  });

  it("builds one editor row per feature: monthly spend, model mix and cache hit ratio, most spend first", () => {
    const pair = (first: string, second: string, costUsd: bigint, calls: number, input: number, read: number, write: number) => ({
      first, second, costPico: costUsd * USD, calls, inputTokens: input, cacheReadTokens: read, cacheWrite5mTokens: write, cacheWrite1hTokens: 0,
    });
    const rows = buildEditorFeatures(
      [pair("support", "claude-opus-4-6", 3n, 10, 1000, 3000, 0), pair("", "claude-haiku-4-5", 1n, 5, 100, 0, 0), pair("support", "claude-sonnet-4-6", 1n, 30, 4000, 1000, 1000)],
      30,
    );
    expect(rows.map((r) => [r.label, r.calls, r.costPico, r.monthlyPico, r.hitRatio])).toEqual([
      ["support", 40, 4n * USD, 4_058_333_333_333n, 0.4],
      ["(no feature)", 5, USD, 1_014_583_333_333n, 0],
    ]);
    expect(rows[0].mix).toEqual([
      { model: "claude-opus-4-6", costPico: 3n * USD, share: 0.75 },
      { model: "claude-sonnet-4-6", costPico: USD, share: 0.25 },
    ]);
  });

  it("offers each family's current model first", () => {
    const { current, other } = modelOptions(book);
    expect(current.map((m) => m.id)).toEqual(["claude-opus-5-5", "claude-sonnet-5-5", "claude-haiku-5-5", "claude-fable-5-1"]);
    expect(current[0].label).toBe("Claude Opus 5.5 (prices unconfirmed)");
    expect(other.find((m) => m.id === "claude-sonnet-4-6")?.label).toBe("Claude Sonnet 4.6");
    expect(current.length + other.length).toBe(book.models.length);
  });

  it("says in a few words what a scenario changes", () => {
    const scenario = parseScenario(
      new URLSearchParams("source=opus&target=claude-sonnet-4-6&route.support=claude-sonnet-4-6:90,claude-opus-4-6:10&route.(none)=claude-haiku-4-5:100&cache.chat=80&batch=reports,nightly&tokenizerFactor=1.2"),
      book,
    );
    expect(describeScenario(scenario, book)).toEqual([
      "opus → Sonnet 4.6",
      "support → 90% Sonnet 4.6, 10% Opus 4.6",
      "(no feature) → Haiku 4.5",
      "chat: cache hits 80%",
      "reports, nightly on the Batch API",
      "tokenizer factor 1.2",
    ]);
  });

  it("saves a scenario in scenarioParams' form without its name, and refuses ranges, filters, bad values and empty plans", () => {
    expect(savedScenarioQuery("?batch=reports&name=Mine&route.support=claude-sonnet-4-6-20260217:90,claude-opus-4-6:10", book)).toBe(
      "route.support=claude-sonnet-4-6%3A90%2Cclaude-opus-4-6%3A10&batch=reports",
    );
    expect(issues(() => savedScenarioQuery("from=2026-07-01&batch=reports&project=x", book))).toEqual([
      "from: is not a scenario parameter (a scenario is saved without its range and filters)",
      "project: is not a scenario parameter (a scenario is saved without its range and filters)",
    ]);
    expect(issues(() => savedScenarioQuery("route.chat=claude-sonnet-4-6:90,claude-opus-4-6:5", book))).toEqual(["route.chat: percentages must add up to 100, got 95"]);
    expect(issues(() => savedScenarioQuery("name=Nothing", book))).toEqual(["query: changes nothing: give a split, a cache target, batch or a move"]);
    expect(scenarioNameSchema.safeParse("  Support on Sonnet ").data).toBe("Support on Sonnet");
    expect(scenarioNameSchema.safeParse("   ").error?.issues[0].message).toBe("Enter a name for the scenario.");
    expect(scenarioNameSchema.safeParse("x".repeat(101)).error?.issues[0].message).toBe("Use at most 100 characters.");
  });

  it("links a saved scenario on the current view, and reads a bad link as problems instead of failing", () => {
    expect(scenarioHref("/projections/scenarios", { from: "2026-07-01", to: "2026-07-30" }, { project: ["p"] }, "batch=reports&name=Old", "Mine")).toBe(
      "/projections/scenarios?from=2026-07-01&to=2026-07-30&project=p&batch=reports&name=Mine",
    );
    const read = readScenario({ from: "2026-07-01", "route.chat": "claude-sonnet-4.6:100", "cache.chat": "101" }, book);
    expect(read.problems).toEqual([
      'route.chat: "claude-sonnet-4.6" is not a model or family in the price book',
      'cache.chat: must be a whole percent from 0 to 100, got "101"',
    ]);
    expect(read.scenario.plan).toEqual(EMPTY_PLAN);
    expect(readScenario({ batch: "reports" }, book).problems).toEqual([]);
    expect(givenScenarioParams({ from: "2026-07-01", "route.chat": ["a:100", "b:100"], batch: "x", project: "p" }).toString()).toBe("route.chat=a%3A100&batch=x");
  });
});
