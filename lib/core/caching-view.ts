/**
 * Data preparation for the Caching page: what cache reads saved, what cache writes cost over plain
 * input (the write premium), the net of the two, hit ratios per day with gaps where there was no
 * prompt, and the per-feature / per-model table that flags writes not read back.
 *
 * Money is pico-USD bigints throughout; premiums are exact for list prices (see writePremiumPico).
 */
import {
  CATEGORY_PALETTE,
  OTHER_SERIES_COLOR,
  type PromptTokenCounts,
  cacheHitRatio,
  cacheSavingsPico,
  daysInRange,
  formatDayLong,
  formatDayShort,
  promptTokens,
} from "@/lib/core/chart-data";
import { formatUsdExact, formatUsdShort } from "@/lib/core/money";
import type { PriceBook } from "@/lib/core/pricing";
import { type Rational, rational, roundHalfUp } from "@/lib/core/rational";

// ---------------------------------------------------------------------------------------------------
// The write premium
// ---------------------------------------------------------------------------------------------------

/** The share of a cache write's cost that is premium over plain input: (write price - input price) / write price. */
export interface PremiumFractions {
  fiveMinute: Rational;
  oneHour: Rational;
}

/** Writes at exactly 1.25x (5m) and 2x (1h) the input price: 1/5 and 1/2 of the write cost is premium. */
export const STANDARD_PREMIUM: PremiumFractions = { fiveMinute: rational(1n, 5n), oneHour: rational(1n, 2n) };

function premiumFraction(write: Rational, input: Rational): Rational {
  // (w - i) / w with w = wn/wd, i = in/id: (wn*id - in*wd) / (wn*id).
  const num = write.num * input.den - input.num * write.den;
  const den = write.num * input.den;
  return den > 0n && num > 0n ? rational(num, den) : rational(0n);
}

/**
 * The premium fractions of a model's list prices (its latest price period; within a model the ratios
 * never change between periods, and batch, US-geo and long-context multipliers scale write and input
 * alike, so the fraction holds for every call). Most models write at 1.25x / 2x input (1/5 and 1/2);
 * Claude 3 Haiku writes 5m at 1.2x (1/6). Models not in the book (unpriced, $0) get STANDARD_PREMIUM.
 */
export function premiumFractions(book: PriceBook, model: string): PremiumFractions {
  const entry = book.byId.get(model);
  const period = entry?.periods[entry.periods.length - 1];
  if (!period) return STANDARD_PREMIUM;
  const { input, cacheWrite5m, cacheWrite1h } = period.rates;
  return { fiveMinute: premiumFraction(cacheWrite5m, input), oneHour: premiumFraction(cacheWrite1h, input) };
}

/**
 * The premium in a cache write cost: cost x fraction, in pico-USD. Exact whenever the division is
 * exact, which it is for every list price (a write costs a whole number of pico-USD per token that is
 * a multiple of 5 and of 2); otherwise rounded half up to one pico-USD, once per group.
 */
export function writePremiumPico(writeCostPico: bigint, fraction: Rational): bigint {
  return roundHalfUp(rational(writeCostPico * fraction.num, fraction.den));
}

/** A group's cache-relevant totals (the fields of the summary's UsageTotals this page reads). */
export interface CacheTotals extends PromptTokenCounts {
  cacheReadCostPico: bigint;
  cacheReadFullCostPico: bigint;
  cacheWrite5mCostPico: bigint;
  cacheWrite1hCostPico: bigint;
}

export interface CacheEconomics {
  /** Cache reads at the uncached input price minus what they cost. */
  savedPico: bigint;
  write5mCostPico: bigint;
  write1hCostPico: bigint;
  /** What the writes cost beyond the same tokens as plain input. */
  premium5mPico: bigint;
  premium1hPico: bigint;
  /** savedPico - premium5mPico - premium1hPico: negative when caching cost more than it saved. */
  netPico: bigint;
}

/** Saved, write costs, premiums and net for totals of one model (whose premium fractions are given). */
export function cacheEconomics(t: CacheTotals, fractions: PremiumFractions = STANDARD_PREMIUM): CacheEconomics {
  const savedPico = cacheSavingsPico(t);
  const premium5mPico = writePremiumPico(t.cacheWrite5mCostPico, fractions.fiveMinute);
  const premium1hPico = writePremiumPico(t.cacheWrite1hCostPico, fractions.oneHour);
  return {
    savedPico,
    write5mCostPico: t.cacheWrite5mCostPico,
    write1hCostPico: t.cacheWrite1hCostPico,
    premium5mPico,
    premium1hPico,
    netPico: savedPico - premium5mPico - premium1hPico,
  };
}

