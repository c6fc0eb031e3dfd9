"use server";
/** Close or reopen a month from the report page (the month is checked again by closeMonth). */
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getApp } from "@/lib/server/app";
import { now } from "@/lib/server/clock";
import { CloseError, closeMonth, reopenMonth } from "@/lib/server/month-close";
import { requireAction } from "@/lib/server/session";

export type CloseState = { status: "idle" } | { status: "error"; message: string } | { status: "done"; message: string };

const monthSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "is not a month like 2026-10");

export async function closeMonthAction(_previous: CloseState, form: FormData): Promise<CloseState> {
  await requireAction("reports.manage");
  const month = monthSchema.safeParse(form.get("month"));
  if (!month.success) return { status: "error", message: "That is not a month." };
  try {
    const { db, env } = await getApp();
    if (form.get("intent") === "reopen") {
      await reopenMonth(db, month.data, env.TALLY_REPORT_TIMEZONE);
      revalidatePath(`/reports/${month.data}`);
      return { status: "done", message: `${month.data} is open again: its figures are live.` };
    }
    await closeMonth(db, month.data, env.TALLY_REPORT_TIMEZONE, now());
    revalidatePath(`/reports/${month.data}`);
    return { status: "done", message: `${month.data} is closed: its figures are frozen.` };
  } catch (error) {
    if (error instanceof CloseError) return { status: "error", message: error.message };
    console.error("closeMonth failed:", error);
    return { status: "error", message: "The month could not be closed; try again." };
  }
}
