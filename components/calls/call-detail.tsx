/**
 * One call in full: what each part of its cost was and the price per MTok that implies, the total as
 * the sum of its parts, every token count, how it was priced, its data-quality flags in words, and
 * where it came from.
 */
import Link from "next/link";
import type { ReactNode } from "react";
import { Card, CardHeader } from "@/components/ui/card";
import { FlagBadge } from "@/components/calls/flag-badge";
import { explainFlag, impliedUsdPerMTok, parseFlags } from "@/lib/core/calls-view";
import { formatInteger } from "@/lib/core/chart-data";
import { formatCount, formatUsdExact, formatUsdShort } from "@/lib/core/money";
import { type Row, toBigInt } from "@/lib/server/db";

interface Component {
  key: string;
  label: string;
  quantity: number;
  unit: string;
  costPico: bigint;
  /** "per MTok" for tokens; web search is billed per request. */
  perMTok: boolean;
}

function components(row: Row): Component[] {
  return [
    { key: "input", label: "Input", quantity: Number(row.input_tokens), unit: "tokens", costPico: toBigInt(row.input_cost_pico), perMTok: true },
    { key: "output", label: "Output", quantity: Number(row.output_tokens), unit: "tokens", costPico: toBigInt(row.output_cost_pico), perMTok: true },
    {
      key: "cache-write-5m",
      label: "Cache write, 5 minutes",
      quantity: Number(row.cache_write_5m_tokens),
      unit: "tokens",
      costPico: toBigInt(row.cache_write_5m_cost_pico),
      perMTok: true,
    },
    {
      key: "cache-write-1h",
      label: "Cache write, 1 hour",
      quantity: Number(row.cache_write_1h_tokens),
      unit: "tokens",
      costPico: toBigInt(row.cache_write_1h_cost_pico),
      perMTok: true,
    },
    { key: "cache-read", label: "Cache read", quantity: Number(row.cache_read_tokens), unit: "tokens", costPico: toBigInt(row.cache_read_cost_pico), perMTok: true },
    {
      key: "web-search",
      label: "Web search",
      quantity: Number(row.web_search_requests),
      unit: "requests",
      costPico: toBigInt(row.web_search_cost_pico),
      perMTok: false,
    },
  ];
}

function Rate({ c, priced }: { c: Component; priced: boolean }) {
  if (!priced || c.quantity === 0) return <span className="text-zinc-400">—</span>;
  if (!c.perMTok) {
    const per = c.costPico / BigInt(c.quantity);
    return (
      <span title={`$${formatUsdExact(per)} per request`}>
        ${formatUsdExact(per * 1000n)} <span className="text-zinc-500">/ 1K requests</span>
      </span>
    );
  }
  const rate = impliedUsdPerMTok(c.costPico, c.quantity)!;
  return (
    <span title={rate.exact ? "Cost / tokens x 1,000,000, exactly" : "Approximate: the component was rounded to a whole pico-dollar"}>
      {rate.exact ? "" : "≈ "}${rate.usd} <span className="text-zinc-500">/ MTok</span>
    </span>
  );
}

