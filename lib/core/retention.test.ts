import { describe, expect, it } from "vitest";
import { formatHorizon, retentionCutoff, retentionNotice } from "@/lib/core/retention";

const NOW = Date.parse("2026-11-23T15:30:00Z");
const iso = (ms: number) => new Date(ms).toISOString();

describe("retentionCutoff", () => {
  it("is the UTC midnight TALLY_RETENTION_DAYS days before today's, in UTC whatever is closed", () => {
    const cut = retentionCutoff({ nowMs: NOW, days: 90, timeZone: "UTC", closedMonths: new Set(), oldestCallMs: Date.parse("2026-01-01T00:00:00Z") });
    expect(iso(cut.cutoffMs)).toBe("2026-08-25T00:00:00.000Z");
    expect(cut.heldBack).toBeNull();
  });

  it("in another zone keeps every call of a month that is not closed, or whose next month is not", () => {
    const input = { nowMs: NOW, days: 90, timeZone: "Europe/Berlin", oldestCallMs: Date.parse("2026-05-10T00:00:00Z") };
    // May and June closed, July not: May may go (June closed), June may not (July open).
    const cut = retentionCutoff({ ...input, closedMonths: new Set(["2026-05", "2026-06"]) });
    expect(iso(cut.cutoffMs)).toBe("2026-05-31T22:00:00.000Z");
    expect(cut.heldBack).toEqual({ month: "2026-06", reason: "its calls make up reports in Europe/Berlin, and 2026-07 is not closed" });
    expect(iso(cut.requestedCutoffMs)).toBe("2026-08-25T00:00:00.000Z");
  });

  it("in another zone keeps all the old calls when the oldest month is not closed", () => {
    const cut = retentionCutoff({ nowMs: NOW, days: 90, timeZone: "America/New_York", closedMonths: new Set(), oldestCallMs: Date.parse("2026-05-10T00:00:00Z") });
    expect(iso(cut.cutoffMs)).toBe("2026-05-01T04:00:00.000Z");
    expect(cut.heldBack?.month).toBe("2026-05");
  });

  it("in another zone reaches the requested cutoff once the months before it and the one it falls in are closed", () => {
    const closed = new Set(["2026-05", "2026-06", "2026-07", "2026-08", "2026-09"]);
    const cut = retentionCutoff({ nowMs: NOW, days: 90, timeZone: "Europe/Berlin", closedMonths: closed, oldestCallMs: Date.parse("2026-05-10T00:00:00Z") });
    expect(iso(cut.cutoffMs)).toBe("2026-08-25T00:00:00.000Z");
    expect(cut.heldBack).toBeNull();
  });

  it("in another zone holds back August (old enough in part) while September is open", () => {
    const closed = new Set(["2026-05", "2026-06", "2026-07", "2026-08"]);
    const cut = retentionCutoff({ nowMs: NOW, days: 90, timeZone: "Europe/Berlin", closedMonths: closed, oldestCallMs: Date.parse("2026-05-10T00:00:00Z") });
    expect(iso(cut.cutoffMs)).toBe("2026-07-31T22:00:00.000Z");
    expect(cut.heldBack?.month).toBe("2026-08");
  });
});

describe("retentionNotice", () => {
  const horizon = Date.parse("2026-10-01T00:00:00Z");
  it("speaks only when the range starts before the horizon", () => {
    expect(retentionNotice(horizon, Date.parse("2026-09-30T00:00:00Z"), "this list starts there.")).toBe(
      "Calls before 2026-10-01 were deleted by retention (TALLY_RETENTION_DAYS): this list starts there.",
    );
    expect(retentionNotice(horizon, horizon, "x")).toBeNull();
    expect(retentionNotice(null, 0, "x")).toBeNull();
    expect(retentionNotice(0, -1, "x")).toBeNull();
  });

  it("gives the time when the horizon is not a UTC midnight (a month's start in another zone)", () => {
    expect(formatHorizon(Date.parse("2026-07-31T22:00:00Z"))).toBe("2026-07-31 22:00 UTC");
  });
});
