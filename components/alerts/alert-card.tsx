/**
 * One alert as the Alerts page lists it: status, rule, title, the numbers that made it fire (observed,
 * baseline, change), its day and times, Acknowledge while firing, and links to the chart and the calls
 * behind it. The history lists resolved alerts more compactly.
 */
import Link from "next/link";
import { AcknowledgeControl } from "@/components/alerts/acknowledge-button";
import { StatusBadge } from "@/components/alerts/status-badge";
import { alertLinks, formatAlertDay, formatAlertTime } from "@/lib/core/alerts-view";
import type { StoredAlert } from "@/lib/server/alerts";

const LINK = "inline-flex rounded text-sm font-medium text-accent-700 hover:underline";

/** Observed, baseline and change side by side (stacked on a phone). */
export function AlertNumbers({ alert }: { alert: StoredAlert }) {
  const numbers = [
    { label: "Observed", value: alert.observed, testId: "alert-observed" },
    { label: "Baseline", value: alert.baseline ?? "—", testId: "alert-baseline" },
    { label: "Change", value: alert.change ?? "—", testId: "alert-change" },
  ];
  return (
    <dl className="divide-y divide-zinc-200/70 rounded-lg bg-zinc-50 px-3 sm:grid sm:grid-cols-3 sm:gap-3 sm:divide-y-0 sm:bg-transparent sm:px-0">
      {numbers.map((n) => (
        <div key={n.label} className="flex min-w-0 items-baseline justify-between gap-3 py-1.5 sm:block sm:rounded-lg sm:bg-zinc-50 sm:px-3 sm:py-2">
          <dt className="shrink-0 text-xs font-medium text-zinc-500">{n.label}</dt>
          <dd data-testid={n.testId} className="min-w-0 text-right text-sm font-semibold break-words text-zinc-900 tabular-nums sm:mt-0.5 sm:text-left">
            {n.value}
          </dd>
        </div>
      ))}
    </dl>
  );
}

export function AlertLinks({ alert }: { alert: StoredAlert }) {
  const links = alertLinks(alert);
  return (
    <>
      <Link href={links.chart.href} className={LINK} data-testid="alert-chart-link">
        {links.chart.label}
      </Link>
      <Link href={links.calls} className={LINK} data-testid="alert-calls-link">
        See the calls
      </Link>
    </>
  );
}

export function RuleName({ name }: { name: string | undefined }) {
  return name === undefined ? <span className="italic">Deleted rule</span> : <>{name}</>;
}

export function OpenAlertCard({ alert, ruleName }: { alert: StoredAlert; ruleName: string | undefined }) {
  return (
    <article
      data-testid="open-alert"
      aria-labelledby={`alert-${alert.id}-title`}
      className={`min-w-0 rounded-xl border bg-white p-4 shadow-xs sm:p-5 ${alert.status === "firing" ? "border-red-200" : "border-zinc-200"}`}
    >
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1 text-xs text-zinc-500">
        <StatusBadge status={alert.status} />
        <span className="font-medium text-zinc-700">
          <RuleName name={ruleName} />
        </span>
        <span>{formatAlertDay(alert.day)}</span>
      </div>
      <h3 id={`alert-${alert.id}-title`} className="mt-2 text-sm font-semibold break-words text-zinc-900">
        <Link href={`/alerts/${alert.id}`} className="hover:underline">
          {alert.title}
        </Link>
      </h3>
      <div className="mt-3">
        <AlertNumbers alert={alert} />
      </div>
      <p className="mt-3 text-xs text-zinc-500">
        Fired {formatAlertTime(alert.firedAt)} · last evaluated {formatAlertTime(alert.lastSeenAt)}
      </p>
      <div className="mt-3 flex flex-wrap items-center gap-x-4 gap-y-2">
        <AcknowledgeControl id={alert.id} status={alert.status} acknowledgedAt={alert.acknowledgedAt?.toISOString() ?? null} title={alert.title} />
        <AlertLinks alert={alert} />
      </div>
    </article>
  );
}

/** A resolved alert in the history: what fired, the numbers, and its three times. */
export function HistoryRow({ alert, ruleName }: { alert: StoredAlert; ruleName: string | undefined }) {
  return (
    <li data-testid="history-alert" className="min-w-0 py-3">
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1 text-xs text-zinc-500">
        <StatusBadge status={alert.status} />
        <span className="font-medium text-zinc-700">
          <RuleName name={ruleName} />
        </span>
        <span>{formatAlertDay(alert.day)}</span>
      </div>
      <p className="mt-1 text-sm font-medium break-words text-zinc-900">
        <Link href={`/alerts/${alert.id}`} className="hover:underline">
          {alert.title}
        </Link>
      </p>
      <p className="mt-0.5 text-xs break-words text-zinc-600">
        {alert.observed}
        {alert.baseline ? ` against ${alert.baseline}` : ""}
        {alert.change ? ` (${alert.change})` : ""}
      </p>
      <p className="mt-0.5 text-xs text-zinc-500">
        Fired {formatAlertTime(alert.firedAt)}
        {alert.acknowledgedAt ? ` · acknowledged ${formatAlertTime(alert.acknowledgedAt)}` : ""}
        {alert.resolvedAt ? ` · resolved ${formatAlertTime(alert.resolvedAt)}` : ""}
      </p>
    </li>
  );
}
