/**
 * One page of the calls explorer: a table of calls (each row links to its detail page), sortable by
 * time, total tokens and cost through column-header links, with keyset page links under it. Short
 * numbers for the eye, exact ones in titles and data-exact.
 */
import Link from "next/link";
import type { ReactNode } from "react";
import { Card, CardHeader } from "@/components/ui/card";
import { FlagBadge } from "@/components/calls/flag-badge";
import { type CallSort, CALLS_PAGE_SIZE, CursorError, explainFlag, formatCallTime, nextSort, parseFlags } from "@/lib/core/calls-view";
import { formatInteger } from "@/lib/core/chart-data";
import { formatCount, formatUsdExact, formatUsdShort } from "@/lib/core/money";
import { defaultPriceBook, resolveModel } from "@/lib/core/pricing";
import { getApp } from "@/lib/server/app";
import { type CallsQuery, listCallsPage } from "@/lib/server/calls-queries";
import { type Row, toBigInt } from "@/lib/server/db";

export interface CallsTableProps {
  query: CallsQuery;
  cursor: string | null;
  /** Link to this view with other page-specific parameters (sort, dir, cursor); null values are left out. */
  hrefWith: (extra: Record<string, string | null>) => string;
  /** Query string of the current view (cursor included), carried to detail pages for their back link. */
  backQuery: string;
}

const SORT_LABELS: Record<CallSort, string> = { time: "time", cost: "cost", tokens: "total tokens" };

function describeOrder(query: CallsQuery): string {
  if (query.sort === "time") return query.dir === "desc" ? "Newest first" : "Oldest first";
  return `By ${SORT_LABELS[query.sort]}, ${query.dir === "desc" ? "largest" : "smallest"} first`;
}

/** Display name of a call's model (the raw id when it is not in the price book). */
export function modelName(row: Row): string {
  return resolveModel(defaultPriceBook, String(row.model))?.displayName ?? String(row.model_raw);
}

function Num({ value, unit, testId }: { value: number; unit: string; testId?: string }) {
  return (
    <td className="px-2 py-2 text-right whitespace-nowrap tabular-nums text-zinc-700" title={`${formatInteger(value)} ${unit}`} data-exact={String(value)} data-testid={testId}>
      {value === 0 ? <span className="text-zinc-400">0</span> : formatCount(value)}
    </td>
  );
}

function SortHeader({
  column,
  label,
  query,
  hrefWith,
  align = "right",
  first = false,
}: {
  column: CallSort;
  label: string;
  query: CallsQuery;
  hrefWith: CallsTableProps["hrefWith"];
  align?: "left" | "right";
  first?: boolean;
}) {
  const active = query.sort === column;
  const target = nextSort(query, column);
  const arrow = active ? (query.dir === "desc" ? "↓" : "↑") : "";
  return (
    <th
      scope="col"
      aria-sort={active ? (query.dir === "desc" ? "descending" : "ascending") : "none"}
      className={`py-2 font-medium whitespace-nowrap ${first ? "pr-2 pl-4 sm:pl-5" : "px-2"} ${align === "right" ? "text-right" : "text-left"}`}
    >
      <Link
        href={hrefWith({ sort: target.sort === "time" ? null : target.sort, dir: target.dir === "desc" ? null : target.dir, cursor: null })}
        prefetch={false}
        scroll={false}
        data-testid={`sort-${column}`}
        className={`inline-flex items-center gap-1 rounded hover:text-zinc-900 ${active ? "text-zinc-900" : "text-zinc-500"}`}
      >
        {label}
        <span aria-hidden="true" className="w-2.5 text-zinc-500">
          {arrow}
        </span>
        <span className="sr-only">
          {active ? `, sorted ${query.dir === "desc" ? "descending" : "ascending"}; ` : ", "}
          sort {target.dir === "desc" ? "descending" : "ascending"}
        </span>
      </Link>
    </th>
  );
}

function Th({ children, align = "left" }: { children: ReactNode; align?: "left" | "right" }) {
  return (
    <th scope="col" className={`px-2 py-2 font-medium whitespace-nowrap text-zinc-500 ${align === "right" ? "text-right" : "text-left"}`}>
      {children}
    </th>
  );
}

