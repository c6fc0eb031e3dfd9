/**
 * Projections against hand-computed bills. List prices, USD per million tokens (input / output / cache
 * read / 5m write): Opus 4.6 5 / 25 / 0.50 / 6.25; Sonnet 4.6 and 4.5 3 / 15 / 0.30 / 3.75; Sonnet 5
 * 2 / 10 / 0.20 / 2.50; Haiku 5.5 above 100K prompt tokens 0.50 / 2.50. Opus 4.6, Sonnet 4.6 and 4.5 count
 * tokens with the claude-3 tokenizer, Sonnet 5 and Haiku 5.5 with claude-4.7 (1.3x by default).
 */
import { describe, expect, it } from "vitest";
import { formatUsdExact } from "@/lib/core/money";
import { defaultPriceBook as book } from "@/lib/core/pricing";
import { type ProjectionCell, type ProjectionPlan, DEFAULT_ASSUMPTIONS, EMPTY_PLAN, allPromptCuts, bandOf, planBandThresholds, project, promptCuts } from "@/lib/core/projection";
import { rational } from "@/lib/core/rational";
import { withFactor } from "@/lib/core/scenario";

const DAY = "2026-10-01";
const M = 1_000_000;

/** A cell of `calls` calls whose prompts are each `prompt` tokens (which decides its band). */
function cell(plan: ProjectionPlan, fields: Partial<ProjectionCell> & { model: string; costUsd: string; prompt?: number }): ProjectionCell {
  const { costUsd, prompt = 1000, ...rest } = fields;
  return {
    day: DAY,
    feature: "chat",
    serviceTier: "standard",
    usInference: false,
    speed: null,
    band: bandOf(prompt, promptCuts(plan, book)),
    priced: true,
    calls: 10,
    inputTokens: 0,
    outputTokens: 0,
    cacheReadTokens: 0,
    cacheWrite5mTokens: 0,
    cacheWrite1hTokens: 0,
    webSearchRequests: 0,
    costPico: BigInt(Math.round(Number(costUsd) * 1e6)) * 1_000_000n,
    ...rest,
  };
}

function run(plan: ProjectionPlan, cells: ProjectionCell[], days = 30) {
  const result = project(cells, plan, { book, days, cuts: promptCuts(plan, book) });
  const usd = (a: { actualPico: bigint; projectedPico: bigint; lowPico: bigint; highPico: bigint }) => ({
    actual: formatUsdExact(a.actualPico),
    projected: formatUsdExact(a.projectedPico),
    low: formatUsdExact(a.lowPico),
    high: formatUsdExact(a.highPico),
  });
  return { result, total: usd(result.total), monthly: usd(result.monthly), features: result.features.map((f) => ({ feature: f.feature, ...usd(f) })) };
}

const move = (from: string, to: string): ProjectionPlan => ({ ...EMPTY_PLAN, moves: [{ from, to }] });

