/**
 * Accounts and sign-in: users with a role, passwords hashed with scrypt, browser sessions and API
 * tokens (random secrets of which only the SHA-256 is stored), and who a request is from. Shared by the
 * server and the CLI (the CLI creates users and tokens; it needs no sign-in, having the database).
 */
import { createHash, randomBytes, scrypt, timingSafeEqual } from "node:crypto";
import { type Role, isRole } from "@/lib/core/permissions";
import type { Database } from "@/lib/server/db";
import { getEnv } from "@/lib/server/env";

export const SESSION_COOKIE = "tally_session";
const SESSION_PREFIX = "tss_";
const TOKEN_PREFIX = "tat_";
/** A browser session lasts this long after its last use, and never longer than SESSION_MAX_MS. */
const SESSION_IDLE_MS = 12 * 3600 * 1000;
const SESSION_MAX_MS = 7 * 24 * 3600 * 1000;
/** Last-seen times are written at most this often per session. */
const TOUCH_EVERY_MS = 60_000;

// scrypt at N = 2^15, r = 8, p = 3: one of OWASP's equivalent minimum settings (the same work as
// N = 2^17, p = 1 in 32 MiB instead of 128 MiB, kinder to small machines). The parameters are stored
// with each hash, so they can be raised later without invalidating existing passwords.
const SCRYPT = { N: 2 ** 15, r: 8, p: 3, keyLength: 32, maxmem: 64 * 1024 * 1024 };

export interface User {
  id: number;
  email: string;
  name: string;
  role: Role;
  disabled: boolean;
  hasPassword: boolean;
  createdAt: Date;
}

/** How a request proved who it is from. */
export type Credential = "session" | "token" | "proxy";

export interface Authenticated {
  user: User;
  via: Credential;
  /** The session's or token's id (hash), for sign-out. */
  sessionId: string | null;
}

function scryptAsync(password: string, salt: Buffer, params: { N: number; r: number; p: number; keyLength: number }): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password, salt, params.keyLength, { N: params.N, r: params.r, p: params.p, maxmem: SCRYPT.maxmem }, (error, key) => (error ? reject(error) : resolve(key))),
  );
}

/** "scrypt$N$r$p$salt$hash", base64 salt and hash. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(password, salt, SCRYPT);
  return ["scrypt", SCRYPT.N, SCRYPT.r, SCRYPT.p, salt.toString("base64"), key.toString("base64")].join("$");
}

/** Whether `password` matches a stored hash; compares in constant time. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split("$");
  if (scheme !== "scrypt" || !salt || !hash) return false;
  const expected = Buffer.from(hash, "base64");
  const key = await scryptAsync(password, Buffer.from(salt, "base64"), { N: Number(n), r: Number(r), p: Number(p), keyLength: expected.length });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** A password rule people can meet: long rather than clever. */
export function passwordProblem(password: string): string | null {
  if (password.length < 12) return "must be at least 12 characters";
  if (password.length > 200) return "must be at most 200 characters";
  return null;
}

/** A random password for a new account, shown once. */
export function generatePassword(): string {
  return randomBytes(15).toString("base64url");
}

const hashSecret = (secret: string) => createHash("sha256").update(secret).digest("hex");

type UserRow = { id: number; email: string; name: string; role: string; passwordHash: string | null; disabledAt: Date | null; createdAt: Date };

function toUser(row: UserRow): User {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: isRole(row.role) ? row.role : "engineer",
    disabled: row.disabledAt !== null,
    hasPassword: row.passwordHash !== null,
    createdAt: row.createdAt,
  };
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

function checkEmail(email: string): string {
  const normalised = normaliseEmail(email);
  if (!normalised || normalised.length > 200 || /[\s\u0000-\u001f]/.test(normalised)) throw new Error("email must be 1 to 200 characters without spaces");
  return normalised;
}

/** Creates a user; `password` null for one signed in only by the reverse proxy. Throws when the email is taken. */
export async function createUser(db: Database, input: { email: string; name?: string; role: Role; password: string | null }): Promise<User> {
  const email = checkEmail(input.email);
  if (input.password !== null) {
    const problem = passwordProblem(input.password);
    if (problem) throw new Error(`password ${problem}`);
  }
  if (await db.prisma.user.findUnique({ where: { email } })) throw new Error(`a user ${email} exists already`);
  const row = await db.prisma.user.create({
    data: { email, name: (input.name ?? "").trim().slice(0, 200), role: input.role, passwordHash: input.password === null ? null : await hashPassword(input.password) },
  });
  return toUser(row);
}

export async function listUsers(db: Database): Promise<User[]> {
  return (await db.prisma.user.findMany({ orderBy: { email: "asc" } })).map(toUser);
}

export async function findUser(db: Database, email: string): Promise<User | null> {
  const row = await db.prisma.user.findUnique({ where: { email: normaliseEmail(email) } });
  return row ? toUser(row) : null;
}

