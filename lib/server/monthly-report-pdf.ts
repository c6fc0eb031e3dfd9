/**
 * The monthly report as a PDF that reads like a finance document: title, month, time zone and price
 * book; the totals; narrative and warnings; the breakdown tables with right-aligned amounts (to the cent,
 * as on the page) and a TOTAL row each; page numbers. Rendered with pdfkit, embedding DejaVu Sans from
 * public/fonts so every glyph (€, —, names in any script DejaVu covers) prints the same everywhere. Like the
 * migrations, the fonts are found from the working directory: the project root for `next start`, npm
 * scripts, the CLI and tests.
 */
import path from "node:path";
import PDFDocument from "pdfkit";
import { formatUsdCents } from "@/lib/core/money";
import { type MonthlyReport, type ReportLine, monthLabel, priceBookLabel } from "@/lib/core/monthly-report";

const FONT = path.resolve(/* turbopackIgnore: true */ process.cwd(), "public/fonts/DejaVuSans.ttf");
const FONT_BOLD = path.resolve(/* turbopackIgnore: true */ process.cwd(), "public/fonts/DejaVuSans-Bold.ttf");

const MARGIN = 50;
const INK = "#18181b";
const MUTED = "#71717a";
const RULE = "#d4d4d8";
const ACCENT = "#4338ca";

interface Column {
  title: string;
  width: number;
  align: "left" | "right";
}

const TABLE: Column[] = [
  { title: "", width: 150, align: "left" },
  { title: "Spend", width: 72, align: "right" },
  { title: "Share", width: 44, align: "right" },
  { title: "Calls", width: 48, align: "right" },
  { title: "Previous", width: 72, align: "right" },
  { title: "Change", width: 62, align: "right" },
  { title: "Change %", width: 47, align: "right" },
];

function signedCents(pico: bigint): string {
  return pico > 0n ? `+${formatUsdCents(pico)}` : formatUsdCents(pico);
}

function percentOf(ratio: number | null, label: string): string {
  return ratio === null ? (label === "new" ? "new" : "—") : label.replace("−", "-");
}

