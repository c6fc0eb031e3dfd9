/**
 * The rules, one row each: name, kind in words, scope, key settings, enabled, how many of its alerts
 * are open; edit and delete.
 */
import Link from "next/link";
import { DeleteRuleButton } from "@/components/alerts/delete-rule-button";
import { loadOpenAlerts, loadRules } from "@/components/alerts/data";
import { Card, CardHeader } from "@/components/ui/card";
import { KIND_INFO, describeCooldown, describeParams, describeScope } from "@/lib/core/alerts-view";

export async function RulesCard() {
  const [rules, open] = await Promise.all([loadRules(), loadOpenAlerts()]);
  if (rules.length === 0) {
    return (
      <div data-testid="rules-empty" className="rounded-xl border border-dashed border-zinc-300 bg-white px-6 py-10 text-center">
        <p className="text-sm font-medium text-zinc-900">No rules yet</p>
        <p className="mx-auto mt-1 max-w-xl text-sm text-zinc-500">
          Start with a regression rule per feature: it fires the day a feature&rsquo;s tokens or cost per call jump against its own recent days,
          whatever its traffic. Backtest it on the last 90 days before saving.
        </p>
        <Link href="/alerts/rules/new" className="mt-4 inline-flex rounded-md bg-accent-600 px-3.5 py-2 text-sm font-medium text-white hover:bg-accent-700">
          Create a rule
        </Link>
      </div>
    );
  }
  const openByRule = new Map<number, number>();
  for (const alert of open) openByRule.set(alert.ruleId, (openByRule.get(alert.ruleId) ?? 0) + 1);

  return (
    <Card aria-labelledby="rules-heading">
      <CardHeader id="rules-heading" title={`${rules.length} rule${rules.length === 1 ? "" : "s"}`} description="Evaluated in this order; disabled rules are kept but not evaluated" />
      <ul className="mt-2 divide-y divide-zinc-100 border-t border-zinc-100">
        {rules.map((rule) => {
          const openCount = openByRule.get(rule.id) ?? 0;
          return (
            <li key={rule.id} data-testid="rule-row" className="grid gap-3 px-4 py-3 sm:px-5 md:grid-cols-[minmax(0,1fr)_auto] md:items-start">
              <div className="min-w-0">
                <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
                  <Link href={`/alerts/rules/${rule.id}`} className="text-sm font-semibold break-words text-zinc-900 hover:underline">
                    {rule.name}
                  </Link>
                  <span className="rounded-full border border-zinc-200 bg-zinc-50 px-2 py-0.5 text-xs text-zinc-600">{KIND_INFO[rule.kind].label}</span>
                  {rule.enabled ? null : <span className="rounded-full border border-amber-200 bg-amber-50 px-2 py-0.5 text-xs text-amber-900">Disabled</span>}
                  {openCount > 0 ? (
                    <Link href="/alerts" className="rounded-full border border-red-200 bg-red-50 px-2 py-0.5 text-xs font-medium text-red-700 hover:underline" data-testid="rule-open-count">
                      {openCount} open
                    </Link>
                  ) : (
                    <span className="text-xs text-zinc-500" data-testid="rule-open-count">
                      No open alerts
                    </span>
                  )}
                </div>
                <p className="mt-1 text-sm break-words text-zinc-700">{describeParams(rule)}</p>
                <p className="mt-0.5 text-xs break-words text-zinc-500">
                  {describeScope(rule.scope)} · {describeCooldown(rule.cooldownHours)}
                </p>
              </div>
              <div className="flex items-start gap-2">
                <Link
                  href={`/alerts/rules/${rule.id}`}
                  aria-label={`Edit rule ${rule.name}`}
                  className="rounded-md border border-zinc-300 bg-white px-2.5 py-1 text-xs font-medium text-zinc-700 hover:bg-zinc-50"
                >
                  Edit
                </Link>
                <DeleteRuleButton id={rule.id} name={rule.name} openAlerts={openCount} />
              </div>
            </li>
          );
        })}
      </ul>
    </Card>
  );
}