describe("model switch", () => {
  it("re-prices every token type at the target's prices, with a monthly run-rate", () => {
    const plan = move("opus", "claude-sonnet-4-6");
    // Opus 4.6: 100K in x 5 + 20K out x 25 + 500K read x 0.50 + 40K 5m write x 6.25 = 0.50 + 0.50 + 0.25 + 0.25 = $1.50.
    // Sonnet 4.6: 100K x 3 + 20K x 15 + 500K x 0.30 + 40K x 3.75 = 0.30 + 0.30 + 0.15 + 0.15 = $0.90.
    const { total, monthly, result } = run(plan, [
      cell(plan, { model: "claude-opus-4-6", inputTokens: 100_000, outputTokens: 20_000, cacheReadTokens: 500_000, cacheWrite5mTokens: 40_000, costUsd: "1.5" }),
    ]);
    expect(total).toEqual({ actual: "1.5", projected: "0.9", low: "0.9", high: "0.9" });
    // 30 days of data; a month is 365.25 / 12 = 30.4375 days: $1.50 x 30.4375 / 30 = $1.521875, $0.90 -> $0.913125.
    expect(monthly).toEqual({ actual: "1.521875", projected: "0.913125", low: "0.913125", high: "0.913125" });
    expect(result.rangeFrom).toEqual([]);
    expect(result.pairs.map((p) => [p.from, p.to, p.calls])).toEqual([["claude-opus-4-6", "claude-sonnet-4-6", 10]]);
  });

  it("leaves calls of other models where they are, at their recorded cost", () => {
    const plan = move("claude-opus-4-6", "claude-sonnet-4-6");
    const { total } = run(plan, [
      cell(plan, { model: "claude-opus-4-6", inputTokens: 1 * M, costUsd: "5" }),
      { ...cell(plan, { model: "claude-haiku-4-5", inputTokens: 1 * M, costUsd: "1" }), costPico: 1_000_000_000_001n },
    ]);
    expect(total).toEqual({ actual: "6.000000000001", projected: "4.000000000001", low: "4.000000000001", high: "4.000000000001" });
  });

  it("keeps calls on unpriced models as they are and counts them", () => {
    const plan = move("opus", "claude-sonnet-4-6");
    const { result } = run(plan, [cell(plan, { model: "claude-nova-preview", priced: false, inputTokens: 1 * M, costUsd: "0" })]);
    expect(result.unpricedCalls).toBe(10);
    expect(result.total.projectedPico).toBe(0n);
  });
});

describe("tokenizer generations", () => {
  it("scales token counts by 1.3 onto the claude-4.7 tokenizer, with the 1.0-1.35 range", () => {
    const plan = move("claude-sonnet-4-6", "claude-sonnet-5");
    // Actual on Sonnet 4.6: 1M x 3 + 100K x 15 = $4.50. On Sonnet 5 at 1.3x: 1.3M x 2 + 130K x 10 = 2.60 + 1.30 = $3.90;
    // at 1.0x $3.00; at 1.35x 2.70 + 1.35 = $4.05.
    const { total, result } = run(plan, [cell(plan, { model: "claude-sonnet-4-6", inputTokens: 1 * M, outputTokens: 100_000, costUsd: "4.5" })]);
    expect(total).toEqual({ actual: "4.5", projected: "3.9", low: "3", high: "4.05" });
    expect(result.rangeFrom).toEqual(["tokenizer"]);
  });

  it("divides by the factor going back, rounding each component half up once", () => {
    const plan = move("claude-sonnet-5", "claude-sonnet-4-6");
    // 1M / 1.3 x $3 = $2.307692307692307.. -> 2.307692307692; 100K / 1.3 x $15 = $1.153846153846153.. -> 1.153846153846.
    // Range: / 1.35 -> 2.222222222222 + 1.111111111111; / 1.0 -> 3 + 1.5.
    const { total } = run(plan, [cell(plan, { model: "claude-sonnet-5", inputTokens: 1 * M, outputTokens: 100_000, costUsd: "3" })]);
    expect(total).toEqual({ actual: "3", projected: "3.461538461538", low: "3.333333333333", high: "4.5" });
  });
});

