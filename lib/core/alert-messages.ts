/**
 * What an alert notice looks like at each kind of destination: the generic webhook's JSON (the notice
 * itself), a Slack incoming-webhook message (`text` plus Block Kit `blocks`), and an email's subject,
 * plain-text and HTML bodies. Plain functions from a notice to data; the delivery engine
 * (lib/server/alert-delivery.ts) stores what they return as the payload and sends it.
 */

/** An alert event as the evaluator hands it to delivery, and as a generic webhook receives it. */
export interface AlertNotice {
  event: "fired" | "resolved" | "test";
  alert: {
    /** null for a test notice. */
    id: number | null;
    ruleId: number | null;
    ruleName: string;
    /** "regression" | "spike" | "threshold" | "budget" | "truncation" | "cache_drop" | "unpriced_model" | "model_share" | "test" */
    kind: string;
    status: "firing" | "acknowledged" | "resolved";
    /** One line, e.g. "summarize: cost per call +112% vs its 7-day baseline". */
    title: string;
    /** A sentence or two with the numbers. */
    summary: string;
    /** e.g. "feature summarize". */
    scope: string | null;
    /** YYYY-MM-DD, the day the evaluation looked at. */
    day: string;
    /** Human-readable numbers, e.g. "$0.0123 per call". */
    observed: string | null;
    baseline: string | null;
    /** e.g. "+112%". */
    change: string | null;
    /** Absolute link to the alert's page. */
    url: string;
    /** ISO 8601. */
    firedAt: string;
    resolvedAt: string | null;
  };
}

export interface SlackMessage {
  text: string;
  blocks: Record<string, unknown>[];
}

export interface EmailMessage {
  subject: string;
  text: string;
  html: string;
}

const EVENT_LABELS: Record<AlertNotice["event"], string> = { fired: "Firing", resolved: "Resolved", test: "Test" };

/** Slack's limits: a header's text, a section's text, a field's text, a button's URL. */
const SLACK_HEADER_MAX = 150;
const SLACK_SECTION_MAX = 3000;
const SLACK_FIELD_MAX = 2000;

/** "Firing", "Resolved" or "Test". */
export function eventLabel(event: AlertNotice["event"]): string {
  return EVENT_LABELS[event];
}

/**
 * The one line a person sees first (email subject, Slack notification text): the alert's title, with
 * "Resolved: " in front when it cleared, so the resolving message is not mistaken for the firing one.
 */
export function noticeSubject(notice: AlertNotice): string {
  const title = oneLine(notice.alert.title);
  return notice.event === "resolved" ? `Resolved: ${title}` : title;
}

