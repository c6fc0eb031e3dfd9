"use server";
/**
 * The alert destinations page's writes: add or edit a destination, delete one, send a test notice. As in
 * app/actions.ts, inputs are re-checked here (a form can be posted by anyone): the action's own fields
 * with zod, the settings by saveDestination with the same zod schemas the form's errors come from.
 * Expected failures come back as values for useActionState; unexpected ones are logged.
 */
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { type DestinationField, type DestinationFormFields, EMPTY_FORM_FIELDS } from "@/lib/core/alert-destinations";
import { sendTest } from "@/lib/server/alert-delivery";
import { DestinationInputError, deleteDestination, saveDestination } from "@/lib/server/alert-destinations";
import { getApp } from "@/lib/server/app";
import { requireAction } from "@/lib/server/session";

export type SaveDestinationState =
  | { status: "idle" }
  | { status: "error"; message: string; fieldErrors: Partial<Record<DestinationField, string[]>> }
  | { status: "saved"; id: number; name: string; created: boolean };

export type DeleteDestinationState = { status: "idle" } | { status: "error"; message: string } | { status: "deleted" };

export type SendTestState = { status: "idle" } | { status: "error"; message: string } | { status: "done"; ok: boolean; detail: string; at: string };

const PATH = "/alerts/destinations";
const FIELD_NAMES = Object.keys(EMPTY_FORM_FIELDS) as (keyof DestinationFormFields)[];

const idSchema = z.string({ error: "Missing destination id." }).regex(/^[1-9]\d{0,9}$/, "Not a destination id.").transform(Number);

const saveSchema = z.object({
  id: idSchema.optional(),
  name: z.string({ error: "Enter a name for the destination." }).max(1000, "Use at most 100 characters."),
  kind: z.string({ error: "Choose webhook, Slack or email." }).max(20, "Choose webhook, Slack or email."),
  enabled: z.boolean(),
  fields: z.record(z.string(), z.string().max(20_000, "This is too long.")),
});

function unexpected(action: string, error: unknown): { status: "error"; message: string } {
  console.error(`Server action ${action} failed:`, error);
  return { status: "error", message: "Something went wrong on the server. Try again; if it keeps failing, check the server log." };
}

function text(formData: FormData, name: string): string | undefined {
  const value = formData.get(name);
  return typeof value === "string" ? value : undefined;
}

/** Adds a destination, or edits the one named by `id`; fields left masked or empty keep the stored secrets. */
export async function saveDestinationAction(_prev: SaveDestinationState, formData: FormData): Promise<SaveDestinationState> {
  await requireAction("alerts.manage");
  const id = text(formData, "id");
  const parsed = saveSchema.safeParse({
    id: id === "" ? undefined : id,
    name: text(formData, "name"),
    kind: text(formData, "kind"),
    enabled: formData.get("enabled") === "on",
    fields: Object.fromEntries(FIELD_NAMES.flatMap((name) => (text(formData, name) === undefined ? [] : [[name, text(formData, name)!]]))),
  });
  if (!parsed.success) {
    const fieldErrors = z.flattenError(parsed.error).fieldErrors as Partial<Record<string, string[]>>;
    return { status: "error", message: "Check the highlighted fields.", fieldErrors: { name: fieldErrors.name ?? fieldErrors.id, kind: fieldErrors.kind, url: fieldErrors.fields } };
  }
  try {
    const { db } = await getApp();
    const { destination, created } = await saveDestination(db, parsed.data);
    revalidatePath(PATH);
    return { status: "saved", id: destination.id, name: destination.name, created };
  } catch (error) {
    if (error instanceof DestinationInputError) return { status: "error", message: "Check the highlighted fields.", fieldErrors: error.fieldErrors };
    return { ...unexpected("saveDestination", error), fieldErrors: {} };
  }
}

/** Deletes a destination, with its delivery log and anything still queued for it. */
export async function deleteDestinationAction(_prev: DeleteDestinationState, formData: FormData): Promise<DeleteDestinationState> {
  await requireAction("alerts.manage");
  const parsed = idSchema.safeParse(formData.get("id") ?? undefined);
  if (!parsed.success) return { status: "error", message: parsed.error.issues[0]?.message ?? "Not a destination id." };
  try {
    const { db } = await getApp();
    const deleted = await deleteDestination(db, parsed.data);
    revalidatePath(PATH);
    return deleted ? { status: "deleted" } : { status: "error", message: "That destination no longer exists; reload the page." };
  } catch (error) {
    return unexpected("deleteDestination", error);
  }
}

/** Sends a test notice to one destination now and records it in the delivery log. */
export async function sendTestAction(_prev: SendTestState, formData: FormData): Promise<SendTestState> {
  await requireAction("alerts.manage");
  const parsed = idSchema.safeParse(formData.get("id") ?? undefined);
  if (!parsed.success) return { status: "error", message: parsed.error.issues[0]?.message ?? "Not a destination id." };
  try {
    const { db } = await getApp();
    const now = new Date();
    const outcome = await sendTest(db, parsed.data, now);
    revalidatePath(PATH);
    return { status: "done", ...outcome, at: now.toISOString() };
  } catch (error) {
    return unexpected("sendTest", error);
  }
}