function Text({ value, empty = "—" }: { value: string | null; empty?: string }) {
  return value ? (
    <span className="block max-w-40 truncate" title={value}>
      {value}
    </span>
  ) : (
    <span className="text-zinc-400">{empty}</span>
  );
}

function CallRow({ row, backQuery }: { row: Row; backQuery: string }) {
  const id = String(row.id);
  const tsMs = Number(row.ts_ms);
  const cost = toBigInt(row.cost_pico);
  const priced = row.priced === true || Number(row.priced) === 1;
  const flags = parseFlags(row.quality as string | null);
  const cacheWrite = Number(row.cache_write_5m_tokens) + Number(row.cache_write_1h_tokens);
  const iso = new Date(tsMs).toISOString();
  return (
    <tr data-testid={`call-row-${id}`} data-call-id={id} className="border-t border-zinc-100 hover:bg-zinc-50">
      <th scope="row" className="py-2 pr-2 pl-4 text-left font-normal whitespace-nowrap sm:pl-5">
        <Link
          href={`/calls/${encodeURIComponent(id)}${backQuery ? `?${backQuery}` : ""}`}
          prefetch={false}
          className="rounded font-medium text-accent-700 tabular-nums hover:underline"
          title={`${iso} (UTC) · call ${id}`}
        >
          {formatCallTime(tsMs)}
          <span className="sr-only"> UTC, call {id}</span>
        </Link>
      </th>
      <td className="px-2 py-2 whitespace-nowrap text-zinc-800" title={String(row.model_raw)}>
        {modelName(row)}
      </td>
      <td className="px-2 py-2 text-zinc-700">
        <Text value={String(row.feature)} />
      </td>
      <td className="px-2 py-2 text-zinc-700">
        <Text value={String(row.project)} />
      </td>
      <td className="px-2 py-2 text-zinc-700">
        <Text value={(row.user_id as string | null) ?? null} />
      </td>
      <td className="px-2 py-2 whitespace-nowrap text-zinc-700">{String(row.service_tier)}</td>
      <Num value={Number(row.input_tokens)} unit="input tokens" />
      <Num value={Number(row.output_tokens)} unit="output tokens" />
      <Num value={Number(row.cache_read_tokens)} unit="cache-read tokens" />
      <Num value={cacheWrite} unit={`cache-write tokens (${formatInteger(Number(row.cache_write_5m_tokens))} 5m + ${formatInteger(Number(row.cache_write_1h_tokens))} 1h)`} />
      <Num value={Number(row.total_tokens)} unit="tokens in all" testId="call-tokens" />
      <td className="px-2 py-2 whitespace-nowrap text-zinc-700">
        <Text value={(row.stop_reason as string | null) ?? null} />
      </td>
      <td
        className="px-2 py-2 text-right font-medium whitespace-nowrap tabular-nums text-zinc-900"
        data-testid="call-cost"
        data-exact={formatUsdExact(cost)}
        title={priced ? `$${formatUsdExact(cost)} exactly` : "Unpriced: counts as $0"}
      >
        {priced ? formatUsdShort(cost) : <span className="text-zinc-400">$0</span>}
      </td>
      <td className="py-2 pr-4 pl-2 sm:pr-5">
        {flags.length ? (
          <span className="flex gap-1">
            {flags.map((flag) => (
              <FlagBadge key={flag} flag={explainFlag(flag)} />
            ))}
          </span>
        ) : null}
      </td>
    </tr>
  );
}

const PAGE_LINK = "inline-flex items-center rounded-md border border-zinc-200 bg-white px-3 py-1.5 text-sm font-medium text-zinc-700 hover:border-zinc-300 hover:bg-zinc-50";

