/**
 * The monthly report's scheduled delivery on both databases, against a real HTTP receiver and a real
 * SMTP server process on loopback. October 2026: 10 Haiku 4.5 calls of 10,000 input tokens ($0.01 each).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { simpleParser } from "mailparser";
import { saveDestination } from "@/lib/server/alert-destinations";
import { openDatabase } from "@/lib/server/db";
import { ingestItems } from "@/lib/server/ingest";
import { deliverMonthlyReports, listReportDeliveries, setReportRecipients } from "@/lib/server/report-delivery";
import { PROVIDERS, type TestDatabase } from "@/tests/helpers/databases";
import { type Receiver, startReceiver } from "@/tests/helpers/http-receiver";
import { type SmtpSink, startSmtpSink } from "@/tests/helpers/smtp-sink";

/** A feature name that would be markup if the email pasted it in unescaped. */
const HOSTILE_FEATURE = 'chat<img src=x onerror="alert(1)">';

let sink: SmtpSink;
beforeAll(async () => {
  sink = await startSmtpSink();
});
afterAll(async () => sink.stop());

describe.each(PROVIDERS)("monthly report delivery on %s", (_provider, create) => {
  let t: TestDatabase;
  let hook: Receiver;
  let flaky: Receiver;
  beforeAll(async () => {
    t = await create();
    hook = await startReceiver();
    flaky = await startReceiver((n) => (n === 1 ? 500 : 200));
    await ingestItems(t.db, Array.from({ length: 10 }, (_, i) => ({ id: `rd-${i}`, timestamp: `2026-10-${String(i + 1).padStart(2, "0")}T10:00:00Z`, model: "claude-haiku-4-5", feature: HOSTILE_FEATURE, usage: { input_tokens: 10_000, output_tokens: 0 } })), { source: "import" });
    const ids = [
      (await saveDestination(t.db, { name: "finance-hook", kind: "webhook", enabled: true, fields: { url: hook.url, headers: "" } })).destination.id,
      (await saveDestination(t.db, { name: "flaky-hook", kind: "webhook", enabled: true, fields: { url: flaky.url, headers: "" } })).destination.id,
      (await saveDestination(t.db, { name: "finance-mail", kind: "email", enabled: true, fields: { host: "127.0.0.1", port: String(sink.port), security: "none", user: sink.user, password: sink.password, from: "tally@example.com", to: "finance@example.com" } })).destination.id,
    ];
    await saveDestination(t.db, { name: "alerts-only", kind: "webhook", enabled: true, fields: { url: hook.url, headers: "" } });
    await setReportRecipients(t.db, ids);
  });
  afterAll(async () => {
    await hook.close();
    await flaky.close();
    await t.drop();
  });

  it("sends October's report once October has ended, to the chosen destinations only, once", async () => {
    const before = sink.messages().length;
    const first = await deliverMonthlyReports(t.db, new Date("2026-11-01T00:05:00Z"));
    expect(first.month).toBe("2026-10");
    expect(first.sent).toEqual(["finance-hook", "finance-mail"]);
    expect(first.failed.map((f) => f.destination)).toEqual(["flaky-hook"]);

    expect(hook.requests).toHaveLength(1);
    const body = JSON.parse(hook.requests[0].body);
    expect(body).toMatchObject({ event: "monthly_report", month: "2026-10", timeZone: "UTC", totalUsd: "0.1", url: "http://localhost:3000/reports/2026-10" });
    expect(body.report.totalUsd).toBe("0.1");

    const [mail] = sink.messages().slice(before);
    expect(mail.to).toEqual(["finance@example.com"]);
    const parsed = await simpleParser(mail.raw);
    expect(parsed.subject).toBe("Tally report: October 2026: $0.10 over 10 calls");
    // The feature's name is in the narrative as text, never as an element.
    expect(parsed.html).toContain("feature chat&lt;img src=x onerror=&quot;alert(1)&quot;&gt;, +$0.10");
    expect(parsed.html).not.toContain("<img");
    expect(parsed.attachments.map((a) => a.filename)).toEqual(["tally-report_2026-10.csv", "tally-report_2026-10.pdf"]);
    expect(parsed.attachments[1].content.subarray(0, 4).toString()).toBe("%PDF");

    // Again the same morning: nothing new; the flaky hook waits for its retry.
    expect(await deliverMonthlyReports(t.db, new Date("2026-11-01T00:10:00Z"))).toMatchObject({ sent: [], failed: [] });
    expect(hook.requests).toHaveLength(1);
    expect((await deliverMonthlyReports(t.db, new Date("2026-11-01T00:40:00Z"))).sent).toEqual(["flaky-hook"]);
    expect((await listReportDeliveries(t.db, "2026-10")).map((d) => [d.status, d.attempts])).toEqual([
      ["sent", 1],
      ["sent", 2],
      ["sent", 1],
    ]);
  });

  it("sends November's report once to each destination when two processes deliver at the same moment", async () => {
    const other = openDatabase(t.url);
    try {
      const before = { hook: hook.requests.length, flaky: flaky.requests.length, mail: sink.messages().length };
      const at = new Date("2026-12-01T00:05:00Z");
      const [a, b] = await Promise.all([deliverMonthlyReports(t.db, at), deliverMonthlyReports(other, at)]);
      expect([...a.sent, ...b.sent].sort()).toEqual(["finance-hook", "finance-mail", "flaky-hook"]);
      expect([hook.requests.length - before.hook, flaky.requests.length - before.flaky, sink.messages().length - before.mail]).toEqual([1, 1, 1]);
      expect((await listReportDeliveries(t.db, "2026-11")).map((d) => [d.status, d.attempts])).toEqual([
        ["sent", 1],
        ["sent", 1],
        ["sent", 1],
      ]);
    } finally {
      await other.close();
    }
  });
});
