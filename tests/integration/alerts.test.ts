/**
 * Alert evaluation and lifecycle on both databases, on synthetic traffic ingested through the real
 * path, with the clock set per run. October 2026:
 *   summarize: 30 Sonnet 4.6 calls a day of 2,000 input tokens ($0.006 each: $0.18 a day) until Oct 14;
 *              from Oct 15 a prompt change doubles them to 4,000 ($0.36 a day).
 *   chat:      Haiku 4.5 calls growing from 20 a day by 2 a day, 1,000 input + 200 output each (steady per call).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { shiftDay } from "@/lib/core/chart-data";
import { acknowledgeAlert, createRule, evaluateAlerts, listAlerts } from "@/lib/server/alerts";
import { ingestItems } from "@/lib/server/ingest";
import { tally } from "@/tests/helpers/cli";
import { PROVIDERS, type TestDatabase } from "@/tests/helpers/databases";
import { startReceiver } from "@/tests/helpers/http-receiver";
import { saveDestination } from "@/lib/server/alert-destinations";
import { runAlertsAndDeliver } from "@/lib/server/alert-notify";

const CHANGE_DAY = "2026-10-15";

function traffic() {
  const records: Record<string, unknown>[] = [];
  let i = 0;
  for (let day = "2026-10-01"; day <= "2026-10-20"; day = shiftDay(day, 1), i++) {
    for (let c = 0; c < 30; c++) {
      records.push({ id: `al-sum-${day}-${c}`, timestamp: `${day}T10:00:00Z`, model: "claude-sonnet-4-6", feature: "summarize", usage: { input_tokens: day >= CHANGE_DAY ? 4000 : 2000, output_tokens: 0 } });
    }
    for (let c = 0; c < 20 + 2 * i; c++) {
      records.push({ id: `al-chat-${day}-${c}`, timestamp: `${day}T11:00:00Z`, model: "claude-haiku-4-5", feature: "chat", usage: { input_tokens: 1000, output_tokens: 200 } });
    }
  }
  return records;
}

const at = (day: string) => new Date(`${day}T23:00:00Z`);

describe.each(PROVIDERS)("alerts on %s", (_provider, create) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await create();
    const result = await ingestItems(t.db, traffic(), { source: "import" });
    expect(result.rejected).toEqual([]);
    await createRule(t.db, { name: "Input per call", kind: "regression", scope: { groupBy: "feature" }, params: { metric: "input_tokens_per_call", risePercent: 50 } });
    await createRule(t.db, { name: "Summarize budget", kind: "budget", scope: { feature: ["summarize"] }, params: { monthlyUsd: "5", forecast: false } });
  });
  afterAll(async () => t.drop());

  const titles = (changes: { alert: { title: string } }[]) => changes.map((c) => c.alert.title);

  it("fires the regression on the day of the prompt change, not before; a growing feature never fires", async () => {
    for (let day = "2026-10-08"; day < CHANGE_DAY; day = shiftDay(day, 1)) {
      const report = await evaluateAlerts(t.db, at(day));
      expect(titles(report.fired).filter((title) => title.includes("tokens per call")), day).toEqual([]);
    }
    const report = await evaluateAlerts(t.db, at(CHANGE_DAY));
    expect(titles(report.fired)).toEqual(["feature summarize: input tokens per call +100% vs its 7-day baseline"]);
    expect(report.fired[0].alert).toMatchObject({ status: "firing", day: CHANGE_DAY, observed: "4,000 input tokens per call", baseline: "2,000 input tokens per call", change: "+100%" });
    expect((await listAlerts(t.db)).some((a) => a.key === "chat")).toBe(false);
  });

  it("fires nothing new when the same evaluation runs again", async () => {
    const before = (await listAlerts(t.db)).length;
    const again = await evaluateAlerts(t.db, at(CHANGE_DAY));
    expect(again.fired).toEqual([]);
    expect(again.resolved).toEqual([]);
    expect(again.stillOpen).toBe(2); // the regression and the budget's 50%
    expect((await listAlerts(t.db)).length).toBe(before);
  });

  it("fires each budget level once per period, acknowledged or not", async () => {
    // $0.18 x 14 = $2.52 by Oct 14: 50% of $5 crossed then (fired in the first test's loop).
    const [fifty] = await listAlerts(t.db, { status: "open" }).then((alerts) => alerts.filter((a) => a.key === "|2026-10|50%"));
    expect(fifty).toMatchObject({ day: "2026-10-15", observed: "$2.88" });
    expect(fifty.firedAt.toISOString()).toBe("2026-10-14T23:00:00.000Z");
    expect(await acknowledgeAlert(t.db, fifty.id, at("2026-10-16"))).toMatchObject({ status: "acknowledged" });
    // 80% ($4) is crossed on Oct 19: $2.52 + 5 x $0.36 = $4.32.
    const fired: string[] = [];
    for (let day = "2026-10-16"; day <= "2026-10-20"; day = shiftDay(day, 1)) fired.push(...(await evaluateAlerts(t.db, at(day))).fired.map((c) => `${day} ${c.alert.key}`));
    expect(fired).toEqual(["2026-10-19 |2026-10|80%"]);
    expect((await listAlerts(t.db)).filter((a) => a.key === "|2026-10|50%").map((a) => a.status)).toEqual(["acknowledged"]);
    // A new month closes October's levels.
    const november = await evaluateAlerts(t.db, at("2026-11-01"));
    expect(november.resolved.map((c) => c.alert.key).sort()).toEqual(["|2026-10|50%", "|2026-10|80%"]);
  });

  it("resolves the regression once its baseline has caught up, and the CLI runs the same evaluation", async () => {
    const regression = (await listAlerts(t.db)).find((a) => a.key === "summarize")!;
    // Oct 18: three of the seven baseline days are doubled, 4,000 against 2,857: +40%, under +50%.
    expect(regression).toMatchObject({ status: "resolved" });
    expect(regression.resolvedAt!.toISOString()).toBe("2026-10-18T23:00:00.000Z");
    const cli = await tally(["alerts", "run", "--at", "2026-11-01T23:00:00Z"], { DATABASE_URL: t.url });
    expect(cli.stderr).toBe("");
    expect(cli.stdout.trim()).toBe("Evaluated 2 rules as of 2026-11-01T23:00:00.000Z (day 2026-11-01): 0 fired, 0 resolved, 0 still open.");
    const list = await tally(["alerts", "list", "--status", "resolved"], { DATABASE_URL: t.url });
    expect(list.stdout.split("\n").filter(Boolean)).toHaveLength(3);
    const bad = await tally(["alerts", "run", "--at", "yesterday"], { DATABASE_URL: t.url });
    expect(bad.stderr.trim()).toBe('tally: --at: "yesterday" is not a time; use an ISO time like 2026-11-23T18:00:00Z');
  });
});

describe.each(PROVIDERS)("concurrent evaluations on %s", (_provider, create) => {
  it("open one alert per key when two evaluations run at once", async () => {
    const t = await create();
    try {
      await ingestItems(t.db, traffic(), { source: "import" });
      await createRule(t.db, { name: "Input per call", kind: "regression", scope: { groupBy: "feature" }, params: { metric: "input_tokens_per_call", risePercent: 50 } });
      const reports = await Promise.all([evaluateAlerts(t.db, at(CHANGE_DAY)), evaluateAlerts(t.db, at(CHANGE_DAY)), evaluateAlerts(t.db, at(CHANGE_DAY))]);
      expect(reports.reduce((n, r) => n + r.fired.length, 0)).toBe(1);
      expect(await listAlerts(t.db)).toHaveLength(1);
    } finally {
      await t.drop();
    }
  });
});

describe.each(PROVIDERS)("alerts delivered end to end on %s", (_provider, create) => {
  it("sends the fired regression to a webhook, and its resolution", async () => {
    const t = await create();
    const hook = await startReceiver();
    try {
      await ingestItems(t.db, traffic(), { source: "import" });
      await createRule(t.db, { name: "Input per call", kind: "regression", scope: { feature: ["summarize"], groupBy: "feature" }, params: { metric: "input_tokens_per_call", risePercent: 50 } });
      await saveDestination(t.db, { name: "on-call", kind: "webhook", enabled: true, fields: { url: hook.url, headers: "" } });
      const fired = await runAlertsAndDeliver(t.db, at(CHANGE_DAY));
      expect(fired.deliveries).toEqual({ sent: 1, retried: 0, failed: 0 });
      expect(hook.requests).toHaveLength(1);
      const notice = JSON.parse(hook.requests[0].body);
      expect(notice).toMatchObject({
        event: "fired",
        alert: { ruleName: "Input per call", kind: "regression", status: "firing", scope: "feature summarize", day: CHANGE_DAY, change: "+100%", url: `http://localhost:3000/alerts/${fired.fired[0].alert.id}` },
      });
      // Running again sends nothing; the resolution on Oct 18 is sent once.
      await runAlertsAndDeliver(t.db, at(CHANGE_DAY));
      expect(hook.requests).toHaveLength(1);
      await runAlertsAndDeliver(t.db, at("2026-10-18"));
      expect(hook.requests.map((r) => JSON.parse(r.body).event)).toEqual(["fired", "resolved"]);
    } finally {
      await hook.close();
      await t.drop();
    }
  });
});