export async function CallsTable({ query, cursor, hrefWith, backQuery }: CallsTableProps) {
  const { db } = await getApp();
  let page;
  try {
    page = await listCallsPage(db, query, { limit: CALLS_PAGE_SIZE, cursor });
  } catch (error) {
    if (!(error instanceof CursorError)) throw error;
    return (
      <Card aria-labelledby="calls-heading" data-testid="calls-table">
        <CardHeader id="calls-heading" title="Calls" />
        <div role="alert" className="m-4 rounded-lg border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-950 sm:m-5">
          <p>This page link no longer works: {error.message.replace(/^cursor: /, "")}.</p>
          <Link href={hrefWith({ cursor: null })} prefetch={false} className="mt-1 inline-block font-medium text-accent-700 hover:underline">
            Back to first page
          </Link>
        </div>
      </Card>
    );
  }

  const firstPage = cursor === null;
  return (
    <Card aria-labelledby="calls-heading" data-testid="calls-table" data-rows={page.calls.length} className="pb-1">
      <CardHeader
        id="calls-heading"
        title="Calls"
        description={`${describeOrder(query)} · ${firstPage ? "first page" : "later page"} · times in UTC`}
        actions={
          <span className="text-xs text-zinc-500" data-testid="calls-on-page">
            {page.calls.length === 1 ? "1 call" : `${page.calls.length} calls`} on this page
          </span>
        }
      />
      {page.calls.length === 0 ? (
        <p className="px-4 py-10 text-center text-sm text-zinc-500 sm:px-5">No calls match these filters in this range.</p>
      ) : (
        <div className="relative mt-3 overflow-x-auto border-t border-zinc-100" tabIndex={0} role="region" aria-label="Calls table, scrolls sideways">
          <table className="w-full min-w-max text-sm">
            <caption className="sr-only">
              Calls, {describeOrder(query).toLowerCase()}. Each time links to the call&rsquo;s details.
            </caption>
            <thead className="bg-zinc-50 text-xs">
              <tr>
                <SortHeader column="time" label="Time (UTC)" query={query} hrefWith={hrefWith} align="left" first />
                <Th>Model</Th>
                <Th>Feature</Th>
                <Th>Project</Th>
                <Th>User</Th>
                <Th>Tier</Th>
                <Th align="right">Input</Th>
                <Th align="right">Output</Th>
                <Th align="right">Cache read</Th>
                <Th align="right">Cache write</Th>
                <SortHeader column="tokens" label="Tokens" query={query} hrefWith={hrefWith} />
                <Th>Stop reason</Th>
                <SortHeader column="cost" label="Cost" query={query} hrefWith={hrefWith} />
                <th scope="col" className="py-2 pr-4 pl-2 text-left font-medium whitespace-nowrap text-zinc-500 sm:pr-5">
                  Flags
                </th>
              </tr>
            </thead>
            <tbody>
              {page.calls.map((row) => (
                <CallRow key={String(row.id)} row={row} backQuery={backQuery} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {page.searched ? (
        <p className="border-t border-zinc-100 px-4 py-2.5 text-sm text-zinc-600 sm:px-5" data-testid="scan-note">
          This page read {formatInteger(page.searched)} calls and {page.calls.length === 0 ? "none" : `only ${page.calls.length}`} matched, so it
          stopped there to stay fast. {page.nextCursor ? "Next page carries on searching." : ""}
        </p>
      ) : null}
      <nav aria-label="Pages of calls" className="flex flex-wrap items-center justify-between gap-2 border-t border-zinc-100 px-4 py-3 sm:px-5">
        <div className="flex flex-wrap gap-2">
          {!firstPage ? (
            <Link href={hrefWith({ cursor: null })} prefetch={false} className={PAGE_LINK} data-testid="first-page">
              Back to first page
            </Link>
          ) : null}
          {page.prevCursor ? (
            <Link href={hrefWith({ cursor: page.prevCursor })} prefetch={false} className={PAGE_LINK} data-testid="previous-page" rel="prev">
              Previous page
            </Link>
          ) : null}
        </div>
        {page.nextCursor ? (
          <Link href={hrefWith({ cursor: page.nextCursor })} prefetch={false} className={PAGE_LINK} data-testid="next-page" rel="next">
            Next page
          </Link>
        ) : (
          <span className="text-sm text-zinc-500">{firstPage && page.calls.length === 0 ? "" : "End of the list"}</span>
        )}
      </nav>
    </Card>
  );
}
