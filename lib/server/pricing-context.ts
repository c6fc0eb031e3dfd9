/**
 * The prices in force for this installation: the shipped price book plus operator overrides
 * stored in the database. When either changes, the affected history is re-priced and the totals
 * before and after are recorded in reprice_runs.
 */
import { createHash } from "node:crypto";
import {
  type PriceBook,
  type PriceOverrideRule,
  defaultPriceBook,
  priceBookFingerprint,
  priceCall,
  priceOverrideRuleSchema,
  resolveModel,
} from "@/lib/core/pricing";
import type { CallCost, PricingInput } from "@/lib/core/types";
import type { Database } from "@/lib/server/db";
import { type RepriceReport, repriceCalls } from "@/lib/server/store";

export interface PricingContext {
  book: PriceBook;
  overrides: PriceOverrideRule[];
  /** Changes whenever the book or an override changes. */
  fingerprint: string;
  price(input: PricingInput): CallCost;
}

const OVERRIDES_VERSION_KEY = "price_overrides_version";
const APPLIED_FINGERPRINT_KEY = "pricing_fingerprint";

const cache = new WeakMap<Database, { version: string; context: PricingContext }>();

async function readMeta(db: Database, key: string): Promise<string | null> {
  const rows = await db.all<{ value: string }>("SELECT value FROM meta WHERE key = ?", [key]);
  return rows[0]?.value ?? null;
}

async function writeMeta(db: Database, key: string, value: string): Promise<void> {
  await db.run(
    "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    [key, value],
  );
}

function buildContext(book: PriceBook, overrides: PriceOverrideRule[]): PricingContext {
  const fingerprint = createHash("sha256")
    .update(priceBookFingerprint(book))
    .update(JSON.stringify(overrides))
    .digest("hex");
  return { book, overrides, fingerprint, price: (input) => priceCall(input, book, overrides) };
}

async function loadOverrides(db: Database): Promise<PriceOverrideRule[]> {
  const rows = await db.prisma.priceOverride.findMany({ orderBy: { id: "asc" } });
  return rows.map((row) => ({
    id: row.id,
    model: row.model,
    effectiveFrom: row.effectiveFrom,
    effectiveTo: row.effectiveTo,
    multiplier: row.multiplier,
    inputUsdPerMTok: row.inputUsdPerMTok,
    outputUsdPerMTok: row.outputUsdPerMTok,
    cacheWrite5mUsdPerMTok: row.cacheWrite5mUsdPerMTok,
    cacheWrite1hUsdPerMTok: row.cacheWrite1hUsdPerMTok,
    cacheReadUsdPerMTok: row.cacheReadUsdPerMTok,
  }));
}

/**
 * Current prices. Reloads overrides when another process (the CLI, another instance) changed them,
 * which costs one primary-key read per call.
 */
export async function getPricingContext(db: Database, book: PriceBook = defaultPriceBook): Promise<PricingContext> {
  const version = (await readMeta(db, OVERRIDES_VERSION_KEY)) ?? "0";
  const cached = cache.get(db);
  if (cached && cached.version === version && cached.context.book === book) return cached.context;
  const context = buildContext(book, await loadOverrides(db));
  cache.set(db, { version, context });
  return context;
}

async function recordRun(db: Database, reason: string, report: RepriceReport): Promise<void> {
  await db.prisma.repriceRun.create({
    data: {
      reason,
      calls: report.calls,
      changedCalls: report.changedCalls,
      oldCostPico: report.oldCostPico,
      newCostPico: report.newCostPico,
    },
  });
}

/**
 * Re-prices all history when the prices in force differ from those it was priced with
 * (a new price book shipped with an upgrade, or overrides changed while no server ran).
 * Returns the report, or null when nothing needed doing.
 */
export async function ensureHistoryPriced(
  db: Database,
  book: PriceBook = defaultPriceBook,
): Promise<RepriceReport | null> {
  const context = await getPricingContext(db, book);
  const applied = await readMeta(db, APPLIED_FINGERPRINT_KEY);
  if (applied === context.fingerprint) return null;
  const report = await repriceCalls(db, context.price);
  await writeMeta(db, APPLIED_FINGERPRINT_KEY, context.fingerprint);
  if (applied !== null && report.calls > 0n) await recordRun(db, "price book changed", report);
  return report;
}

export type NewPriceOverride = Omit<PriceOverrideRule, "id"> & { note?: string | null };

async function bumpOverridesVersion(db: Database): Promise<void> {
  await writeMeta(db, OVERRIDES_VERSION_KEY, `${Date.now()}-${Math.random().toString(36).slice(2)}`);
}

/** Calls an override on `model` from `effectiveFrom` could touch. */
function affectedCalls(model: string, effectiveFrom: string): { sql: string; params: unknown[] } {
  const fromMs = BigInt(Date.parse(`${effectiveFrom}T00:00:00Z`));
  return model === "*"
    ? { sql: "ts_ms >= ?", params: [fromMs] }
    : { sql: "model = ? AND ts_ms >= ?", params: [model, fromMs] };
}

/**
 * Adds an operator override and re-prices the history it affects. Throws on an unknown model id,
 * so a typo can't silently leave prices unchanged.
 */
export async function addPriceOverride(
  db: Database,
  override: NewPriceOverride,
): Promise<{ id: number; report: RepriceReport }> {
  if (override.model !== "*" && !resolveModel(defaultPriceBook, override.model)) {
    throw new Error(`model "${override.model}" is not in the price book; use a canonical id or "*"`);
  }
  // A malformed rule in the database would make every later call unpriceable: check it before storing.
  const { note: _note, ...rule } = override;
  const checked = priceOverrideRuleSchema.safeParse({ ...rule, id: 0 });
  if (!checked.success) {
    const issue = checked.error.issues[0];
    throw new Error(`price override: ${issue.path.join(".") || "rule"}: ${issue.message}`);
  }
  const canonical = override.model === "*" ? "*" : resolveModel(defaultPriceBook, override.model)!.canonical;
  const created = await db.prisma.priceOverride.create({ data: { ...override, model: canonical } });
  await bumpOverridesVersion(db);
  const context = await getPricingContext(db);
  const report = await repriceCalls(db, context.price, affectedCalls(canonical, override.effectiveFrom));
  await writeMeta(db, APPLIED_FINGERPRINT_KEY, context.fingerprint);
  await recordRun(db, `override ${created.id} added`, report);
  return { id: created.id, report };
}

/** Removes an override and re-prices the history it covered. */
export async function removePriceOverride(db: Database, id: number): Promise<RepriceReport> {
  const existing = await db.prisma.priceOverride.findUnique({ where: { id } });
  if (!existing) throw new Error(`price override ${id} does not exist`);
  await db.prisma.priceOverride.delete({ where: { id } });
  await bumpOverridesVersion(db);
  const context = await getPricingContext(db);
  const report = await repriceCalls(db, context.price, affectedCalls(existing.model, existing.effectiveFrom));
  await writeMeta(db, APPLIED_FINGERPRINT_KEY, context.fingerprint);
  await recordRun(db, `override ${id} removed`, report);
  return report;
}