describe("context windows", () => {
  it("lists calls whose prompt exceeds the target's window and keeps them at their cost", () => {
    const plan = move("claude-sonnet-4-6", "claude-sonnet-4-5");
    // Sonnet 4.5's window is 200K. 10 calls of 180K prompt move: 1.8M x 3 = $5.40 on either model.
    // 5 calls of 250K prompt cannot: they stay at their $3.75 + listed.
    const fits = cell(plan, { model: "claude-sonnet-4-6", prompt: 180_000, inputTokens: 1_800_000, costUsd: "5.4" });
    const tooBig = cell(plan, { model: "claude-sonnet-4-6", prompt: 250_000, calls: 5, inputTokens: 1_250_000, costUsd: "3.75" });
    const { total, result } = run(plan, [fits, tooBig]);
    expect(total).toEqual({ actual: "9.15", projected: "9.15", low: "9.15", high: "9.15" });
    expect(result.blocked).toEqual([
      { feature: "chat", model: "claude-sonnet-4-6", target: "claude-sonnet-4-5", reason: "context_window", calls: 5, costPico: 3_750_000_000_000n, contextWindow: 200_000 },
    ]);
  });

  it("decides the window on the prompt after the tokenizer adjustment, and widens the range where the factor decides", () => {
    const plan = move("claude-sonnet-5", "claude-sonnet-4-5");
    // 10 Sonnet 5 calls of 210K prompt (2.1M input, 10K output): $4.20 + $0.10 = $4.30 recorded.
    // At 1.3x they are 161,539 claude-3 tokens: they fit in 200K and cost 2.1M / 1.3 x 3 = $4.846153846153846.. -> 4.846153846154
    // + 10K / 1.3 x 15 = $0.115384615384615.. -> 0.115384615385 = $4.961538461539. At 1.35x: 4.666666666667 + 0.111111111111.
    // At 1.0x they would be 210K tokens, over the window: they stay at $4.30, the low end.
    const { total, result } = run(plan, [cell(plan, { model: "claude-sonnet-5", prompt: 210_000, inputTokens: 2_100_000, outputTokens: 10_000, costUsd: "4.3" })]);
    expect(total).toEqual({ actual: "4.3", projected: "4.961538461539", low: "4.3", high: "4.961538461539" });
    expect(result.blocked).toEqual([]);
  });

  it("moving onto the larger tokenizer can push a prompt over the window", () => {
    const plan = move("claude-sonnet-4-5", "claude-sonnet-5");
    // Sonnet 5's window is 1M. A 800K claude-3 prompt is 1.04M claude-4.7 tokens at 1.3x: blocked at the point estimate.
    const { result } = run(plan, [cell(plan, { model: "claude-sonnet-4-5", prompt: 800_000, calls: 1, inputTokens: 800_000, costUsd: "2.4" })]);
    expect(result.blocked.map((b) => [b.reason, b.calls, b.contextWindow])).toEqual([["context_window", 1, 1_000_000]]);
    // At 1.0x it fits (800K x 2 = $1.60); at 1.35x it is blocked (stays at $2.40).
    expect([result.total.projectedPico, result.total.lowPico, result.total.highPico]).toEqual([2_400_000_000_000n, 1_600_000_000_000n, 2_400_000_000_000n]);
  });

  it("applies the target's long-context prices by the adjusted prompt size", () => {
    const plan = move("claude-sonnet-5", "claude-haiku-5-5");
    // Same tokenizer. 5 calls of 120K prompt (> Haiku 5.5's 100K tier): 600K x 0.50 + 5K x 2.50 = 0.30 + 0.0125.
    const { total } = run(plan, [cell(plan, { model: "claude-sonnet-5", prompt: 120_000, calls: 5, inputTokens: 600_000, outputTokens: 5000, costUsd: "1.25" })]);
    expect(total.projected).toBe("0.3125");
    // 5 calls of 90K prompt stay under the tier: 450K x 0.10 + 5K x 0.50 = 0.045 + 0.0025.
    const small = run(plan, [cell(plan, { model: "claude-sonnet-5", prompt: 90_000, calls: 5, inputTokens: 450_000, outputTokens: 5000, costUsd: "0.95" })]);
    expect(small.total.projected).toBe("0.0475");
  });

  it("cuts the prompt sizes where any decision changes", () => {
    // Sonnet 4.5: window 200K and a long-context tier above 200K; ratios 1, 1.3, 1.35 and their inverses.
    expect(promptCuts(move("opus", "claude-sonnet-4-5"), book)).toEqual([148_148, 153_846, 200_000, 260_000, 270_000]);
  });

  it("blocks fast-mode calls when the target has no fast mode", () => {
    const plan = move("claude-opus-5-5", "claude-sonnet-4-6");
    const { result } = run(plan, [cell(plan, { model: "claude-opus-5-5", speed: "fast", inputTokens: 1000, costUsd: "0.008" })]);
    expect(result.blocked.map((b) => [b.reason, b.calls, b.target])).toEqual([["fast_mode", 10, "claude-sonnet-4-6"]]);
    expect(result.total.projectedPico).toBe(result.total.actualPico);
  });
});

