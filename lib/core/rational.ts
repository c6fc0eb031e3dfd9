/**
 * Exact fractions of bigints, for prices and multipliers. A price of $3.75 per million tokens, a batch
 * discount of 1/2 and a 1.1x regional premium multiply without ever touching a float; the result is
 * rounded once, by whoever needs a whole number.
 */

/** num / den, with den > 0. Not necessarily in lowest terms. */
export interface Rational {
  readonly num: bigint;
  readonly den: bigint;
}

export const ONE: Rational = { num: 1n, den: 1n };

/** A plain non-negative decimal: "3", "0.85", "12.50". No sign, exponent or thousands separator. */
export const DECIMAL_PATTERN = /^\d+(\.\d+)?$/;

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

/** num / den in lowest terms; throws on a zero or negative denominator. */
export function rational(num: bigint, den: bigint = 1n): Rational {
  if (den <= 0n) throw new RangeError(`denominator must be positive, got ${den}`);
  const divisor = gcd(num, den);
  return divisor > 1n ? { num: num / divisor, den: den / divisor } : { num, den };
}

/** "0.85" -> 17/20, exactly. Throws on anything that is not a plain non-negative decimal. */
export function parseDecimal(text: string): Rational {
  if (!DECIMAL_PATTERN.test(text)) throw new Error(`not a plain decimal number: "${text}"`);
  const [whole, fraction = ""] = text.split(".");
  return rational(BigInt(whole + fraction), 10n ** BigInt(fraction.length));
}

/** a x b. Left unreduced: callers multiply a handful of factors and round once. */
export function multiply(a: Rational, b: Rational): Rational {
  return { num: a.num * b.num, den: a.den * b.den };
}

/** a x n for an integer n. */
export function scale(a: Rational, n: bigint): Rational {
  return { num: a.num * n, den: a.den };
}

/** The nearest integer, halves rounded up (towards +infinity): 5/2 -> 3, -5/2 -> -2. */
export function roundHalfUp(r: Rational): bigint {
  const twice = 2n * r.num + r.den;
  const den = 2n * r.den;
  // bigint division truncates towards zero; floor is what half-up needs for negative values too.
  const quotient = twice / den;
  return twice % den !== 0n && twice < 0n ? quotient - 1n : quotient;
}

/** True when a and b are the same number (whatever their terms). */
export function equals(a: Rational, b: Rational): boolean {
  return a.num * b.den === b.num * a.den;
}

/** A decimal string of r when it has one within 12 places ("1.35", "4"), else its fraction ("4/3"). */
export function formatRational(r: Rational): string {
  const { num, den } = rational(r.num, r.den);
  for (let places = 0; places <= 12; places++) {
    const scale = 10n ** BigInt(places);
    if ((num * scale) % den !== 0n) continue;
    const digits = ((num * scale) / den).toString().padStart(places + 1, "0");
    return places === 0 ? digits : `${digits.slice(0, -places)}.${digits.slice(-places)}`;
  }
  return `${num}/${den}`;
}
