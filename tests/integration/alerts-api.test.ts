/**
 * The alerts HTTP API on both databases: rules CRUD with field errors, the backtest of an unsaved rule,
 * an evaluation run with a set clock, listing and acknowledging. Traffic: 20 Sonnet 4.6 calls a day of
 * 2,000 input tokens for feature "search" from 2026-09-01, 4,000 from 2026-09-10.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as listAlertsRoute } from "@/app/api/v1/alerts/route";
import { POST as acknowledge } from "@/app/api/v1/alerts/[id]/acknowledge/route";
import { GET as listRulesRoute, POST as createRuleRoute } from "@/app/api/v1/alerts/rules/route";
import { DELETE as deleteRuleRoute, GET as getRuleRoute, PUT as putRuleRoute } from "@/app/api/v1/alerts/rules/[id]/route";
import { POST as backtestRoute } from "@/app/api/v1/alerts/rules/backtest/route";
import { POST as runRoute } from "@/app/api/v1/alerts/run/route";
import { shiftDay } from "@/lib/core/chart-data";
import { stopApp } from "@/lib/server/app";
import { ingestItems } from "@/lib/server/ingest";
import { PROVIDERS, type TestDatabase } from "@/tests/helpers/databases";
import { authedRequest, tokenFor } from "@/tests/helpers/auth";

/** Requests signed in as an admin of the database under test (set in beforeAll). */
let req: ReturnType<typeof authedRequest>;

const RULE = { name: "Search input", kind: "regression", scope: { feature: ["search"], groupBy: "feature" }, params: { metric: "input_tokens_per_call", risePercent: 50 } };
const url = (path: string) => `http://tally.test${path}`;
const post = (path: string, body?: unknown) => req(url(path), { method: "POST", body: body === undefined ? undefined : JSON.stringify(body), headers: { "content-type": "application/json" } });
const ctx = (id: number | string) => ({ params: Promise.resolve({ id: String(id) }) });

describe.each(PROVIDERS)("alerts API on %s", (_provider, create) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await create();
    req = authedRequest(await tokenFor(t.db));
    process.env.DATABASE_URL = t.url;
    const records = [];
    for (let day = "2026-09-01"; day <= "2026-09-12"; day = shiftDay(day, 1)) {
      for (let c = 0; c < 20; c++) records.push({ id: `aa-${day}-${c}`, timestamp: `${day}T08:00:00Z`, model: "claude-sonnet-4-6", feature: "search", usage: { input_tokens: day >= "2026-09-10" ? 4000 : 2000, output_tokens: 10 } });
    }
    await ingestItems(t.db, records, { source: "import" });
  });
  afterAll(async () => {
    await stopApp();
    delete process.env.DATABASE_URL;
    await t.drop();
  });

  it("creates, reads, updates and deletes rules, naming bad fields", async () => {
    const bad = await createRuleRoute(post("/api/v1/alerts/rules", { ...RULE, params: { metric: "cost", risePercent: 50 } }));
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.message).toMatch(/^params\.metric: Invalid option/);
    expect((await createRuleRoute(req(url("/api/v1/alerts/rules"), { method: "POST", body: "{" }))).status).toBe(400);

    const created = await createRuleRoute(post("/api/v1/alerts/rules", RULE));
    expect(created.status).toBe(201);
    const rule = await created.json();
    expect(rule).toMatchObject({ id: expect.any(Number), name: "Search input", params: { metric: "input_tokens_per_call", risePercent: 50, baselineDays: 7, minCalls: 20 }, cooldownHours: 24, enabled: true });
    const updated = await putRuleRoute(req(url(`/api/v1/alerts/rules/${rule.id}`), { method: "PUT", body: JSON.stringify({ ...RULE, name: "Search input per call" }) }), ctx(rule.id));
    expect((await updated.json()).name).toBe("Search input per call");
    expect((await (await listRulesRoute(req(url("/api/v1/alerts/rules")))).json()).rules).toHaveLength(1);
    expect((await getRuleRoute(req(url("/x")), ctx(999))).status).toBe(404);

    const temp = await (await createRuleRoute(post("/api/v1/alerts/rules", { ...RULE, name: "temp" }))).json();
    expect((await deleteRuleRoute(req(url("/x"), { method: "DELETE" }), ctx(temp.id))).status).toBe(204);
    expect((await deleteRuleRoute(req(url("/x"), { method: "DELETE" }), ctx(temp.id))).status).toBe(404);
  });

  it("backtests an unsaved rule over the 90 days before the clock", async () => {
    const response = await backtestRoute(post("/api/v1/alerts/rules/backtest?at=2026-09-12T23:00:00Z", RULE));
    const body = await response.json();
    expect(body.from).toBe("2026-06-15");
    expect(body.to).toBe("2026-09-12");
    // Sep 10, 11 and 12: 4,000 against a baseline of at most two doubled days in seven.
    expect(body.days.map((d: { day: string }) => d.day)).toEqual(["2026-09-10", "2026-09-11", "2026-09-12"]);
    expect(body.days[0].findings[0]).toMatchObject({ key: "search", change: "+100%" });
  });

  it("runs the evaluation at a set time, lists the alert and acknowledges it once", async () => {
    const before = await (await runRoute(post("/api/v1/alerts/run?at=2026-09-09T23:00:00Z"))).json();
    expect(before).toMatchObject({ day: "2026-09-09", fired: [], resolved: [] });
    const run = await (await runRoute(post("/api/v1/alerts/run?at=2026-09-10T23:00:00Z"))).json();
    expect(run.fired.map((a: { title: string }) => a.title)).toEqual(["feature search: input tokens per call +100% vs its 7-day baseline"]);
    expect((await (await runRoute(post("/api/v1/alerts/run?at=2026-09-10T23:30:00Z"))).json()).fired).toEqual([]);

    const open = await (await listAlertsRoute(req(url("/api/v1/alerts?status=open")))).json();
    expect(open.alerts).toHaveLength(1);
    const id = open.alerts[0].id;
    const acked = await acknowledge(post(`/api/v1/alerts/${id}/acknowledge?at=2026-09-11T08:00:00Z`), ctx(id));
    expect(await acked.json()).toMatchObject({ status: "acknowledged", acknowledgedAt: "2026-09-11T08:00:00.000Z" });
    expect((await acknowledge(post(`/api/v1/alerts/999/acknowledge`), ctx(999))).status).toBe(404);
    expect((await listAlertsRoute(req(url("/api/v1/alerts?status=maybe")))).status).toBe(400);
  });
});
