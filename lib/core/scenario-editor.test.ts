import { describe, expect, it } from "vitest";
import { defaultPriceBook as book } from "@/lib/core/pricing";
import { parseScenario, scenarioParams } from "@/lib/core/scenario";
import { type EditorRow, applyEditorPlan, emptyRow, readEditor, rowsFromPlan } from "@/lib/core/scenario-editor";

const row = (feature: string, patch: Partial<EditorRow>): EditorRow => ({ ...emptyRow(feature), ...patch });

describe("scenario editor", () => {
  it("turns a 90/10 split, a cache target and batch into the plan and the parameters parseScenario reads", () => {
    const rows = [
      row("support", { modelA: "claude-sonnet-4-6", percentA: "90", modelB: "claude-opus-4-6" }),
      row("", { modelA: "claude-haiku-4-5" }),
      row("chat", { cacheTarget: "80" }),
      row("reports", { batch: true }),
      row("nightly", { batch: true, cacheTarget: "0" }),
    ];
    const { plan, errors } = readEditor(rows);
    expect(errors).toEqual({});
    expect(plan).toEqual({
      routes: [
        { feature: "support", split: [{ model: "claude-sonnet-4-6", percent: 90 }, { model: "claude-opus-4-6", percent: 10 }] },
        { feature: "", split: [{ model: "claude-haiku-4-5", percent: 100 }] },
      ],
      cacheTargets: [{ feature: "chat", hitPercent: 80 }],
      batch: ["reports", "nightly"],
    });

    const base = new URLSearchParams("from=2026-07-01&to=2026-07-30&project=a&name=Mine&route.old=claude-opus-4-6:100&batch=old&cache.old=50&tokenizerFactor=1.2");
    const params = applyEditorPlan(base, plan);
    // The range, filters, name and assumptions stay; the editor's old parameters are replaced.
    expect(params.toString()).toBe(
      "from=2026-07-01&to=2026-07-30&project=a&name=Mine&tokenizerFactor=1.2" +
        "&route.support=claude-sonnet-4-6%3A90%2Cclaude-opus-4-6%3A10&route.%28none%29=claude-haiku-4-5%3A100&cache.chat=80&batch=reports%2Cnightly",
    );
    const scenario = parseScenario(params, book);
    expect(scenario.plan).toEqual({ moves: [], ...plan });
    // The same parameters scenario.ts writes for that plan.
    const editorPart = (p: URLSearchParams) => [...p].filter(([key]) => key.startsWith("route.") || key.startsWith("cache.") || key === "batch");
    expect(editorPart(params)).toEqual(editorPart(scenarioParams(scenario)));
  });

  it("reads a plan back into rows, keeping features the plan names that have no calls, and splits over three models as they are", () => {
    const plan = {
      routes: [
        { feature: "support", split: [{ model: "claude-sonnet-4-6", percent: 90 }, { model: "claude-opus-4-6", percent: 10 }] },
        { feature: "gone", split: [{ model: "claude-haiku-4-5", percent: 50 }, { model: "claude-sonnet-4-6", percent: 30 }, { model: "claude-opus-4-6", percent: 20 }] },
      ],
      cacheTargets: [{ feature: "chat", hitPercent: 70 }],
      batch: ["support"],
    };
    const rows = rowsFromPlan(["chat", "support", "idle"], plan);
    expect(rows.map((r) => r.feature)).toEqual(["chat", "support", "idle", "gone"]);
    expect(rows[0]).toEqual(row("chat", { cacheTarget: "70" }));
    expect(rows[1]).toEqual(row("support", { modelA: "claude-sonnet-4-6", percentA: "90", modelB: "claude-opus-4-6", batch: true }));
    expect(rows[2]).toEqual(emptyRow("idle"));
    expect(rows[3].keptSplit).toEqual(plan.routes[1].split);
    // Unchanged rows give the same plan back.
    expect(readEditor(rows).plan).toEqual(plan);
    // Choosing a model A replaces the kept split.
    expect(readEditor([{ ...rows[3], modelA: "claude-haiku-4-5", percentA: "100" }]).plan.routes).toEqual([{ feature: "gone", split: [{ model: "claude-haiku-4-5", percent: 100 }] }]);
  });

  it("says what is wrong next to the field", () => {
    const { plan, errors } = readEditor([
      row("a", { modelA: "claude-sonnet-4-6", percentA: "150" }),
      row("b", { modelA: "claude-sonnet-4-6", percentA: "90" }),
      row("c", { modelA: "claude-sonnet-4-6", percentA: "100", modelB: "claude-opus-4-6" }),
      row("d", { modelA: "claude-sonnet-4-6", percentA: "60", modelB: "claude-sonnet-4-6" }),
      row("e", { modelA: "claude-sonnet-4-6", percentA: "12.5", modelB: "claude-opus-4-6" }),
      row("f", { cacheTarget: "101" }),
      row("g", { cacheTarget: "high" }),
      // Model B and the percent mean nothing while model A keeps calls as they are.
      row("h", { percentA: "abc", modelB: "claude-opus-4-6" }),
    ]);
    expect(errors).toEqual({
      a: { percentA: "Enter a whole percent from 1 to 100." },
      b: { modelB: "Choose a model for the other 10%." },
      c: { modelB: "Model A takes 100%: lower its percent, or choose no second model." },
      d: { modelB: "Choose a different model from model A." },
      e: { percentA: "Enter a whole percent from 1 to 100." },
      f: { cacheTarget: "Enter a whole percent from 0 to 100, or leave it empty." },
      g: { cacheTarget: "Enter a whole percent from 0 to 100, or leave it empty." },
    });
    expect(plan).toEqual({ routes: [], cacheTargets: [], batch: [] });
  });
});