/** Sum of several groups' economics. */
export function addEconomics(parts: readonly CacheEconomics[]): CacheEconomics {
  const sum = (field: keyof CacheEconomics) => parts.reduce((total, part) => total + part[field], 0n);
  return {
    savedPico: sum("savedPico"),
    write5mCostPico: sum("write5mCostPico"),
    write1hCostPico: sum("write1hCostPico"),
    premium5mPico: sum("premium5mPico"),
    premium1hPico: sum("premium1hPico"),
    netPico: sum("netPico"),
  };
}

/** Economics over groups split by model: each model's premium uses its own price ratio. */
export function economicsByModel(groups: readonly (CacheTotals & { model: string })[], book: PriceBook): CacheEconomics {
  return addEconomics(groups.map((g) => cacheEconomics(g, premiumFractions(book, g.model))));
}

// ---------------------------------------------------------------------------------------------------
// Writes not read back
// ---------------------------------------------------------------------------------------------------

/**
 * The rule for "writes not read back": the group wrote to the cache (5m + 1h tokens > 0) and read fewer
 * tokens from it than it wrote, i.e. each written token was read back less than once on average.
 */
export function writesNotReadBack(t: { cacheReadTokens: number; cacheWrite5mTokens: number; cacheWrite1hTokens: number }): boolean {
  const written = t.cacheWrite5mTokens + t.cacheWrite1hTokens;
  return written > 0 && t.cacheReadTokens < written;
}

export const NOT_READ_BACK_RULE =
  "Flagged when the cache read fewer tokens than were written to it in the range: each written token was read back less than once on average. A 5-minute write costs 1.25x input and a read 0.1x, so a write pays for itself after about 0.28 reads; a 1-hour write (2x) after about 1.1.";

export interface CacheRow {
  key: string;
  label: string;
  promptTokens: number;
  cacheReadTokens: number;
  /** Cache read / prompt, 0..1; null with no prompt tokens. */
  hitRatio: number | null;
  cacheWrite5mTokens: number;
  cacheWrite1hTokens: number;
  /** Cache read tokens per written token; null when nothing was written. */
  readsPerWrite: number | null;
  economics: CacheEconomics;
  writeCostPico: bigint;
  notReadBack: boolean;
}

/**
 * One row per key (feature or model) from totals split by key and model, so each model's premium
 * fraction applies to its own writes. Flagged rows come first, then the lowest net saving (the worst
 * offenders first), then the key.
 */
export function buildCacheRows(
  parts: readonly (CacheTotals & { key: string; model: string })[],
  book: PriceBook,
  label: (key: string) => string = (key) => key,
): CacheRow[] {
  const byKey = new Map<string, (CacheTotals & { model: string })[]>();
  for (const part of parts) byKey.set(part.key, [...(byKey.get(part.key) ?? []), part]);
  const rows: CacheRow[] = [...byKey].map(([key, group]) => {
    const tokens = {
      inputTokens: group.reduce((s, g) => s + g.inputTokens, 0),
      cacheReadTokens: group.reduce((s, g) => s + g.cacheReadTokens, 0),
      cacheWrite5mTokens: group.reduce((s, g) => s + g.cacheWrite5mTokens, 0),
      cacheWrite1hTokens: group.reduce((s, g) => s + g.cacheWrite1hTokens, 0),
    };
    const written = tokens.cacheWrite5mTokens + tokens.cacheWrite1hTokens;
    const economics = economicsByModel(group, book);
    return {
      key,
      label: label(key),
      promptTokens: promptTokens(tokens),
      cacheReadTokens: tokens.cacheReadTokens,
      hitRatio: cacheHitRatio(tokens),
      cacheWrite5mTokens: tokens.cacheWrite5mTokens,
      cacheWrite1hTokens: tokens.cacheWrite1hTokens,
      readsPerWrite: written > 0 ? tokens.cacheReadTokens / written : null,
      economics,
      writeCostPico: economics.write5mCostPico + economics.write1hCostPico,
      notReadBack: writesNotReadBack(tokens),
    };
  });
  return rows.sort((a, b) =>
    a.notReadBack !== b.notReadBack
      ? a.notReadBack
        ? -1
        : 1
      : a.economics.netPico !== b.economics.netPico
        ? a.economics.netPico < b.economics.netPico
          ? -1
          : 1
        : a.key < b.key
          ? -1
          : a.key > b.key
            ? 1
            : 0,
  );
}