/** "2026-11-20T10:00:00.000Z" as "2026-11-20 10:00 UTC"; anything unparseable comes back as given. */
export function formatNoticeTime(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  return `${new Date(ms).toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

/** The labelled facts every message lists, in order, leaving out the ones the notice does not have. */
export function noticeFacts(notice: AlertNotice): [label: string, value: string][] {
  const a = notice.alert;
  const facts: [string, string | null][] = [
    ["Observed", a.observed],
    ["Baseline", a.baseline],
    ["Change", a.change],
    ["Scope", a.scope],
    ["Day", a.day],
    ["Rule", notice.event === "test" ? null : a.ruleName],
    ["Fired", notice.event === "test" ? null : formatNoticeTime(a.firedAt)],
    ["Resolved", a.resolvedAt ? formatNoticeTime(a.resolvedAt) : null],
  ];
  return facts.filter((fact): fact is [string, string] => fact[1] !== null && fact[1] !== "").map(([label, value]) => [label, oneLine(value)]);
}

/** The generic webhook's body: the notice itself, as JSON. */
export function webhookBody(notice: AlertNotice): AlertNotice {
  return notice;
}

/**
 * A Slack incoming-webhook message: `text` (the notification and fallback line) and blocks with the
 * title, the summary, the numbers as fields and a button to the alert. Text is escaped for Slack's
 * mrkdwn (&, <, >) and cut to Slack's limits.
 */
export function slackMessage(notice: AlertNotice): SlackMessage {
  const a = notice.alert;
  const label = eventLabel(notice.event);
  const facts = noticeFacts(notice);
  const numbers = facts.filter(([name]) => name === "Observed" || name === "Baseline" || name === "Change");
  const context = facts.filter(([name]) => name !== "Observed" && name !== "Baseline" && name !== "Change");
  const blocks: Record<string, unknown>[] = [
    { type: "header", text: { type: "plain_text", text: clip(`${label}: ${oneLine(a.title)}`, SLACK_HEADER_MAX), emoji: false } },
    { type: "section", text: { type: "mrkdwn", text: clip(slackEscape(a.summary), SLACK_SECTION_MAX) } },
  ];
  if (numbers.length) {
    blocks.push({
      type: "section",
      fields: numbers.map(([name, value]) => ({ type: "mrkdwn", text: clip(`*${name}*\n${slackEscape(value)}`, SLACK_FIELD_MAX) })),
    });
  }
  if (context.length) {
    blocks.push({
      type: "context",
      elements: [{ type: "mrkdwn", text: clip(context.map(([name, value]) => `${name}: ${slackEscape(value)}`).join("  ·  "), SLACK_SECTION_MAX) }],
    });
  }
  blocks.push({
    type: "actions",
    elements: [{ type: "button", text: { type: "plain_text", text: notice.event === "test" ? "Open Tally" : "Open in Tally" }, url: a.url }],
  });
  return { text: `${slackEscape(noticeSubject(notice))} <${a.url}|Open in Tally>`, blocks };
}

/** An email: subject (see noticeSubject), a plain-text body and a simple HTML body with the same facts and link. */
export function emailMessage(notice: AlertNotice): EmailMessage {
  const a = notice.alert;
  const label = eventLabel(notice.event);
  const facts = noticeFacts(notice);
  const width = Math.max(0, ...facts.map(([name]) => name.length));
  const text = [
    `${label}: ${oneLine(a.title)}`,
    "",
    a.summary.trim(),
    "",
    ...facts.map(([name, value]) => `${`${name}:`.padEnd(width + 2)}${value}`),
    "",
    `Open in Tally: ${a.url}`,
    "",
  ].join("\n");
  const rows = facts
    .map(
      ([name, value]) =>
        `<tr><th align="left" style="padding:4px 16px 4px 0;color:#52525b;font-weight:500;vertical-align:top">${htmlEscape(name)}</th><td style="padding:4px 0;color:#18181b">${htmlEscape(value)}</td></tr>`,
    )
    .join("");
  const html = [
    `<!doctype html><html><body style="margin:0;padding:24px;background:#fafafa">`,
    `<div style="max-width:560px;margin:0 auto;padding:20px 24px;background:#ffffff;border:1px solid #e4e4e7;border-radius:12px;font:14px/1.5 -apple-system,'Segoe UI',Helvetica,Arial,sans-serif;color:#18181b">`,
    `<p style="margin:0 0 4px;font-size:12px;font-weight:600;letter-spacing:.04em;text-transform:uppercase;color:${notice.event === "resolved" ? "#047857" : notice.event === "test" ? "#52525b" : "#b91c1c"}">${htmlEscape(label)}</p>`,
    `<h1 style="margin:0 0 12px;font-size:18px;line-height:1.3">${htmlEscape(oneLine(a.title))}</h1>`,
    `<p style="margin:0 0 16px">${htmlEscape(a.summary.trim())}</p>`,
    rows ? `<table role="presentation" style="border-collapse:collapse;margin:0 0 16px">${rows}</table>` : "",
    `<p style="margin:0"><a href="${htmlEscape(a.url)}" style="color:#4f46e5;font-weight:600">Open in Tally</a></p>`,
    `</div></body></html>`,
  ].join("");
  return { subject: noticeSubject(notice), text, html };
}

/** The notice "Send test" delivers: no alert behind it, a title that says what it is, a link to the destinations page. */
export function testNotice({ destinationName, publicUrl, now }: { destinationName: string; publicUrl: string; now: Date }): AlertNotice {
  const iso = now.toISOString();
  return {
    event: "test",
    alert: {
      id: null,
      ruleId: null,
      ruleName: "Test",
      kind: "test",
      status: "firing",
      title: "Test notice from Tally",
      summary: `Tally can deliver alerts to "${destinationName}". Real alerts arrive the same way, with the numbers behind them and a link to the alert.`,
      scope: null,
      day: iso.slice(0, 10),
      observed: null,
      baseline: null,
      change: null,
      url: `${publicUrl.replace(/\/+$/, "")}/alerts/destinations`,
      firedAt: iso,
      resolvedAt: null,
    },
  };
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Slack's mrkdwn reserves &, < and > (links and mentions are written <...>). */
export function slackEscape(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

export function htmlEscape(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

/** What a destination of `kind` is sent for a notice (stored as the delivery's payload, as JSON text). */
export function payloadFor(kind: "webhook" | "slack" | "email", notice: AlertNotice): AlertNotice | SlackMessage | EmailMessage {
  if (kind === "slack") return slackMessage(notice);
  if (kind === "email") return emailMessage(notice);
  return webhookBody(notice);
}
