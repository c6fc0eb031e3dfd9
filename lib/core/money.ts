/** Money helpers. Amounts are integer pico-USD (1e-12 USD) held in bigints; formatting happens only here. */

export const PICO_PER_USD = 1_000_000_000_000n;

/**
 * Exact decimal string in USD, trailing zeros trimmed: 51_000_000_000n -> "0.051", 0n -> "0".
 * Never loses a digit, so parsing it back gives the same amount.
 */
export function formatUsdExact(pico: bigint): string {
  const negative = pico < 0n;
  const abs = negative ? -pico : pico;
  const whole = abs / PICO_PER_USD;
  const fraction = (abs % PICO_PER_USD).toString().padStart(12, "0").replace(/0+$/, "");
  return `${negative ? "-" : ""}${whole}${fraction ? `.${fraction}` : ""}`;
}

/** Parses a decimal USD string ("0.051", "-12.5") into pico-USD; throws on more than 12 decimals or junk. */
export function parseUsdToPico(usd: string): bigint {
  const match = /^(-)?(\d+)(?:\.(\d{1,12}))?$/.exec(usd.trim());
  if (!match) throw new Error(`not an exact USD amount: "${usd}"`);
  const [, sign, whole, fraction = ""] = match;
  const pico = BigInt(whole) * PICO_PER_USD + BigInt(fraction.padEnd(12, "0"));
  return sign ? -pico : pico;
}

/** Sum of bigints. */
export function sumPico(values: Iterable<bigint>): bigint {
  let total = 0n;
  for (const value of values) total += value;
  return total;
}

/** Rounded half up to the cent, with thousands separators: "$1,234.57", "-$0.05". What "agrees to the cent" compares. */
export function formatUsdCents(pico: bigint): string {
  const negative = pico < 0n;
  const abs = negative ? -pico : pico;
  const cents = (abs + PICO_PER_USD / 200n) / (PICO_PER_USD / 100n);
  const whole = (cents / 100n).toLocaleString("en-US");
  return `${negative && cents > 0n ? "-" : ""}$${whole}.${(cents % 100n).toString().padStart(2, "0")}`;
}

/** Human-readable money for the UI: $1.2K, $3.40, $0.0042. Exact values belong in tooltips. */
export function formatUsdShort(pico: bigint): string {
  const usd = Number(pico) / 1e12;
  const abs = Math.abs(usd);
  if (abs === 0) return "$0";
  if (abs >= 1e9) return `$${(usd / 1e9).toFixed(abs >= 1e10 ? 0 : 1)}B`;
  if (abs >= 1e6) return `$${(usd / 1e6).toFixed(abs >= 1e7 ? 0 : 1)}M`;
  if (abs >= 1e3) return `$${(usd / 1e3).toFixed(abs >= 1e5 ? 0 : 1)}K`;
  if (abs >= 1) return `$${usd.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
  if (abs >= 0.01) return `$${usd.toFixed(2)}`;
  return `$${usd.toPrecision(2)}`;
}

/** Human-readable counts: 950, 12.3K, 3.4M, 1.2B. */
export function formatCount(value: number | bigint): string {
  const n = Number(value);
  const abs = Math.abs(n);
  if (abs >= 1e9) return `${(n / 1e9).toFixed(1)}B`;
  if (abs >= 1e6) return `${(n / 1e6).toFixed(1)}M`;
  if (abs >= 1e3) return `${(n / 1e3).toFixed(1)}K`;
  return String(n);
}

/**
 * A cost per call for the eye: three significant digits under $1 ("$0.0105", "$0.007", "$0.000234"), so
 * changes of a few percent stay visible where cents would hide them; formatUsdShort from $1 up (and for
 * amounts too small for three digits without an exponent). Exact values go in titles.
 */
export function formatUsdPerCall(pico: bigint): string {
  if (pico === 0n) return "$0";
  if (pico >= PICO_PER_USD || pico <= -PICO_PER_USD) return formatUsdShort(pico);
  const text = (Number(pico) / 1e12).toPrecision(3);
  if (text.includes("e")) return formatUsdShort(pico);
  const trimmed = text.replace(/(\.\d*?)0+$/, "$1").replace(/\.$/, "");
  return trimmed.startsWith("-") ? `-$${trimmed.slice(1)}` : `$${trimmed}`;
}