// ---------------------------------------------------------------------------------------------------
// Hit ratio per day
// ---------------------------------------------------------------------------------------------------

export interface DayPromptRow extends PromptTokenCounts {
  day: string;
  key: string;
}

export interface RatioSeries {
  /** Stable chart key ("all", "s0", "s1", ...). */
  key: string;
  label: string;
  color: string;
  keys: string[];
  /** Hit ratio over the whole range, 0..1, or null without prompt tokens. */
  overall: number | null;
}

export interface RatioPoint {
  /** Hit ratio in percent (0..100), or null when the series had no prompt tokens that day (a gap). */
  percent: number | null;
  cacheReadTokens: number;
  promptTokens: number;
}

export interface RatioDay {
  day: string;
  label: string;
  longLabel: string;
  /** One point per series, in series order. */
  points: RatioPoint[];
}

export interface HitRatioChart {
  series: RatioSeries[];
  days: RatioDay[];
}

/** The line for all calls together, drawn first and dashed. */
export const ALL_SERIES_COLOR = "var(--color-zinc-500)";

function ratioPercent(read: number, prompt: number): number | null {
  return prompt === 0 ? null : Math.round((read / prompt) * 10_000) / 100;
}

/**
 * Cache hit ratio per day for all calls and for the `topN` keys with the most prompt tokens over the
 * range (the rest merged into "Other"). Every day of the range is present; a series without prompt
 * tokens on a day has a null point there, which the chart draws as a gap, never as 0%.
 */
export function buildHitRatioByDay(
  rows: readonly DayPromptRow[],
  range: { from: string; to: string },
  options: { topN?: number; label?: (key: string) => string; colors?: Record<string, string>; noun?: string } = {},
): HitRatioChart {
  const topN = options.topN ?? 5;
  const noun = options.noun ?? "models";
  const days = daysInRange(range.from, range.to);
  const dayIndex = new Map(days.map((day, i) => [day, i]));
  const inRange = rows.filter((row) => dayIndex.has(row.day));

  const promptByKey = new Map<string, number>();
  for (const row of inRange) promptByKey.set(row.key, (promptByKey.get(row.key) ?? 0) + promptTokens(row));
  const ranked = [...promptByKey].sort((a, b) => (a[1] !== b[1] ? b[1] - a[1] : a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([key]) => key);
  const own = ranked.length > topN ? ranked.slice(0, topN) : ranked;
  const merged = ranked.slice(own.length);

  const groups: { key: string; label: string; color: string; keys: string[] }[] = [
    { key: "all", label: "All calls", color: ALL_SERIES_COLOR, keys: ranked },
    ...own.map((k, i) => ({
      key: `s${i}`,
      label: options.label?.(k) ?? k,
      color: options.colors?.[k] ?? CATEGORY_PALETTE[i % CATEGORY_PALETTE.length],
      keys: [k],
    })),
    ...(merged.length ? [{ key: `s${own.length}`, label: `Other (${merged.length} ${noun})`, color: OTHER_SERIES_COLOR, keys: merged }] : []),
  ];
  const seriesOfKey = new Map<string, number>();
  groups.forEach((group, s) => {
    if (s > 0) for (const k of group.keys) seriesOfKey.set(k, s);
  });

  const read = days.map(() => groups.map(() => 0));
  const prompt = days.map(() => groups.map(() => 0));
  for (const row of inRange) {
    const d = dayIndex.get(row.day)!;
    const s = seriesOfKey.get(row.key)!;
    for (const target of [0, s]) {
      read[d][target] += row.cacheReadTokens;
      prompt[d][target] += promptTokens(row);
    }
  }

  const series: RatioSeries[] = groups.map((group, s) => {
    const totalRead = read.reduce((sum, day) => sum + day[s], 0);
    const totalPrompt = prompt.reduce((sum, day) => sum + day[s], 0);
    return { ...group, overall: totalPrompt === 0 ? null : totalRead / totalPrompt };
  });
  return {
    series,
    days: days.map((day, d) => ({
      day,
      label: formatDayShort(day),
      longLabel: formatDayLong(day),
      points: groups.map((_, s) => ({ percent: ratioPercent(read[d][s], prompt[d][s]), cacheReadTokens: read[d][s], promptTokens: prompt[d][s] })),
    })),
  };
}

/** "$1.20" for the eye and "1.2" exactly, for a signed pico amount. */
export function moneyPair(pico: bigint): { short: string; exact: string } {
  return { short: pico < 0n ? `-${formatUsdShort(-pico)}` : formatUsdShort(pico), exact: formatUsdExact(pico) };
}
