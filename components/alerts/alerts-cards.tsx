/**
 * The Alerts page's cards: the open alerts (firing first, then acknowledged), or why there are none;
 * and the history of resolved alerts, newest first.
 */
import Link from "next/link";
import { HistoryRow, OpenAlertCard } from "@/components/alerts/alert-card";
import { HISTORY_LIMIT, loadHistory, loadLastEvaluation, loadOpenAlerts, loadRuleNames, loadRules } from "@/components/alerts/data";
import { Card, CardHeader } from "@/components/ui/card";
import { formatAlertTime, sortOpenAlerts } from "@/lib/core/alerts-view";

const BUTTON = "inline-flex rounded-md bg-accent-600 px-3.5 py-2 text-sm font-medium text-white hover:bg-accent-700";

export async function OpenAlertsSection() {
  const [open, rules, names, lastRun] = await Promise.all([loadOpenAlerts(), loadRules(), loadRuleNames(), loadLastEvaluation()]);
  if (rules.length === 0 && open.length === 0) {
    return (
      <div data-testid="alerts-empty" className="rounded-xl border border-dashed border-zinc-300 bg-white px-6 py-10 text-center">
        <p className="text-sm font-medium text-zinc-900">No alert rules yet</p>
        <p className="mx-auto mt-1 max-w-xl text-sm text-zinc-500">
          A rule watches your calls and raises an alert the day something changes: a feature&rsquo;s cost or tokens per call rising against its own
          baseline (normalised for traffic), a spend spike, a budget level, truncation, a cache that stopped hitting, a new unpriced model. Each rule
          can be backtested on the last 90 days before you save it.
        </p>
        <Link href="/alerts/rules/new" className={`mt-4 ${BUTTON}`}>
          Create a rule
        </Link>
      </div>
    );
  }
  const sorted = sortOpenAlerts(open);
  const enabled = rules.filter((r) => r.enabled).length;
  const firing = sorted.filter((a) => a.status === "firing").length;
  return (
    <section aria-labelledby="open-heading" className="space-y-3">
      <div className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1">
        <h2 id="open-heading" className="text-sm font-semibold text-zinc-900">
          Open alerts{sorted.length ? ` (${firing} firing, ${sorted.length - firing} acknowledged)` : ""}
        </h2>
        <p className="text-xs text-zinc-500">
          {enabled} of {rules.length} rule{rules.length === 1 ? "" : "s"} enabled · last evaluated {lastRun ? formatAlertTime(lastRun) : "never"}
        </p>
      </div>
      {sorted.length === 0 ? (
        <div data-testid="no-open-alerts" className="rounded-xl border border-dashed border-zinc-300 bg-white px-6 py-8 text-center">
          <p className="text-sm font-medium text-zinc-900">Nothing is firing</p>
          <p className="mt-1 text-sm text-zinc-500">
            Open alerts appear here when an evaluation finds a rule&rsquo;s condition met.{" "}
            <Link href="/alerts/rules" className="font-medium text-accent-700 hover:underline">
              See the rules
            </Link>
            .
          </p>
        </div>
      ) : (
        <div className="grid items-start gap-3 sm:gap-4 xl:grid-cols-2">
          {sorted.map((alert) => (
            <OpenAlertCard key={alert.id} alert={alert} ruleName={names.get(alert.ruleId)} />
          ))}
        </div>
      )}
    </section>
  );
}

export async function HistoryCard() {
  const [history, names] = await Promise.all([loadHistory(), loadRuleNames()]);
  return (
    <Card aria-labelledby="history-heading" data-testid="alert-history">
      <CardHeader
        id="history-heading"
        title="History"
        description={
          history.length === HISTORY_LIMIT ? `The ${HISTORY_LIMIT} most recent resolved alerts, newest first` : "Resolved alerts, newest first"
        }
      />
      <div className="px-4 pb-2 sm:px-5">
        {history.length === 0 ? (
          <p className="py-4 text-sm text-zinc-500">No alert has resolved yet. An alert resolves by itself when its condition clears.</p>
        ) : (
          <ul className="divide-y divide-zinc-100">
            {history.map((alert) => (
              <HistoryRow key={alert.id} alert={alert} ruleName={names.get(alert.ruleId)} />
            ))}
          </ul>
        )}
      </div>
    </Card>
  );
}
