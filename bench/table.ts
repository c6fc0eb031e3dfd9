/** A Markdown table from rows of cells (the first row is the header), columns padded to line up. */
export function markdownTable(rows: string[][]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows
    .flatMap((row, i) => {
      const line = `| ${row.map((cell, c) => cell.padEnd(widths[c])).join(" | ")} |`;
      return i === 0 ? [line, `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`] : [line];
    })
    .join("\n");
}
