/**
 * The monthly report as one CSV (RFC 4180, CRLF) in long format: every row names its `section`
 * (report, total, project, feature, model, mover, warning, narrative). Amounts are exact decimal USD;
 * each breakdown ends with a TOTAL row equal to the report's total. Text cells go through the calls
 * export's csvField, so a name starting with = + - @ (or a tab or CR) cannot run as a formula.
 */
import { csvField } from "@/lib/core/calls-view";
import { formatUsdExact } from "@/lib/core/money";
import { DIMENSIONS, type MonthlyReport, type ReportLine, monthLabel, priceBookLabel } from "@/lib/core/monthly-report";

export const REPORT_CSV_HEADER = ["section", "item", "cost_usd", "share_pct", "calls", "previous_cost_usd", "change_usd", "change_pct", "note"] as const;

type Cell = [value: string, text: boolean];

function line(cells: Cell[]): string {
  return `${cells.map(([value, text]) => csvField(value, text)).join(",")}\r\n`;
}

const usd = (pico: bigint): Cell => [formatUsdExact(pico), false];
const num = (n: number): Cell => [String(n), false];
const text = (v: string): Cell => [v, true];
const blank: Cell = ["", false];
const pct = (ratio: number | null): Cell => [ratio === null ? "" : (ratio * 100).toFixed(1), false];

function lineRow(section: string, l: ReportLine): string {
  return line([[section, false], text(l.label), usd(l.costPico), [(l.share * 100).toFixed(2), false], num(l.calls), usd(l.previousCostPico), usd(l.changePico), pct(l.change.ratio), blank]);
}

/** `tally-report_2026-10.csv`. */
export function reportFilename(month: string, extension: "csv" | "pdf"): string {
  return `tally-report_${month}.${extension}`;
}

/** The whole report as CSV text, starting with a byte-order mark so spreadsheets read UTF-8 names. */
export function monthlyReportCsv(report: MonthlyReport): string {
  const meta = (item: string, note: string) => line([["report", false], [item, false], blank, blank, blank, blank, blank, blank, text(note)]);
  const totalRow = (section: string) =>
    line([[section, false], ["TOTAL", false], usd(report.totalPico), [report.totalPico === 0n ? "0.00" : "100.00", false], num(report.calls), usd(report.previousTotalPico), usd(report.changePico), pct(report.change.ratio), blank]);
  let out = `\uFEFF${line(REPORT_CSV_HEADER.map((h) => [h, false]))}`;
  out += meta("month", `${report.month} (${monthLabel(report.month)})`);
  out += meta("time_zone", report.timeZone);
  out += meta("price_book", priceBookLabel(report.priceBook));
  for (const [name, values] of Object.entries(report.filters)) out += meta(`filter_${name}`, values.join(","));
  out += totalRow("total");
  for (const dimension of DIMENSIONS) {
    for (const l of report.lines[dimension]) out += lineRow(dimension, l);
    out += totalRow(dimension);
  }
  for (const m of report.movers) {
    out += line([["mover", false], text(`${m.dimension}: ${m.label}`), usd(m.costPico), blank, blank, usd(m.previousCostPico), usd(m.changePico), pct(m.change.ratio), blank]);
  }
  for (const w of report.warnings) {
    out += line([["warning", false], [w.code, false], w.costPico === null ? blank : usd(w.costPico), blank, num(w.calls), blank, blank, blank, text(w.message)]);
  }
  report.narrative.forEach((sentence, i) => {
    out += line([["narrative", false], num(i + 1), blank, blank, blank, blank, blank, blank, text(sentence)]);
  });
  return out;
}
