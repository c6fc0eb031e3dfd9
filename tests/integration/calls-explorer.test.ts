/**
 * The calls explorer's reads on a real SQLite file and a real PostgreSQL database: keyset pages in
 * every sort cover the calls exactly once, each filter returns exactly the calls it should, bad cursors
 * are refused with a sentence, and the CSV export's total equals the sum of its rows.
 *
 * The data set is built so that ties are everywhere (six timestamps a day, seven costs, seven token
 * sizes), which is where keyset pagination goes wrong when it does. Call i (0..239):
 *   model    claude-haiku-4-5 ($1 / MTok input), except i % 10 == 9: "claude-haiku-4.5" (unpriced, $0)
 *   tokens   (i % 7 + 1) x 1,000 input, no output, so a priced call costs (i % 7 + 1) x $0.001
 *   user     alice / bob / carol by i % 3, none when i % 11 == 0
 *   stop     end_turn / tool_use / max_tokens / none by i % 4
 *   time     2026-10-0(1 + i % 5) 10:0(i % 6):00 UTC;  project p1 for odd i, p2 for even i
 */
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as exportCsv } from "@/app/calls/export/route";
import { GET as getCalls } from "@/app/api/v1/calls/route";
import { type CallSort, type ExplorerFilters, type SortDir, CursorError, encodeCallsCursor } from "@/lib/core/calls-view";
import { formatUsdExact } from "@/lib/core/money";
import { stopApp } from "@/lib/server/app";
import { type CallsQuery, NO_EXPLORER_FILTERS, getExplorerTotals, listCallsPage } from "@/lib/server/calls-queries";
import { ingestItems } from "@/lib/server/ingest";
import type { UsageFilters } from "@/lib/server/queries";
import { PROVIDERS, type TestDatabase } from "@/tests/helpers/databases";
import { authedRequest, tokenFor } from "@/tests/helpers/auth";

/** Requests signed in as an admin of the database under test (set in beforeAll). */
let req: ReturnType<typeof authedRequest>;

const N = 240;
const USERS = ["alice", "bob", "carol"];
const STOPS = ["end_turn", "tool_use", "max_tokens", null];

interface Spec {
  i: number;
  id: string;
  priced: boolean;
  costPico: bigint;
  user: string | null;
  stop: string | null;
  day: string;
  project: string;
}

/** Ids are not in i order, so id tie-breaks differ from insertion order. */
const SPECS: Spec[] = Array.from({ length: N }, (_, i) => {
  const priced = i % 10 !== 9;
  return {
    i,
    id: `c_${String((i * 37) % N).padStart(3, "0")}_${i % 2 ? "x" : "y"}`,
    priced,
    costPico: priced ? BigInt(i % 7 + 1) * 1_000_000_000n : 0n,
    user: i % 11 === 0 ? null : USERS[i % 3],
    stop: STOPS[i % 4],
    day: `2026-10-0${1 + (i % 5)}`,
    project: i % 2 ? "p1" : "p2",
  };
});

const RECORDS = SPECS.map((s) => ({
  id: s.id,
  timestamp: `${s.day}T10:0${s.i % 6}:00Z`,
  model: s.priced ? "claude-haiku-4-5" : "claude-haiku-4.5",
  project: s.project,
  ...(s.user ? { user: s.user } : {}),
  ...(s.stop ? { stop_reason: s.stop } : {}),
  usage: { input_tokens: (s.i % 7 + 1) * 1000, output_tokens: 0 },
}));

const RANGE = { from: "2026-10-01", to: "2026-10-05" };
const BASE = "http://tally.test";

function query(explorer: Partial<ExplorerFilters> = {}, sort: CallSort = "time", dir: SortDir = "desc", filters: UsageFilters = {}, range = RANGE): CallsQuery {
  return { range, filters, explorer: { ...NO_EXPLORER_FILTERS, ...explorer }, sort, dir };
}

const ids = (specs: Spec[]) => specs.map((s) => s.id).sort();

