"use server";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { afterSignIn } from "@/lib/core/permissions";
import { getApp } from "@/lib/server/app";
import { SignInThrottle, checkPassword, createSession, endSession } from "@/lib/server/auth";
import { currentAuth, setSessionCookie } from "@/lib/server/session";

export type SignInState = { status: "idle" } | { status: "error"; message: string; email: string };

const globalForThrottle = globalThis as unknown as { tallySignInThrottle?: SignInThrottle };
const throttle = () => (globalForThrottle.tallySignInThrottle ??= new SignInThrottle());

/** Where the request came from, for the throttle: the first address a proxy recorded, else the direct peer's. */
async function clientAddress(): Promise<string> {
  const h = await headers();
  return (h.get("x-forwarded-for") ?? "").split(",")[0].trim() || h.get("x-real-ip") || "direct";
}

/** Signs in with an email and password; on success sets the session cookie and goes where the user was headed. */
export async function signInAction(_prev: SignInState, formData: FormData): Promise<SignInState> {
  const email = String(formData.get("email") ?? "").trim();
  const password = String(formData.get("password") ?? "");
  const next = String(formData.get("next") ?? "");
  if (!email || !password) return { status: "error", message: "Enter your email and password.", email };
  const keys = [`email:${email.toLowerCase()}`, `address:${await clientAddress()}`];
  const wait = throttle().retryAfterSeconds(keys);
  if (wait > 0) return { status: "error", message: `Too many failed sign-ins. Try again in ${Math.ceil(wait / 60)} minutes.`, email };
  const { db } = await getApp();
  const user = await checkPassword(db, email, password);
  if (!user) {
    throttle().fail(keys);
    return { status: "error", message: "That email and password do not match an account.", email };
  }
  throttle().succeed(keys);
  const session = await createSession(db, user.id);
  await setSessionCookie(session.secret, new Date(Date.now() + 7 * 24 * 3600 * 1000));
  redirect(afterSignIn(user.role, next));
}

/** Ends the current session and goes to the sign-in page. */
export async function signOutAction(): Promise<void> {
  const auth = await currentAuth();
  if (auth?.sessionId && auth.via === "session") await endSession((await getApp()).db, auth.sessionId);
  await setSessionCookie(null);
  redirect("/login");
}