/** Changes a user's role. Refuses to leave the installation without an enabled admin. */
export async function setRole(db: Database, email: string, role: Role): Promise<User> {
  const user = await findUser(db, email);
  if (!user) throw new Error(`no user ${normaliseEmail(email)}`);
  if (user.role === "admin" && role !== "admin") await keepAnAdmin(db, user.id);
  return toUser(await db.prisma.user.update({ where: { id: user.id }, data: { role } }));
}

/** Sets a new password and ends the user's browser sessions (tokens stay). */
export async function setPassword(db: Database, email: string, password: string): Promise<User> {
  const problem = passwordProblem(password);
  if (problem) throw new Error(`password ${problem}`);
  const user = await findUser(db, email);
  if (!user) throw new Error(`no user ${normaliseEmail(email)}`);
  const row = await db.prisma.user.update({ where: { id: user.id }, data: { passwordHash: await hashPassword(password) } });
  await db.prisma.session.updateMany({ where: { userId: user.id, kind: "session", revokedAt: null }, data: { revokedAt: new Date() } });
  return toUser(row);
}

/** Disables (or enables) a user; disabling ends every session and token at once. */
export async function setDisabled(db: Database, email: string, disabled: boolean): Promise<User> {
  const user = await findUser(db, email);
  if (!user) throw new Error(`no user ${normaliseEmail(email)}`);
  if (disabled && user.role === "admin") await keepAnAdmin(db, user.id);
  const row = await db.prisma.user.update({ where: { id: user.id }, data: { disabledAt: disabled ? new Date() : null } });
  if (disabled) await db.prisma.session.updateMany({ where: { userId: user.id, revokedAt: null }, data: { revokedAt: new Date() } });
  return toUser(row);
}

async function keepAnAdmin(db: Database, leavingId: number): Promise<void> {
  const others = await db.prisma.user.count({ where: { role: "admin", disabledAt: null, id: { not: leavingId } } });
  if (others === 0) throw new Error("this is the last enabled admin: make another user admin first");
}

/**
 * Checks an email and password. Answers the same way (null) for an unknown email, a wrong password
 * and a disabled user, and takes as long for an unknown email as for a known one.
 */
export async function checkPassword(db: Database, email: string, password: string): Promise<User | null> {
  const row = await db.prisma.user.findUnique({ where: { email: normaliseEmail(email) } });
  if (!row?.passwordHash) {
    dummyHash ??= hashPassword(generatePassword());
    await verifyPassword(password, await dummyHash);
    return null;
  }
  const ok = await verifyPassword(password, row.passwordHash);
  return ok && row.disabledAt === null ? toUser(row) : null;
}
/** A hash made with the current parameters, checked against when there is no user: the same work either way. */
let dummyHash: Promise<string> | undefined;

/** Starts a browser session; returns the secret for the cookie. */
export async function createSession(db: Database, userId: number, nowMs = Date.now()): Promise<{ secret: string; expiresAt: Date }> {
  const secret = `${SESSION_PREFIX}${randomBytes(32).toString("base64url")}`;
  const expiresAt = new Date(nowMs + SESSION_IDLE_MS);
  await db.prisma.session.create({ data: { id: hashSecret(secret), userId, kind: "session", createdAt: new Date(nowMs), lastSeenAt: new Date(nowMs), expiresAt } });
  return { secret, expiresAt };
}

/** Creates an API token for a user, for scripts and tools; the secret is shown once. */
export async function createApiToken(db: Database, userId: number, name: string): Promise<{ secret: string; id: string }> {
  const trimmed = name.trim();
  if (!trimmed || trimmed.length > 100) throw new Error("token name must be 1 to 100 characters");
  const secret = `${TOKEN_PREFIX}${randomBytes(32).toString("base64url")}`;
  const id = hashSecret(secret);
  await db.prisma.session.create({ data: { id, userId, kind: "token", name: trimmed, prefix: secret.slice(0, TOKEN_PREFIX.length + 6) } });
  return { secret, id };
}

export interface TokenInfo {
  name: string;
  prefix: string;
  email: string;
  createdAt: Date;
  lastSeenAt: Date;
  revokedAt: Date | null;
}

export async function listApiTokens(db: Database): Promise<TokenInfo[]> {
  const rows = await db.prisma.session.findMany({ where: { kind: "token" }, include: { user: true }, orderBy: { createdAt: "asc" } });
  return rows.map((r) => ({ name: r.name, prefix: r.prefix, email: r.user.email, createdAt: r.createdAt, lastSeenAt: r.lastSeenAt, revokedAt: r.revokedAt }));
}

/** Revokes API tokens by name or prefix; returns how many. */
export async function revokeApiToken(db: Database, nameOrPrefix: string): Promise<number> {
  const result = await db.prisma.session.updateMany({ where: { kind: "token", revokedAt: null, OR: [{ name: nameOrPrefix }, { prefix: nameOrPrefix }] }, data: { revokedAt: new Date() } });
  return result.count;
}

/** Ends a session (sign-out). */
export async function endSession(db: Database, sessionId: string): Promise<void> {
  await db.prisma.session.updateMany({ where: { id: sessionId, revokedAt: null }, data: { revokedAt: new Date() } });
}