describe.each(PROVIDERS)("calls explorer on %s", (_provider, create) => {
  let t: TestDatabase;

  beforeAll(async () => {
    t = await create();
    req = authedRequest(await tokenFor(t.db));
    process.env.DATABASE_URL = t.url;
    const result = await ingestItems(t.db, RECORDS, { source: "api" });
    expect(result.accepted).toBe(N);
  });

  afterAll(async () => {
    await stopApp();
    delete process.env.DATABASE_URL;
    await t.drop();
  });

  /** Walks every page forwards, then every page backwards from the last, checking both against `expected`. */
  async function walk(q: CallsQuery, limit: number): Promise<string[]> {
    const forward: string[][] = [];
    const cursors: (string | null)[] = [];
    let cursor: string | null = null;
    let last = null;
    do {
      last = await listCallsPage(t.db, q, { limit, cursor });
      forward.push(last.calls.map((r) => String(r.id)));
      cursors.push(last.prevCursor);
      cursor = last.nextCursor;
    } while (cursor);
    expect(cursors[0]).toBeNull();
    // Back from the last page: each previous page is exactly the page that was seen before.
    let back = last.prevCursor;
    for (let page = forward.length - 2; page >= 0; page--) {
      expect(back).not.toBeNull();
      const previous = await listCallsPage(t.db, q, { limit, cursor: back });
      expect(previous.calls.map((r) => String(r.id))).toEqual(forward[page]);
      back = previous.prevCursor;
    }
    expect(back).toBeNull();
    return forward.flat();
  }

  for (const sort of ["time", "cost", "tokens"] as const) {
    for (const dir of ["desc", "asc"] as const) {
      it(`sort by ${sort} ${dir}: pages forwards and backwards cover every call once, in the order of a plain SELECT`, async () => {
        const column = { time: "ts_ms", cost: "cost_pico", tokens: "total_tokens" }[sort];
        const order = dir.toUpperCase();
        const straight = (await t.db.all(`SELECT id FROM calls ORDER BY ${column} ${order}, id ${order}`)).map((r) => String(r.id));
        expect(straight).toHaveLength(N);
        const seen = await walk(query({}, sort, dir), 17);
        expect(seen).toEqual(straight);
        expect(new Set(seen).size).toBe(N);
      });
    }
  }

  it("filters by user (exact), stop reason (none included), cost range, unpriced only, and with the header's filters", async () => {
    const cases: [CallsQuery, Spec[]][] = [
      [query({ user: "alice" }), SPECS.filter((s) => s.user === "alice")],
      [query({ user: "Alice" }), []],
      [query({ stopReason: "tool_use" }), SPECS.filter((s) => s.stop === "tool_use")],
      [query({ stopReason: "none" }), SPECS.filter((s) => s.stop === null)],
      [
        query({ minCostPico: 3_000_000_000n, maxCostPico: 5_000_000_000n }, "cost", "asc"),
        SPECS.filter((s) => s.costPico >= 3_000_000_000n && s.costPico <= 5_000_000_000n),
      ],
      [query({ minCostPico: 7_000_000_000n }), SPECS.filter((s) => s.costPico >= 7_000_000_000n)],
      [query({ maxCostPico: 0n }), SPECS.filter((s) => s.costPico === 0n)],
      [query({ unpricedOnly: true }, "tokens"), SPECS.filter((s) => !s.priced)],
      [
        query({ user: "bob", stopReason: "end_turn" }, "cost", "desc", { project: ["p1"] }),
        SPECS.filter((s) => s.user === "bob" && s.stop === "end_turn" && s.project === "p1"),
      ],
      [query({}, "time", "desc", {}, { from: "2026-10-02", to: "2026-10-02" }), SPECS.filter((s) => s.day === "2026-10-02")],
      [query({}, "time", "desc", { model: ["claude-haiku-4.5"] }), SPECS.filter((s) => !s.priced)],
    ];
    for (const [q, expected] of cases) {
      expect(expected.length === 0 || expected.length < N).toBe(true);
      const seen = await walk(q, 9);
      expect(seen.slice().sort()).toEqual(ids(expected));
      expect(new Set(seen).size).toBe(seen.length);
    }
  });

  it("with a small scan budget, pages stop early but forwards and backwards still cover exactly the matching calls", async () => {
    const cases: [CallsQuery, Spec[]][] = [
      [query({ stopReason: "none" }), SPECS.filter((s) => s.stop === null)],
      [query({ unpricedOnly: true }, "time", "asc"), SPECS.filter((s) => !s.priced)],
      [query({}, "cost", "desc", {}, { from: "2026-10-03", to: "2026-10-03" }), SPECS.filter((s) => s.day === "2026-10-03")],
      [query({ stopReason: "tool_use" }, "tokens", "asc", { project: ["p2"] }), SPECS.filter((s) => s.stop === "tool_use" && s.project === "p2")],
    ];
    for (const [q, expected] of cases) {
      const column = { time: "ts_ms", cost: "cost_pico", tokens: "total_tokens" }[q.sort];
      const order = q.dir.toUpperCase();
      const wanted = new Set(expected.map((s) => s.id));
      const straight = (await t.db.all(`SELECT id FROM calls ORDER BY ${column} ${order}, id ${order}`)).map((r) => String(r.id)).filter((id) => wanted.has(id));
      const forward: string[] = [];
      let cursor: string | null = null;
      let stoppedEarly = 0;
      do {
        const page = await listCallsPage(t.db, q, { limit: 5, cursor, scanBudget: 13 });
        forward.push(...page.calls.map((r) => String(r.id)));
        if (page.searched) stoppedEarly++;
        cursor = page.nextCursor;
      } while (cursor);
      expect(forward).toEqual(straight);
      expect(stoppedEarly).toBeGreaterThan(0);
      // Backwards from past the end of the order.
      const end = encodeCallsCursor({ sort: q.sort, dir: q.dir, key: q.dir === "desc" ? -1n : 2n ** 62n, id: "", before: true });
      const backward: string[] = [];
      cursor = end;
      do {
        const page = await listCallsPage(t.db, q, { limit: 5, cursor, scanBudget: 13 });
        backward.unshift(...page.calls.map((r) => String(r.id)));
        cursor = page.prevCursor;
      } while (cursor);
      expect(backward).toEqual(straight);
    }
  });

  it("refuses malformed cursors and cursors of another sort with a sentence", async () => {
    await expect(listCallsPage(t.db, query(), { limit: 5, cursor: "not-a-cursor" })).rejects.toThrow(CursorError);
    await expect(listCallsPage(t.db, query(), { limit: 5, cursor: "not-a-cursor" })).rejects.toThrow(/not a cursor issued by Tally/);
    const costCursor = encodeCallsCursor({ sort: "cost", dir: "desc", key: 1n, id: "c_001_x", before: false });
    await expect(listCallsPage(t.db, query({}, "time"), { limit: 5, cursor: costCursor })).rejects.toThrow(/sorted by cost \(desc\), not by time/);
    const response = await getCalls(req(`${BASE}/api/v1/calls?from=2026-10-01&to=2026-10-05&sort=time&cursor=${costCursor}`));
    expect(response.status).toBe(400);
    expect((await response.json()).error.message).toMatch(/sorted by cost/);
  });

  it("the API takes the explorer's parameters and refuses bad ones by name", async () => {
    const response = await getCalls(req(`${BASE}/api/v1/calls?from=2026-10-01&to=2026-10-05&user=carol&unpriced=1&sort=cost&dir=asc&limit=1000`));
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.calls.map((c: { id: string }) => c.id).sort()).toEqual(ids(SPECS.filter((s) => s.user === "carol" && !s.priced)));
    expect(body.nextCursor).toBeNull();
    const bad = await getCalls(req(`${BASE}/api/v1/calls?min_cost=lots`));
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.message).toMatch(/min_cost: "lots" is not an amount/);
  });

  it("totals come from the summary without explorer filters, and are counted (capped) only on request with them", async () => {
    const all = SPECS.reduce((sum, s) => sum + s.costPico, 0n);
    const summary = await getExplorerTotals(t.db, query(), false);
    expect(summary.kind).toBe("summary");
    expect(summary.kind === "summary" && summary.totals.calls).toBe(N);
    expect(summary.kind === "summary" && summary.totals.costPico).toBe(all);
    expect(await getExplorerTotals(t.db, query({ user: "alice" }), false)).toEqual({ kind: "none" });
    const alice = SPECS.filter((s) => s.user === "alice");
    expect(await getExplorerTotals(t.db, query({ user: "alice" }), true)).toEqual({
      kind: "counted",
      calls: alice.length,
      costPico: alice.reduce((sum, s) => sum + s.costPico, 0n),
      capped: false,
    });
  });

  it("the CSV export lists every matching call once and its TOTAL line equals the exact sum", async () => {
    const response = await exportCsv(req(`${BASE}/calls/export?from=2026-10-01&to=2026-10-05&sort=cost&project=p2`));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-disposition")).toBe('attachment; filename="tally-calls_2026-10-01_2026-10-05.csv"');
    const rows: Record<string, string>[] = parse(await response.text(), { columns: true, bom: true });
    const total = rows.pop()!;
    const expected = SPECS.filter((s) => s.project === "p2");
    expect(rows.map((r) => r.id).sort()).toEqual(ids(expected));
    const sumPico = expected.reduce((sum, s) => sum + s.costPico, 0n);
    expect(total.id).toBe("TOTAL");
    expect(total.cost_usd).toBe(formatUsdExact(sumPico));
    // Summing the exported decimal strings exactly gives the same total.
    const fromRows = rows.reduce((sum, r) => sum + BigInt(Math.round(Number(r.cost_usd) * 1e6)), 0n);
    expect(fromRows * 1_000_000n).toBe(sumPico);
    // Sorted by cost, most expensive first.
    expect(rows[0].cost_usd).toBe("0.007");
    // More calls than one export chunk still come out whole.
    const all = await (await exportCsv(req(`${BASE}/calls/export?from=2026-10-01&to=2026-10-05`))).text();
    const allRows: Record<string, string>[] = parse(all, { columns: true, bom: true });
    expect(allRows).toHaveLength(N + 1);
    const bad = await exportCsv(req(`${BASE}/calls/export?stop_reason=bored`));
    expect(bad.status).toBe(400);
  });
});
