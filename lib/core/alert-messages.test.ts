import { describe, expect, it } from "vitest";
import { type AlertNotice, emailMessage, noticeFacts, noticeSubject, payloadFor, slackMessage, testNotice, webhookBody } from "@/lib/core/alert-messages";

const fired: AlertNotice = {
  event: "fired",
  alert: {
    id: 42,
    ruleId: 7,
    ruleName: "Cost per call regressions",
    kind: "regression",
    status: "firing",
    title: "summarize: cost per call +112% vs its 7-day baseline",
    summary: "Cost per call of feature summarize was $0.0246 on 2026-11-20 against $0.0116 over the 7 days before (+112%, 1,204 calls).",
    scope: "feature summarize",
    day: "2026-11-20",
    observed: "$0.0246 per call",
    baseline: "$0.0116 per call",
    change: "+112%",
    url: "https://tally.example.com/alerts/42",
    firedAt: "2026-11-21T06:00:00.000Z",
    resolvedAt: null,
  },
};

const resolved: AlertNotice = {
  event: "resolved",
  alert: { ...fired.alert, status: "resolved", resolvedAt: "2026-11-23T06:00:00.000Z" },
};

describe("generic webhook body", () => {
  it("is the notice itself, so a receiver gets every field of the contract", () => {
    expect(JSON.parse(JSON.stringify(webhookBody(fired)))).toEqual(fired);
    expect(payloadFor("webhook", fired)).toBe(fired);
  });
});

describe("facts", () => {
  it("lists the numbers, scope, day, rule and times, leaving out what is missing", () => {
    expect(noticeFacts(fired)).toEqual([
      ["Observed", "$0.0246 per call"],
      ["Baseline", "$0.0116 per call"],
      ["Change", "+112%"],
      ["Scope", "feature summarize"],
      ["Day", "2026-11-20"],
      ["Rule", "Cost per call regressions"],
      ["Fired", "2026-11-21 06:00 UTC"],
    ]);
    expect(noticeFacts(resolved).at(-1)).toEqual(["Resolved", "2026-11-23 06:00 UTC"]);
    const budget: AlertNotice = { event: "fired", alert: { ...fired.alert, kind: "budget", observed: "$812.40 this month", baseline: null, change: null, scope: null } };
    expect(noticeFacts(budget).map(([label]) => label)).toEqual(["Observed", "Day", "Rule", "Fired"]);
  });
});

describe("Slack message", () => {
  it("has the title as fallback text with a link, and blocks with the title, summary, numbers and a button", () => {
    const message = slackMessage(fired);
    expect(message.text).toBe("summarize: cost per call +112% vs its 7-day baseline <https://tally.example.com/alerts/42|Open in Tally>");
    expect(message.blocks).toEqual([
      { type: "header", text: { type: "plain_text", text: "Firing: summarize: cost per call +112% vs its 7-day baseline", emoji: false } },
      { type: "section", text: { type: "mrkdwn", text: fired.alert.summary } },
      {
        type: "section",
        fields: [
          { type: "mrkdwn", text: "*Observed*\n$0.0246 per call" },
          { type: "mrkdwn", text: "*Baseline*\n$0.0116 per call" },
          { type: "mrkdwn", text: "*Change*\n+112%" },
        ],
      },
      {
        type: "context",
        elements: [{ type: "mrkdwn", text: "Scope: feature summarize  ·  Day: 2026-11-20  ·  Rule: Cost per call regressions  ·  Fired: 2026-11-21 06:00 UTC" }],
      },
      { type: "actions", elements: [{ type: "button", text: { type: "plain_text", text: "Open in Tally" }, url: "https://tally.example.com/alerts/42" }] },
    ]);
  });

  it("says Resolved, escapes Slack's control characters and keeps within Slack's limits", () => {
    const tricky: AlertNotice = { event: "resolved", alert: { ...resolved.alert, title: "a<b> & c ".repeat(40), summary: "<!channel> x & y" } };
    const message = slackMessage(tricky);
    expect(message.text.startsWith("Resolved: a&lt;b&gt; &amp; c")).toBe(true);
    const header = message.blocks[0] as { text: { text: string } };
    expect(header.text.text.startsWith("Resolved: a<b> & c")).toBe(true); // plain_text is not mrkdwn
    expect(header.text.text.length).toBe(150);
    expect(header.text.text.endsWith("…")).toBe(true);
    expect((message.blocks[1] as { text: { text: string } }).text.text).toBe("&lt;!channel&gt; x &amp; y");
  });

  it("for a notice without numbers has no fields block", () => {
    const message = slackMessage(testNotice({ destinationName: "ops", publicUrl: "http://localhost:3000/", now: new Date("2026-11-23T10:00:00Z") }));
    expect(message.blocks.map((b) => b.type)).toEqual(["header", "section", "context", "actions"]);
    expect(message.text).toBe("Test notice from Tally <http://localhost:3000/alerts/destinations|Open in Tally>");
  });
});

describe("email", () => {
  it("has the title as subject, the facts aligned in the text body and a link", () => {
    const mail = emailMessage(fired);
    expect(mail.subject).toBe("summarize: cost per call +112% vs its 7-day baseline");
    expect(mail.text).toBe(
      [
        "Firing: summarize: cost per call +112% vs its 7-day baseline",
        "",
        fired.alert.summary,
        "",
        "Observed: $0.0246 per call",
        "Baseline: $0.0116 per call",
        "Change:   +112%",
        "Scope:    feature summarize",
        "Day:      2026-11-20",
        "Rule:     Cost per call regressions",
        "Fired:    2026-11-21 06:00 UTC",
        "",
        "Open in Tally: https://tally.example.com/alerts/42",
        "",
      ].join("\n"),
    );
    expect(mail.html).toContain(">$0.0246 per call</td>");
    expect(mail.html).toContain('<a href="https://tally.example.com/alerts/42"');
  });

  it("marks a resolved alert in the subject and escapes HTML", () => {
    const mail = emailMessage({ ...resolved, alert: { ...resolved.alert, title: "x <script>alert(1)</script>" } });
    expect(mail.subject).toBe("Resolved: x <script>alert(1)</script>");
    expect(mail.html).not.toContain("<script>");
    expect(mail.html).toContain("x &lt;script&gt;alert(1)&lt;/script&gt;");
    expect(mail.text).toContain("Resolved: 2026-11-23 06:00 UTC");
  });
});

describe("test notice", () => {
  it("has no alert behind it, says what it is and links to the destinations page", () => {
    const notice = testNotice({ destinationName: "On-call", publicUrl: "https://tally.example.com", now: new Date("2026-11-23T10:15:00Z") });
    expect(notice).toMatchObject({
      event: "test",
      alert: { id: null, ruleId: null, kind: "test", title: "Test notice from Tally", day: "2026-11-23", firedAt: "2026-11-23T10:15:00.000Z", url: "https://tally.example.com/alerts/destinations" },
    });
    expect(notice.alert.summary).toContain('"On-call"');
    expect(noticeSubject(notice)).toBe("Test notice from Tally");
    expect(emailMessage(notice).text).toContain("Day: 2026-11-23");
  });
});
