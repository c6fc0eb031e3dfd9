/** Edit one alert rule (404 for an unknown id); delete it from here too. */
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { DeleteRuleButton } from "@/components/alerts/delete-rule-button";
import { idFromSegment, loadOpenAlerts, loadRule } from "@/components/alerts/data";
import { AlertsPageTitle } from "@/components/alerts/page-title";
import { RuleFormWithOptions } from "@/components/alerts/rule-form-page";
import { ruleToFormValues } from "@/lib/core/alerts-view";
import { requirePage } from "@/lib/server/session";

type Params = Promise<{ id: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const id = idFromSegment((await params).id);
  const rule = id === null ? null : await loadRule(id);
  return { title: rule ? `${rule.name} · Rules` : "Rule" };
}

export default async function EditRulePage({ params }: { params: Params }) {
  await requirePage("/alerts/rules", "alerts.manage");
  const id = idFromSegment((await params).id);
  const rule = id === null ? null : await loadRule(id);
  if (!rule) notFound();
  const openAlerts = (await loadOpenAlerts()).filter((a) => a.ruleId === rule.id).length;
  return (
    <div className="space-y-4 sm:space-y-6">
      <AlertsPageTitle
        title={rule.name}
        description="Change the rule and backtest it; open alerts stay open and are judged by the saved rule at the next evaluation."
        actions={<DeleteRuleButton id={rule.id} name={rule.name} openAlerts={openAlerts} />}
      />
      <RuleFormWithOptions id={rule.id} initial={ruleToFormValues(rule)} />
    </div>
  );
}
