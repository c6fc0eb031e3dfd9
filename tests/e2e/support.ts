/**
 * What the browser tests share: the CLI against the test server's database, and sending a fixture's
 * records over HTTP with a fresh ingest key.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import type { APIRequestContext } from "@playwright/test";

/** Runs `tally <args>` against the database of the server under test; returns its standard output. */
export function tally(args: string[]): string {
  const DATABASE_URL = fs.readFileSync(path.resolve("tests/.tmp/e2e-database-url"), "utf8");
  return execFileSync(process.execPath, ["scripts/tally.mjs", ...args], { env: { ...process.env, DATABASE_URL }, encoding: "utf8" });
}

/** Creates an ingest key named `keyName` with the CLI and POSTs `records` with it; returns the response's status and body. */
export async function sendRecords(request: APIRequestContext, keyName: string, records: unknown[]): Promise<{ status: number; body: Record<string, unknown> }> {
  const key = tally(["keys", "create", "--name", keyName]).trim().split("\n").pop()!;
  const response = await request.post("/api/v1/usage", {
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    data: JSON.stringify(records),
  });
  return { status: response.status(), body: await response.json() };
}

/** Where the server under test forwards its proxy's requests (tests/e2e/start-server.mjs sets it). */
export const UPSTREAM_PORT = Number(process.env.TALLY_E2E_PORT ?? 3100) + 99;

/** The accounts the browser tests sign in with (tests/e2e/auth.setup.ts); the admin is the server's first admin. */
export const E2E_USERS = {
  admin: { email: "admin@e2e.tally", password: "e2e admin passphrase" },
  engineer: { email: "engineer@e2e.tally", password: "e2e engineer passphrase" },
  finance: { email: "finance@e2e.tally", password: "e2e finance passphrase" },
} as const;
export type E2eRole = keyof typeof E2E_USERS;

/** Where a role's signed-in browser state is kept. */
export const storageStateOf = (role: E2eRole) => path.resolve(`tests/.tmp/storage-${role}.json`);