export function CostBreakdownCard({ row }: { row: Row }) {
  const priced = row.priced === true || Number(row.priced) === 1;
  const parts = components(row);
  const total = toBigInt(row.cost_pico);
  const sum = parts.reduce((s, c) => s + c.costPico, 0n);
  const nonZero = parts.filter((c) => c.costPico !== 0n);
  return (
    <Card aria-labelledby="cost-heading" data-testid="cost-breakdown">
      <CardHeader
        id="cost-heading"
        title="Cost"
        description={priced ? "Each component at the price in force for this call, and the price per million tokens it implies." : undefined}
        actions={
          <span className="text-lg font-semibold tabular-nums text-zinc-900" title={`$${formatUsdExact(total)} exactly`}>
            {formatUsdShort(total)}
          </span>
        }
      />
      {!priced ? (
        <p role="note" className="mx-4 mt-3 rounded-lg border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950 sm:mx-5">
          This call is unpriced: its model has no price, so it counts as $0 while its tokens are still counted.
        </p>
      ) : null}
      <div className="relative mt-3 overflow-x-auto border-t border-zinc-100">
        <table className="w-full text-sm">
          <caption className="sr-only">Cost components of this call</caption>
          <thead className="bg-zinc-50 text-xs text-zinc-500">
            <tr>
              <th scope="col" className="px-4 py-2 text-left font-medium sm:px-5">
                Component
              </th>
              <th scope="col" className="px-3 py-2 text-right font-medium">
                Quantity
              </th>
              <th scope="col" className="px-3 py-2 text-right font-medium max-sm:hidden">
                Price
              </th>
              <th scope="col" className="px-4 py-2 text-right font-medium sm:px-5">
                Cost (USD)
              </th>
            </tr>
          </thead>
          <tbody>
            {parts.map((c) => (
              <tr key={c.key} className="border-t border-zinc-100" data-testid={`cost-${c.key}`} data-exact={formatUsdExact(c.costPico)}>
                <th scope="row" className="px-4 py-2 text-left font-medium text-zinc-800 sm:px-5">
                  {c.label}
                  {priced && c.quantity > 0 ? (
                    <span className="block text-xs font-normal text-zinc-600 tabular-nums sm:hidden">
                      <Rate c={c} priced={priced} />
                    </span>
                  ) : null}
                </th>
                <td className="px-3 py-2 text-right whitespace-nowrap tabular-nums text-zinc-700" title={`${formatInteger(c.quantity)} ${c.unit}`}>
                  {formatInteger(c.quantity)}
                </td>
                <td className="px-3 py-2 text-right whitespace-nowrap tabular-nums text-zinc-700 max-sm:hidden">
                  <Rate c={c} priced={priced} />
                </td>
                <td className="px-4 py-2 text-right font-medium whitespace-nowrap tabular-nums text-zinc-900 sm:px-5">
                  {c.costPico === 0n ? <span className="font-normal text-zinc-400">0</span> : formatUsdExact(c.costPico)}
                </td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr className="border-t-2 border-zinc-200" data-testid="cost-total" data-exact={formatUsdExact(total)}>
              <th scope="row" className="px-4 py-2.5 text-left font-semibold text-zinc-900 sm:px-5">
                Total
              </th>
              <td className="px-3 py-2.5" />
              <td className="px-3 py-2.5 max-sm:hidden" />
              <td className="px-4 py-2.5 text-right font-semibold whitespace-nowrap tabular-nums text-zinc-900 sm:px-5">{formatUsdExact(total)}</td>
            </tr>
          </tfoot>
        </table>
      </div>
      <p className="px-4 py-3 text-xs text-zinc-500 sm:px-5" data-testid="cost-sum-check">
        {nonZero.length > 1
          ? `${nonZero.map((c) => formatUsdExact(c.costPico)).join(" + ")} = ${formatUsdExact(sum)}`
          : `Total = ${formatUsdExact(sum)}`}
        {sum === total ? " — the total is exactly the sum of the components." : ` — differs from the stored total ${formatUsdExact(total)}.`}
      </p>
    </Card>
  );
}

function Facts({ children }: { children: ReactNode }) {
  return <dl className="divide-y divide-zinc-100 border-t border-zinc-100 text-sm">{children}</dl>;
}

function Fact({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <div className="grid grid-cols-[minmax(0,2fr)_minmax(0,3fr)] gap-3 px-4 py-2 sm:px-5" data-testid={testId}>
      <dt className="text-zinc-500">{label}</dt>
      <dd className="min-w-0 break-words text-zinc-900">{children}</dd>
    </div>
  );
}

const none = <span className="text-zinc-400">—</span>;
const text = (value: unknown) => (value === null || value === undefined || value === "" ? none : String(value));

export function TokensCard({ row }: { row: Row }) {
  const input = Number(row.input_tokens);
  const write5m = Number(row.cache_write_5m_tokens);
  const write1h = Number(row.cache_write_1h_tokens);
  const read = Number(row.cache_read_tokens);
  const rows: [string, number, string][] = [
    ["Input (uncached)", input, "tokens-input"],
    ["Output", Number(row.output_tokens), "tokens-output"],
    ["Cache read", read, "tokens-cache-read"],
    ["Cache write, 5 minutes", write5m, "tokens-cache-write-5m"],
    ["Cache write, 1 hour", write1h, "tokens-cache-write-1h"],
    ["Total tokens", Number(row.total_tokens), "tokens-total"],
    ["Whole prompt", input + write5m + write1h + read, "tokens-prompt"],
    ["Web search requests", Number(row.web_search_requests), "web-search-requests"],
    ["Web fetch requests", Number(row.web_fetch_requests), "web-fetch-requests"],
  ];
  return (
    <Card aria-labelledby="tokens-heading" className="pb-1">
      <CardHeader id="tokens-heading" title="Tokens" description="The whole prompt is input + cache read + cache writes." />
      <div className="mt-3">
        <Facts>
          {rows.map(([label, value, testId]) => (
            <Fact key={testId} label={label} testId={testId}>
              <span className="tabular-nums" data-exact={String(value)} title={`${formatInteger(value)} exactly`}>
                {formatInteger(value)}
                {value >= 1000 ? <span className="text-zinc-500"> ({formatCount(value)})</span> : null}
              </span>
            </Fact>
          ))}
        </Facts>
      </div>
    </Card>
  );
}

export function PricingCard({ row }: { row: Row }) {
  const entry = (row.price_entry_id as string | null) ?? null;
  const override = entry?.startsWith("override:") ? entry.slice("override:".length) : null;
  return (
    <Card aria-labelledby="pricing-heading" className="pb-1">
      <CardHeader id="pricing-heading" title="Pricing" />
      <div className="mt-3">
        <Facts>
          <Fact label="Price entry" testId="price-entry">
            {entry === null ? (
              <span className="text-amber-700">none (unpriced)</span>
            ) : override ? (
              <>
                <code className="font-mono text-[13px]">{entry}</code>{" "}
                <Link href="/settings#overrides-heading" className="rounded font-medium text-accent-700 hover:underline">
                  operator override #{override} in Settings
                </Link>
              </>
            ) : (
              <>
                <code className="font-mono text-[13px]">{entry}</code> <span className="text-zinc-500">(price book)</span>
              </>
            )}
          </Fact>
          <Fact label="Pricing tier">{row.pricing_tier === "long_context" ? "long context (prompt above the threshold: premium rates)" : text(row.pricing_tier)}</Fact>
          <Fact label="Service tier">{String(row.service_tier) === "batch" ? "batch (50% off every token price)" : String(row.service_tier)}</Fact>
          <Fact label="Inference geo">{row.inference_geo === "us" ? "us (1.1x token prices on Claude 4.6 and later)" : text(row.inference_geo)}</Fact>
          <Fact label="Speed">{text(row.speed)}</Fact>
          <Fact label="Model as sent">
            <code className="font-mono text-[13px]">{String(row.model_raw)}</code>
          </Fact>
          <Fact label="Resolved model">{row.priced === true || Number(row.priced) === 1 ? <code className="font-mono text-[13px]">{String(row.model)}</code> : none}</Fact>
        </Facts>
      </div>
    </Card>
  );
}

export function QualityCard({ row }: { row: Row }) {
  const flags = parseFlags(row.quality as string | null).map(explainFlag);
  return (
    <Card aria-labelledby="quality-heading" data-testid="quality-card" className="pb-1">
      <CardHeader id="quality-heading" title="Data quality" />
      {flags.length === 0 ? (
        <p className="px-4 py-3 text-sm text-zinc-500 sm:px-5">No data-quality flags: the record was complete.</p>
      ) : (
        <ul className="mt-3 divide-y divide-zinc-100 border-t border-zinc-100">
          {flags.map((flag) => (
            <li key={flag.flag} className="px-4 py-3 sm:px-5" data-testid={`flag-${flag.flag}`}>
              <FlagBadge flag={flag} />
              <p className="mt-1.5 text-sm text-zinc-700">{flag.explanation}</p>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

export function ContextCard({ row }: { row: Row }) {
  const tags = row.tags ? (JSON.parse(String(row.tags)) as string[]) : [];
  const latency = row.latency_ms === null || row.latency_ms === undefined ? null : Number(row.latency_ms);
  return (
    <Card aria-labelledby="context-heading" className="pb-1">
      <CardHeader id="context-heading" title="Call" />
      <div className="mt-3">
        <Facts>
          <Fact label="Time (UTC)">{new Date(Number(row.ts_ms)).toISOString()}</Fact>
          <Fact label="Feature">{text(row.feature)}</Fact>
          <Fact label="Project">{text(row.project)}</Fact>
          <Fact label="User" testId="call-user">
            {text(row.user_id)}
          </Fact>
          <Fact label="Stop reason" testId="call-stop-reason">
            {row.stop_reason ? <code className="font-mono text-[13px]">{String(row.stop_reason)}</code> : <span className="text-zinc-500">none reported</span>}
          </Fact>
          <Fact label="Latency">{latency === null ? none : `${formatInteger(latency)} ms`}</Fact>
          <Fact label="Tags">
            {tags.length ? (
              <span className="flex flex-wrap gap-1">
                {tags.map((tag) => (
                  <span key={tag} className="rounded bg-zinc-100 px-1.5 py-px text-xs text-zinc-700">
                    {tag}
                  </span>
                ))}
              </span>
            ) : (
              none
            )}
          </Fact>
          <Fact label="Source">{String(row.source)}</Fact>
          <Fact label="Ingested at (UTC)">{new Date(Number(row.ingested_at_ms)).toISOString()}</Fact>
        </Facts>
      </div>
    </Card>
  );
}
