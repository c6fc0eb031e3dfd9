import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import {
  type CsvCall,
  CursorError,
  addToCsvTotals,
  csvCallLine,
  csvField,
  csvHeaderLine,
  csvTotalLine,
  decodeCallsCursor,
  emptyCsvTotals,
  encodeCallsCursor,
  explainFlag,
  explorerParams,
  exportFilename,
  formatCallTime,
  hasExplorerFilters,
  impliedUsdPerMTok,
  nextSort,
  parseCostBound,
  parseExplorerState,
} from "@/lib/core/calls-view";

const state = (params: Record<string, string>) => parseExplorerState((name) => params[name]);

describe("calls cursors", () => {
  it("round-trip through their opaque form, ids with any characters included", () => {
    for (const cursor of [
      { sort: "time", dir: "desc", key: 1_790_000_000_000n, id: "msg_01", before: false },
      { sort: "cost", dir: "asc", key: 180_000_000_000n, id: "ü/é,\"x\"", before: true },
      { sort: "tokens", dir: "desc", key: 0n, id: "", before: false },
    ] as const) {
      const text = encodeCallsCursor(cursor);
      expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(decodeCallsCursor(text, cursor)).toEqual(cursor);
    }
  });

  it("accept the API's older [ts, id] cursors as newest-first time cursors", () => {
    const legacy = Buffer.from(JSON.stringify(["1790000000000", "msg_9"])).toString("base64url");
    expect(decodeCallsCursor(legacy, { sort: "time", dir: "desc" })).toEqual({ sort: "time", dir: "desc", key: 1_790_000_000_000n, id: "msg_9", before: false });
  });

  it("refuse malformed text with a sentence", () => {
    for (const bad of ["nonsense!", "bm9uc2Vuc2U", Buffer.from('{"s":"cost","d":"desc","k":"1.5","i":"a"}').toString("base64url"), Buffer.from('{"s":"cost","d":"desc","k":"9223372036854775808","i":"a"}').toString("base64url"), Buffer.from("[1,2]").toString("base64url")]) {
      expect(() => decodeCallsCursor(bad, { sort: "cost", dir: "desc" })).toThrow(CursorError);
      expect(() => decodeCallsCursor(bad, { sort: "cost", dir: "desc" })).toThrow(/not a cursor issued by Tally/);
    }
  });

  it("refuse a cursor from a different sort or direction", () => {
    const costCursor = encodeCallsCursor({ sort: "cost", dir: "desc", key: 5n, id: "a", before: false });
    expect(() => decodeCallsCursor(costCursor, { sort: "time", dir: "desc" })).toThrow(/sorted by cost \(desc\), not by time \(desc\)/);
    expect(() => decodeCallsCursor(costCursor, { sort: "cost", dir: "asc" })).toThrow(CursorError);
  });
});

describe("cost bounds typed by people", () => {
  it("convert exactly to pico-USD", () => {
    expect(parseCostBound("0.05")).toEqual({ ok: true, pico: 50_000_000_000n });
    expect(parseCostBound(" $1.20 ")).toEqual({ ok: true, pico: 1_200_000_000_000n });
    expect(parseCostBound(".5")).toEqual({ ok: true, pico: 500_000_000_000n });
    expect(parseCostBound("1,000")).toEqual({ ok: true, pico: 1_000_000_000_000_000n });
    expect(parseCostBound("0.000000000001")).toEqual({ ok: true, pico: 1n });
    expect(parseCostBound("")).toEqual({ ok: true, pico: null });
  });

  it("refuse negative, over-precise and non-numeric amounts with a message", () => {
    expect(parseCostBound("-1")).toMatchObject({ ok: false, message: /zero or more/ });
    expect(parseCostBound("0.0000000000001")).toMatchObject({ ok: false, message: /12 decimal places/ });
    expect(parseCostBound("abc")).toMatchObject({ ok: false, message: /"abc" is not an amount/ });
    expect(parseCostBound("1e-3")).toMatchObject({ ok: false });
  });
});

describe("explorer state from the URL", () => {
  it("reads every filter and the sort, and writes them back without defaults", () => {
    const s = state({ user: " alice ", stop_reason: "none", min_cost: "0.01", max_cost: "0.200", unpriced: "1", sort: "cost", dir: "asc", cursor: "abc" });
    expect(s.filters).toEqual({ user: "alice", stopReason: "none", minCostPico: 10_000_000_000n, maxCostPico: 200_000_000_000n, unpricedOnly: true });
    expect(s.sort).toBe("cost");
    expect(s.dir).toBe("asc");
    expect(s.cursor).toBe("abc");
    expect(s.problems).toEqual({});
    expect(hasExplorerFilters(s.filters)).toBe(true);
    expect(explorerParams(s)).toEqual({ user: "alice", stop_reason: "none", min_cost: "0.01", max_cost: "0.2", unpriced: "1", sort: "cost", dir: "asc" });
    expect(explorerParams(state({}))).toEqual({});
    expect(hasExplorerFilters(state({}).filters)).toBe(false);
  });

  it("keeps rendering with a message for each bad field, ignoring it", () => {
    const s = state({ min_cost: "ten", stop_reason: "bored", sort: "colour", dir: "up" });
    expect(s.filters.minCostPico).toBeNull();
    expect(s.filters.stopReason).toBeNull();
    expect(s.problems.min_cost).toMatch(/"ten" is not an amount/);
    expect(s.problems.stop_reason).toMatch(/Unknown stop reason "bored"/);
    expect(s.sort).toBe("time");
    expect(s.dir).toBe("desc");
    expect(s.problems.sort).toMatch(/colour/);
    expect(s.raw.min_cost).toBe("ten");
  });

  it("refuses a minimum above the maximum", () => {
    const s = state({ min_cost: "2", max_cost: "1" });
    expect(s.problems.min_cost).toMatch(/above the maximum/);
    expect(s.filters.minCostPico).toBeNull();
    expect(s.filters.maxCostPico).toBe(1_000_000_000_000n);
  });

  it("column headers flip the direction of the active sort and start others largest first", () => {
    expect(nextSort({ sort: "cost", dir: "desc" }, "cost")).toEqual({ sort: "cost", dir: "asc" });
    expect(nextSort({ sort: "cost", dir: "asc" }, "cost")).toEqual({ sort: "cost", dir: "desc" });
    expect(nextSort({ sort: "cost", dir: "asc" }, "tokens")).toEqual({ sort: "tokens", dir: "desc" });
  });
});

