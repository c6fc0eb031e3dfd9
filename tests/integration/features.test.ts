/**
 * The Features and Stop reasons reads on both databases, against tests/fixtures/features.ts whose every
 * number is worked out by hand from list prices in that file's comment.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assignModelColors } from "@/lib/core/chart-data";
import { buildFeatureDailyCharts, sortFeatureRows } from "@/lib/core/features-view";
import { formatUsdExact } from "@/lib/core/money";
import { getFeatureDays, getFeatureRows, getStopRatesByDay, getStopReasonRows, getWatchedRates } from "@/lib/server/features-queries";
import { ingestItems } from "@/lib/server/ingest";
import { FEATURES_PROJECT, FEATURES_RANGE, FEATURES_RECORDS } from "@/tests/fixtures/features";
import { PROVIDERS, type TestDatabase } from "@/tests/helpers/databases";

const FILTERS = { project: [FEATURES_PROJECT] };
const MODELS = ["claude-haiku-4-5", "claude-opus-4-6", "claude-sonnet-4-6"];

describe.each(PROVIDERS)("features and stop reasons on %s", (_provider, create) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await create();
    const result = await ingestItems(t.db, FEATURES_RECORDS, { source: "api" });
    expect(result.accepted).toBe(FEATURES_RECORDS.length);
  });
  afterAll(async () => t.drop());

  it("gives each feature's spend, calls, cost per call, changes, cache hit and truncation", async () => {
    const rows = sortFeatureRows(await getFeatureRows(t.db, FEATURES_RANGE, FILTERS, assignModelColors(MODELS)), "spend");
    expect(rows.map((r) => r.label)).toEqual(["summarize", "chat", "(no feature)"]);
    const [summarize, chat, none] = rows;
    expect([formatUsdExact(summarize.costPico), summarize.calls, formatUsdExact(summarize.perCallPico!)]).toEqual(["0.21", 20, "0.0105"]);
    expect(formatUsdExact(summarize.previousCostPico)).toBe("0.036");
    expect(summarize.spendChange.label).toBe("+483%");
    expect(summarize.perCallChange.label).toBe("+16.7%");
    expect(summarize.truncationRate).toBe(0.1);
    expect(summarize.hitRatio).toBeCloseTo(200_000 / 230_000, 10);
    expect([formatUsdExact(chat.costPico), chat.calls, formatUsdExact(chat.perCallPico!)]).toEqual(["0.105", 15, "0.007"]);
    expect(chat.spendChange.label).toBe("+400%");
    expect(chat.perCallChange.label).toBe("0%");
    expect(chat.truncationRate).toBe(0);
    expect([formatUsdExact(none.costPico), none.calls, formatUsdExact(none.perCallPico!), none.truncationRate]).toEqual(["0.04", 4, "0.01", 0.25]);
    expect(none.spendChange.label).toBe("new");
  });

  it("zero-fills each feature's daily spend and splits its spend by model", async () => {
    const rows = await getFeatureRows(t.db, FEATURES_RANGE, FILTERS, {});
    const chat = rows.find((r) => r.key === "chat")!;
    expect(chat.sparkline).toEqual([0.021, 0, 0.021, 0, 0.021, 0, 0.021, 0, 0.021, 0]);
    expect(chat.mix.map((m) => [m.model, formatUsdExact(m.costPico), m.share])).toEqual([
      ["claude-opus-4-6", "0.075", 0.714285],
      ["claude-haiku-4-5", "0.03", 0.285714],
    ]);
  });

  it("gives a feature's cost per call per day, with gaps on days without calls, and its input doubling", async () => {
    const chat = buildFeatureDailyCharts(FEATURES_RANGE, await getFeatureDays(t.db, FEATURES_RANGE, { ...FILTERS, feature: ["summarize"] }, "chat"), {});
    expect(chat.perCall.points.map((p) => p.exact[0])).toEqual(["$0.007", "—", "$0.007", "—", "$0.007", "—", "$0.007", "—", "$0.007", "—"]);
    const summarize = buildFeatureDailyCharts(FEATURES_RANGE, await getFeatureDays(t.db, FEATURES_RANGE, FILTERS, "summarize"), {});
    expect(summarize.perCall.points[0].exact[0]).toBe("$0.009");
    expect(summarize.perCall.points[5].exact[0]).toBe("$0.012");
    expect(summarize.tokens.points[4].values).toEqual([1000, 200, 10_000, 0]);
    expect(summarize.tokens.points[5].values).toEqual([2000, 200, 10_000, 0]);
    const none = await getFeatureDays(t.db, FEATURES_RANGE, FILTERS, "");
    expect(none.reduce((sum, d) => sum + d.calls, 0)).toBe(4);
  });

  it("gives the truncation, refusal and pause_turn rates against the previous period", async () => {
    const [truncation, refusal, pause] = await getWatchedRates(t.db, FEATURES_RANGE, FILTERS);
    expect([truncation.count, truncation.calls, truncation.previousRate]).toEqual([3, 39, 0]);
    expect(truncation.change.label).toBe("+7.7 pp");
    expect([refusal.count, refusal.calls]).toEqual([1, 39]);
    expect([pause.count, pause.calls]).toEqual([1, 39]);
  });

  it("gives the rates per day", async () => {
    const chart = await getStopRatesByDay(t.db, FEATURES_RANGE, FILTERS);
    const truncation = chart.points.map((p) => p.exact[0]);
    expect(truncation).toEqual(["0%", "0%", "0%", "25.0%", "0%", "0%", "40.0%", "0%", "0%", "0%"]);
    expect(chart.points[2].exact[1]).toBe("20.0%");
  });

  it("lists features most truncated first, with every stop reason counted", async () => {
    const rows = await getStopReasonRows(t.db, FEATURES_RANGE, FILTERS);
    expect(rows.map((r) => [r.label, r.calls, r.truncationRate, r.flagged])).toEqual([
      ["(no feature)", 4, 0.25, true],
      ["summarize", 20, 0.1, true],
      ["chat", 15, 0, false],
    ]);
    const chat = rows[2].counts.filter((c) => c.calls > 0).map((c) => [c.id, c.calls]);
    expect(chat).toEqual([
      ["refusal", 1],
      ["pause_turn", 1],
      ["end_turn", 2],
      ["tool_use", 10],
      ["stop_sequence", 1],
    ]);
    expect(rows[0].counts.find((c) => c.id === "unknown")!.calls).toBe(3);
  });
});
