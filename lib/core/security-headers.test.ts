import { describe, expect, it } from "vitest";
import { contentSecurityPolicy } from "./security-headers";

const NONCE = "q1w2e3r4t5y6u7i8o9p0aA==";

function directives(policy: string): Map<string, string[]> {
  return new Map(policy.split("; ").map((d) => { const [name, ...values] = d.split(" "); return [name, values]; }));
}

describe("contentSecurityPolicy", () => {
  it("lets scripts run only with the response's nonce and forbids framing, plugins and foreign forms", () => {
    const policy = directives(contentSecurityPolicy({ nonce: NONCE }));
    expect(policy.get("script-src")).toEqual(["'self'", `'nonce-${NONCE}'`, "'strict-dynamic'"]);
    expect(policy.get("script-src")).not.toContain("'unsafe-inline'");
    expect(policy.get("script-src")).not.toContain("'unsafe-eval'");
    expect(policy.get("frame-ancestors")).toEqual(["'none'"]);
    expect(policy.get("object-src")).toEqual(["'none'"]);
    expect(policy.get("form-action")).toEqual(["'self'"]);
    expect(policy.get("base-uri")).toEqual(["'self'"]);
    expect(policy.has("upgrade-insecure-requests")).toBe(false);
  });

  it("allows eval and the dev server's websocket only in development, and upgrades requests only over HTTPS", () => {
    const dev = directives(contentSecurityPolicy({ nonce: NONCE, development: true }));
    expect(dev.get("script-src")).toContain("'unsafe-eval'");
    expect(dev.get("connect-src")).toEqual(["'self'", "ws:"]);
    expect(directives(contentSecurityPolicy({ nonce: NONCE, https: true })).has("upgrade-insecure-requests")).toBe(true);
  });

  it("refuses a nonce that could break out of the header", () => {
    expect(() => contentSecurityPolicy({ nonce: "abc'; script-src *" })).toThrow(/nonce/);
    expect(() => contentSecurityPolicy({ nonce: "short" })).toThrow(/nonce/);
  });
});