/** Renders the report; resolves to the PDF's bytes. */
export function renderMonthlyReportPdf(report: MonthlyReport): Promise<Buffer> {
  const doc = new PDFDocument({
    size: "A4",
    margins: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN },
    bufferPages: true,
    font: FONT,
    info: { Title: `Claude API spend — ${monthLabel(report.month)}`, Author: "Tally", Subject: "Monthly report" },
  });
  doc.registerFont("regular", FONT);
  doc.registerFont("bold", FONT_BOLD);
  const chunks: Buffer[] = [];
  doc.on("data", (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });

  const left = MARGIN;
  const width = doc.page.width - 2 * MARGIN;
  // Leave room for the footer's page number.
  const bottom = () => doc.page.height - MARGIN - 24;
  const ensure = (height: number) => {
    if (doc.y + height > bottom()) doc.addPage();
  };

  // Title block.
  doc.font("bold").fontSize(18).fillColor(INK).text("Claude API spend report", left, MARGIN);
  doc.font("regular").fontSize(13).fillColor(ACCENT).text(monthLabel(report.month));
  doc.moveDown(0.4);
  doc.fontSize(9).fillColor(MUTED);
  const filters = Object.entries(report.filters).map(([k, v]) => `${k} = ${v.join(", ")}`);
  const meta: [string, string][] = [
    ["Period", `${report.month} (calendar month in ${report.timeZone})`],
    ["Time zone", report.timeZone],
    ["Price book", priceBookLabel(report.priceBook)],
    ["Scope", filters.length ? filters.join("; ") : "all usage"],
  ];
  for (const [label, value] of meta) {
    const y = doc.y;
    doc.font("bold").fillColor(MUTED).text(label, left, y, { width: 70 });
    doc.font("regular").fillColor(INK).text(value, left + 75, y, { width: width - 75 });
  }
  doc.moveDown(0.8);

  // Totals, as four boxes.
  const boxY = doc.y;
  const boxW = (width - 3 * 8) / 4;
  const kpis: [string, string, string][] = [
    ["Total spend", formatUsdCents(report.totalPico), `${report.calls.toLocaleString("en-US")} calls`],
    [`Previous month (${report.previousMonth})`, formatUsdCents(report.previousTotalPico), `${report.previousCalls.toLocaleString("en-US")} calls`],
    ["Change", signedCents(report.changePico), percentOf(report.change.ratio, report.change.label)],
    ["Unpriced calls", report.unpricedCalls.toLocaleString("en-US"), report.unpricedCalls ? "not in the total" : "none"],
  ];
  kpis.forEach(([label, value, sub], i) => {
    const x = left + i * (boxW + 8);
    doc.roundedRect(x, boxY, boxW, 58, 4).lineWidth(0.7).strokeColor(RULE).stroke();
    doc.font("regular").fontSize(7.5).fillColor(MUTED).text(label, x + 8, boxY + 8, { width: boxW - 16, lineBreak: false });
    doc.font("bold").fontSize(13).fillColor(INK).text(value, x + 8, boxY + 22, { width: boxW - 16, lineBreak: false });
    doc.font("regular").fontSize(7.5).fillColor(MUTED).text(sub, x + 8, boxY + 42, { width: boxW - 16, lineBreak: false });
  });
  doc.y = boxY + 58 + 16;

  const heading = (title: string) => {
    ensure(40);
    doc.font("bold").fontSize(11).fillColor(INK).text(title, left, doc.y);
    doc.moveDown(0.3);
  };

  heading("Summary");
  doc.font("regular").fontSize(9.5).fillColor(INK);
  for (const sentence of report.narrative) {
    ensure(14);
    doc.text(sentence, left, doc.y, { width });
    doc.moveDown(0.2);
  }
  doc.moveDown(0.6);

  if (report.warnings.length > 0) {
    heading("Data-quality warnings");
    for (const warning of report.warnings) {
      doc.font("regular").fontSize(9);
      const h = doc.heightOfString(warning.message, { width: width - 20 }) + 10;
      ensure(h + 4);
      const y = doc.y;
      doc.rect(left, y, width, h).fillColor("#fef3c7").fill();
      doc.rect(left, y, 3, h).fillColor("#d97706").fill();
      doc.fillColor("#78350f").text(warning.message, left + 12, y + 5, { width: width - 20 });
      doc.y = y + h + 4;
    }
    doc.moveDown(0.6);
  }

  const fit = (text: string, w: number) => {
    if (doc.widthOfString(text) <= w) return text;
    let cut = text;
    while (cut.length > 1 && doc.widthOfString(`${cut}…`) > w) cut = cut.slice(0, -1);
    return `${cut}…`;
  };
  const row = (cells: string[], options: { bold?: boolean; header?: boolean; rule?: boolean } = {}) => {
    const h = 15;
    ensure(h);
    const y = doc.y;
    doc.font(options.bold || options.header ? "bold" : "regular").fontSize(options.header ? 7.5 : 8.5).fillColor(options.header ? MUTED : INK);
    let x = left;
    TABLE.forEach((col, i) => {
      doc.text(fit(cells[i] ?? "", col.width - 4), i === 0 ? x : x, y + 3, { width: col.width - (i === 0 ? 4 : 0), align: col.align, lineBreak: false });
      x += col.width;
    });
    if (options.rule !== false) doc.moveTo(left, y + h).lineTo(left + width, y + h).lineWidth(options.bold ? 0.9 : 0.4).strokeColor(options.bold ? INK : RULE).stroke();
    doc.y = y + h;
  };
  const lineCells = (l: ReportLine) => [
    l.label,
    formatUsdCents(l.costPico),
    `${(l.share * 100).toFixed(1)}%`,
    l.calls.toLocaleString("en-US"),
    formatUsdCents(l.previousCostPico),
    signedCents(l.changePico),
    percentOf(l.change.ratio, l.change.label),
  ];
  const table = (title: string, name: string, lines: ReportLine[]) => {
    heading(title);
    const header = TABLE.map((c, i) => (i === 0 ? name : c.title));
    row(header, { header: true });
    for (const l of lines) {
      if (doc.y + 15 > bottom()) {
        doc.addPage();
        row(header, { header: true });
      }
      row(lineCells(l));
    }
    row(
      ["Total", formatUsdCents(report.totalPico), report.totalPico === 0n ? "—" : "100.0%", report.calls.toLocaleString("en-US"), formatUsdCents(report.previousTotalPico), signedCents(report.changePico), percentOf(report.change.ratio, report.change.label)],
      { bold: true },
    );
    doc.moveDown(1);
  };
  table("Spend by project", "Project", report.lines.project);
  table("Spend by feature", "Feature", report.lines.feature);
  table("Spend by model", "Model", report.lines.model);

  if (report.movers.length > 0) {
    heading("Top movers");
    row(["", "Spend", "", "", "Previous", "Change", "Change %"], { header: true });
    for (const m of report.movers) {
      row([`${m.dimension} ${m.label}`, formatUsdCents(m.costPico), "", "", formatUsdCents(m.previousCostPico), signedCents(m.changePico), percentOf(m.change.ratio, m.change.label)]);
    }
  }

  // Footer on every page: what this is and "Page n of N".
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    // Writing under the bottom margin would make pdfkit start a new page.
    doc.page.margins.bottom = 0;
    const y = doc.page.height - MARGIN + 6;
    doc.moveTo(left, y - 6).lineTo(left + width, y - 6).lineWidth(0.4).strokeColor(RULE).stroke();
    doc.font("regular").fontSize(7.5).fillColor(MUTED);
    doc.text(`Tally · Claude API spend · ${report.month} · ${report.timeZone}`, left, y, { width: width / 2, lineBreak: false, height: 10 });
    doc.text(`Page ${i + 1} of ${range.count}`, left + width / 2, y, { width: width / 2, align: "right", lineBreak: false, height: 10 });
  }
  doc.end();
  return done;
}
