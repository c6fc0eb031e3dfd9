/**
 * The monthly finance report: a month's spend against the month before, broken down by project,
 * feature and model, with top movers, data-quality warnings, the prices it rests on and a short
 * narrative written from the numbers. Pure and deterministic, so the page, the CSV and PDF exports and
 * the CLI all show the same figures, and a report can be stored as JSON (monthlyReportToJson).
 *
 * Invariant: every breakdown's lines add up to the total exactly (to the pico), because all three are
 * sums of the same summary rows.
 */
import { modelFamily } from "@/lib/core/chart-data";
import { formatUsdExact, formatUsdShort } from "@/lib/core/money";
import { type Delta, delta } from "@/lib/core/period-compare";

/** A month, YYYY-MM. */
export type Month = string;

/** One summary row of a month: spend per project x feature x model x service tier. */
export interface ReportRow {
  project: string;
  feature: string;
  model: string;
  serviceTier: string;
  calls: number;
  unpricedCalls: number;
  costPico: bigint;
}

/** A price override in force during the month, as the report names it. */
export interface ReportOverride {
  id: number;
  model: string;
  effectiveFrom: string;
  effectiveTo: string | null;
  multiplier: string | null;
  /** Any absolute prices set, e.g. ["input $2.5/MTok"]. */
  prices: string[];
}

export interface MonthlyReportInput {
  month: Month;
  /** IANA time zone the month follows. */
  timeZone: string;
  current: readonly ReportRow[];
  previous: readonly ReportRow[];
  /** Calls of the month sent without the 5m/1h cache-write split (null when not counted). */
  cacheSplitMissingCalls: number | null;
  priceBookVersion: string;
  overrides: readonly ReportOverride[];
  /** Filters the report was read with (e.g. { project: ["web"] }); empty for the whole installation. */
  filters?: Readonly<Record<string, readonly string[]>>;
}

export type Dimension = "project" | "feature" | "model";

export const DIMENSIONS: readonly Dimension[] = ["project", "feature", "model"];

export interface ReportLine {
  /** The stored value ("" for calls sent without a project or feature). */
  key: string;
  /** What people read: "(none)" for "". */
  label: string;
  costPico: bigint;
  /** Share of the month's total, 0 to 1 (0 when the total is 0). */
  share: number;
  calls: number;
  unpricedCalls: number;
  previousCostPico: bigint;
  previousCalls: number;
  /** costPico - previousCostPico. */
  changePico: bigint;
  change: Delta;
}

export interface ReportMover {
  dimension: Dimension;
  key: string;
  label: string;
  costPico: bigint;
  previousCostPico: bigint;
  changePico: bigint;
  change: Delta;
}

export type WarningCode = "unpriced_calls" | "cache_split_missing" | "priority_tier";

export interface ReportWarning {
  code: WarningCode;
  message: string;
  /** Calls concerned. */
  calls: number;
  /** Spend concerned, where it has one (priority tier). */
  costPico: bigint | null;
  /** Models concerned (unpriced models). */
  models: string[];
}

export interface MonthlyReport {
  month: Month;
  previousMonth: Month;
  timeZone: string;
  totalPico: bigint;
  previousTotalPico: bigint;
  changePico: bigint;
  change: Delta;
  calls: number;
  previousCalls: number;
  unpricedCalls: number;
  lines: Record<Dimension, ReportLine[]>;
  movers: ReportMover[];
  warnings: ReportWarning[];
  priceBook: { version: string; overrides: ReportOverride[] };
  narrative: string[];
  filters: Record<string, string[]>;
}

const MONTH_RE = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** True for "2026-10"; false for "2026-13", "2026-1", "26-10". */
export function isMonth(text: string): boolean {
  return MONTH_RE.test(text) && Number(text.slice(0, 4)) >= 1970;
}

/** The month `n` months after `month` (negative for before): shiftMonth("2026-01", -1) = "2025-12". */
export function shiftMonth(month: Month, n: number): Month {
  const [y, m] = month.split("-").map(Number);
  const index = y * 12 + (m - 1) + n;
  return `${String(Math.floor(index / 12)).padStart(4, "0")}-${String((index % 12) + 1).padStart(2, "0")}`;
}

