"use server";
/** The Chargeback page's writes: add or re-point a rule, delete one (checked again by chargebackRuleSchema). */
import { revalidatePath } from "next/cache";
import { ZodError, z } from "zod";
import { getApp } from "@/lib/server/app";
import { deleteChargebackRule, saveChargebackRule } from "@/lib/server/chargeback";
import { requireAction } from "@/lib/server/session";

type Field = "match" | "value" | "costCentre";
export type SaveRuleState = { status: "idle" } | { status: "error"; message: string; fieldErrors: Partial<Record<Field, string>> } | { status: "saved"; message: string };

export async function saveChargebackRuleAction(_previous: SaveRuleState, form: FormData): Promise<SaveRuleState> {
  await requireAction("reports.manage");
  const input = { match: String(form.get("match") ?? ""), value: String(form.get("value") ?? "").trim(), costCentre: String(form.get("costCentre") ?? "") };
  try {
    const { db } = await getApp();
    const rule = await saveChargebackRule(db, input);
    revalidatePath("/reports/chargeback");
    return { status: "saved", message: `${rule.match} ${rule.value || "(none)"} is charged to ${rule.costCentre}.` };
  } catch (error) {
    if (error instanceof ZodError) {
      const fieldErrors: Partial<Record<Field, string>> = {};
      for (const issue of error.issues) fieldErrors[String(issue.path[0]) as Field] ??= issue.message;
      return { status: "error", message: "The rule was not saved.", fieldErrors };
    }
    console.error("saveChargebackRule failed:", error);
    return { status: "error", message: "The rule could not be saved; try again.", fieldErrors: {} };
  }
}

export async function deleteChargebackRuleAction(form: FormData): Promise<void> {
  await requireAction("reports.manage");
  const id = z.coerce.number().int().positive().safeParse(form.get("id"));
  if (!id.success) return;
  const { db } = await getApp();
  await deleteChargebackRule(db, id.data);
  revalidatePath("/reports/chargeback");
}
