/**
 * Reconciliation with Anthropic's bill, on both databases: Admin API report files imported with
 * `tally reconcile import`, the month compared by `tally reconcile show` with exactly the deliberate gap
 * flagged, re-imports that replace instead of adding, and `tally reconcile fetch` against a local HTTP
 * server that speaks the Admin API (x-api-key checked, two pages per report, a 429 retried).
 *
 * Tally's calls (list prices): 2026-10-01 Sonnet 4.6, 100K input + 100K output = $0.30 + $1.50;
 * 2026-10-02 Haiku 4.5, 100K input + 100K cache read = $0.10 + $0.01; 2026-10-03 Sonnet 4.6 batch, 200K
 * output = $1.50. The reports bill the same (Haiku under its dated id) plus the deliberate gap:
 * 2026-10-03 Opus 4.6, 200K output = $5, which never reached Tally.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as getReconciliation } from "@/app/api/v1/reconciliation/route";
import { defaultPriceBook } from "@/lib/core/pricing";
import { stopApp } from "@/lib/server/app";
import { ingestItems } from "@/lib/server/ingest";
import { fetchMonthReports, getMonthReconciliation } from "@/lib/server/reconciliation";
import { tally } from "@/tests/helpers/cli";
import { PROVIDERS, type TestDatabase } from "@/tests/helpers/databases";
import { authedRequest, tokenFor } from "@/tests/helpers/auth";

/** Requests signed in as an admin of the database under test (set in beforeAll). */
let req: ReturnType<typeof authedRequest>;

const FIXTURES = path.resolve("tests/fixtures/admin-api");
const COST_FILE = path.join(FIXTURES, "cost-report-2026-10.json");
const USAGE_FILE = path.join(FIXTURES, "usage-report-2026-10.ndjson");
const KEY = "sk-ant-admin01-test";

const calls = [
  { id: "rc-1", timestamp: "2026-10-01T10:00:00Z", model: "claude-sonnet-4-6", feature: "chat", usage: { input_tokens: 100_000, output_tokens: 100_000 } },
  { id: "rc-2", timestamp: "2026-10-02T10:00:00Z", model: "claude-haiku-4-5", feature: "search", usage: { input_tokens: 100_000, output_tokens: 0, cache_read_input_tokens: 100_000 } },
  { id: "rc-3", timestamp: "2026-10-03T23:59:59Z", model: "claude-sonnet-4-6", feature: "reports", service_tier: "batch", usage: { input_tokens: 0, output_tokens: 200_000 } },
];

type Json = { cost: JsonComparison; usage: JsonComparison; coveredDays: { cost: string[]; usage: string[] } };
type JsonComparison = { totals: Record<string, unknown>; lines: { day: string; model: string; modelIds: string[]; serviceTier: string; tokenType: string; anthropic: string; tally: string; variance: string; variancePct: string | null; flagged: boolean; cause: string | null }[] };

async function showJson(url: string, extra: string[] = []): Promise<Json> {
  const result = await tally(["reconcile", "show", "--month", "2026-10", "--json", ...extra], { DATABASE_URL: url });
  expect(result.stderr).toBe("");
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as Json;
}

function expectOnlyTheGap(json: Json) {
  expect(json.cost.totals).toEqual({ anthropic: "8.41", tally: "3.41", variance: "5", variancePct: "59.45", flaggedLines: 1 });
  expect(json.cost.lines).toHaveLength(6);
  expect(json.cost.lines.filter((l) => l.flagged)).toEqual([
    expect.objectContaining({ day: "2026-10-03", model: "claude-opus-4-6", serviceTier: "standard", tokenType: "output", anthropic: "5", tally: "0", variance: "5", variancePct: "100.00", cause: "not_in_tally" }),
  ]);
  expect(json.cost.lines.find((l) => l.model === "claude-haiku-4-5" && l.tokenType === "cache_read")).toMatchObject({ modelIds: ["claude-haiku-4-5", "claude-haiku-4-5-20251001"], anthropic: "0.01", tally: "0.01", variance: "0" });
  expect(json.usage.totals).toMatchObject({ anthropic: "800000", tally: "600000", variance: "200000", flaggedLines: 1 });
  expect(json.usage.lines.filter((l) => l.flagged).map((l) => `${l.day} ${l.model} ${l.tokenType} ${l.cause}`)).toEqual(["2026-10-03 claude-opus-4-6 output not_in_tally"]);
}