describe("routing", () => {
  it("splits a feature's calls 90/10 and prices each share", () => {
    const plan: ProjectionPlan = {
      ...EMPTY_PLAN,
      routes: [{ feature: "support", split: [{ model: "claude-sonnet-4-6", percent: 90 }, { model: "claude-opus-4-6", percent: 10 }] }],
    };
    // Opus 4.6: 1M x 5 + 100K x 25 = $7.50. 90% on Sonnet 4.6: (3 + 1.50) x 0.9 = $4.05; 10% stays: $0.75.
    const { total, result } = run(plan, [
      cell(plan, { feature: "support", model: "claude-opus-4-6", inputTokens: 1 * M, outputTokens: 100_000, costUsd: "7.5" }),
      cell(plan, { feature: "other", model: "claude-opus-4-6", inputTokens: 1 * M, costUsd: "5" }),
    ]);
    expect(total).toEqual({ actual: "12.5", projected: "9.8", low: "9.8", high: "9.8" });
    expect(result.pairs.map((p) => [p.from, p.to, formatUsdExact(p.actualPico), formatUsdExact(p.projectedPico)])).toEqual([
      ["claude-opus-4-6", "claude-sonnet-4-6", "6.75", "4.05"],
      ["claude-opus-4-6", "claude-opus-4-6", "5.75", "5.75"],
    ]);
    expect(result.features.map((f) => [f.feature, formatUsdExact(f.projectedPico)])).toEqual([["support", "4.8"], ["other", "5"]]);
  });
});

describe("caching and batch levers", () => {
  it("raises the cache hit ratio to a target, counting the writes that feed the reads", () => {
    const plan: ProjectionPlan = { ...EMPTY_PLAN, cacheTargets: [{ feature: "chat", hitPercent: 80 }] };
    // 1M uncached input on Sonnet 4.6 = $3.00, no reads yet: 4 reads per write assumed.
    // 80%: 800K reads x 0.30 = $0.24, 200K 5m writes x 3.75 = $0.75, no uncached input left: $0.99.
    // 1 read per write: 80% is out of reach; 500K reads + 500K writes = 0.15 + 1.875 = $2.025 (capped at 50%).
    // 20 reads per write: 800K reads + 40K writes + 160K input = 0.24 + 0.15 + 0.48 = $0.87.
    const { total, result } = run(plan, [cell(plan, { model: "claude-sonnet-4-6", inputTokens: 1 * M, costUsd: "3" })]);
    expect(total).toEqual({ actual: "3", projected: "0.99", low: "0.87", high: "2.025" });
    expect(result.rangeFrom).toEqual(["cache_reuse"]);
    expect(result.cacheCapped).toEqual([]);
  });

  it("uses the feature's observed reuse and its 1-hour write share", () => {
    const plan: ProjectionPlan = { ...EMPTY_PLAN, cacheTargets: [{ feature: "chat", hitPercent: 60 }] };
    // Prompt 1M: 600K input, 300K reads, 100K 1h writes (3 reads per write, all 1-hour) = 1.80 + 0.09 + 0.60 = $2.49.
    // 60%: 600K reads, 200K 1h writes, 200K input = 0.18 + 1.20 + 0.60 = $1.98.
    const { total } = run(plan, [cell(plan, { model: "claude-sonnet-4-6", inputTokens: 600_000, cacheReadTokens: 300_000, cacheWrite1hTokens: 100_000, costUsd: "2.49" })]);
    expect(total.projected).toBe("1.98");
  });

  it("leaves a feature already above its target alone", () => {
    const plan: ProjectionPlan = { ...EMPTY_PLAN, cacheTargets: [{ feature: "chat", hitPercent: 20 }] };
    const { total } = run(plan, [cell(plan, { model: "claude-sonnet-4-6", inputTokens: 500_000, cacheReadTokens: 500_000, cacheWrite5mTokens: 1000, costUsd: "1.65375" })]);
    expect(total).toEqual({ actual: "1.65375", projected: "1.65375", low: "1.65375", high: "1.65375" });
  });

  it("halves the token cost of latency-tolerant features on the Batch API, web search fee unchanged", () => {
    const plan: ProjectionPlan = { ...EMPTY_PLAN, batch: ["nightly"] };
    // 1M x 3 + 100K x 15 + 10 searches x $0.01 = $4.60; batch: 1.50 + 0.75 + 0.10 = $2.35. Batch calls stay as they are.
    const { features } = run(plan, [
      cell(plan, { feature: "nightly", model: "claude-sonnet-4-6", inputTokens: 1 * M, outputTokens: 100_000, webSearchRequests: 10, costUsd: "4.6" }),
      cell(plan, { feature: "nightly", model: "claude-sonnet-4-6", serviceTier: "batch", inputTokens: 1 * M, costUsd: "1.5" }),
    ]);
    expect(features).toEqual([{ feature: "nightly", actual: "6.1", projected: "3.85", low: "3.85", high: "3.85" }]);
  });

  it("combines a move with batch on the target's prices", () => {
    const plan: ProjectionPlan = { ...move("opus", "claude-sonnet-4-6"), batch: ["chat"] };
    // Opus 4.6 1M input = $5 -> Sonnet 4.6 batch 1M x 1.50 = $1.50.
    const { total } = run(plan, [cell(plan, { model: "claude-opus-4-6", inputTokens: 1 * M, costUsd: "5" })]);
    expect(total.projected).toBe("1.5");
  });
});

