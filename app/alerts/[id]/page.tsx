/**
 * One alert: its full summary and numbers, the rule that raised it, its lifecycle (fired, last seen,
 * acknowledged, resolved) and the links to the chart and calls behind it. Delivered notices link here.
 */
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { AcknowledgeControl } from "@/components/alerts/acknowledge-button";
import { AlertLinks, AlertNumbers, RuleName } from "@/components/alerts/alert-card";
import { idFromSegment, loadAlert, loadRuleNames } from "@/components/alerts/data";
import { AlertsPageTitle } from "@/components/alerts/page-title";
import { StatusBadge } from "@/components/alerts/status-badge";
import { Card, CardHeader } from "@/components/ui/card";
import { KIND_INFO, describeScope, formatAlertDay, formatAlertTime } from "@/lib/core/alerts-view";
import type { RuleKind } from "@/lib/core/alert-rules";
import { requirePage } from "@/lib/server/session";

type Params = Promise<{ id: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  return { title: `Alert ${(await params).id}` };
}

export default async function AlertPage({ params }: { params: Params }) {
  await requirePage("/alerts");
  const id = idFromSegment((await params).id);
  const alert = id === null ? null : await loadAlert(id);
  if (!alert) notFound();
  const ruleName = (await loadRuleNames()).get(alert.ruleId);
  const kind = KIND_INFO[alert.details.kind as RuleKind];
  const lifecycle = [
    { label: "Fired", at: alert.firedAt },
    { label: "Last evaluated", at: alert.lastSeenAt },
    { label: "Acknowledged", at: alert.acknowledgedAt },
    { label: "Resolved", at: alert.resolvedAt },
  ];

  return (
    <div className="space-y-4 sm:space-y-6">
      <AlertsPageTitle
        title={<span data-testid="alert-title">{alert.title}</span>}
        description={
          <span className="flex flex-wrap items-center gap-x-3 gap-y-1">
            <StatusBadge status={alert.status} />
            <span>{formatAlertDay(alert.day)}</span>
          </span>
        }
      />
      <Card aria-labelledby="why-heading">
        <CardHeader id="why-heading" title="Why it fired" />
        <div className="space-y-4 p-4 sm:p-5">
          <p data-testid="alert-summary" className="max-w-3xl text-sm break-words text-zinc-700">
            {alert.summary}
          </p>
          <AlertNumbers alert={alert} />
          <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
            <AcknowledgeControl id={alert.id} status={alert.status} acknowledgedAt={alert.acknowledgedAt?.toISOString() ?? null} title={alert.title} />
            <AlertLinks alert={alert} />
          </div>
        </div>
      </Card>
      <div className="grid items-start gap-4 lg:grid-cols-2">
        <Card aria-labelledby="lifecycle-heading">
          <CardHeader id="lifecycle-heading" title="Lifecycle" description="Times in UTC" />
          <dl className="divide-y divide-zinc-100 px-4 pb-2 sm:px-5">
            {lifecycle.map((step) => (
              <div key={step.label} className="flex flex-wrap justify-between gap-x-4 py-2.5 text-sm">
                <dt className="text-zinc-600">{step.label}</dt>
                <dd className="text-zinc-900 tabular-nums">{step.at ? formatAlertTime(step.at) : "Not yet"}</dd>
              </div>
            ))}
          </dl>
        </Card>
        <Card aria-labelledby="rule-heading">
          <CardHeader id="rule-heading" title="Rule" />
          <dl className="divide-y divide-zinc-100 px-4 pb-2 sm:px-5">
            <div className="flex flex-wrap justify-between gap-x-4 py-2.5 text-sm">
              <dt className="text-zinc-600">Name</dt>
              <dd className="min-w-0 break-words text-zinc-900">
                {ruleName === undefined ? (
                  <RuleName name={ruleName} />
                ) : (
                  <Link href={`/alerts/rules/${alert.ruleId}`} className="font-medium text-accent-700 hover:underline">
                    {ruleName}
                  </Link>
                )}
              </dd>
            </div>
            <div className="flex flex-wrap justify-between gap-x-4 py-2.5 text-sm">
              <dt className="text-zinc-600">Kind</dt>
              <dd className="text-zinc-900">{kind?.label ?? alert.details.kind}</dd>
            </div>
            <div className="flex flex-wrap justify-between gap-x-4 py-2.5 text-sm">
              <dt className="text-zinc-600">Scope</dt>
              <dd className="min-w-0 break-words text-zinc-900">{describeScope(alert.details.scope)}</dd>
            </div>
            <div className="flex flex-wrap justify-between gap-x-4 py-2.5 text-sm">
              <dt className="text-zinc-600">Group</dt>
              <dd className="min-w-0 break-words text-zinc-900">{alert.details.group === "" ? (alert.details.scope.groupBy === "none" ? "All together" : "(none)") : alert.details.group}</dd>
            </div>
          </dl>
        </Card>
      </div>
      <Link href="/alerts" className="inline-flex rounded text-sm font-medium text-accent-700 hover:underline">
        ← All alerts
      </Link>
    </div>
  );
}
