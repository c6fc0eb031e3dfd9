"use server";
/**
 * The dashboard's writes. Each action re-checks its input with zod (a form can be posted by anyone,
 * not only by our UI), calls one lib/server function, and revalidates the pages that show the result.
 * Expected failures come back as values for useActionState; unexpected ones are logged and answered
 * with a generic sentence.
 */
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { getApp } from "@/lib/server/app";
import { countDemoCalls, loadDemoData, removeDemoData } from "@/lib/server/demo";
import { createIngestKey, revokeIngestKey } from "@/lib/server/keys";

export type CreateKeyState =
  | { status: "idle" }
  | { status: "error"; message: string; fieldErrors: { name?: string[] } }
  | { status: "created"; key: string; name: string; prefix: string };

export type RevokeKeyState = { status: "idle" } | { status: "error"; message: string } | { status: "revoked" };

export type DemoState = { status: "idle" } | { status: "error"; message: string } | { status: "done"; message: string };

const createKeySchema = z.object({
  name: z
    .string({ error: "Enter a name for the key." })
    .trim()
    .min(1, "Enter a name for the key.")
    .max(100, "Use at most 100 characters."),
});

const revokeKeySchema = z.object({
  id: z.string({ error: "Missing key id." }).regex(/^key_[0-9a-f]+$/, "Not a key id."),
});

function unexpected(action: string, error: unknown): { status: "error"; message: string } {
  console.error(`Server action ${action} failed:`, error);
  return { status: "error", message: "Something went wrong on the server. Try again; if it keeps failing, check the server log." };
}

/** Creates an ingest key and returns it in full, once. */
export async function createIngestKeyAction(_prev: CreateKeyState, formData: FormData): Promise<CreateKeyState> {
  const parsed = createKeySchema.safeParse({ name: formData.get("name") ?? undefined });
  if (!parsed.success) {
    return { status: "error", message: "Check the key name.", fieldErrors: z.flattenError(parsed.error).fieldErrors };
  }
  try {
    const { db } = await getApp();
    const { key, info } = await createIngestKey(db, parsed.data.name);
    revalidatePath("/settings");
    return { status: "created", key, name: info.name, prefix: info.prefix };
  } catch (error) {
    return { ...unexpected("createIngestKey", error), fieldErrors: {} };
  }
}

/** Revokes one key by id; requests already authenticated with it are unaffected, later ones get 401. */
export async function revokeIngestKeyAction(_prev: RevokeKeyState, formData: FormData): Promise<RevokeKeyState> {
  const parsed = revokeKeySchema.safeParse({ id: formData.get("id") ?? undefined });
  if (!parsed.success) return { status: "error", message: parsed.error.issues[0]?.message ?? "Not a key id." };
  try {
    const { db } = await getApp();
    const revoked = await revokeIngestKey(db, parsed.data.id);
    revalidatePath("/settings");
    return revoked ? { status: "revoked" } : { status: "error", message: "That key does not exist or is already revoked." };
  } catch (error) {
    return unexpected("revokeIngestKey", error);
  }
}

/** Loads the labelled demo data, then shows it on the overview's default range (where it lies). */
export async function loadDemoDataAction(_prev: DemoState, _formData: FormData): Promise<DemoState> {
  try {
    const { db } = await getApp();
    await loadDemoData(db);
  } catch (error) {
    return unexpected("loadDemoData", error);
  }
  revalidatePath("/", "layout");
  redirect("/");
}

/** Removes every demo call (and only those) and their share of the totals. */
export async function removeDemoDataAction(_prev: DemoState, _formData: FormData): Promise<DemoState> {
  try {
    const { db } = await getApp();
    if ((await countDemoCalls(db)) === 0) return { status: "done", message: "There was no demo data to remove." };
    const removed = await removeDemoData(db);
    revalidatePath("/", "layout");
    return { status: "done", message: `Removed ${removed.toLocaleString("en-US")} demo calls.` };
  } catch (error) {
    return unexpected("removeDemoData", error);
  }
}