/** The cookie's value in a Cookie header, if any. */
export function sessionCookieOf(cookieHeader: string | null): string | null {
  for (const part of (cookieHeader ?? "").split(";")) {
    const [name, ...rest] = part.trim().split("=");
    if (name === SESSION_COOKIE) return rest.join("=") || null;
  }
  return null;
}

/** The user of a session or token secret, if it is live; extends a browser session's idle expiry. */
async function bySecret(db: Database, secret: string, kind: "session" | "token", nowMs: number): Promise<Authenticated | null> {
  const id = hashSecret(secret);
  const row = await db.prisma.session.findUnique({ where: { id }, include: { user: true } });
  if (!row || row.kind !== kind || row.revokedAt || row.user.disabledAt) return null;
  if (row.expiresAt && row.expiresAt.getTime() <= nowMs) return null;
  if (kind === "session" && row.createdAt.getTime() + SESSION_MAX_MS <= nowMs) return null;
  if (nowMs - row.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
    const expiresAt = kind === "session" ? new Date(Math.min(nowMs + SESSION_IDLE_MS, row.createdAt.getTime() + SESSION_MAX_MS)) : row.expiresAt;
    await db.prisma.session.update({ where: { id }, data: { lastSeenAt: new Date(nowMs), expiresAt } });
  }
  return { user: toUser(row.user), via: kind === "session" ? "session" : "token", sessionId: id };
}

/**
 * Who a request is from, by its headers: an API token (`Authorization: Bearer tat_...`), the session
 * cookie, or, when TALLY_AUTH_PROXY_HEADER is set, the trusted reverse proxy's header naming the user
 * (matched by email; an unknown email gets TALLY_AUTH_PROXY_DEFAULT_ROLE, or nothing when unset). Null
 * when none of them holds. Ingest keys are never accepted here.
 */
export async function authenticate(db: Database, headers: Headers, nowMs = Date.now()): Promise<Authenticated | null> {
  const bearer = /^Bearer\s+(\S+)$/i.exec(headers.get("authorization") ?? "")?.[1];
  if (bearer?.startsWith(TOKEN_PREFIX)) return bySecret(db, bearer, "token", nowMs);
  const cookie = sessionCookieOf(headers.get("cookie"));
  if (cookie?.startsWith(SESSION_PREFIX)) {
    const session = await bySecret(db, cookie, "session", nowMs);
    if (session) return session;
  }
  const env = getEnv();
  if (env.TALLY_AUTH_PROXY_HEADER) {
    const email = headers.get(env.TALLY_AUTH_PROXY_HEADER);
    if (email && email.trim()) return byProxyHeader(db, email, env.TALLY_AUTH_PROXY_DEFAULT_ROLE ?? null);
  }
  return null;
}

async function byProxyHeader(db: Database, email: string, defaultRole: Role | null): Promise<Authenticated | null> {
  let user = await findUser(db, email);
  if (!user) {
    if (!defaultRole) return null;
    try {
      user = await createUser(db, { email, role: defaultRole, password: null });
    } catch {
      // Two first requests at once: the other created it.
      user = await findUser(db, email);
    }
  }
  return user && !user.disabled ? { user, via: "proxy", sessionId: null } : null;
}

/**
 * On first start (no users at all), creates an admin with a random password and returns it, to be
 * printed once. TALLY_ADMIN_EMAIL names it (default "admin"); TALLY_ADMIN_PASSWORD sets the password
 * instead of a random one (for automated set-ups). Null when users exist.
 */
export async function ensureFirstAdmin(db: Database): Promise<{ email: string; password: string; generated: boolean } | null> {
  if ((await db.prisma.user.count()) > 0) return null;
  const env = getEnv();
  const email = env.TALLY_ADMIN_EMAIL;
  const password = env.TALLY_ADMIN_PASSWORD ?? generatePassword();
  try {
    await createUser(db, { email, name: "Administrator", role: "admin", password });
  } catch (error) {
    // Another instance starting at the same moment created it first.
    if ((await db.prisma.user.count()) > 0) return null;
    throw error;
  }
  return { email, password, generated: env.TALLY_ADMIN_PASSWORD === undefined };
}

/**
 * Failed sign-ins per email and per client address, within a window: beyond the limit, sign-in is
 * refused without checking the password until the window has passed. In memory, per process.
 */
export class SignInThrottle {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly limit = 10,
    private readonly windowMs = 15 * 60_000,
  ) {}

  /** Seconds to wait before trying again, or 0 when a try is allowed. */
  retryAfterSeconds(keys: string[], nowMs = Date.now()): number {
    let wait = 0;
    for (const key of keys) {
      const recent = (this.failures.get(key) ?? []).filter((t) => t > nowMs - this.windowMs);
      this.failures.set(key, recent);
      if (recent.length >= this.limit) wait = Math.max(wait, Math.ceil((recent[0] + this.windowMs - nowMs) / 1000));
    }
    return wait;
  }

  fail(keys: string[], nowMs = Date.now()): void {
    for (const key of keys) this.failures.set(key, [...(this.failures.get(key) ?? []), nowMs]);
    if (this.failures.size > 10_000) this.failures.clear();
  }

  succeed(keys: string[]): void {
    for (const key of keys) this.failures.delete(key);
  }
}
