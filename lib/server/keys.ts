/** Ingest keys: random secrets shown once at creation; only their SHA-256 is stored. */
import { createHash, randomBytes } from "node:crypto";
import type { Database } from "@/lib/server/db";

const KEY_PREFIX = "tly_";

export function hashKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

export interface IngestKeyInfo {
  id: string;
  name: string;
  prefix: string;
  /** The one project the key may send usage for; null: any project (keys made before keys had projects). */
  project: string | null;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

/** What a verified ingest key allows: its id (rate limits count per key) and its project, if scoped. */
export interface IngestKeyScope {
  id: string;
  project: string | null;
}

/**
 * Creates a key and returns it in full; it cannot be shown again. With `project`, the key may send
 * usage for that project only (records naming none take it); without, for any project.
 */
export async function createIngestKey(
  db: Database,
  name: string,
  options: { project?: string | null } = {},
): Promise<{ key: string; info: IngestKeyInfo }> {
  const trimmed = name.trim();
  if (!trimmed || trimmed.length > 100) throw new Error("key name must be 1 to 100 characters");
  const project = options.project?.trim() || null;
  if (project !== null && project.length > 200) throw new Error("project must be at most 200 characters");
  const key = `${KEY_PREFIX}${randomBytes(24).toString("base64url")}`;
  const info = await db.prisma.ingestKey.create({
    data: {
      id: `key_${randomBytes(6).toString("hex")}`,
      name: trimmed,
      prefix: key.slice(0, KEY_PREFIX.length + 6),
      hash: hashKey(key),
      project,
    },
  });
  return { key, info: toInfo(info) };
}

function toInfo(row: IngestKeyInfo): IngestKeyInfo {
  const { id, name, prefix, project, createdAt, lastUsedAt, revokedAt } = row;
  return { id, name, prefix, project, createdAt, lastUsedAt, revokedAt };
}

export async function listIngestKeys(db: Database): Promise<IngestKeyInfo[]> {
  const rows = await db.prisma.ingestKey.findMany({ orderBy: { createdAt: "asc" } });
  return rows.map(toInfo);
}

/** Revokes by id or by name; returns false when no active key matched. */
export async function revokeIngestKey(db: Database, idOrName: string): Promise<boolean> {
  const result = await db.prisma.ingestKey.updateMany({
    where: { OR: [{ id: idOrName }, { name: idOrName }], revokedAt: null },
    data: { revokedAt: new Date() },
  });
  return result.count > 0;
}

const lastTouched = new Map<string, number>();

/** The active key matching `key` (its id and project), or null. Records last use at most once a minute per key. */
export async function verifyIngestKey(db: Database, key: string): Promise<IngestKeyScope | null> {
  if (!key.startsWith(KEY_PREFIX)) return null;
  const rows = await db.all<{ id: string; project: string | null }>(
    "SELECT id, project FROM ingest_keys WHERE hash = ? AND revoked_at IS NULL",
    [hashKey(key)],
  );
  const row = rows[0];
  if (!row) return null;
  if (Date.now() - (lastTouched.get(row.id) ?? 0) > 60_000) {
    lastTouched.set(row.id, Date.now());
    await db.prisma.ingestKey.update({ where: { id: row.id }, data: { lastUsedAt: new Date() } });
  }
  return { id: row.id, project: row.project };
}
