/**
 * Chargeback rules and a month's allocation. Tags live only on the calls, so the month is read from the
 * calls table once, grouped by feature, project and tag set, between the month's midnights in the
 * reporting time zone.
 */
import { type Chargeback, type ChargebackRule, allocate, chargebackRuleSchema } from "@/lib/core/chargeback";
import { monthRangeMs } from "@/lib/core/monthly-report";
import { type Database, toBigInt } from "@/lib/server/db";

type Row = { id: number; match: string; value: string; costCentre: string };
const ruleOf = (r: Row): ChargebackRule => ({ id: r.id, match: r.match as ChargebackRule["match"], value: r.value, costCentre: r.costCentre });

export async function listChargebackRules(db: Database): Promise<ChargebackRule[]> {
  return (await db.prisma.chargebackRule.findMany({ orderBy: { id: "asc" } })).map(ruleOf);
}

/** Adds a rule, or re-points the existing rule for the same tag, feature or project. Throws a ZodError naming the field. */
export async function saveChargebackRule(db: Database, input: unknown): Promise<ChargebackRule> {
  const r = chargebackRuleSchema.parse(input);
  const row = await db.prisma.chargebackRule.upsert({
    where: { match_value: { match: r.match, value: r.value } },
    create: { match: r.match, value: r.value, costCentre: r.costCentre },
    update: { costCentre: r.costCentre },
  });
  return ruleOf(row);
}

export async function deleteChargebackRule(db: Database, id: number): Promise<boolean> {
  return (await db.prisma.chargebackRule.deleteMany({ where: { id } })).count === 1;
}

/** The month's (YYYY-MM, in `timeZone`, default UTC) spend allocated by the rules. */
export async function getChargeback(db: Database, month: string, timeZone = "UTC"): Promise<Chargeback> {
  const { startMs, endMs } = monthRangeMs(month, timeZone);
  const from = BigInt(startMs);
  const to = BigInt(endMs);
  const [rules, rows] = await Promise.all([
    listChargebackRules(db),
    db.all(
      `SELECT feature, project, tags, COUNT(*) AS calls, SUM(cost_pico) AS cost FROM calls WHERE ts_ms >= ? AND ts_ms < ? GROUP BY feature, project, tags`,
      [from, to],
    ),
  ]);
  const groups = rows.map((row) => ({
    feature: String(row.feature),
    project: String(row.project),
    tags: row.tags ? (JSON.parse(String(row.tags)) as string[]) : [],
    calls: Number(toBigInt(row.calls)),
    costPico: toBigInt(row.cost),
  }));
  return allocate(groups, rules);
}
