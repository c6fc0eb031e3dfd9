/** A new alert rule: the form, with a backtest before saving. */
import type { Metadata } from "next";
import { connection } from "next/server";
import { AlertsPageTitle } from "@/components/alerts/page-title";
import { RuleFormWithOptions } from "@/components/alerts/rule-form-page";
import { NEW_RULE_VALUES } from "@/lib/core/alerts-view";
import { requirePage } from "@/lib/server/session";

export const metadata: Metadata = { title: "New rule" };

export default async function NewRulePage() {
  await requirePage("/alerts/rules/new", "alerts.manage");
  await connection();
  return (
    <div className="space-y-4 sm:space-y-6">
      <AlertsPageTitle title="New rule" description="Choose what to watch and on which calls, backtest it on the last 90 days, then create it." />
      <RuleFormWithOptions initial={NEW_RULE_VALUES} />
    </div>
  );
}
