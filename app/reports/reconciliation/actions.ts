"use server";
/**
 * The reconciliation page's write: import Admin API report pages from uploaded JSON files. As every
 * action, the input is checked here again (files only, at most 10, each under 1 MB: Next.js refuses larger action bodies anyway), and expected
 * failures come back as values for useActionState.
 */
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { splitPagesText } from "@/lib/core/admin-reports";
import { getApp } from "@/lib/server/app";
import { AppError } from "@/lib/server/errors";
import { importAdminPages } from "@/lib/server/reconciliation";
import { requireAction } from "@/lib/server/session";

export type ImportReportState =
  | { status: "idle" }
  | { status: "error"; message: string; details: string[] }
  | { status: "done"; imports: { source: string; firstDay: string; lastDay: string; lines: number; replaced: number }[] };

const MAX_FILE_BYTES = 1_000_000;

const filesSchema = z
  .array(z.instanceof(File))
  .transform((files) => files.filter((f) => f.size > 0 || f.name !== ""))
  .pipe(
    z
      .array(z.instanceof(File).refine((f) => f.size <= MAX_FILE_BYTES, { message: "A file is larger than 1 MB: import it with tally reconcile import." }))
      .min(1, "Choose at least one JSON file.")
      .max(10, "At most 10 files at a time."),
  );

export async function importReportAction(_prev: ImportReportState, formData: FormData): Promise<ImportReportState> {
  await requireAction("reports.manage");
  const parsed = filesSchema.safeParse(formData.getAll("files"));
  if (!parsed.success) return { status: "error", message: parsed.error.issues[0]?.message ?? "Choose JSON files.", details: [] };
  const pages: unknown[] = [];
  for (const file of parsed.data) {
    try {
      pages.push(...splitPagesText(await file.text()));
    } catch (error) {
      return { status: "error", message: `${file.name}: ${error instanceof Error ? error.message : String(error)}`, details: [] };
    }
  }
  try {
    const { db } = await getApp();
    const summaries = await importAdminPages(db, pages, { origin: "file", label: parsed.data.map((f) => f.name).join(", ") });
    revalidatePath("/reports/reconciliation");
    if (summaries.length === 0) return { status: "error", message: "These files hold no report lines: nothing was imported.", details: [] };
    return { status: "done", imports: summaries.map(({ source, firstDay, lastDay, lines, replaced }) => ({ source, firstDay, lastDay, lines, replaced })) };
  } catch (error) {
    if (error instanceof AppError) return { status: "error", message: error.message, details: Array.isArray(error.details) ? error.details.map(String).slice(0, 20) : [] };
    console.error("Server action importReport failed:", error);
    return { status: "error", message: "Something went wrong on the server. Try again; if it keeps failing, check the server log.", details: [] };
  }
}
