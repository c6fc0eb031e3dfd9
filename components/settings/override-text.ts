/**
 * Words and exact decimals for price overrides, shared by the Prices card (server) and its forms
 * (client). Pure: strings and bigints only, so a multiplier like "0.85" never passes through a float.
 */
import { parseDecimal } from "@/lib/core/rational";

/** The five token prices an override can set, in the order the card shows them. */
export const OVERRIDE_PRICE_FIELDS = [
  { name: "inputUsdPerMTok", label: "Input", book: "input" },
  { name: "outputUsdPerMTok", label: "Output", book: "output" },
  { name: "cacheWrite5mUsdPerMTok", label: "5m cache write", book: "cacheWrite5m" },
  { name: "cacheWrite1hUsdPerMTok", label: "1h cache write", book: "cacheWrite1h" },
  { name: "cacheReadUsdPerMTok", label: "Cache read", book: "cacheRead" },
] as const;

export type OverridePriceField = (typeof OVERRIDE_PRICE_FIELDS)[number]["name"];

/** "007.50" -> "7.5", "1.000" -> "1", ".85" -> "0.85": the same number, written the short way. */
export function normalizeDecimal(text: string): string {
  const [whole = "", fraction = ""] = text.split(".");
  const trimmedWhole = whole.replace(/^0+(?=\d)/, "") || "0";
  const trimmedFraction = fraction.replace(/0+$/, "");
  return trimmedFraction ? `${trimmedWhole}.${trimmedFraction}` : trimmedWhole;
}

/** A USD amount for reading: at least two decimals, never fewer digits than stored ("0.4" -> "0.40", "0.125" stays). */
export function formatUsdPrice(usd: string): string {
  const [whole, fraction = ""] = usd.split(".");
  return `${whole}.${fraction.padEnd(2, "0")}`;
}

/** num / den as a decimal string; den must divide a power of ten (true for anything parsed from a decimal). */
function terminatingDecimal(num: bigint, den: bigint): string {
  const whole = num / den;
  let remainder = num % den;
  let digits = "";
  while (remainder !== 0n && digits.length < 24) {
    remainder *= 10n;
    digits += (remainder / den).toString();
    remainder %= den;
  }
  return digits ? `${whole}.${digits}` : whole.toString();
}

/**
 * A multiplier as people say it: "0.85" -> "15% off every token price", "1.1" -> "10% surcharge on
 * every token price". Exact: "0.875" -> "12.5% off ...". Returns null for text that is not a plain decimal.
 */
export function describeMultiplier(multiplier: string): string | null {
  let value;
  try {
    value = parseDecimal(multiplier);
  } catch {
    return null;
  }
  if (value.num === value.den) return "list prices unchanged";
  const below = value.num < value.den;
  const percent = terminatingDecimal((below ? value.den - value.num : value.num - value.den) * 100n, value.den);
  return below ? `${percent}% off every token price` : `${percent}% surcharge on every token price`;
}

/** The day after a YYYY-MM-DD day, for turning an inclusive last day into an exclusive end. */
export function nextDay(day: string): string {
  const ms = Date.parse(`${day}T00:00:00Z`);
  return new Date(ms + 86_400_000).toISOString().slice(0, 10);
}

/** The day before a YYYY-MM-DD day: the last day an override with this exclusive end applies. */
export function previousDay(day: string): string {
  const ms = Date.parse(`${day}T00:00:00Z`);
  return new Date(ms - 86_400_000).toISOString().slice(0, 10);
}
