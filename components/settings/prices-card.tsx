/**
 * Prices in force: the shipped price book's version, operator overrides, and the re-pricing runs
 * they caused with the totals before and after. Overrides are added with `tally prices override`.
 */
import { Card, CardHeader } from "@/components/ui/card";
import { CodeBlock } from "@/components/ui/code-block";
import { formatUsdExact, formatUsdShort } from "@/lib/core/money";
import { type PriceOverrideRule, defaultPriceBook } from "@/lib/core/pricing";
import { getApp } from "@/lib/server/app";

function describeOverride(o: Omit<PriceOverrideRule, "id" | "model" | "effectiveFrom" | "effectiveTo">): string {
  const parts: string[] = [];
  const prices: [string, string | null][] = [
    ["input", o.inputUsdPerMTok],
    ["output", o.outputUsdPerMTok],
    ["5m write", o.cacheWrite5mUsdPerMTok],
    ["1h write", o.cacheWrite1hUsdPerMTok],
    ["cache read", o.cacheReadUsdPerMTok],
  ];
  for (const [name, price] of prices) if (price !== null) parts.push(`${name} $${price}/MTok`);
  if (o.multiplier !== null) parts.push(`× ${o.multiplier} on every token price`);
  return parts.join(", ");
}

export async function PricesCard() {
  const { db } = await getApp();
  const [overrides, runs] = await Promise.all([
    db.prisma.priceOverride.findMany({ orderBy: { id: "asc" } }),
    db.prisma.repriceRun.findMany({ orderBy: { id: "desc" }, take: 10 }),
  ]);
  return (
    <Card aria-labelledby="prices-heading" data-testid="prices-card">
      <CardHeader
        id="prices-heading"
        title="Prices"
        description={`List prices from price book ${defaultPriceBook.version}. Overrides (a negotiated discount, a custom price) re-price the history they cover.`}
      />
      <div className="space-y-5 p-4 sm:p-5">
        <section aria-label="Overrides">
          <h3 className="text-xs font-medium uppercase tracking-wide text-zinc-500">Overrides</h3>
          {overrides.length === 0 ? (
            <p className="mt-2 text-sm text-zinc-500">No overrides: list prices apply.</p>
          ) : (
            <ul className="mt-2 divide-y divide-zinc-100 text-sm">
              {overrides.map((o) => (
                <li key={o.id} className="py-2" data-testid={`override-${o.id}`}>
                  <span className="font-medium text-zinc-900">#{o.id} {o.model === "*" ? "All models" : o.model}</span>
                  <span className="text-zinc-500">
                    {" "}
                    from {o.effectiveFrom}
                    {o.effectiveTo ? ` until ${o.effectiveTo}` : ""}: {describeOverride(o)}
                    {o.note ? ` (${o.note})` : ""}
                  </span>
                </li>
              ))}
            </ul>
          )}
          <p className="mt-3 text-sm text-zinc-600">Add or remove overrides from the command line:</p>
          <CodeBlock title="Shell" language="shell" code={'npx tally prices override --model claude-sonnet-4-6 --from 2026-01-01 --multiplier 0.85 --note "negotiated"\nnpx tally prices remove-override 1'} />
        </section>
        <section aria-label="Re-pricing history">
          <h3 className="text-xs font-medium uppercase tracking-wide text-zinc-500">Re-pricing history</h3>
          {runs.length === 0 ? (
            <p className="mt-2 text-sm text-zinc-500">History has not been re-priced.</p>
          ) : (
            <ul className="mt-2 divide-y divide-zinc-100 text-sm">
              {runs.map((run) => (
                <li key={run.id} className="flex flex-wrap justify-between gap-x-4 gap-y-1 py-2" data-testid={`reprice-run-${run.id}`}>
                  <span className="text-zinc-700">
                    {run.createdAt.toISOString().slice(0, 16).replace("T", " ")} UTC · {run.reason} · {run.changedCalls.toString()} of{" "}
                    {run.calls.toString()} calls changed
                  </span>
                  <span className="tabular-nums text-zinc-900" title={`${formatUsdShort(run.oldCostPico)} → ${formatUsdShort(run.newCostPico)}`}>
                    ${formatUsdExact(run.oldCostPico)} → ${formatUsdExact(run.newCostPico)}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
    </Card>
  );
}
