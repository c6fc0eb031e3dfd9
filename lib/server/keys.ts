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
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

/** Creates a key and returns it in full; it cannot be shown again. */
export async function createIngestKey(db: Database, name: string): Promise<{ key: string; info: IngestKeyInfo }> {
  const trimmed = name.trim();
  if (!trimmed || trimmed.length > 100) throw new Error("key name must be 1 to 100 characters");
  const key = `${KEY_PREFIX}${randomBytes(24).toString("base64url")}`;
  const info = await db.prisma.ingestKey.create({
    data: {
      id: `key_${randomBytes(6).toString("hex")}`,
      name: trimmed,
      prefix: key.slice(0, KEY_PREFIX.length + 6),
      hash: hashKey(key),
    },
  });
  return { key, info: toInfo(info) };
}

function toInfo(row: IngestKeyInfo): IngestKeyInfo {
  const { id, name, prefix, createdAt, lastUsedAt, revokedAt } = row;
  return { id, name, prefix, createdAt, lastUsedAt, revokedAt };
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

/** The id of the active key matching `key`, or null. Records last use at most once a minute per key. */
export async function verifyIngestKey(db: Database, key: string): Promise<string | null> {
  if (!key.startsWith(KEY_PREFIX)) return null;
  const rows = await db.all<{ id: string }>("SELECT id FROM ingest_keys WHERE hash = ? AND revoked_at IS NULL", [hashKey(key)]);
  const id = rows[0]?.id ?? null;
  if (id && Date.now() - (lastTouched.get(id) ?? 0) > 60_000) {
    lastTouched.set(id, Date.now());
    await db.prisma.ingestKey.update({ where: { id }, data: { lastUsedAt: new Date() } });
  }
  return id;
}
