"use server";
/**
 * The Alerts pages' writes: acknowledge an alert, run the evaluation now, save, backtest and delete a
 * rule. As in app/actions.ts, every input is checked again here (a form can be posted by anyone; a rule
 * by ruleInputSchema, whose errors come back per form field), expected failures come back as values for
 * useActionState, and unexpected ones are logged. The time is lib/server/clock's, so TALLY_NOW fixes it.
 */
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { readRuleForm } from "@/lib/core/alerts-view";
import { runAlertsAndDeliver } from "@/lib/server/alert-notify";
import { acknowledgeAlert, backtestAlertRule, createRule, deleteRule, getRule, updateRule, utcDayOf } from "@/lib/server/alerts";
import { getApp } from "@/lib/server/app";
import { now } from "@/lib/server/clock";
import { requireAction } from "@/lib/server/session";

export type AcknowledgeState = { status: "idle" } | { status: "error"; message: string } | { status: "acknowledged"; at: string };

export interface EvaluationChange {
  id: number;
  rule: string;
  title: string;
}

export type EvaluateState =
  | { status: "idle" }
  | { status: "error"; message: string }
  | { status: "done"; at: string; day: string; rules: number; fired: EvaluationChange[]; resolved: EvaluationChange[]; stillOpen: number };

export type RuleFieldErrors = Record<string, string[]>;

export type SaveRuleState = { status: "idle" } | { status: "error"; message: string; fieldErrors: RuleFieldErrors };

export interface BacktestDay {
  day: string;
  findings: { title: string; observed: string; baseline: string | null; change: string | null }[];
}

export type BacktestState =
  | { status: "idle" }
  | { status: "error"; message: string; fieldErrors: RuleFieldErrors }
  | { status: "done"; from: string; to: string; days: BacktestDay[] };

export type DeleteRuleState = { status: "idle" } | { status: "error"; message: string };

const idSchema = z.object({ id: z.string({ error: "Missing id." }).regex(/^[1-9]\d{0,9}$/, "Not an id.").transform(Number) });

const BACKTEST_DAYS = 90;

function unexpected(action: string, error: unknown): { status: "error"; message: string } {
  console.error(`Server action ${action} failed:`, error);
  return { status: "error", message: "Something went wrong on the server. Try again; if it keeps failing, check the server log." };
}

/** firing -> acknowledged, at the clock's time. */
export async function acknowledgeAlertAction(_prev: AcknowledgeState, formData: FormData): Promise<AcknowledgeState> {
  await requireAction("alerts.respond");
  const parsed = idSchema.safeParse({ id: formData.get("id") ?? undefined });
  if (!parsed.success) return { status: "error", message: parsed.error.issues[0]?.message ?? "Not an alert id." };
  try {
    const { db } = await getApp();
    const result = await acknowledgeAlert(db, parsed.data.id, now());
    if (result === "not_found") return { status: "error", message: "That alert no longer exists; reload the page." };
    if (result === "not_firing") return { status: "error", message: "That alert has resolved in the meantime; reload the page." };
    revalidatePath("/alerts", "layout");
    return { status: "acknowledged", at: (result.acknowledgedAt ?? now()).toISOString() };
  } catch (error) {
    return unexpected("acknowledgeAlert", error);
  }
}

/** Evaluates every enabled rule as of now, delivers what fired and resolved, and says what changed. */
export async function runEvaluationAction(_prev: EvaluateState, _formData: FormData): Promise<EvaluateState> {
  await requireAction("alerts.respond");
  try {
    const { db } = await getApp();
    const at = now();
    const report = await runAlertsAndDeliver(db, at);
    revalidatePath("/alerts", "layout");
    const changes = (list: typeof report.fired) => list.map((c) => ({ id: c.alert.id, rule: c.rule.name, title: c.alert.title }));
    return { status: "done", at: at.toISOString(), day: report.day, rules: report.rules, fired: changes(report.fired), resolved: changes(report.resolved), stillOpen: report.stillOpen };
  } catch (error) {
    return unexpected("runAlertsAndDeliver", error);
  }
}

/** The rule in the form, checked; or the errors per field. */
function ruleFromForm(formData: FormData): { ok: true; input: unknown } | { ok: false; fieldErrors: RuleFieldErrors } {
  const read = readRuleForm(formData);
  return read.ok ? { ok: true, input: read.rule } : read;
}