/** First and last calendar day of a month, YYYY-MM-DD. */
export function monthDays(month: Month): { from: string; to: string } {
  const [y, m] = month.split("-").map(Number);
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { from: `${month}-01`, to: `${month}-${String(last).padStart(2, "0")}` };
}

/** "October 2026". */
export function monthLabel(month: Month): string {
  const [y, m] = month.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, 1)).toLocaleDateString("en-US", { month: "long", year: "numeric", timeZone: "UTC" });
}

/** "(none)" for calls sent without a project or feature. */
export function lineLabel(key: string): string {
  return key === "" ? "(none)" : key;
}

/** Share as a number 0..1, computed on bigints so large sums stay precise. */
function shareOf(part: bigint, total: bigint): number {
  if (total === 0n) return 0;
  return Number((part * 1_000_000n) / total) / 1_000_000;
}

function compareCost(a: { costPico: bigint; key: string }, b: { costPico: bigint; key: string }): number {
  if (a.costPico !== b.costPico) return a.costPico > b.costPico ? -1 : 1;
  return a.key.localeCompare(b.key);
}

interface Sum {
  costPico: bigint;
  calls: number;
  unpricedCalls: number;
}

function sumBy(rows: readonly ReportRow[], key: (row: ReportRow) => string): Map<string, Sum> {
  const sums = new Map<string, Sum>();
  for (const row of rows) {
    const k = key(row);
    const sum = sums.get(k) ?? { costPico: 0n, calls: 0, unpricedCalls: 0 };
    sum.costPico += row.costPico;
    sum.calls += row.calls;
    sum.unpricedCalls += row.unpricedCalls;
    sums.set(k, sum);
  }
  return sums;
}

function total(rows: readonly ReportRow[]): Sum {
  return sumBy(rows, () => "").get("") ?? { costPico: 0n, calls: 0, unpricedCalls: 0 };
}

/**
 * One line per value of `dimension` seen in either month, biggest spend first (lines only of the
 * previous month come last, with zero spend). Lines of the current month add up to `total`.
 */
export function breakdown(current: readonly ReportRow[], previous: readonly ReportRow[], dimension: Dimension): ReportLine[] {
  const cur = sumBy(current, (r) => r[dimension]);
  const prev = sumBy(previous, (r) => r[dimension]);
  const totalPico = total(current).costPico;
  const keys = new Set([...cur.keys(), ...prev.keys()]);
  const lines: ReportLine[] = [];
  for (const key of keys) {
    const c = cur.get(key) ?? { costPico: 0n, calls: 0, unpricedCalls: 0 };
    const p = prev.get(key) ?? { costPico: 0n, calls: 0, unpricedCalls: 0 };
    lines.push({
      key,
      label: lineLabel(key),
      costPico: c.costPico,
      share: shareOf(c.costPico, totalPico),
      calls: c.calls,
      unpricedCalls: c.unpricedCalls,
      previousCostPico: p.costPico,
      previousCalls: p.calls,
      changePico: c.costPico - p.costPico,
      change: delta(c.costPico, p.costPico),
    });
  }
  return lines.sort((a, b) => {
    const aNow = a.calls > 0 || a.costPico !== 0n;
    const bNow = b.calls > 0 || b.costPico !== 0n;
    if (aNow !== bNow) return aNow ? -1 : 1;
    return aNow ? compareCost(a, b) : compareCost({ costPico: a.previousCostPico, key: a.key }, { costPico: b.previousCostPico, key: b.key });
  });
}

const abs = (v: bigint) => (v < 0n ? -v : v);

/** The `limit` lines (of projects and features) whose spend changed most in dollars, either way. */
export function topMovers(lines: Record<Dimension, ReportLine[]>, limit = 5): ReportMover[] {
  const candidates: ReportMover[] = [];
  for (const dimension of ["feature", "project"] as const) {
    for (const line of lines[dimension]) {
      if (line.changePico === 0n) continue;
      candidates.push({
        dimension,
        key: line.key,
        label: line.label,
        costPico: line.costPico,
        previousCostPico: line.previousCostPico,
        changePico: line.changePico,
        change: line.change,
      });
    }
  }
  return candidates
    .sort((a, b) => (abs(a.changePico) !== abs(b.changePico) ? (abs(a.changePico) > abs(b.changePico) ? -1 : 1) : `${a.dimension}:${a.key}`.localeCompare(`${b.dimension}:${b.key}`)))
    .slice(0, limit);
}

