import { describe, expect, it } from "vitest";
import {
  type DestinationSettings,
  SECRET_MASK,
  destinationTarget,
  maskUrl,
  maskedFormFields,
  parseDestinationConfig,
  parseDestinationForm,
} from "@/lib/core/alert-destinations";

const SLACK_URL = "https://hooks.slack.com/services/T0ABCDEF1/B0GHIJKL2/Xyz123SecretToken";

const webhook: DestinationSettings = {
  kind: "webhook",
  config: { url: "https://ops.example.com/hooks/tally/k3y-s3cret?token=abc", headers: [{ name: "Authorization", value: "Bearer s3cret" }] },
};
const slack: DestinationSettings = { kind: "slack", config: { url: SLACK_URL } };
const email: DestinationSettings = {
  kind: "email",
  config: { host: "smtp.example.com", port: 587, security: "starttls", user: "alerts", password: "hunter2", from: "alerts@example.com", to: ["oncall@example.com", "cto@example.com"] },
};

function form(kind: string, fields: Record<string, string>, name = "Ops") {
  return { name, kind, enabled: true, fields };
}

describe("masking", () => {
  it("keeps scheme, host and the first path segment of a URL and hides its tokens", () => {
    expect(maskUrl(SLACK_URL)).toBe("https://hooks.slack.com/services/T0…/•••");
    expect(maskUrl("https://ops.example.com/hooks/tally/k3y-s3cret?token=abc")).toBe("https://ops.example.com/hooks/ta…/•••?•••");
    expect(maskUrl("http://127.0.0.1:8080/webhook")).toBe("http://127.0.0.1:8080/we…");
    expect(maskUrl("https://user:pw@example.com/")).toBe(`https://${SECRET_MASK}@example.com/`);
    expect(maskUrl("https://example.com")).toBe("https://example.com/");
    expect(maskUrl("not a url")).toBe(SECRET_MASK);
    expect(maskUrl("https://example.com/a/%zz%E0/b")).toBe("https://example.com/a/%z…/•••");
  });

  it("never shows a secret in a destination's target or its form", () => {
    const secrets = ["T0ABCDEF1", "B0GHIJKL2", "Xyz123SecretToken", "k3y-s3cret", "token=abc", "Bearer s3cret", "hunter2"];
    for (const settings of [webhook, slack, email]) {
      const shown = JSON.stringify([destinationTarget(settings), maskedFormFields(settings)]);
      for (const secret of secrets) expect(shown).not.toContain(secret);
    }
    expect(maskedFormFields(webhook)).toMatchObject({ url: "https://ops.example.com/hooks/ta…/•••?•••", headers: `Authorization: ${SECRET_MASK}` });
    expect(maskedFormFields(email)).toMatchObject({ host: "smtp.example.com", port: "587", user: "alerts", password: SECRET_MASK, to: "oncall@example.com, cto@example.com" });
    expect(destinationTarget(email)).toBe("oncall@example.com, cto@example.com via smtp.example.com:587");
  });
});

