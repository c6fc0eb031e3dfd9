/**
 * `tally users ...` and `tally tokens ...`: accounts and API tokens from the command line (the CLI has
 * the database, so it needs no sign-in). Passwords are generated and printed once unless given on
 * standard input (--password-stdin), which keeps them out of the shell's history.
 */
import { type Role, ROLES, isRole } from "@/lib/core/permissions";
import {
  createApiToken,
  createUser,
  findUser,
  generatePassword,
  listApiTokens,
  listUsers,
  revokeApiToken,
  setDisabled,
  setPassword,
  setRole,
} from "@/lib/server/auth";
import type { Database } from "@/lib/server/db";

export interface UsersIo {
  out: (line: string) => void;
  /** Standard input, read whole (for --password-stdin). */
  readStdin: () => Promise<string>;
}

export function parseRole(value: string): Role {
  if (!isRole(value)) throw new Error(`role must be one of ${ROLES.join(", ")}, got "${value}"`);
  return value;
}

async function passwordFrom(io: UsersIo, fromStdin: boolean): Promise<{ password: string; generated: boolean }> {
  if (!fromStdin) return { password: generatePassword(), generated: true };
  return { password: (await io.readStdin()).replace(/\r?\n$/, ""), generated: false };
}

export async function createUserCommand(db: Database, io: UsersIo, options: { email: string; role: string; name?: string; passwordStdin?: boolean; proxyOnly?: boolean }) {
  const role = parseRole(options.role);
  const password = options.proxyOnly ? null : await passwordFrom(io, Boolean(options.passwordStdin));
  const user = await createUser(db, { email: options.email, name: options.name, role, password: password?.password ?? null });
  io.out(`Created ${user.role} ${user.email}.`);
  if (password?.generated) {
    io.out("Password (shown only now):");
    io.out(password.password);
  }
}

export async function listUsersCommand(db: Database, io: UsersIo) {
  const users = await listUsers(db);
  if (users.length === 0) io.out("No users yet: the server creates the first admin when it starts, or run tally users create.");
  for (const u of users) io.out(`${u.email}\t${u.role}\t${u.disabled ? "disabled" : "active"}\t${u.hasPassword ? "password" : "proxy only"}`);
}

export async function setRoleCommand(db: Database, io: UsersIo, email: string, role: string) {
  const user = await setRole(db, email, parseRole(role));
  io.out(`${user.email} is now ${user.role}.`);
}

export async function resetPasswordCommand(db: Database, io: UsersIo, email: string, options: { passwordStdin?: boolean }) {
  const { password, generated } = await passwordFrom(io, Boolean(options.passwordStdin));
  const user = await setPassword(db, email, password);
  io.out(`Set a new password for ${user.email}; their browser sessions were ended.`);
  if (generated) {
    io.out("Password (shown only now):");
    io.out(password);
  }
}

export async function setDisabledCommand(db: Database, io: UsersIo, email: string, disabled: boolean) {
  const user = await setDisabled(db, email, disabled);
  io.out(disabled ? `Disabled ${user.email}; their sessions and tokens stopped working.` : `Enabled ${user.email}.`);
}

export async function createTokenCommand(db: Database, io: UsersIo, options: { user: string; name: string }) {
  const user = await findUser(db, options.user);
  if (!user) throw new Error(`no user ${options.user}`);
  const { secret } = await createApiToken(db, user.id, options.name);
  io.out(`Created API token "${options.name.trim()}" for ${user.email} (${user.role}). It is shown only now:`);
  io.out(secret);
}

export async function listTokensCommand(db: Database, io: UsersIo) {
  const tokens = await listApiTokens(db);
  if (tokens.length === 0) io.out("No API tokens. Create one with: tally tokens create --user EMAIL --name NAME");
  for (const t of tokens) io.out(`${t.name}\t${t.prefix}…\t${t.email}\t${t.revokedAt ? `revoked ${t.revokedAt.toISOString()}` : "active"}\tlast used ${t.lastSeenAt.toISOString()}`);
}

export async function revokeTokenCommand(db: Database, io: UsersIo, nameOrPrefix: string): Promise<boolean> {
  const count = await revokeApiToken(db, nameOrPrefix);
  io.out(count ? `Revoked ${count} token(s) named or starting "${nameOrPrefix}".` : `No active token named or starting "${nameOrPrefix}".`);
  return count > 0;
}