/** Unpriced calls (and which models), calls without a cache-write split, and priority-tier spend. */
export function reportWarnings(current: readonly ReportRow[], cacheSplitMissingCalls: number | null): ReportWarning[] {
  const warnings: ReportWarning[] = [];
  const unpriced = [...sumBy(current, (r) => r.model)].filter(([, s]) => s.unpricedCalls > 0).sort(([a], [b]) => a.localeCompare(b));
  const unpricedCalls = unpriced.reduce((n, [, s]) => n + s.unpricedCalls, 0);
  if (unpricedCalls > 0) {
    const models = unpriced.map(([m]) => m);
    warnings.push({
      code: "unpriced_calls",
      message: `${plural(unpricedCalls, "call")} used ${models.length === 1 ? "a model" : "models"} without a price (${models.join(", ")}) and ${unpricedCalls === 1 ? "counts" : "count"} as $0: the total is understated.`,
      calls: unpricedCalls,
      costPico: null,
      models,
    });
  }
  if (cacheSplitMissingCalls && cacheSplitMissingCalls > 0) {
    warnings.push({
      code: "cache_split_missing",
      message: `${plural(cacheSplitMissingCalls, "call")} did not say how their cache writes split between 5-minute and 1-hour; they were priced as 5-minute writes, which may understate them.`,
      calls: cacheSplitMissingCalls,
      costPico: null,
      models: [],
    });
  }
  const priority = current.filter((r) => r.serviceTier === "priority");
  const priorityCost = priority.reduce((s, r) => s + r.costPico, 0n);
  const priorityCalls = priority.reduce((n, r) => n + r.calls, 0);
  if (priorityCalls > 0) {
    warnings.push({
      code: "priority_tier",
      message: `${formatUsdExact(priorityCost) === "0" ? "$0" : `$${formatUsdExact(priorityCost)}`} of spend (${plural(priorityCalls, "call")}) ran on the Priority Tier, which Anthropic's cost report does not list: expect that much less there when reconciling.`,
      calls: priorityCalls,
      costPico: priorityCost,
      models: [],
    });
  }
  return warnings;
}

function plural(n: number, word: string): string {
  return `${n.toLocaleString("en-US")} ${word}${n === 1 ? "" : "s"}`;
}

/** Whole percent for the narrative: 0.2345 -> "23%"; under 1% keeps one decimal. */
function percent(ratio: number): string {
  const pct = Math.abs(ratio * 100);
  return `${pct < 1 && pct > 0 ? pct.toFixed(1) : Math.round(pct)}%`;
}

/** "+$1.9K" / "−$420". */
function signedMoney(pico: bigint): string {
  return `${pico < 0n ? "−" : "+"}${formatUsdShort(abs(pico))}`;
}

const FAMILY_NAMES: Record<string, string> = { opus: "Opus", sonnet: "Sonnet", haiku: "Haiku", fable: "Fable", other: "Other models'" };

/**
 * A few sentences on what changed and why, from the numbers alone: the total's move; the model family
 * whose share of spend rose most (by 2 points or more) and the feature whose spend on it grew most; the biggest mover
 * otherwise; unpriced calls. Deterministic: the same rows always give the same words.
 */
