"use server";
/**
 * The Scenarios page's writes: save a scenario under a name (replacing one saved under the same name)
 * and delete one. As in app/actions.ts, inputs are re-checked here (a form can be posted by anyone),
 * expected failures come back as values for useActionState, unexpected ones are logged.
 */
import { revalidatePath } from "next/cache";
import { ZodError, z } from "zod";
import { getApp } from "@/lib/server/app";
import { deleteScenario, saveScenario } from "@/lib/server/scenarios";
import { requireAction } from "@/lib/server/session";

export type SaveScenarioState =
  | { status: "idle" }
  | { status: "error"; message: string; fieldErrors: { name?: string[]; query?: string[] } }
  | { status: "saved"; name: string; replaced: boolean };

export type DeleteScenarioState = { status: "idle" } | { status: "error"; message: string } | { status: "deleted" };

const PATH = "/projections/scenarios";

const saveSchema = z.object({
  name: z.string({ error: "Enter a name for the scenario." }),
  query: z.string({ error: "Apply a scenario before saving it." }).max(10_000, "The scenario is too long to save."),
});

const deleteSchema = z.object({
  id: z.string({ error: "Missing scenario id." }).regex(/^[1-9]\d{0,9}$/, "Not a scenario id.").transform(Number),
});

function unexpected(action: string, error: unknown): { status: "error"; message: string } {
  console.error(`Server action ${action} failed:`, error);
  return { status: "error", message: "Something went wrong on the server. Try again; if it keeps failing, check the server log." };
}

/** Saves the applied scenario (`query`: its parameters, without range and filters) under `name`. */
export async function saveScenarioAction(_prev: SaveScenarioState, formData: FormData): Promise<SaveScenarioState> {
  await requireAction("scenarios.manage");
  const parsed = saveSchema.safeParse({ name: formData.get("name") ?? undefined, query: formData.get("query") ?? undefined });
  if (!parsed.success) return { status: "error", message: "Check the scenario.", fieldErrors: z.flattenError(parsed.error).fieldErrors };
  try {
    const { db } = await getApp();
    const { scenario, replaced } = await saveScenario(db, parsed.data);
    revalidatePath(PATH);
    return { status: "saved", name: scenario.name, replaced };
  } catch (error) {
    if (error instanceof ZodError) {
      const name = error.issues.filter((issue) => issue.path[0] === "name").map((issue) => issue.message);
      const query = error.issues.filter((issue) => issue.path[0] !== "name").map((issue) => `${String(issue.path[0])}: ${issue.message}`);
      return { status: "error", message: name.length ? "Check the name." : "This scenario cannot be saved.", fieldErrors: { ...(name.length ? { name } : {}), ...(query.length ? { query } : {}) } };
    }
    return { ...unexpected("saveScenario", error), fieldErrors: {} };
  }
}

/** Deletes one saved scenario by id. */
export async function deleteScenarioAction(_prev: DeleteScenarioState, formData: FormData): Promise<DeleteScenarioState> {
  await requireAction("scenarios.manage");
  const parsed = deleteSchema.safeParse({ id: formData.get("id") ?? undefined });
  if (!parsed.success) return { status: "error", message: parsed.error.issues[0]?.message ?? "Not a scenario id." };
  try {
    const { db } = await getApp();
    const deleted = await deleteScenario(db, parsed.data.id);
    revalidatePath(PATH);
    return deleted ? { status: "deleted" } : { status: "error", message: "That scenario no longer exists; reload the page." };
  } catch (error) {
    return unexpected("deleteScenario", error);
  }
}
