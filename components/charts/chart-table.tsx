/**
 * The table view under a chart ("… as a table"): the same numbers as the chart, one row per day, for
 * screen readers, keyboard users and anyone who wants the exact values. Scrolls inside itself.
 */

export interface ChartTableCell {
  text: string;
  title?: string;
  /** Greyed out (no value that day). */
  muted?: boolean;
  /** The series the cell belongs to (data-series, for tests and scripts). */
  series?: string;
}

export function ChartTable({
  summary,
  columns,
  rows,
  footnote,
}: {
  footnote?: string;
  /** The disclosure's text, e.g. "Daily totals as a table". */
  summary: string;
  /** Headers of the value columns (the first column is always the day). */
  columns: string[];
  rows: { day: string; cells: ChartTableCell[] }[];
}) {
  return (
    <details className="mt-3 text-sm">
      <summary className="cursor-pointer rounded text-zinc-500 select-none hover:text-zinc-800">{summary}</summary>
      <div className="relative mt-2 max-h-72 overflow-auto rounded-lg border border-zinc-200" tabIndex={0} aria-label={`${summary}, scrolls`}>
        <table className="w-full text-left text-xs">
          <thead className="sticky top-0 bg-zinc-50 text-zinc-500">
            <tr>
              <th scope="col" className="px-3 py-2 font-medium whitespace-nowrap">
                Day (UTC)
              </th>
              {columns.map((column, i) => (
                <th key={i} scope="col" className="px-3 py-2 text-right font-medium whitespace-nowrap">
                  {column}
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-100">
            {rows.map((row) => (
              <tr key={row.day} data-day={row.day}>
                <th scope="row" className="px-3 py-1.5 font-normal whitespace-nowrap text-zinc-700">
                  {row.day}
                </th>
                {row.cells.map((cell, i) => (
                  <td key={i} data-series={cell.series} title={cell.title} className={`px-3 py-1.5 text-right tabular-nums whitespace-nowrap ${cell.muted ? "text-zinc-400" : "text-zinc-900"}`}>
                    {cell.text}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {footnote ? <p className="mt-1 text-xs text-zinc-500">{footnote}</p> : null}
    </details>
  );
}
