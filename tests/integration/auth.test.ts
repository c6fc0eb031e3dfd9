/**
 * Sign-in and roles on both databases: passwords, sessions, API tokens and the trusted proxy's header;
 * every API route refuses a request without a credential (401), and each role what it may not do (403);
 * a cookie-signed-in request that changes state must come from Tally's own pages; ingest keys open
 * nothing but ingestion.
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as acknowledge from "@/app/api/v1/alerts/[id]/acknowledge/route";
import * as alert from "@/app/api/v1/alerts/[id]/route";
import * as alerts from "@/app/api/v1/alerts/route";
import * as rule from "@/app/api/v1/alerts/rules/[id]/route";
import * as backtest from "@/app/api/v1/alerts/rules/backtest/route";
import * as rules from "@/app/api/v1/alerts/rules/route";
import * as run from "@/app/api/v1/alerts/run/route";
import * as calls from "@/app/api/v1/calls/route";
import * as forecast from "@/app/api/v1/projections/forecast/route";
import * as projections from "@/app/api/v1/projections/route";
import * as reconciliation from "@/app/api/v1/reconciliation/route";
import * as summary from "@/app/api/v1/summary/route";
import * as callsExport from "@/app/calls/export/route";
import * as reportCsv from "@/app/reports/[month]/export.csv/route";
import * as reportPdf from "@/app/reports/[month]/report.pdf/route";
import { type Permission, ROLES, type Role, can } from "@/lib/core/permissions";
import { stopApp } from "@/lib/server/app";
import {
  SESSION_COOKIE,
  SignInThrottle,
  authenticate,
  checkPassword,
  createApiToken,
  createSession,
  createUser,
  endSession,
  ensureFirstAdmin,
  revokeApiToken,
  setDisabled,
  setPassword,
  setRole,
} from "@/lib/server/auth";
import { createIngestKey } from "@/lib/server/keys";
import { PROVIDERS, type TestDatabase } from "@/tests/helpers/databases";

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;
const ctx = (params: Record<string, string>) => ({ params: Promise.resolve(params) });

/** Every API route that needs a signed-in user, with the permission the lead's table gives it. */
const ROUTES: { name: string; permission: Permission; call: (headers: Headers) => Promise<Response> }[] = [];
function route(name: string, permission: Permission, handler: unknown, method: string, url: string, params: Record<string, string> = {}, body?: unknown) {
  ROUTES.push({
    name: `${method} ${name}`,
    permission,
    call: (headers) =>
      (handler as Handler)(new Request(`http://tally.test${url}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) }), ctx(params)),
  });
}
const RULE = { name: "r", kind: "threshold", scope: { feature: [], model: [], project: [], groupBy: "none" }, params: { period: "day", amountUsd: "10" }, cooldownHours: 24, enabled: true };
route("/api/v1/summary", "dashboard.view", summary.GET, "GET", "/api/v1/summary");
route("/api/v1/calls", "calls.view", calls.GET, "GET", "/api/v1/calls");
route("/calls/export", "calls.view", callsExport.GET, "GET", "/calls/export");
route("/api/v1/projections", "dashboard.view", projections.GET, "GET", "/api/v1/projections?source=opus&target=claude-sonnet-4-6");
route("/api/v1/projections/forecast", "dashboard.view", forecast.GET, "GET", "/api/v1/projections/forecast");
route("/api/v1/reconciliation", "reports.view", reconciliation.GET, "GET", "/api/v1/reconciliation?month=2026-10");
route("/reports/<month>/export.csv", "reports.view", reportCsv.GET, "GET", "/reports/2026-10/export.csv", { month: "2026-10" });
route("/reports/<month>/report.pdf", "reports.view", reportPdf.GET, "GET", "/reports/2026-10/report.pdf", { month: "2026-10" });
route("/api/v1/alerts", "alerts.view", alerts.GET, "GET", "/api/v1/alerts");
route("/api/v1/alerts/<id>", "alerts.view", alert.GET, "GET", "/api/v1/alerts/1", { id: "1" });
route("/api/v1/alerts/<id>/acknowledge", "alerts.respond", acknowledge.POST, "POST", "/api/v1/alerts/1/acknowledge", { id: "1" });
route("/api/v1/alerts/rules", "alerts.view", rules.GET, "GET", "/api/v1/alerts/rules");
route("/api/v1/alerts/rules", "alerts.manage", rules.POST, "POST", "/api/v1/alerts/rules", {}, RULE);
route("/api/v1/alerts/rules/<id>", "alerts.view", rule.GET, "GET", "/api/v1/alerts/rules/1", { id: "1" });
route("/api/v1/alerts/rules/<id>", "alerts.manage", rule.PUT, "PUT", "/api/v1/alerts/rules/1", { id: "1" }, RULE);
route("/api/v1/alerts/rules/<id>", "alerts.manage", rule.DELETE, "DELETE", "/api/v1/alerts/rules/999", { id: "999" });
route("/api/v1/alerts/rules/backtest", "alerts.respond", backtest.POST, "POST", "/api/v1/alerts/rules/backtest", {}, RULE);
route("/api/v1/alerts/run", "alerts.respond", run.POST, "POST", "/api/v1/alerts/run");

describe("every API route file is covered here", () => {
  it("lists each route handler that is not public or for ingestion", () => {
    const found: string[] = [];
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (entry.name === "route.ts") {
          const source = fs.readFileSync(full, "utf8");
          for (const match of source.matchAll(/export const (GET|POST|PUT|DELETE|PATCH) =/g)) found.push(`${match[1]} ${path.relative("app", full)}`);
        }
      }
    };
    walk("app");
    // Public: health; ingestion (ingest keys): usage, OTLP; the Anthropic proxy (the upstream checks the caller's own API key).
    const open = ["GET api/health/route.ts", "POST api/v1/usage/route.ts", "POST api/otel/v1/traces/route.ts"];
    const checked = found.filter((r) => !open.includes(r) && !r.includes("api/proxy/"));
    expect(checked.length).toBe(ROUTES.length);
    for (const file of new Set(checked.map((r) => r.split(" ")[1]))) {
      expect([file, fs.readFileSync(path.join("app", file), "utf8").match(/authorizeRequest\(request, "/g)?.length]).toEqual([file, checked.filter((r) => r.endsWith(file)).length]);
    }
  });

  it("has every page and server action start with its check", () => {
    const missing: string[] = [];
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (entry.name === "page.tsx" && !/app\/(login|forbidden)\//.test(full)) {
          if (!/export default async function \w+\([^\n]*\{\n {2}(const \w+ = )?await requirePage\("/.test(fs.readFileSync(full, "utf8"))) missing.push(full);
        } else if (/actions\.ts$/.test(entry.name) && !full.includes("app/login/")) {
          const source = fs.readFileSync(full, "utf8");
          for (const match of source.matchAll(/export async function (\w+)\([^\n]*\{\n(.*)\n/g)) if (!match[2].includes("await requireAction(")) missing.push(`${full} ${match[1]}`);
        }
      }
    };
    walk("app");
    expect(missing).toEqual([]);
  });
});

describe.each(PROVIDERS)("sign-in and roles on %s", (_provider, create) => {
  let t: TestDatabase;
  const tokens = {} as Record<Role, string>;

  beforeAll(async () => {
    t = await create();
    process.env.DATABASE_URL = t.url;
    for (const role of ROLES) {
      const user = await createUser(t.db, { email: `${role}@example.com`, role, password: "correct horse battery" });
      tokens[role] = (await createApiToken(t.db, user.id, `${role} token`)).secret;
    }
  });
  afterAll(async () => {
    await stopApp();
    delete process.env.DATABASE_URL;
    delete process.env.TALLY_AUTH_PROXY_HEADER;
    delete process.env.TALLY_AUTH_PROXY_DEFAULT_ROLE;
    await t.drop();
  });

  const bearer = (secret: string) => new Headers({ authorization: `Bearer ${secret}`, "content-type": "application/json" });

  it("answers 401 to every route without a credential, and to an ingest key, scoped to a project or not", async () => {
    const ingestKey = (await createIngestKey(t.db, "only for ingestion")).key;
    const scopedKey = (await createIngestKey(t.db, "only for one project's ingestion", { project: "support" })).key;
    for (const r of ROUTES) {
      const none = await r.call(new Headers());
      expect([r.name, none.status, (await none.json()).error.code]).toEqual([r.name, 401, "unauthorized"]);
      expect([r.name, (await r.call(bearer(ingestKey))).status]).toEqual([r.name, 401]);
      expect([r.name, (await r.call(bearer(scopedKey))).status]).toEqual([r.name, 401]);
    }
  });

  it("refuses each role, with 403, exactly what its permissions do not give it", async () => {
    for (const role of ROLES) {
      for (const r of ROUTES) {
        const response = await r.call(bearer(tokens[role]));
        const allowed = can(role, r.permission);
        // Allowed requests may still be answered 400 or 404 (ids that do not exist): never 401 or 403.
        expect([role, r.name, allowed ? ![401, 403].includes(response.status) : response.status]).toEqual([role, r.name, allowed ? true : 403]);
      }
    }
  });

  it("checks passwords, signs in browsers with sessions, and ends them", async () => {
    expect(await checkPassword(t.db, "Finance@Example.com", "correct horse battery")).toMatchObject({ email: "finance@example.com", role: "finance" });
    expect(await checkPassword(t.db, "finance@example.com", "wrong horse battery")).toBeNull();
    expect(await checkPassword(t.db, "nobody@example.com", "correct horse battery")).toBeNull();
    const user = (await checkPassword(t.db, "engineer@example.com", "correct horse battery"))!;
    const { secret } = await createSession(t.db, user.id);
    const cookie = new Headers({ cookie: `other=1; ${SESSION_COOKIE}=${secret}` });
    const auth = await authenticate(t.db, cookie);
    expect(auth).toMatchObject({ via: "session", user: { email: "engineer@example.com", role: "engineer" } });
    expect((await summary.GET(new Request("http://tally.test/api/v1/summary", { headers: cookie }))).status).toBe(200);
    await endSession(t.db, auth!.sessionId!);
    expect(await authenticate(t.db, cookie)).toBeNull();
    // Sessions expire: 12 hours idle.
    const old = await createSession(t.db, user.id, Date.now() - 13 * 3600 * 1000);
    expect(await authenticate(t.db, new Headers({ cookie: `${SESSION_COOKIE}=${old.secret}` }))).toBeNull();
  });

  it("refuses a state-changing request signed in by cookie unless it comes from Tally's own pages", async () => {
    const user = (await checkPassword(t.db, "admin@example.com", "correct horse battery"))!;
    const { secret } = await createSession(t.db, user.id);
    const send = (origin: string | null) =>
      run.POST(new Request("http://tally.test/api/v1/alerts/run", { method: "POST", headers: { cookie: `${SESSION_COOKIE}=${secret}`, host: "tally.test", ...(origin ? { origin } : {}) } }));
    const foreign = await send("https://evil.example");
    expect([foreign.status, (await foreign.json()).error.message]).toEqual([403, expect.stringContaining("cross-site request was refused")]);
    expect((await send(null)).status).toBe(403);
    expect((await send("http://tally.test")).status).toBe(200);
    // The same request with an API token needs no Origin: browsers never send tokens on their own.
    expect((await run.POST(new Request("http://tally.test/api/v1/alerts/run", { method: "POST", headers: bearer(tokens.admin) }))).status).toBe(200);
  });

  it("stops a revoked token, a disabled user's sessions and tokens, and old sessions after a password change", async () => {
    const user = await createUser(t.db, { email: "leaver@example.com", role: "engineer", password: "correct horse battery" });
    const token = (await createApiToken(t.db, user.id, "leaver script")).secret;
    const session = (await createSession(t.db, user.id)).secret;
    expect((await summary.GET(new Request("http://tally.test/api/v1/summary", { headers: bearer(token) }))).status).toBe(200);
    await setPassword(t.db, "leaver@example.com", "a brand new passphrase");
    expect(await authenticate(t.db, new Headers({ cookie: `${SESSION_COOKIE}=${session}` }))).toBeNull();
    expect(await authenticate(t.db, bearer(token))).not.toBeNull();
    await setDisabled(t.db, "leaver@example.com", true);
    expect((await summary.GET(new Request("http://tally.test/api/v1/summary", { headers: bearer(token) }))).status).toBe(401);
    expect(await checkPassword(t.db, "leaver@example.com", "a brand new passphrase")).toBeNull();
    const other = await createApiToken(t.db, (await checkPassword(t.db, "engineer@example.com", "correct horse battery"))!.id, "to revoke");
    expect(await revokeApiToken(t.db, "to revoke")).toBe(1);
    expect(await authenticate(t.db, bearer(other.secret))).toBeNull();
  });

  it("never leaves the installation without an enabled admin", async () => {
    const fresh = await create();
    try {
      await createUser(fresh.db, { email: "only@example.com", role: "admin", password: "correct horse battery" });
      await expect(setRole(fresh.db, "only@example.com", "finance")).rejects.toThrow("last enabled admin");
      await expect(setDisabled(fresh.db, "only@example.com", true)).rejects.toThrow("last enabled admin");
      await expect(createUser(fresh.db, { email: "short@example.com", role: "finance", password: "short" })).rejects.toThrow("password must be at least 12 characters");
    } finally {
      await fresh.drop();
    }
  });

  it("creates the first admin once, with a password to print", async () => {
    const fresh = await create();
    try {
      const first = await ensureFirstAdmin(fresh.db);
      expect(first).toMatchObject({ email: "admin", generated: true });
      expect(first!.password.length).toBeGreaterThanOrEqual(16);
      expect(await checkPassword(fresh.db, "admin", first!.password)).toMatchObject({ role: "admin" });
      expect(await ensureFirstAdmin(fresh.db)).toBeNull();
    } finally {
      await fresh.drop();
    }
  });

  it("trusts the reverse proxy's header only when configured, with the user's role or the default for newcomers", async () => {
    const header = new Headers({ "x-forwarded-email": "Engineer@Example.com" });
    expect(await authenticate(t.db, header)).toBeNull();
    process.env.TALLY_AUTH_PROXY_HEADER = "X-Forwarded-Email";
    expect(await authenticate(t.db, header)).toMatchObject({ via: "proxy", user: { role: "engineer" } });
    expect(await authenticate(t.db, new Headers({ "x-forwarded-email": "newcomer@example.com" }))).toBeNull();
    process.env.TALLY_AUTH_PROXY_DEFAULT_ROLE = "finance";
    expect(await authenticate(t.db, new Headers({ "x-forwarded-email": "newcomer@example.com" }))).toMatchObject({ user: { email: "newcomer@example.com", role: "finance", hasPassword: false } });
    expect((await summary.GET(new Request("http://tally.test/api/v1/summary", { headers: new Headers({ "x-forwarded-email": "newcomer@example.com" }) }))).status).toBe(403);
    delete process.env.TALLY_AUTH_PROXY_HEADER;
    delete process.env.TALLY_AUTH_PROXY_DEFAULT_ROLE;
  });
});

describe("the sign-in throttle", () => {
  it("refuses after ten failures within 15 minutes, for the email or the address, until the window passes", () => {
    const throttle = new SignInThrottle();
    const keys = ["email:a@example.com", "address:10.0.0.1"];
    for (let i = 0; i < 10; i++) {
      expect(throttle.retryAfterSeconds(keys, 1000 * i)).toBe(0);
      throttle.fail(keys, 1000 * i);
    }
    expect(throttle.retryAfterSeconds(["email:a@example.com", "address:10.0.0.2"], 10_000)).toBe(900 - 10);
    expect(throttle.retryAfterSeconds(["email:b@example.com", "address:10.0.0.1"], 10_000)).toBe(890);
    expect(throttle.retryAfterSeconds(["email:b@example.com", "address:10.0.0.2"], 10_000)).toBe(0);
    expect(throttle.retryAfterSeconds(keys, 901_000)).toBe(0);
  });
});