/** A local Admin API: two pages per report, the key checked, the first cost request answered 429. */
function startAdminApi() {
  const requests: string[] = [];
  let throttled = false;
  const pages = async (file: string) => {
    const { splitPagesText } = await import("@/lib/core/admin-reports");
    const fs = await import("node:fs/promises");
    return splitPagesText(await fs.readFile(file, "utf8")) as { next_page: string | null }[];
  };
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    requests.push(`${url.pathname}?${url.searchParams.toString()}`);
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { "content-type": "application/json", ...headers });
      res.end(JSON.stringify(body));
    };
    if (req.headers["x-api-key"] !== KEY) return send(401, { type: "error", error: { type: "authentication_error", message: "invalid x-api-key" } });
    if (req.headers["anthropic-version"] !== "2023-06-01") return send(400, { type: "error", error: { type: "invalid_request_error", message: "anthropic-version missing" } });
    const file = url.pathname === "/v1/organizations/cost_report" ? COST_FILE : url.pathname === "/v1/organizations/usage_report/messages" ? USAGE_FILE : null;
    if (!file) return send(404, { type: "error", error: { type: "not_found_error", message: "no such endpoint" } });
    if (file === COST_FILE && !throttled) {
      throttled = true;
      return send(429, { type: "error", error: { type: "rate_limit_error", message: "slow down" } }, { "retry-after": "1" });
    }
    const [first, second] = await pages(file);
    return send(200, url.searchParams.get("page") === first.next_page ? second : first);
  });
  return new Promise<{ url: string; requests: string[]; close: () => Promise<void> }>((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      resolve({ url: `http://127.0.0.1:${port}`, requests, close: () => new Promise((r) => server.close(() => r())) });
    });
  });
}

