/** What the new-rule and edit-rule pages share: the form with the scope options, model families and today. */
import { loadScopeOptions } from "@/components/alerts/data";
import { RuleForm } from "@/components/alerts/rule-form";
import type { RuleFormValues } from "@/lib/core/alerts-view";
import { defaultPriceBook, listPricedModels } from "@/lib/core/pricing";
import { utcDayOf } from "@/lib/server/alerts";
import { now } from "@/lib/server/clock";

const FAMILIES = [...new Set(listPricedModels(defaultPriceBook).map((m) => m.family))];

export async function RuleFormWithOptions({ id, initial }: { id?: number; initial: RuleFormValues }) {
  const options = await loadScopeOptions();
  return <RuleForm id={id} initial={initial} options={options} families={FAMILIES} today={utcDayOf(now())} />;
}
