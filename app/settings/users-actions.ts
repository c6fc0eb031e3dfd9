"use server";
import { revalidatePath } from "next/cache";
import { isRole } from "@/lib/core/permissions";
import { getApp } from "@/lib/server/app";
import { createUser, generatePassword, setDisabled, setPassword, setRole } from "@/lib/server/auth";
import { requireAction } from "@/lib/server/session";

export type UserFormState =
  | { status: "idle" }
  | { status: "error"; message: string; field?: "email" | "role" }
  | { status: "done"; message: string; password?: string; email: string };

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Adds a user with a generated password, shown once. */
export async function addUserAction(_prev: UserFormState, formData: FormData): Promise<UserFormState> {
  await requireAction("settings.manage");
  const email = String(formData.get("email") ?? "").trim();
  const role = String(formData.get("role") ?? "");
  if (!email) return { status: "error", message: "Enter the person's email.", field: "email" };
  if (!isRole(role)) return { status: "error", message: "Choose a role.", field: "role" };
  const password = generatePassword();
  try {
    const user = await createUser((await getApp()).db, { email, role, password });
    revalidatePath("/settings");
    return { status: "done", message: `Added ${user.email} as ${user.role}. Give them this password; it is shown only now:`, password, email: user.email };
  } catch (error) {
    return { status: "error", message: `${message(error)}.`, field: "email" };
  }
}

/** Changes a user's role, disables or enables them, or sets a new password (shown once). */
export async function changeUserAction(_prev: UserFormState, formData: FormData): Promise<UserFormState> {
  await requireAction("settings.manage");
  const { db } = await getApp();
  const email = String(formData.get("email") ?? "");
  const intent = String(formData.get("intent") ?? "");
  try {
    if (intent === "role") {
      const role = String(formData.get("role") ?? "");
      if (!isRole(role)) return { status: "error", message: "Choose a role.", field: "role" };
      const user = await setRole(db, email, role);
      revalidatePath("/settings");
      return { status: "done", message: `${user.email} is now ${user.role}.`, email };
    }
    if (intent === "disable" || intent === "enable") {
      const user = await setDisabled(db, email, intent === "disable");
      revalidatePath("/settings");
      return { status: "done", message: intent === "disable" ? `Disabled ${user.email}; their sessions and tokens stopped working.` : `Enabled ${user.email}.`, email };
    }
    if (intent === "password") {
      const password = generatePassword();
      const user = await setPassword(db, email, password);
      return { status: "done", message: `New password for ${user.email} (their browser sessions were ended); shown only now:`, password, email };
    }
    return { status: "error", message: "Unknown change." };
  } catch (error) {
    return { status: "error", message: `${message(error)}.` };
  }
}
