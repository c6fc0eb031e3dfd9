/**
 * Month close on both databases. October 2026: 20 Haiku 4.5 calls of 10,000 input tokens ($0.01 each)
 * for feature chat: $0.20. Closed; then a 50% discount from Oct 1 re-prices them ($0.10) and
 * a late call for Oct 31 arrives ($0.005 at the discount): the report stays $0.20 and says what moved.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as exportCsv } from "@/app/reports/[month]/export.csv/route";
import { formatUsdExact } from "@/lib/core/money";
import { stopApp } from "@/lib/server/app";
import { ingestItems } from "@/lib/server/ingest";
import { CloseError, closeMonth, getSinceClose, reopenMonth } from "@/lib/server/month-close";
import { getReportForRequest } from "@/lib/server/monthly-report";
import { addPriceOverride } from "@/lib/server/pricing-context";
import { tally } from "@/tests/helpers/cli";
import { PROVIDERS, type TestDatabase } from "@/tests/helpers/databases";
import { authedRequest, tokenFor } from "@/tests/helpers/auth";

/** Requests signed in as an admin of the database under test (set in beforeAll). */
let req: ReturnType<typeof authedRequest>;

const call = (id: string, day: string) => ({ id, timestamp: `${day}T12:00:00Z`, model: "claude-haiku-4-5", feature: "chat", usage: { input_tokens: 10_000, output_tokens: 0 } });

describe.each(PROVIDERS)("month close on %s", (_provider, create) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await create();
    req = authedRequest(await tokenFor(t.db));
    process.env.DATABASE_URL = t.url;
    await ingestItems(t.db, Array.from({ length: 20 }, (_, i) => call(`mc-${i}`, `2026-10-${String(i + 1).padStart(2, "0")}`)), { source: "import" });
  });
  afterAll(async () => {
    await stopApp();
    delete process.env.DATABASE_URL;
    await t.drop();
  });

  it("refuses a month that has not ended, closes one that has, once", async () => {
    await expect(closeMonth(t.db, "2099-11", "UTC", new Date())).rejects.toThrow("2099-11 has not ended yet in UTC");
    // The clock is the real one: "late" means stored after the close.
    const { report } = await closeMonth(t.db, "2026-10", "UTC", new Date());
    expect(formatUsdExact(report.totalPico)).toBe("0.2");
    await expect(closeMonth(t.db, "2026-10", "UTC", new Date())).rejects.toBeInstanceOf(CloseError);
    expect(await getSinceClose(t.db, "2026-10")).toMatchObject({ difference: null, lateCalls: 0, repricings: 0 });
  });

  it("keeps the closed figures after re-pricing and a late record, and shows the difference", async () => {
    await addPriceOverride(t.db, { model: "claude-haiku-4-5", effectiveFrom: "2026-10-01", effectiveTo: null, multiplier: "0.5", inputUsdPerMTok: null, outputUsdPerMTok: null, cacheWrite5mUsdPerMTok: null, cacheWrite1hUsdPerMTok: null, cacheReadUsdPerMTok: null });
    await ingestItems(t.db, [call("mc-late", "2026-10-31")], { source: "import" });

    const frozen = await getReportForRequest("2026-10", {});
    expect(formatUsdExact(frozen!.totalPico)).toBe("0.2");
    const csv = await (await exportCsv(req("http://tally.test/reports/2026-10/export.csv"), { params: Promise.resolve({ month: "2026-10" }) })).text();
    expect(csv).toContain("total,");
    expect(csv.split("\r\n").find((l) => l.startsWith("total,"))).toContain(",0.2,");

    const since = (await getSinceClose(t.db, "2026-10"))!;
    // Now: 21 calls at $0.005 = $0.105; closed $0.20.
    expect([formatUsdExact(since.difference!.closedTotalPico), formatUsdExact(since.difference!.nowTotalPico), formatUsdExact(since.difference!.differencePico)]).toEqual(["0.2", "0.105", "-0.095"]);
    expect([since.lateCalls, formatUsdExact(since.lateCostPico), since.repricings]).toEqual([1, "0.005", 1]);
    expect(since.difference!.lines.filter((l) => l.dimension === "feature").map((l) => [l.key, formatUsdExact(l.differencePico)])).toEqual([["chat", "-0.095"]]);

    // A filtered view is live; reopening makes the month live again.
    expect(formatUsdExact((await getReportForRequest("2026-10", { feature: "chat" }))!.totalPico)).toBe("0.105");
    expect(await reopenMonth(t.db, "2026-10")).toBe(true);
    expect(formatUsdExact((await getReportForRequest("2026-10", {}))!.totalPico)).toBe("0.105");
  });
});

describe.each(PROVIDERS)("tally close-month on %s", (_provider, create) => {
  it("closes a month, refuses it twice, and reopens it", async () => {
    const t = await create();
    try {
      await ingestItems(t.db, [call("cm-1", "2026-09-10"), call("cm-2", "2026-09-11")], { source: "import" });
      const closed = await tally(["close-month", "2026-09"], { DATABASE_URL: t.url });
      expect(closed.stdout.trim()).toBe("Closed 2026-09 (UTC): $0.02 over 2 calls, frozen.");
      const again = await tally(["close-month", "2026-09"], { DATABASE_URL: t.url });
      expect([again.code, again.stderr.trim()]).toEqual([1, "tally: 2026-09 is already closed"]);
      expect((await tally(["close-month", "2026-09", "--reopen"], { DATABASE_URL: t.url })).stdout.trim()).toBe("Reopened 2026-09.");
    } finally {
      await t.drop();
    }
  });
});
