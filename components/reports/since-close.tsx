/**
 * A closed month's notice: when it was closed, and what has changed since (the live figures against the
 * frozen ones, late records, re-pricing), or that nothing has.
 */
import type { SinceClose } from "@/lib/server/month-close";
import { formatUsdExact, formatUsdShort } from "@/lib/core/money";

const signed = (pico: bigint) => (pico < 0n ? `-${formatUsdShort(-pico)}` : `+${formatUsdShort(pico)}`);

export function SinceCloseNotice({ since }: { since: SinceClose }) {
  const d = since.difference;
  const closed = since.closedAt.toISOString().replace("T", " ").slice(0, 16);
  if (!d) {
    return (
      <p data-testid="month-closed" className="rounded-lg border border-zinc-200 bg-white px-4 py-2.5 text-sm text-zinc-700">
        Closed on {closed} UTC ({since.timeZone}). These are the frozen figures; nothing has changed since.
      </p>
    );
  }
  const causes = [
    since.lateCalls ? `${since.lateCalls} call${since.lateCalls === 1 ? "" : "s"} for this month arrived after the close (${formatUsdShort(since.lateCostPico)} at today's prices)` : null,
    since.repricings ? `history was re-priced ${since.repricings} time${since.repricings === 1 ? "" : "s"} (price overrides or a new price book)` : null,
  ].filter(Boolean);
  return (
    <section data-testid="month-closed" className="rounded-lg border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-950">
      <p className="font-medium">
        Closed on {closed} UTC ({since.timeZone}). These are the frozen figures; the live total is now{" "}
        <span data-testid="live-total" data-exact={formatUsdExact(d.nowTotalPico)} title={`$${formatUsdExact(d.nowTotalPico)} exactly`}>
          {formatUsdShort(d.nowTotalPico)}
        </span>
        , a difference of{" "}
        <span data-testid="close-difference" data-exact={formatUsdExact(d.differencePico)} title={`$${formatUsdExact(d.differencePico)} exactly`}>
          {signed(d.differencePico)}
        </span>
        .
      </p>
      {causes.length ? <p className="mt-1">Since then: {causes.join("; ")}.</p> : null}
      {d.lines.length ? (
        <ul className="mt-2 list-disc pl-5">
          {d.lines.slice(0, 8).map((l) => (
            <li key={`${l.dimension}|${l.key}`}>
              {l.dimension} {l.label}: {formatUsdShort(l.closedPico)} closed, {formatUsdShort(l.nowPico)} now ({signed(l.differencePico)})
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
