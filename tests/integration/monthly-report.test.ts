/**
 * The monthly report on both databases over tests/fixtures/reports.ts (numbers worked out by hand there):
 * totals and per-line month-over-month changes, the CSV and PDF carrying the page's total, a formula-looking
 * feature exported inert, a reporting time zone moving a late call into the next month, and the CLI.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { PDFParse } from "pdf-parse";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatUsdCents, formatUsdExact, sumPico } from "@/lib/core/money";
import { monthlyReportCsv } from "@/lib/core/monthly-report-csv";
import { ingestItems } from "@/lib/server/ingest";
import { getMonthlyReport } from "@/lib/server/monthly-report";
import { renderMonthlyReportPdf } from "@/lib/server/monthly-report-pdf";
import { REPORTS_MONTH, REPORTS_PROJECT, REPORTS_RECORDS } from "@/tests/fixtures/reports";
import { tally } from "@/tests/helpers/cli";
import { PROVIDERS, type TestDatabase } from "@/tests/helpers/databases";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tally-report-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function parseCsv(text: string): string[][] {
  return parse(text, { bom: true, relaxColumnCount: false });
}

describe.each(PROVIDERS)("monthly report on %s", (_provider, create) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await create();
    const result = await ingestItems(t.db, REPORTS_RECORDS, { source: "api" });
    expect(result.accepted).toBe(REPORTS_RECORDS.length);
  });
  afterAll(async () => t.drop());

  it("totals the month and gives each line its month-over-month change", async () => {
    const report = await getMonthlyReport(t.db, REPORTS_MONTH, "UTC");
    expect([formatUsdExact(report.totalPico), report.calls, report.unpricedCalls]).toEqual(["0.16", 20, 1]);
    expect([formatUsdExact(report.previousTotalPico), report.previousCalls]).toEqual(["0.09", 12]);
    expect([formatUsdExact(report.changePico), report.change.label]).toEqual(["0.07", "+77.8%"]);
    expect(report.lines.feature.map((l) => [l.label, formatUsdExact(l.costPico), l.calls, formatUsdExact(l.previousCostPico), formatUsdExact(l.changePico), l.change.label])).toEqual([
      ["code-review", "0.09", 6, "0.03", "0.06", "+200%"],
      ["chat", "0.066", 12, "0.06", "0.006", "+10.0%"],
      ["=SUM(A1)", "0.004", 2, "0", "0.004", "new"],
    ]);
    expect(report.lines.model.map((l) => [l.key, formatUsdExact(l.costPico), l.unpricedCalls])).toEqual([
      ["claude-opus-4-6", "0.09", 0],
      ["claude-sonnet-4-6", "0.066", 0],
      ["claude-haiku-4-5", "0.004", 0],
      ["claude-mystery-9", "0", 1],
    ]);
    expect(report.lines.project.map((l) => [l.key, formatUsdExact(l.costPico), formatUsdExact(l.changePico)])).toEqual([[REPORTS_PROJECT, "0.16", "0.07"]]);
    for (const lines of Object.values(report.lines)) expect(sumPico(lines.map((l) => l.costPico))).toBe(report.totalPico);
    expect(report.warnings.map((w) => [w.code, w.models])).toEqual([["unpriced_calls", ["claude-mystery-9"]]]);
    expect(report.narrative.slice(0, 2)).toEqual([
      "Spend rose 78% to $0.16 (from $0.09).",
      "Opus share rose from 33% to 56%, driven by feature code-review (+$0.06).",
    ]);
  });

  it("narrows to a project filter", async () => {
    const other = await getMonthlyReport(t.db, REPORTS_MONTH, "UTC", { project: ["someone-else"] });
    expect([other.totalPico, other.calls]).toEqual([0n, 0]);
    const ours = await getMonthlyReport(t.db, REPORTS_MONTH, "UTC", { project: [REPORTS_PROJECT] });
    expect(formatUsdExact(ours.totalPico)).toBe("0.16");
  });

  it("moves a call at 23:30 UTC on the last day into the next month in a zone east of UTC", async () => {
    const berlin = await getMonthlyReport(t.db, REPORTS_MONTH, "Europe/Berlin");
    expect([formatUsdExact(berlin.totalPico), berlin.calls, berlin.timeZone]).toEqual(["0.154", 19, "Europe/Berlin"]);
    expect(formatUsdExact(berlin.previousTotalPico)).toBe("0.09");
    const january = await getMonthlyReport(t.db, "2026-01", "Europe/Berlin");
    expect([formatUsdExact(january.totalPico), january.calls]).toEqual(["0.006", 1]);
    expect(formatUsdExact(berlin.lines.feature.find((l) => l.key === "chat")!.costPico)).toBe("0.06");
  });

  it("exports CSV whose totals equal the report's and whose formula-looking feature is inert", async () => {
    const report = await getMonthlyReport(t.db, REPORTS_MONTH, "UTC");
    const rows = parseCsv(monthlyReportCsv(report));
    const totals = rows.filter((r) => r[1] === "TOTAL");
    expect(totals.map((r) => r[0])).toEqual(["total", "project", "feature", "model"]);
    for (const r of totals) expect(r[2]).toBe(formatUsdExact(report.totalPico));
    const features = rows.filter((r) => r[0] === "feature" && r[1] !== "TOTAL");
    expect(formatUsdCents(sumPico(features.map((r) => BigInt(Math.round(Number(r[2]) * 1e12)))))).toBe(formatUsdCents(report.totalPico));
    expect(features.map((r) => r[1])).toContain("'=SUM(A1)");
    expect(rows.some((r) => r.some((cell) => /^[=+@]/.test(cell)))).toBe(false);
    expect(rows.find((r) => r[1] === "time_zone")![8]).toBe("UTC");
  });

  it("renders a PDF whose text carries the same total", async () => {
    const report = await getMonthlyReport(t.db, REPORTS_MONTH, "UTC");
    const pdf = await renderMonthlyReportPdf(report);
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    const { text } = await new PDFParse({ data: new Uint8Array(pdf) }).getText();
    expect(text).toContain("December 2025");
    expect(text).toContain(formatUsdCents(report.totalPico));
    expect(text).toContain("$0.16");
    expect(text).toContain("=SUM(A1)");
    expect(text).toMatch(/Page 1 of \d/);
  });

  it("prints the totals and writes both files from the CLI", async () => {
    const csv = path.join(dir, `${t.provider}.csv`);
    const pdf = path.join(dir, `${t.provider}.pdf`);
    const result = await tally(["report", "--month", REPORTS_MONTH, "--csv", csv, "--pdf", pdf], { DATABASE_URL: t.url, TALLY_REPORT_TIMEZONE: "UTC" });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("Total: $0.16 ($0.16) over 20 calls");
    expect(fs.readFileSync(csv, "utf8")).toContain("total,TOTAL,0.16,100.00,20,0.09,0.07,77.8,");
    expect(fs.readFileSync(pdf).subarray(0, 5).toString()).toBe("%PDF-");
    const bad = await tally(["report", "--month", "2025-13"], { DATABASE_URL: t.url });
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain("not a month");
  });
});
