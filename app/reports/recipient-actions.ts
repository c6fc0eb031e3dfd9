"use server";
/** Choose which alert destinations also receive the monthly report. */
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getApp } from "@/lib/server/app";
import { setReportRecipients } from "@/lib/server/report-delivery";
import { requireAction } from "@/lib/server/session";

export async function saveRecipientsAction(form: FormData): Promise<void> {
  await requireAction("reports.manage");
  const ids = z.array(z.coerce.number().int().positive()).safeParse(form.getAll("destination"));
  if (!ids.success) return;
  const { db } = await getApp();
  await setReportRecipients(db, ids.data);
  revalidatePath("/reports", "layout");
}