export function reportNarrative(current: readonly ReportRow[], previous: readonly ReportRow[], movers: readonly ReportMover[]): string[] {
  const cur = total(current);
  const prev = total(previous);
  const sentences: string[] = [];
  if (cur.calls === 0 && prev.calls === 0) return ["No calls were recorded this month or the month before."];
  const now = formatUsdShort(cur.costPico);
  if (prev.costPico === 0n) sentences.push(`Spend was ${now} across ${plural(cur.calls, "call")}; the month before had none to compare with.`);
  else if (cur.costPico === prev.costPico) sentences.push(`Spend was unchanged at ${now}.`);
  else {
    const ratio = delta(cur.costPico, prev.costPico).ratio ?? 0;
    sentences.push(`Spend ${cur.costPico > prev.costPico ? "rose" : "fell"} ${percent(ratio)} to ${now} (from ${formatUsdShort(prev.costPico)}).`);
  }

  let drivenKey: string | null = null;
  if (cur.costPico > 0n && prev.costPico > 0n) {
    const curFam = sumBy(current, (r) => modelFamily(r.model));
    const prevFam = sumBy(previous, (r) => modelFamily(r.model));
    const families = [...new Set([...curFam.keys(), ...prevFam.keys()])].sort();
    let best: { family: string; from: number; to: number } | null = null;
    for (const family of families) {
      const to = shareOf(curFam.get(family)?.costPico ?? 0n, cur.costPico);
      const from = shareOf(prevFam.get(family)?.costPico ?? 0n, prev.costPico);
      if (!best || to - from > best.to - best.from) best = { family, from, to };
    }
    if (best && best.to - best.from >= 0.02) {
      const inFamily = (rows: readonly ReportRow[]) => sumBy(rows.filter((r) => modelFamily(r.model) === best.family), (r) => r.feature);
      const curF = inFamily(current);
      const prevF = inFamily(previous);
      let driver: { key: string; change: bigint } | null = null;
      for (const key of [...new Set([...curF.keys(), ...prevF.keys()])].sort()) {
        const change = (curF.get(key)?.costPico ?? 0n) - (prevF.get(key)?.costPico ?? 0n);
        if (change > 0n && (!driver || change > driver.change)) driver = { key, change };
      }
      const name = FAMILY_NAMES[best.family] ?? best.family;
      let sentence = `${name} share rose from ${percent(best.from)} to ${percent(best.to)}`;
      if (driver) {
        sentence += `, driven by feature ${lineLabel(driver.key)} (${signedMoney(driver.change)})`;
        drivenKey = driver.key;
      }
      sentences.push(`${sentence}.`);
    }
  }

  const mover = movers.find((m) => !(m.dimension === "feature" && m.key === drivenKey));
  if (mover) {
    const change = mover.change.ratio === null ? "new this month" : `${mover.change.label.replace("−", "-")}`;
    sentences.push(`The largest other change: ${mover.dimension} ${mover.label}, ${signedMoney(mover.changePico)} (${change}), now ${formatUsdShort(mover.costPico)}.`);
  }
  if (cur.unpricedCalls > 0) sentences.push(`${plural(cur.unpricedCalls, "call")} had no price and ${cur.unpricedCalls === 1 ? "is" : "are"} not in the total.`);
  return sentences;
}

/** Builds the whole report. See the module comment for its invariant. */
export function buildMonthlyReport(input: MonthlyReportInput): MonthlyReport {
  const cur = total(input.current);
  const prev = total(input.previous);
  const lines = {
    project: breakdown(input.current, input.previous, "project"),
    feature: breakdown(input.current, input.previous, "feature"),
    model: breakdown(input.current, input.previous, "model"),
  };
  const movers = topMovers(lines);
  return {
    month: input.month,
    previousMonth: shiftMonth(input.month, -1),
    timeZone: input.timeZone,
    totalPico: cur.costPico,
    previousTotalPico: prev.costPico,
    changePico: cur.costPico - prev.costPico,
    change: delta(cur.costPico, prev.costPico),
    calls: cur.calls,
    previousCalls: prev.calls,
    unpricedCalls: cur.unpricedCalls,
    lines,
    movers,
    warnings: reportWarnings(input.current, input.cacheSplitMissingCalls),
    priceBook: { version: input.priceBookVersion, overrides: [...input.overrides] },
    narrative: reportNarrative(input.current, input.previous, movers),
    filters: Object.fromEntries(Object.entries(input.filters ?? {}).filter(([, v]) => v.length > 0).map(([k, v]) => [k, [...v]])),
  };
}

