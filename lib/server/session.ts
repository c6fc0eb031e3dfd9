/**
 * The permission check every route handler, page and server action starts with (lib/core/permissions.ts
 * says who may do what). Pages redirect to /login or /forbidden; route handlers and actions answer
 * 401 (not signed in) or 403 (signed in without the permission, or a cross-site request).
 */
import "server-only";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { type Permission, can, homeOf, pagePermission } from "@/lib/core/permissions";
import { getApp } from "@/lib/server/app";
import { type Authenticated, type User, authenticate } from "@/lib/server/auth";
import { AppError } from "@/lib/server/errors";

/** Who the current request (page, layout or action) is from, if anyone. */
export async function currentAuth(): Promise<Authenticated | null> {
  const { db } = await getApp();
  return authenticate(db, new Headers(await headers()));
}

/**
 * For a page at `path`: the signed-in user, or a redirect to sign in (and back); a user whose role may
 * not see the page goes to /forbidden. `permission` defaults to what the path needs.
 */
export async function requirePage(path: string, permission: Permission = pagePermission(path)): Promise<User> {
  const auth = await currentAuth();
  if (!auth) redirect(`/login?next=${encodeURIComponent(path)}`);
  if (!can(auth.user.role, permission)) redirect(path === "/" ? homeOf(auth.user.role) : `/forbidden?page=${encodeURIComponent(path)}`);
  return auth.user;
}

function refuse(auth: Authenticated | null, permission: Permission): never {
  if (!auth) throw new AppError("unauthorized", 401, "sign in first, or send an API token as 'Authorization: Bearer tat_...'");
  throw new AppError("forbidden", 403, `the ${auth.user.role} role may not do this (it needs ${permission})`);
}

/** For a server action: the signed-in user with `permission`, else an AppError (401 or 403). */
export async function requireAction(permission: Permission): Promise<User> {
  const auth = await currentAuth();
  if (!auth || !can(auth.user.role, permission)) refuse(auth, permission);
  // Server actions themselves refuse a request whose Origin is not this host (Next.js checks it).
  return auth.user;
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * A state-changing request carried by a browser cookie must come from this site: its Origin (or, when a
 * browser sends none, its Referer) must be this host. API tokens are not sent by browsers on their own,
 * so requests with one need no such check.
 */
function sameSite(request: Request): boolean {
  const source = request.headers.get("origin") ?? request.headers.get("referer");
  if (!source) return false;
  let origin: URL;
  try {
    origin = new URL(source);
  } catch {
    return false;
  }
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host") ?? new URL(request.url).host;
  return origin.host === host.split(",")[0].trim();
}

/** For a route handler: the user behind the request with `permission`, else an AppError (401 or 403). */
export async function authorizeRequest(request: Request, permission: Permission): Promise<User> {
  const { db } = await getApp();
  const auth = await authenticate(db, request.headers);
  if (!auth || !can(auth.user.role, permission)) refuse(auth, permission);
  if (auth.via === "session" && !SAFE_METHODS.has(request.method) && !sameSite(request)) {
    throw new AppError("forbidden", 403, "a cross-site request was refused: send it from Tally's own pages, or with an API token");
  }
  return auth.user;
}

/** Sets or clears the session cookie (sign-in and sign-out actions). */
export async function setSessionCookie(secret: string | null, expiresAt?: Date): Promise<void> {
  const jar = await cookies();
  const h = await headers();
  const secure = h.get("x-forwarded-proto") === "https" || (process.env.TALLY_PUBLIC_URL ?? "").startsWith("https:");
  if (secret === null) jar.delete("tally_session");
  else jar.set("tally_session", secret, { httpOnly: true, sameSite: "lax", secure, path: "/", expires: expiresAt });
}
