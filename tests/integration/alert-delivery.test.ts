/**
 * Alert delivery on both databases, against real receivers on loopback: HTTP servers (node:http) that
 * record what they get and answer as told, a port nothing listens on, and a real SMTP server in its own
 * process (the smtp-server package). The clock is the `now` each call is given: retries are driven by
 * calling processDeliveries at the times the backoff names.
 */
import { simpleParser } from "mailparser";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { SECRET_MASK } from "@/lib/core/alert-destinations";
import { DEFAULT_DELIVERY_POLICY } from "@/lib/core/alert-delivery-retry";
import type { AlertNotice } from "@/lib/core/alert-messages";
import { enqueueNotice, processDeliveries, sendTest } from "@/lib/server/alert-delivery";
import { deleteDestination, listDeliveryLog, listDestinations, saveDestination } from "@/lib/server/alert-destinations";
import type { Database } from "@/lib/server/db";
import { PROVIDERS, type TestDatabase } from "@/tests/helpers/databases";
import { type Receiver, deadPort, startReceiver } from "@/tests/helpers/http-receiver";
import { type SmtpSink, startSmtpSink } from "@/tests/helpers/smtp-sink";

const T = new Date("2026-11-23T10:00:00Z");
const at = (minutes: number) => new Date(T.getTime() + minutes * 60_000);
/** When the six attempts of a delivery that keeps failing fall: 0, +1, +2, +4, +8, +16 minutes after the one before. */
const ATTEMPT_MINUTES = [0, 1, 3, 7, 15, 31];

const notice: AlertNotice = {
  event: "fired",
  alert: {
    id: 42,
    ruleId: 7,
    ruleName: "Cost per call regressions",
    kind: "regression",
    status: "firing",
    title: "summarize: cost per call +112% vs its 7-day baseline",
    summary: "Cost per call of feature summarize was $0.0246 on 2026-11-22 against $0.0116 over the 7 days before (+112%, 1,204 calls).",
    scope: "feature summarize",
    day: "2026-11-22",
    observed: "$0.0246 per call",
    baseline: "$0.0116 per call",
    change: "+112%",
    url: "https://tally.example.com/alerts/42",
    firedAt: "2026-11-23T10:00:00.000Z",
    resolvedAt: null,
  },
};

let sink: SmtpSink;
beforeAll(async () => {
  sink = await startSmtpSink();
});
afterAll(async () => {
  await sink.stop();
});

const receivers: Receiver[] = [];
async function receiver(...args: Parameters<typeof startReceiver>): Promise<Receiver> {
  const r = await startReceiver(...args);
  receivers.push(r);
  return r;
}

