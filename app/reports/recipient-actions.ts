"use server";
/** Choose which alert destinations also receive the monthly report. */
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getApp } from "@/lib/server/app";
import { setReportRecipients } from "@/lib/server/report-delivery";

export async function saveRecipientsAction(form: FormData): Promise<void> {
  const ids = z.array(z.coerce.number().int().positive()).safeParse(form.getAll("destination"));
  if (!ids.success) return;
  const { db } = await getApp();
  await setReportRecipients(db, ids.data);
  revalidatePath("/reports", "layout");
}