/** "Anthropic price book 2026-11-01 + override #3 (claude-opus-4-6 ×0.85 from 2026-10-01)". */
export function priceBookLabel(priceBook: MonthlyReport["priceBook"]): string {
  const overrides = priceBook.overrides.map((o) => {
    const terms = [o.multiplier ? `×${o.multiplier}` : null, ...o.prices].filter(Boolean).join(", ");
    return `override #${o.id} (${o.model === "*" ? "all models" : o.model} ${terms} from ${o.effectiveFrom}${o.effectiveTo ? ` to ${o.effectiveTo}` : ""})`;
  });
  return [priceBook.version, ...overrides].join(" + ");
}

function lineJson(line: ReportLine) {
  return {
    key: line.key,
    costUsd: formatUsdExact(line.costPico),
    share: line.share,
    calls: line.calls,
    unpricedCalls: line.unpricedCalls,
    previousCostUsd: formatUsdExact(line.previousCostPico),
    previousCalls: line.previousCalls,
    changeUsd: formatUsdExact(line.changePico),
    changeRatio: line.change.ratio,
  };
}

/**
 * The report as plain JSON (exact decimal USD strings, no bigints), for the API and for storing a
 * snapshot of a closed month.
 */
export function monthlyReportToJson(report: MonthlyReport) {
  return {
    month: report.month,
    previousMonth: report.previousMonth,
    timeZone: report.timeZone,
    filters: report.filters,
    totalUsd: formatUsdExact(report.totalPico),
    previousTotalUsd: formatUsdExact(report.previousTotalPico),
    changeUsd: formatUsdExact(report.changePico),
    changeRatio: report.change.ratio,
    calls: report.calls,
    previousCalls: report.previousCalls,
    unpricedCalls: report.unpricedCalls,
    byProject: report.lines.project.map(lineJson),
    byFeature: report.lines.feature.map(lineJson),
    byModel: report.lines.model.map(lineJson),
    movers: report.movers.map((m) => ({
      dimension: m.dimension,
      key: m.key,
      costUsd: formatUsdExact(m.costPico),
      previousCostUsd: formatUsdExact(m.previousCostPico),
      changeUsd: formatUsdExact(m.changePico),
      changeRatio: m.change.ratio,
    })),
    warnings: report.warnings.map((w) => ({ ...w, costUsd: w.costPico === null ? null : formatUsdExact(w.costPico), costPico: undefined })),
    priceBook: report.priceBook,
    narrative: report.narrative,
  };
}

// ---------------------------------------------------------------------------------------------------
// Reporting time zone

/** True when `zone` is an IANA time zone name this runtime knows ("UTC", "Europe/Berlin"). */
export function isTimeZone(zone: string): boolean {
  if (!zone || !/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(zone)) return false;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Wall-clock fields of `ms` in `zone`. */
function wallClock(ms: number, zone: string): { year: number; month: number; day: number; hour: number; minute: number; second: number } {
  let format = formatters.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(zone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
  };
}

/** How far `zone`'s wall clock is ahead of UTC at `ms`, in milliseconds (+3_600_000 for CET). */
function offsetMs(ms: number, zone: string): number {
  const w = wallClock(ms, zone);
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - Math.floor(ms / 1000) * 1000;
}

/** The UTC instant of midnight starting the 1st of `month` in `zone` (the first instant after, if a DST gap skips midnight). */
export function monthStartMs(month: Month, zone: string): number {
  const [y, m] = month.split("-").map(Number);
  const wall = Date.UTC(y, m - 1, 1);
  let guess = wall - offsetMs(wall, zone);
  // A second pass settles the offset when the first guess fell on the other side of a DST change.
  guess = wall - offsetMs(guess, zone);
  return guess;
}

/** The month as [startMs, endMs): from its first midnight in `zone` to the next month's. */
export function monthRangeMs(month: Month, zone: string): { startMs: number; endMs: number } {
  return { startMs: monthStartMs(month, zone), endMs: monthStartMs(shiftMonth(month, 1), zone) };
}

/** The month `ms` falls in, in `zone`. */
export function monthOf(ms: number, zone: string): Month {
  const w = wallClock(ms, zone);
  return `${String(w.year).padStart(4, "0")}-${String(w.month).padStart(2, "0")}`;
}

/** The last month that has ended by `nowMs` in `zone`: what /reports opens on. */
export function lastCompleteMonth(nowMs: number, zone: string): Month {
  return shiftMonth(monthOf(nowMs, zone), -1);
}