describe.each(PROVIDERS)("alert delivery on %s", (_provider, create) => {
  let t: TestDatabase;
  let db: Database;

  beforeAll(async () => {
    t = await create();
    db = t.db;
  });
  afterAll(async () => {
    await Promise.all(receivers.splice(0).map((r) => r.close()));
    await t.drop();
  });
  beforeEach(async () => {
    await db.prisma.alertDelivery.deleteMany();
    await db.prisma.alertDestination.deleteMany();
  });

  async function webhook(name: string, url: string, headers = "", enabled = true): Promise<number> {
    return (await saveDestination(db, { name, kind: "webhook", enabled, fields: { url, headers } })).destination.id;
  }

  async function email(name: string, fields: { to: string; password?: string }): Promise<number> {
    const { destination } = await saveDestination(db, {
      name,
      kind: "email",
      enabled: true,
      fields: { host: "127.0.0.1", port: String(sink.port), security: "none", user: sink.user, password: fields.password ?? sink.password, from: "tally@example.com", to: fields.to },
    });
    return destination.id;
  }

  async function rows() {
    return db.prisma.alertDelivery.findMany({ orderBy: { id: "asc" }, include: { destination: { select: { name: true } } } });
  }

  it("stores destinations whole but shows them masked; an edit that leaves secrets masked keeps them; delete takes the log too", async () => {
    const secretUrl = "https://hooks.slack.com/services/T0SECRET1/B0SECRET2/tokenSECRET3";
    const { destination } = await saveDestination(db, { name: "Ops Slack", kind: "slack", enabled: true, fields: { url: secretUrl } });
    await webhook("Pager", "https://pager.example.com/v1/hooks/SECRETPATH?key=SECRETKEY", "Authorization: Bearer SECRETTOKEN");

    const listed = await listDestinations(db);
    expect(listed.map((d) => [d.name, d.kind, d.target, d.enabled])).toEqual([
      ["Ops Slack", "slack", "https://hooks.slack.com/services/T0…/•••", true],
      ["Pager", "webhook", "https://pager.example.com/v1/ho…/•••?•••", true],
    ]);
    expect(JSON.stringify(listed)).not.toMatch(/SECRET/);
    expect(listed[1].form.headers).toBe(`Authorization: ${SECRET_MASK}`);

    // Saved back exactly as the form shows it, renamed and disabled: the secrets stay.
    await saveDestination(db, { id: listed[1].id, name: "Pager (old)", kind: "webhook", enabled: false, fields: listed[1].form });
    const stored = await db.prisma.alertDestination.findUniqueOrThrow({ where: { id: listed[1].id } });
    expect(JSON.parse(stored.config)).toEqual({
      url: "https://pager.example.com/v1/hooks/SECRETPATH?key=SECRETKEY",
      headers: [{ name: "Authorization", value: "Bearer SECRETTOKEN" }],
    });
    expect(stored).toMatchObject({ name: "Pager (old)", enabled: false });

    await expect(saveDestination(db, { name: "Ops Slack", kind: "slack", enabled: true, fields: { url: secretUrl } })).rejects.toMatchObject({
      fieldErrors: { name: ['A destination named "Ops Slack" already exists.'] },
    });
    await expect(saveDestination(db, { name: "Bad", kind: "webhook", enabled: true, fields: { url: "ftp://x" } })).rejects.toMatchObject({
      fieldErrors: { url: ["Use an http:// or https:// URL."] },
    });

    const ok = await receiver();
    await saveDestination(db, { id: destination.id, name: "Ops Slack", kind: "slack", enabled: true, fields: { url: `${ok.url}/services/T1/B2/x` } });
    await sendTest(db, destination.id, T, { publicUrl: "http://tally.test" });
    expect(await listDeliveryLog(db)).toHaveLength(1);
    expect(await deleteDestination(db, destination.id)).toBe(true);
    expect(await deleteDestination(db, destination.id)).toBe(false);
    expect(await listDeliveryLog(db)).toEqual([]);
    expect((await listDestinations(db)).map((d) => d.name)).toEqual(["Pager (old)"]);
  });

  it("enqueues one pending row per enabled destination and sends nothing until processDeliveries runs", async () => {
    const a = await receiver();
    const b = await receiver();
    await webhook("A", `${a.url}/hook`);
    await webhook("B", `${b.url}/hook`);
    await webhook("Off", `${a.url}/off`, "", false);

    expect(await enqueueNotice(db, notice, T)).toBe(2);
    expect(a.requests).toEqual([]);
    const pending = await rows();
    expect(pending.map((r) => [r.destination.name, r.alertId, r.event, r.status, r.attempts, r.nextAttemptAt.toISOString(), r.createdAt.toISOString()])).toEqual([
      ["A", 42, "fired", "pending", 0, T.toISOString(), T.toISOString()],
      ["B", 42, "fired", "pending", 0, T.toISOString(), T.toISOString()],
    ]);
    expect(JSON.parse(pending[0].payload)).toEqual(notice);

    expect(await processDeliveries(db, T)).toEqual({ sent: 2, retried: 0, failed: 0 });
    expect(a.requests.map((r) => r.path)).toEqual(["/hook"]);
    expect(await processDeliveries(db, at(60))).toEqual({ sent: 0, retried: 0, failed: 0 });
  });

  it("retries a receiver that fails twice and then recovers: retried at t and t+1min, sent at t+3min with attempts = 3", async () => {
    const flaky = await receiver((n) => (n <= 2 ? { status: 500, body: "database is down" } : 204));
    await webhook("Flaky", `${flaky.url}/alerts`, "Authorization: Bearer abc123\nX-Team: ops");
    await enqueueNotice(db, notice, T);

    expect(await processDeliveries(db, T)).toEqual({ sent: 0, retried: 1, failed: 0 });
    let [row] = await rows();
    expect(row).toMatchObject({ status: "pending", attempts: 1, lastStatus: 500, lastError: "HTTP 500 Internal Server Error: database is down", sentAt: null });
    expect(row.nextAttemptAt).toEqual(at(1));

    expect(await processDeliveries(db, at(0.5))).toEqual({ sent: 0, retried: 0, failed: 0 });
    expect(flaky.requests).toHaveLength(1);

    expect(await processDeliveries(db, at(1))).toEqual({ sent: 0, retried: 1, failed: 0 });
    [row] = await rows();
    expect(row).toMatchObject({ status: "pending", attempts: 2 });
    expect(row.nextAttemptAt).toEqual(at(3));

    expect(await processDeliveries(db, at(3))).toEqual({ sent: 1, retried: 0, failed: 0 });
    [row] = await rows();
    expect(row).toMatchObject({ status: "sent", attempts: 3, lastStatus: 204, lastError: null });
    expect(row.sentAt).toEqual(at(3));

    expect(flaky.requests).toHaveLength(3);
    for (const request of flaky.requests) {
      expect(request).toMatchObject({ method: "POST", path: "/alerts" });
      expect(request.headers).toMatchObject({ "content-type": "application/json", authorization: "Bearer abc123", "x-team": "ops" });
      expect(JSON.parse(request.body)).toEqual(notice);
    }
    expect(await processDeliveries(db, at(100))).toEqual({ sent: 0, retried: 0, failed: 0 });
  });

  it("does not let a destination that always fails, or one that never answers, hold up another; the failing one gives up after 6 attempts", async () => {
    const broken = await receiver(() => 503);
    const silent = await receiver(() => "hang");
    const slack = await receiver(() => 200);
    await webhook("Broken", `${broken.url}/x`);
    await webhook("Silent", `${silent.url}/x`);
    await saveDestination(db, { name: "Slack", kind: "slack", enabled: true, fields: { url: `${slack.url}/services/T1/B2/c3` } });
    await enqueueNotice(db, notice, T);
    const policy = { ...DEFAULT_DELIVERY_POLICY, timeoutMs: 300 };

    const started = Date.now();
    expect(await processDeliveries(db, T, { policy })).toEqual({ sent: 1, retried: 2, failed: 0 });
    expect(Date.now() - started).toBeLessThan(5_000);
    const bySink = Object.fromEntries((await rows()).map((r) => [r.destination.name, r]));
    expect(bySink.Slack).toMatchObject({ status: "sent", attempts: 1, lastStatus: 200 });
    expect(bySink.Silent).toMatchObject({ status: "pending", attempts: 1, lastStatus: null, lastError: "No answer within 0.3 s." });
    expect(bySink.Broken).toMatchObject({ status: "pending", attempts: 1, lastStatus: 503 });

    const message = JSON.parse(slack.requests[0].body);
    expect(message.text).toBe("summarize: cost per call +112% vs its 7-day baseline <https://tally.example.com/alerts/42|Open in Tally>");
    expect(message.blocks[0]).toEqual({ type: "header", text: { type: "plain_text", text: `Firing: ${notice.alert.title}`, emoji: false } });
    expect(JSON.stringify(message.blocks)).toContain("*Observed*\\n$0.0246 per call");

    for (const minutes of ATTEMPT_MINUTES.slice(1)) await processDeliveries(db, at(minutes), { policy });
    const after = Object.fromEntries((await rows()).map((r) => [r.destination.name, r]));
    expect(after.Broken).toMatchObject({ status: "failed", attempts: 6, lastStatus: 503 });
    expect(after.Silent).toMatchObject({ status: "failed", attempts: 6 });
    expect(broken.requests).toHaveLength(6);
    expect(slack.requests).toHaveLength(1);
  });

  it("retries a dead port (connection refused) and finally marks it failed; a 404 gives up at once", async () => {
    const port = await deadPort();
    const gone = await receiver(() => ({ status: 404, body: "no_service" }));
    await webhook("Dead", `http://127.0.0.1:${port}/hook`);
    await saveDestination(db, { name: "Revoked Slack", kind: "slack", enabled: true, fields: { url: `${gone.url}/services/T/B/revoked` } });
    await enqueueNotice(db, notice, T);

    expect(await processDeliveries(db, T)).toEqual({ sent: 0, retried: 1, failed: 1 });
    const revoked = (await rows()).find((r) => r.destination.name === "Revoked Slack")!;
    expect(revoked).toMatchObject({ status: "failed", attempts: 1, lastStatus: 404, lastError: "HTTP 404 Not Found: no_service" });

    const counts = [];
    for (const minutes of ATTEMPT_MINUTES.slice(1)) counts.push(await processDeliveries(db, at(minutes)));
    expect(counts).toEqual([
      { sent: 0, retried: 1, failed: 0 },
      { sent: 0, retried: 1, failed: 0 },
      { sent: 0, retried: 1, failed: 0 },
      { sent: 0, retried: 1, failed: 0 },
      { sent: 0, retried: 0, failed: 1 },
    ]);
    const dead = (await rows()).find((r) => r.destination.name === "Dead")!;
    expect(dead).toMatchObject({ status: "failed", attempts: 6, lastStatus: null });
    expect(dead.lastError).toMatch(/^Could not connect: .*ECONNREFUSED/);
    expect(gone.requests).toHaveLength(1);
  });

  it("sends email through a real SMTP server process: subject, bodies with the numbers and link, recipients", async () => {
    const before = sink.messages().length;
    await email("On-call mail", { to: "oncall@example.com, lead@example.com" });
    await enqueueNotice(db, notice, T);
    expect(await processDeliveries(db, T)).toEqual({ sent: 1, retried: 0, failed: 0 });
    const [row] = await rows();
    expect(row).toMatchObject({ status: "sent", attempts: 1, lastStatus: 250 });

    const received = sink.messages().slice(before);
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({ from: "tally@example.com", to: ["oncall@example.com", "lead@example.com"], user: "alerts" });
    const mail = await simpleParser(received[0].raw);
    expect(mail.subject).toBe("summarize: cost per call +112% vs its 7-day baseline");
    expect(mail.from?.text).toBe("tally@example.com");
    expect(mail.to && !Array.isArray(mail.to) ? mail.to.value.map((a) => a.address) : null).toEqual(["oncall@example.com", "lead@example.com"]);
    expect(mail.text).toContain("Observed: $0.0246 per call");
    expect(mail.text).toContain("Change:   +112%");
    expect(mail.text).toContain("Open in Tally: https://tally.example.com/alerts/42");
    expect(mail.html).toContain(">$0.0116 per call</td>");
    expect(mail.html).toContain('href="https://tally.example.com/alerts/42"');
  });

  it("gives up at once when the SMTP server refuses the login (535) or the only recipient (550)", async () => {
    const before = sink.messages().length;
    await email("Wrong password", { to: "oncall@example.com", password: "nope" });
    await email("Refused", { to: "refused@example.com" });
    await enqueueNotice(db, notice, T);
    expect(await processDeliveries(db, T)).toEqual({ sent: 0, retried: 0, failed: 2 });
    const byName = Object.fromEntries((await rows()).map((r) => [r.destination.name, r]));
    expect(byName["Wrong password"]).toMatchObject({ status: "failed", attempts: 1, lastStatus: 535 });
    expect(byName["Wrong password"].lastError).toMatch(/^SMTP: Invalid login/);
    expect(byName.Refused).toMatchObject({ status: "failed", attempts: 1, lastStatus: 550 });
    expect(sink.messages().length).toBe(before);
  });

  it("sendTest delivers at once (enabled or not), records a log row, and reports a failure", async () => {
    const ok = await receiver();
    const bad = await receiver(() => 500);
    const okId = await webhook("Test me", `${ok.url}/t`, "", false);
    const badId = await webhook("Broken", `${bad.url}/t`);
    const mailId = await email("Mail", { to: "oncall@example.com, refused@example.com" });

    expect(await sendTest(db, okId, T, { publicUrl: "https://tally.example.com" })).toEqual({ ok: true, detail: "HTTP 200" });
    const body = JSON.parse(ok.requests[0].body) as AlertNotice;
    expect(body).toMatchObject({ event: "test", alert: { id: null, kind: "test", title: "Test notice from Tally", url: "https://tally.example.com/alerts/destinations" } });

    expect(await sendTest(db, badId, at(1), { publicUrl: "https://tally.example.com" })).toEqual({ ok: false, detail: "HTTP 500 Internal Server Error: receiver says 500" });
    const mail = await sendTest(db, mailId, at(2), { publicUrl: "https://tally.example.com" });
    expect(mail.ok).toBe(true);
    expect(mail.detail).toMatch(/^250 .*\(refused: refused@example\.com\)$/);
    expect(await sendTest(db, 999_999, T)).toEqual({ ok: false, detail: "That destination no longer exists." });

    const log = await listDeliveryLog(db);
    expect(log.map((e) => [e.destinationName, e.event, e.alertId, e.status, e.attempts, e.lastStatus, e.lastError])).toEqual([
      ["Mail", "test", null, "sent", 1, 250, "Refused by the server: refused@example.com"],
      ["Broken", "test", null, "failed", 1, 500, "HTTP 500 Internal Server Error: receiver says 500"],
      ["Test me", "test", null, "sent", 1, 200, null],
    ]);
    // A test is never queued: nothing is left for processDeliveries.
    expect(await processDeliveries(db, at(60))).toEqual({ sent: 0, retried: 0, failed: 0 });
    expect(bad.requests).toHaveLength(1);
  });

  it("sends each delivery once when two processDeliveries run at the same moment", async () => {
    const r = await receiver();
    for (const name of ["One", "Two", "Three"]) await webhook(name, `${r.url}/${name}`);
    await enqueueNotice(db, notice, T);
    const [first, second] = await Promise.all([processDeliveries(db, T), processDeliveries(db, T)]);
    expect(first.sent + second.sent).toBe(3);
    expect(r.requests.map((q) => q.path).sort()).toEqual(["/One", "/Three", "/Two"]);
  });

  it("does not send what was queued for a destination disabled since", async () => {
    const r = await receiver();
    const id = await webhook("Later off", `${r.url}/x`);
    await enqueueNotice(db, notice, T);
    await db.prisma.alertDestination.update({ where: { id }, data: { enabled: false } });
    expect(await processDeliveries(db, T)).toEqual({ sent: 0, retried: 0, failed: 1 });
    expect((await rows())[0]).toMatchObject({ status: "failed", attempts: 0, lastError: "Not sent: the destination was disabled." });
    expect(r.requests).toEqual([]);
  });
});
