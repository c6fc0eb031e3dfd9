/** The pages' clock: TALLY_NOW when set, else the machine's; a malformed TALLY_NOW is refused by name. */
import { afterEach, describe, expect, it } from "vitest";
import { now } from "@/lib/server/clock";

describe("now()", () => {
  afterEach(() => {
    delete process.env.TALLY_NOW;
  });

  it("is the machine's time without TALLY_NOW", () => {
    expect(Math.abs(now().getTime() - Date.now())).toBeLessThan(1000);
  });

  it("is TALLY_NOW when set", () => {
    process.env.TALLY_NOW = "2026-02-28T12:00:00Z";
    expect(now().toISOString()).toBe("2026-02-28T12:00:00.000Z");
    process.env.TALLY_NOW = "2026-02-28T12:00:00+02:00";
    expect(now().toISOString()).toBe("2026-02-28T10:00:00.000Z");
  });

  it("refuses a TALLY_NOW that is not an ISO time with its offset", () => {
    for (const bad of ["yesterday", "2026-02-28", "2026-02-30T12:00:00Z"]) {
      process.env.TALLY_NOW = bad;
      expect(() => now(), bad).toThrow(/^Configuration error: TALLY_NOW must be an ISO time/);
    }
  });
});