describe("totals", () => {
  it("every total is the sum of its rows, monthly figures included", () => {
    const plan: ProjectionPlan = {
      moves: [{ from: "claude-sonnet-5", to: "claude-sonnet-4-6" }],
      routes: [{ feature: "b", split: [{ model: "claude-sonnet-4-6", percent: 33 }, { model: "claude-sonnet-5", percent: 67 }] }],
      batch: ["c"],
      cacheTargets: [{ feature: "a", hitPercent: 70 }],
    };
    const cells = ["a", "b", "c"].flatMap((feature, i) => [
      cell(plan, { feature, model: "claude-sonnet-5", inputTokens: 333_333 + i, outputTokens: 7777, costUsd: "0.744443" }),
      cell(plan, { feature, model: "claude-opus-4-6", usInference: true, inputTokens: 123_457, cacheReadTokens: 99_999, costUsd: "0.73" }),
    ]);
    const { result } = run(plan, cells, 7);
    for (const key of ["actualPico", "projectedPico", "lowPico", "highPico"] as const) {
      expect(result.features.reduce((sum, f) => sum + f[key], 0n)).toBe(result.total[key]);
      expect(result.pairs.reduce((sum, p) => sum + p[key], 0n)).toBe(result.total[key]);
      expect(result.features.reduce((sum, f) => sum + f.monthly[key], 0n)).toBe(result.monthly[key]);
      expect(result.total.lowPico <= result.total.projectedPico && result.total.projectedPico <= result.total.highPico).toBe(true);
    }
  });
});

describe("the projection summary's bands", () => {
  const all = allPromptCuts(book);

  it("hold every cut a plan can make with the default assumptions, and give each plan's band exactly", () => {
    for (const model of book.models) {
      const plan: ProjectionPlan = { ...EMPTY_PLAN, moves: [{ from: "opus", to: model.canonical }] };
      const cuts = promptCuts(plan, book);
      const thresholds = planBandThresholds(cuts, all);
      expect(thresholds).not.toBeNull();
      for (const prompt of [0, 1, ...all.flatMap((c) => [c - 1, c, c + 1]), 5_000_000]) {
        const summaryBand = bandOf(prompt, all);
        expect([model.canonical, prompt, thresholds!.filter((t) => summaryBand >= t).length]).toEqual([model.canonical, prompt, bandOf(prompt, cuts)]);
      }
    }
  });

  it("cannot answer a plan made with another tokenizer factor", () => {
    const other = withFactor(DEFAULT_ASSUMPTIONS, rational(3n, 2n), DEFAULT_ASSUMPTIONS.readsPerWrite);
    const plan: ProjectionPlan = { ...EMPTY_PLAN, moves: [{ from: "opus", to: book.models.find((m) => m.tokenizer !== "claude-3")!.canonical }] };
    expect(planBandThresholds(promptCuts(plan, book, other), all)).toBeNull();
  });
});
