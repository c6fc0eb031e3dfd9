import { describe, expect, it } from "vitest";
import { periodOf } from "@/lib/core/job-periods";

describe("periodOf", () => {
  it("names the same 5-minute slot for every moment in it", () => {
    expect(periodOf(Date.parse("2026-11-23T10:05:00Z"), 300)).toBe("2026-11-23T10:05:00Z");
    expect(periodOf(Date.parse("2026-11-23T10:09:59.999Z"), 300)).toBe("2026-11-23T10:05:00Z");
    expect(periodOf(Date.parse("2026-11-23T10:10:00Z"), 300)).toBe("2026-11-23T10:10:00Z");
  });

  it("names a day by its UTC midnight", () => {
    expect(periodOf(Date.parse("2026-11-23T23:59:59Z"), 86_400)).toBe("2026-11-23T00:00:00Z");
  });

  it("refuses a slot that is not a whole positive number of seconds", () => {
    expect(() => periodOf(0, 0)).toThrow(RangeError);
    expect(() => periodOf(0, 1.5)).toThrow(RangeError);
  });
});