describe("formats", () => {
  it("times in UTC without a locale", () => {
    expect(formatCallTime(Date.parse("2026-11-03T14:05:12.345Z"))).toBe("Nov 3 14:05:12");
    expect(formatCallTime(Date.parse("2026-09-30T00:00:09Z"))).toBe("Sep 30 00:00:09");
  });

  it("the price per MTok a component implies, marked when rounding makes it approximate", () => {
    // 2,000 Sonnet 4.6 input tokens at $3/MTok = $0.006.
    expect(impliedUsdPerMTok(6_000_000_000n, 2000)).toEqual({ usd: "3", exact: true });
    // 50,000 Opus 4.6 cache reads at $0.50/MTok = $0.025.
    expect(impliedUsdPerMTok(25_000_000_000n, 50_000)).toEqual({ usd: "0.5", exact: true });
    // $0.000001 over 3 tokens is $0.333... per MTok, rounded to whole pico-USD.
    expect(impliedUsdPerMTok(1_000_000n, 3)).toEqual({ usd: "0.333333333333", exact: false });
    expect(impliedUsdPerMTok(0n, 0)).toBeNull();
  });

  it("names the export file after its range", () => {
    expect(exportFilename({ from: "2026-09-01", to: "2026-09-30" })).toBe("tally-calls_2026-09-01_2026-09-30.csv");
  });
});

describe("data-quality flags", () => {
  it("every flag the pricing engine and record parser set is explained in words", () => {
    expect(explainFlag("cache_split_missing").explanation).toMatch(/priced as 5-minute writes/);
    expect(explainFlag("unpriced_model").explanation).toMatch(/\$0/);
    expect(explainFlag("fast_mode_unpriced").explanation).toMatch(/fast-mode prices/);
    expect(explainFlag("derived_id").explanation).toMatch(/no message id/);
    expect(explainFlag("something_new")).toMatchObject({ label: "something new", tone: "info" });
  });
});

describe("CSV export lines", () => {
  const call: CsvCall = {
    id: "msg_1",
    tsMs: Date.parse("2026-09-03T10:00:00Z"),
    modelRaw: "claude-sonnet-4-6",
    resolvedModel: "claude-sonnet-4-6",
    feature: 'summarize, "long"',
    project: "=HYPERLINK(\"x\")",
    user: "line\nbreak",
    serviceTier: "standard",
    stopReason: null,
    inputTokens: 2000,
    outputTokens: 1000,
    cacheReadTokens: 0,
    cacheWrite5mTokens: 0,
    cacheWrite1hTokens: 0,
    webSearchRequests: 0,
    totalTokens: 3000,
    costPico: 21_000_000_000n,
    inputCostPico: 6_000_000_000n,
    outputCostPico: 15_000_000_000n,
    cacheWrite5mCostPico: 0n,
    cacheWrite1hCostPico: 0n,
    cacheReadCostPico: 0n,
    webSearchCostPico: 0n,
    priceEntryId: "claude-sonnet-4-6@2026-02-01",
    quality: ["derived_id"],
  };

  it("quote commas, quotes and line breaks per RFC 4180, and defuse formulas", () => {
    expect(csvField("plain")).toBe("plain");
    expect(csvField("a,b")).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField("=1+1")).toBe("'=1+1");
    expect(csvField("-5", false)).toBe("-5");
  });

  it("parse back (csv-parse) to the same values, with a total line that sums exactly", () => {
    const other = { ...call, id: "msg_2", feature: "chat", project: "p", user: null, costPico: 1n, inputCostPico: 1n, outputCostPico: 0n };
    const totals = addToCsvTotals(addToCsvTotals(emptyCsvTotals(), call), other);
    const text = csvHeaderLine() + csvCallLine(call) + csvCallLine(other) + csvTotalLine(totals);
    const rows: Record<string, string>[] = parse(text, { columns: true });
    expect(rows).toHaveLength(3);
    expect(rows[0]).toMatchObject({
      id: "msg_1",
      timestamp_utc: "2026-09-03T10:00:00.000Z",
      feature: 'summarize, "long"',
      project: "'=HYPERLINK(\"x\")",
      user: "line\nbreak",
      stop_reason: "",
      input_tokens: "2000",
      cost_usd: "0.021",
      input_cost_usd: "0.006",
      output_cost_usd: "0.015",
      quality_flags: "derived_id",
    });
    expect(rows[2]).toMatchObject({ id: "TOTAL", model: "2 calls", cost_usd: "0.021000000001", input_tokens: "4000", total_tokens: "6000" });
    expect(text.endsWith("\r\n")).toBe(true);
  });
});