/** Creates a rule, or replaces rule `id`, then shows the list. */
export async function saveRuleAction(_prev: SaveRuleState, formData: FormData): Promise<SaveRuleState> {
  await requireAction("alerts.manage");
  const id = formData.get("id");
  const parsedId = id === null || id === "" ? null : idSchema.safeParse({ id });
  if (parsedId && !parsedId.success) return { status: "error", message: "Not a rule id.", fieldErrors: {} };
  const rule = ruleFromForm(formData);
  if (!rule.ok) return { status: "error", message: "Check the highlighted fields.", fieldErrors: rule.fieldErrors };
  let saved: number;
  try {
    const { db } = await getApp();
    if (parsedId) {
      const updated = await updateRule(db, parsedId.data.id, rule.input, now());
      if (!updated) return { status: "error", message: "That rule no longer exists; it may have been deleted.", fieldErrors: {} };
      saved = updated.id;
    } else {
      saved = (await createRule(db, rule.input)).id;
    }
    revalidatePath("/alerts", "layout");
  } catch (error) {
    return { ...unexpected("saveRule", error), fieldErrors: {} };
  }
  redirect(`/alerts/rules?saved=${saved}`);
}

const asOfSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "Enter a day as YYYY-MM-DD.")
  .refine((day) => {
    const ms = Date.parse(`${day}T00:00:00Z`);
    return !Number.isNaN(ms) && new Date(ms).toISOString().startsWith(day);
  }, "That day is not on the calendar.");

/**
 * On which of the 90 days up to `asOf` (default today) the rule in the form would have fired, each day
 * judged on its full data. Nothing is saved.
 */
export async function backtestRuleAction(_prev: BacktestState, formData: FormData): Promise<BacktestState> {
  await requireAction("alerts.respond");
  const rule = ruleFromForm(formData);
  const today = utcDayOf(now());
  const asOfText = formData.get("asOf");
  const asOf = typeof asOfText === "string" && asOfText.trim() !== "" ? asOfSchema.safeParse(asOfText.trim()) : { success: true as const, data: today };
  const fieldErrors: RuleFieldErrors = rule.ok ? {} : { ...rule.fieldErrors };
  if (!asOf.success) fieldErrors.asOf = [asOf.error.issues[0]?.message ?? "Enter a day."];
  else if (asOf.data > today) fieldErrors.asOf = ["Can't be after today: the backtest looks back from a day with data."];
  if (!rule.ok || !asOf.success || fieldErrors.asOf) return { status: "error", message: "Check the highlighted fields before the backtest.", fieldErrors };
  try {
    const { db } = await getApp();
    // The as-of day is judged on its full data, as every day of a backtest is.
    const at = asOf.data === today ? now() : new Date(`${asOf.data}T23:59:59Z`);
    const result = await backtestAlertRule(db, rule.input, at, BACKTEST_DAYS);
    return {
      status: "done",
      from: result.from,
      to: result.to,
      days: result.days.map((d) => ({ day: d.day, findings: d.findings.map((f) => ({ title: f.title, observed: f.observed, baseline: f.baseline, change: f.change })) })),
    };
  } catch (error) {
    return { ...unexpected("backtestRule", error), fieldErrors: {} };
  }
}

/** Deletes a rule (its open alerts resolve; its history stays), then shows the list. */
export async function deleteRuleAction(_prev: DeleteRuleState, formData: FormData): Promise<DeleteRuleState> {
  await requireAction("alerts.manage");
  const parsed = idSchema.safeParse({ id: formData.get("id") ?? undefined });
  if (!parsed.success) return { status: "error", message: parsed.error.issues[0]?.message ?? "Not a rule id." };
  let name: string;
  try {
    const { db } = await getApp();
    const rule = await getRule(db, parsed.data.id);
    if (!rule || !(await deleteRule(db, parsed.data.id, now()))) return { status: "error", message: "That rule no longer exists; reload the page." };
    name = rule.name;
    revalidatePath("/alerts", "layout");
  } catch (error) {
    return unexpected("deleteRule", error);
  }
  redirect(`/alerts/rules?deleted=${encodeURIComponent(name)}`);
}
