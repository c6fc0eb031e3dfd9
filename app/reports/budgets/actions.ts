"use server";
/**
 * The Budgets page's writes: set a budget (create, or change the amount of the same scope) and delete
 * one. Input is checked again by budgetInputSchema; its errors come back per field for useActionState.
 */
import { revalidatePath } from "next/cache";
import { ZodError, z } from "zod";
import { getApp } from "@/lib/server/app";
import { deleteBudget, saveBudget } from "@/lib/server/budgets";
import { requireAction } from "@/lib/server/session";

export type SaveBudgetState =
  | { status: "idle" }
  | { status: "error"; message: string; fieldErrors: Partial<Record<"scope" | "value" | "amountUsd", string>> }
  | { status: "saved"; message: string };

export async function saveBudgetAction(_previous: SaveBudgetState, form: FormData): Promise<SaveBudgetState> {
  await requireAction("reports.manage");
  const scope = String(form.get("scope") ?? "");
  const input = { scope, value: scope === "total" ? "" : String(form.get("value") ?? "").trim(), amountUsd: String(form.get("amountUsd") ?? "") };
  try {
    const { db } = await getApp();
    const budget = await saveBudget(db, input);
    revalidatePath("/reports/budgets");
    return { status: "saved", message: `Budget set: $${budget.amountUsd} a month.` };
  } catch (error) {
    if (error instanceof ZodError) {
      const fieldErrors: Partial<Record<"scope" | "value" | "amountUsd", string>> = {};
      for (const issue of error.issues) {
        const field = String(issue.path[0] ?? "scope") as "scope" | "value" | "amountUsd";
        fieldErrors[field] ??= issue.message;
      }
      return { status: "error", message: "The budget was not saved.", fieldErrors };
    }
    console.error("saveBudget failed:", error);
    return { status: "error", message: "The budget could not be saved; try again.", fieldErrors: {} };
  }
}

export async function deleteBudgetAction(form: FormData): Promise<void> {
  await requireAction("reports.manage");
  const id = z.coerce.number().int().positive().safeParse(form.get("id"));
  if (!id.success) return;
  const { db } = await getApp();
  await deleteBudget(db, id.data);
  revalidatePath("/reports/budgets");
}
