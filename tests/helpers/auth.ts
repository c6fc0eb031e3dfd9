/**
 * Signing in for integration tests that call route handlers directly: a user of the given role and an
 * API token, and Requests that carry it. The routes check the token as they would any client's.
 */
import type { Role } from "@/lib/core/permissions";
import { createApiToken, createUser, findUser } from "@/lib/server/auth";
import type { Database } from "@/lib/server/db";

/** An API token for a user with `role` (created on first use per database and role). */
export async function tokenFor(db: Database, role: Role = "admin"): Promise<string> {
  const email = `${role}@tests.tally`;
  const user = (await findUser(db, email)) ?? (await createUser(db, { email, role, password: null }));
  return (await createApiToken(db, user.id, `tests ${Date.now()} ${Math.random()}`)).secret;
}

/** `new Request(url, init)` with `Authorization: Bearer <token>` added. */
export function authedRequest(token: string): (url: string, init?: RequestInit) => Request {
  return (url, init = {}) => {
    const headers = new Headers(init.headers);
    headers.set("authorization", `Bearer ${token}`);
    return new Request(url, { ...init, headers });
  };
}