describe("reading the form", () => {
  it("accepts each kind, splitting headers and recipients and defaulting the port from the security mode", () => {
    expect(parseDestinationForm(form("webhook", { url: " https://x.example/h ", headers: "Authorization: Bearer abc\n\nX-Team:  ops " }))).toEqual({
      ok: true,
      name: "Ops",
      enabled: true,
      settings: { kind: "webhook", config: { url: "https://x.example/h", headers: [{ name: "Authorization", value: "Bearer abc" }, { name: "X-Team", value: "ops" }] } },
    });
    expect(parseDestinationForm(form("slack", { url: SLACK_URL }))).toMatchObject({ ok: true, settings: slack });
    expect(
      parseDestinationForm(form("email", { host: "smtp.example.com", port: "", security: "tls", user: "", password: "", from: "alerts@example.com", to: "a@example.com,\nb@example.com; c@example.com" })),
    ).toMatchObject({ ok: true, settings: { kind: "email", config: { port: 465, security: "tls", user: null, password: null, to: ["a@example.com", "b@example.com", "c@example.com"] } } });
  });

  it("explains what is wrong, field by field", () => {
    expect(parseDestinationForm(form("webhook", { url: "ftp://x.example/h", headers: "Authorization Bearer" }, " "))).toEqual({
      ok: false,
      fieldErrors: { name: ["Enter a name for the destination."], url: ["Use an http:// or https:// URL."], headers: ['Line 1: write a header as "Name: value".'] },
    });
    expect(parseDestinationForm(form("slack", { url: "hooks.slack.com/services/x" }))).toEqual({ ok: false, fieldErrors: { url: ["Enter a full URL, like https://example.com/hooks/tally."] } });
    expect(parseDestinationForm(form("webhook", { url: "https://x.example", headers: "Content-Type: text/plain\nX Bad: 1" }))).toEqual({
      ok: false,
      fieldErrors: { headers: ["Header 1: Tally sets this header itself.", "Header 2: A header name is letters, digits and - (like Authorization)."] },
    });
    expect(parseDestinationForm(form("email", { host: "", port: "99999", security: "starttls", from: "alerts@", to: "ok@example.com, bob@" }))).toEqual({
      ok: false,
      fieldErrors: {
        host: ["Enter the SMTP server's host name."],
        port: ["Enter a port from 1 to 65535."],
        from: ['"alerts@" is not an email address.'],
        to: ['"bob@" is not an email address.'],
      },
    });
    expect(parseDestinationForm(form("email", { host: "smtp://mail.example.com:25", security: "none", from: "a@example.com", to: "" }))).toEqual({
      ok: false,
      fieldErrors: { host: ["Enter only the host name, like smtp.example.com (no scheme, port or path)."], to: ["Enter at least one recipient."] },
    });
    expect(parseDestinationForm(form("email", { host: "mail.example.com", security: "tls", password: "pw", from: "a@example.com", to: "b@example.com" }))).toEqual({
      ok: false,
      fieldErrors: { user: ["A password needs a user name."] },
    });
    expect(parseDestinationForm(form("pager", {}))).toEqual({ ok: false, fieldErrors: { kind: ["Choose webhook, Slack or email."] } });
  });

  it("keeps stored secrets for fields left masked or empty, and takes new ones when typed", () => {
    const keepAll = parseDestinationForm(form("webhook", maskedFormFields(webhook) as unknown as Record<string, string>), webhook);
    expect(keepAll).toMatchObject({ ok: true, settings: webhook });

    const emptied = parseDestinationForm(form("webhook", { url: "", headers: "Authorization:\nX-Extra: 1" }), webhook);
    expect(emptied).toMatchObject({ ok: true, settings: { config: { url: webhook.config.url, headers: [{ name: "Authorization", value: "Bearer s3cret" }, { name: "X-Extra", value: "1" }] } } });

    const replaced = parseDestinationForm(form("slack", { url: "https://hooks.slack.com/services/T1/B2/new" }), slack);
    expect(replaced).toMatchObject({ ok: true, settings: { config: { url: "https://hooks.slack.com/services/T1/B2/new" } } });

    const half = parseDestinationForm(form("slack", { url: "https://hooks.slack.com/services/T9…/•••" }), slack);
    expect(half).toEqual({ ok: false, fieldErrors: { url: ["Paste the whole URL, or leave the masked one as it was to keep the stored URL."] } });

    const mail = maskedFormFields(email) as unknown as Record<string, string>;
    expect(parseDestinationForm(form("email", mail), email)).toMatchObject({ ok: true, settings: email });
    expect(parseDestinationForm(form("email", { ...mail, password: "" }), email)).toMatchObject({ ok: true, settings: { config: { password: "hunter2" } } });
    expect(parseDestinationForm(form("email", { ...mail, password: "new-pass" }), email)).toMatchObject({ ok: true, settings: { config: { password: "new-pass" } } });
    expect(parseDestinationForm(form("email", { ...mail, user: "" }), email)).toMatchObject({ ok: true, settings: { config: { user: null, password: null } } });
  });

  it("does not carry a secret over to a destination of another kind, or to a header of another name", () => {
    expect(parseDestinationForm(form("slack", { url: "" }), webhook)).toEqual({ ok: false, fieldErrors: { url: ["Enter the URL."] } });
    expect(parseDestinationForm(form("webhook", { url: "https://x.example", headers: `X-Other: ${SECRET_MASK}` }), webhook)).toEqual({
      ok: false,
      fieldErrors: { headers: ["Header 1: Give every header a value."] },
    });
    expect(parseDestinationForm(form("webhook", { url: "https://x.example", headers: "X-Other:" }), webhook)).toEqual({
      ok: false,
      fieldErrors: { headers: ["Header 1: Give every header a value."] },
    });
  });
});

describe("stored settings", () => {
  it("are checked with the same schemas", () => {
    expect(parseDestinationConfig("email", email.config)).toEqual(email);
    expect(() => parseDestinationConfig("slack", { url: "nope" })).toThrow(/Enter a full URL/);
  });
});