describe.each(PROVIDERS)("reconciliation on %s", (_provider, create) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await create();
    req = authedRequest(await tokenFor(t.db));
    process.env.DATABASE_URL = t.url;
    const result = await ingestItems(t.db, calls, { source: "import" });
    expect(result.accepted).toBe(3);
  });
  afterAll(async () => {
    await stopApp();
    delete process.env.DATABASE_URL;
    await t.drop();
  });

  it("imports report files and flags exactly the deliberate gap", async () => {
    const imported = await tally(["reconcile", "import", COST_FILE, USAGE_FILE], { DATABASE_URL: t.url });
    expect(imported.stderr).toBe("");
    expect(imported.stdout.trim().split("\n")).toEqual([
      expect.stringMatching(/^cost report 2026-10-01 to 2026-10-03: 6 lines stored \(import #\d+; replaced 0\)$/),
      expect.stringMatching(/^usage report 2026-10-01 to 2026-10-03: 6 lines stored \(import #\d+; replaced 0\)$/),
    ]);
    const json = await showJson(t.url);
    expect(json.coveredDays.cost).toEqual(["2026-10-01", "2026-10-02", "2026-10-03"]);
    expectOnlyTheGap(json);

    const text = await tally(["reconcile", "show", "--month", "2026-10"], { DATABASE_URL: t.url });
    expect(text.stdout).toContain("Cost report (3 days): Anthropic $8.41, Tally $3.41, variance $5 (59.45%); 1 of 6 lines flagged.");
    expect(text.stdout).toContain("FLAGGED 2026-10-03  claude-opus-4-6  standard  output: Anthropic $5, Tally $0, variance $5 (100.00%)");
    expect(text.stdout).toContain("Tally recorded no calls for this day, model and tier");
  });

  it("replaces a re-imported range instead of counting it twice", async () => {
    const again = await tally(["reconcile", "import", COST_FILE, COST_FILE, USAGE_FILE], { DATABASE_URL: t.url });
    expect(again.stdout).toMatch(/cost report 2026-10-01 to 2026-10-03: 6 lines stored \(import #\d+; replaced 6\)/);
    expectOnlyTheGap(await showJson(t.url));
  });

  it("widens the tolerance on request", async () => {
    const json = await showJson(t.url, ["--tolerance-usd", "5"]);
    expect(json.cost.totals.flaggedLines).toBe(0);
  });

  it("refuses a file that is not a report page, naming the field", async () => {
    const bad = path.join(FIXTURES, "..", "..", "..", "package.json");
    const result = await tally(["reconcile", "import", bad], { DATABASE_URL: t.url });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("page 1: not an Admin API report page");
  });

  it("fetches a month live, page by page, retrying a 429, and compares the same", async () => {
    const api = await startAdminApi();
    try {
      const fetched = await tally(["reconcile", "fetch", "--month", "2026-10"], { DATABASE_URL: t.url, ANTHROPIC_ADMIN_KEY: KEY, ANTHROPIC_ADMIN_BASE_URL: api.url });
      expect(fetched.stderr).toBe("");
      expect(fetched.stdout).toContain("Fetched 2 cost report page(s) and 2 usage report page(s) for 2026-10.");
      expect(fetched.stdout).toMatch(/cost report 2026-10-01 to 2026-10-31: 6 lines stored \(import #\d+; replaced 6\)/);
      expect(api.requests).toEqual([
        "/v1/organizations/cost_report?starting_at=2026-10-01T00%3A00%3A00Z&ending_at=2026-11-01T00%3A00%3A00Z&bucket_width=1d&limit=31&group_by%5B%5D=description",
        "/v1/organizations/cost_report?starting_at=2026-10-01T00%3A00%3A00Z&ending_at=2026-11-01T00%3A00%3A00Z&bucket_width=1d&limit=31&group_by%5B%5D=description",
        "/v1/organizations/cost_report?starting_at=2026-10-01T00%3A00%3A00Z&ending_at=2026-11-01T00%3A00%3A00Z&bucket_width=1d&limit=31&group_by%5B%5D=description&page=page_cost_2",
        "/v1/organizations/usage_report/messages?starting_at=2026-10-01T00%3A00%3A00Z&ending_at=2026-11-01T00%3A00%3A00Z&bucket_width=1d&limit=31&group_by%5B%5D=model&group_by%5B%5D=service_tier",
        "/v1/organizations/usage_report/messages?starting_at=2026-10-01T00%3A00%3A00Z&ending_at=2026-11-01T00%3A00%3A00Z&bucket_width=1d&limit=31&group_by%5B%5D=model&group_by%5B%5D=service_tier&page=page_usage_2",
      ]);
      const json = await showJson(t.url);
      expect(json.coveredDays.cost).toHaveLength(31);
      expectOnlyTheGap(json);

      const refused = await tally(["reconcile", "fetch", "--month", "2026-10"], { DATABASE_URL: t.url, ANTHROPIC_ADMIN_KEY: "sk-ant-admin01-wrong", ANTHROPIC_ADMIN_BASE_URL: api.url });
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain("Anthropic refused the admin key (401) on /v1/organizations/cost_report: invalid x-api-key");
      // Nothing was replaced by the refused fetch.
      expectOnlyTheGap(await showJson(t.url));
    } finally {
      await api.close();
    }
  });

  it("compares in process and over the API as the CLI does", async () => {
    const r = await getMonthReconciliation(t.db, "2026-10", undefined, defaultPriceBook);
    expect(r.cost.totals.variance).toBe(5_000_000_000_000n);
    const response = await getReconciliation(req("http://tally.test/api/v1/reconciliation?month=2026-10"));
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toEqual(await showJson(t.url));
    expect(body.tolerance).toEqual({ usd: "0.01", percent: "1", tokens: "0" });
    const bad = await getReconciliation(req("http://tally.test/api/v1/reconciliation?month=2026-10&tolPct=lots"));
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.message).toBe('tolPct: "lots" is not a non-negative number');
    const noMonth = await getReconciliation(req("http://tally.test/api/v1/reconciliation?month=October"));
    expect(noMonth.status).toBe(400);
  });
});

describe("the Admin API client", () => {
  it("gives up on repeated 5xx with a clear error, and names a 4xx", async () => {
    let calls = 0;
    const fetchImpl = (async () => {
      calls++;
      return new Response(JSON.stringify({ type: "error", error: { type: "api_error", message: "overloaded" } }), { status: 503 });
    }) as typeof fetch;
    await expect(fetchMonthReports("2026-10", { key: KEY, baseUrl: "http://127.0.0.1:9", fetchImpl, backoffMs: 1, attempts: 3 })).rejects.toThrow(
      "gave up after 3 attempts: /v1/organizations/cost_report answered 503: overloaded",
    );
    expect(calls).toBe(3);
    const badRequest = (async () => new Response(JSON.stringify({ type: "error", error: { message: "limit too large" } }), { status: 400 })) as typeof fetch;
    await expect(fetchMonthReports("2026-10", { key: KEY, baseUrl: "http://127.0.0.1:9", fetchImpl: badRequest })).rejects.toThrow("/v1/organizations/cost_report answered 400: limit too large");
  });
});
