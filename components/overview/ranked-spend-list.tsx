/**
 * A ranked list with bars: one row per model or feature, largest spend first. Each row is a list item
 * with data-testid="row-<name>" and the exact USD in data-exact; the short value is for the eye.
 */
import Link from "next/link";
import { Card, CardHeader } from "@/components/ui/card";
import { type RankedRow, formatInteger, formatPercent } from "@/lib/core/chart-data";
import { formatCount } from "@/lib/core/money";

/** Rows shown before the rest fold into "Show N more". */
const VISIBLE_ROWS = 8;

function Row({ row, href }: { row: RankedRow; href?: (key: string) => string }) {
  const unpriced = row.unpricedCalls > 0;
  return (
    <li data-testid={`row-${row.label}`} data-exact={row.exact} className="py-2.5">
      <div className="flex items-baseline justify-between gap-3 text-sm">
        <span className="flex min-w-0 items-center gap-2">
          <span aria-hidden="true" className="size-2.5 shrink-0 self-center rounded-sm" style={{ background: row.color }} />
          {href ? (
            <Link href={href(row.key)} prefetch={false} className="truncate font-medium text-zinc-800 hover:text-accent-700 hover:underline" title={`${row.label}: open`}>
              {row.label}
            </Link>
          ) : (
            <span className="truncate font-medium text-zinc-800" title={row.label}>
              {row.label}
            </span>
          )}
          {unpriced ? (
            <span
              className="shrink-0 rounded bg-amber-100 px-1.5 py-px text-[11px] font-medium text-amber-900"
              title={`${formatInteger(row.unpricedCalls)} of ${formatInteger(row.calls)} calls have no known price and count as $0`}
            >
              {row.unpricedCalls === row.calls ? "unpriced" : `${formatCount(row.unpricedCalls)} unpriced`}
            </span>
          ) : null}
        </span>
        <span className="shrink-0 font-semibold tabular-nums text-zinc-900" title={`$${row.exact} exactly`}>
          {row.short}
          <span className="sr-only"> (${row.exact} exactly)</span>
        </span>
      </div>
      <div className="mt-1.5 flex items-center gap-3">
        <div className="h-1.5 min-w-0 flex-1 overflow-hidden rounded-full bg-zinc-100" aria-hidden="true">
          <div className="h-full rounded-full" style={{ width: `${Math.max(row.barFraction * 100, row.barFraction > 0 ? 1 : 0)}%`, background: row.color }} />
        </div>
        <span className="w-36 shrink-0 text-right text-xs text-zinc-500 tabular-nums" title={`${formatInteger(row.calls)} calls`}>
          {formatPercent(row.share)} · {formatCount(row.calls)} {row.calls === 1 ? "call" : "calls"}
        </span>
      </div>
    </li>
  );
}

export function RankedSpendList({
  testId,
  title,
  description,
  noun,
  rows,
  href,
}: {
  /** Where a row's name links to (its drill-down page). */
  href?: (key: string) => string;
  testId: string;
  title: string;
  description: string;
  noun: string;
  rows: RankedRow[];
}) {
  const headingId = `${testId}-heading`;
  const visible = rows.slice(0, VISIBLE_ROWS);
  const rest = rows.slice(VISIBLE_ROWS);
  return (
    <Card data-testid={testId} aria-labelledby={headingId} className="h-full pb-2">
      <CardHeader
        id={headingId}
        title={title}
        description={description}
        actions={<span className="text-xs text-zinc-500">{rows.length === 1 ? `1 ${noun}` : `${rows.length} ${noun}s`}</span>}
      />
      {rows.length === 0 ? (
        <p className="px-4 py-10 text-center text-sm text-zinc-500 sm:px-5">No calls in this range.</p>
      ) : (
        <div className="px-4 pt-2 sm:px-5">
          <ol className="divide-y divide-zinc-100" aria-labelledby={headingId}>
            {visible.map((row) => (
              <Row key={row.key} row={row} href={href} />
            ))}
          </ol>
          {rest.length > 0 ? (
            <details className="border-t border-zinc-100 py-2">
              <summary className="cursor-pointer rounded py-1 text-sm text-zinc-500 select-none hover:text-zinc-800">
                Show {rest.length} more {rest.length === 1 ? noun : `${noun}s`}
              </summary>
              <ol className="divide-y divide-zinc-100" start={VISIBLE_ROWS + 1}>
                {rest.map((row) => (
                  <Row key={row.key} row={row} href={href} />
                ))}
              </ol>
            </details>
          ) : null}
        </div>
      )}
    </Card>
  );
}
