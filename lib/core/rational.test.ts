import { describe, expect, it } from "vitest";
import { ONE, equals, multiply, parseDecimal, rational, roundHalfUp, scale } from "./rational";

describe("parseDecimal", () => {
  it("reads decimals exactly, in lowest terms", () => {
    expect(parseDecimal("0.85")).toEqual({ num: 17n, den: 20n });
    expect(parseDecimal("1.1")).toEqual({ num: 11n, den: 10n });
    expect(parseDecimal("3.750")).toEqual({ num: 15n, den: 4n });
    expect(parseDecimal("25")).toEqual({ num: 25n, den: 1n });
    expect(parseDecimal("0")).toEqual({ num: 0n, den: 1n });
    expect(parseDecimal("0.000000000001")).toEqual({ num: 1n, den: 1_000_000_000_000n });
  });

  it("refuses anything that is not a plain non-negative decimal", () => {
    for (const text of ["", "-1", "1e3", ".5", "5.", "1,000", " 1", "0x10", "NaN"]) {
      expect(() => parseDecimal(text), text).toThrow(/plain decimal/);
    }
  });
});

describe("arithmetic", () => {
  it("multiplies without losing anything: 0.051 x 1.1 x 1/2 = 0.02805", () => {
    const product = multiply(multiply(parseDecimal("0.051"), parseDecimal("1.1")), rational(1n, 2n));
    expect(equals(product, parseDecimal("0.02805"))).toBe(true);
    expect(equals(scale(parseDecimal("0.25"), 4n), ONE)).toBe(true);
  });

  it("refuses a zero or negative denominator", () => {
    expect(() => rational(1n, 0n)).toThrow(RangeError);
    expect(() => rational(1n, -2n)).toThrow(RangeError);
  });
});

describe("roundHalfUp", () => {
  it("rounds to the nearest integer, halves up", () => {
    expect(roundHalfUp(rational(1n, 10n))).toBe(0n);
    expect(roundHalfUp(rational(1n, 2n))).toBe(1n);
    expect(roundHalfUp(rational(3n, 2n))).toBe(2n);
    expect(roundHalfUp(rational(5n, 2n))).toBe(3n);
    expect(roundHalfUp(rational(7n, 3n))).toBe(2n);
    expect(roundHalfUp(rational(8n, 3n))).toBe(3n);
    expect(roundHalfUp(rational(42n))).toBe(42n);
  });

  it("rounds negative halves towards +infinity too", () => {
    expect(roundHalfUp(rational(-1n, 2n))).toBe(0n);
    expect(roundHalfUp(rational(-5n, 2n))).toBe(-2n);
    expect(roundHalfUp(rational(-7n, 3n))).toBe(-2n);
    expect(roundHalfUp(rational(-8n, 3n))).toBe(-3n);
    expect(roundHalfUp(rational(-4n))).toBe(-4n);
  });
});
