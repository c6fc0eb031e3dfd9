"use server";
/**
 * The dashboard's writes. Each action re-checks its input with zod (a form can be posted by anyone,
 * not only by our UI), calls one lib/server function, and revalidates the pages that show the result.
 * Expected failures come back as values for useActionState; unexpected ones are logged and answered
 * with a generic sentence.
 */
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { getApp } from "@/lib/server/app";
import { countDemoCalls, loadDemoData, removeDemoData } from "@/lib/server/demo";
import { createIngestKey, revokeIngestKey } from "@/lib/server/keys";
import { addPriceOverride, removePriceOverride } from "@/lib/server/pricing-context";
import type { RepriceReport } from "@/lib/server/store";
import { formatUsdExact } from "@/lib/core/money";
import { defaultPriceBook, listPricedModels } from "@/lib/core/pricing";
import { parseDecimal } from "@/lib/core/rational";
import { OVERRIDE_PRICE_FIELDS, type OverridePriceField, nextDay, normalizeDecimal } from "@/components/settings/override-text";
import { requireAction } from "@/lib/server/session";

export type CreateKeyState =
  | { status: "idle" }
  | { status: "error"; message: string; fieldErrors: { name?: string[]; project?: string[] } }
  | { status: "created"; key: string; name: string; prefix: string; project: string | null };

export type RevokeKeyState = { status: "idle" } | { status: "error"; message: string } | { status: "revoked" };

export type DemoState = { status: "idle" } | { status: "error"; message: string } | { status: "done"; message: string };

/** A re-pricing's counts and totals, as exact strings (bigints do not survive every client path). */
export interface RepriceResult {
  calls: string;
  changedCalls: string;
  /** Exact decimal USD, e.g. "0.051". */
  oldCostUsd: string;
  newCostUsd: string;
}

export type AddOverrideField = "model" | "effectiveFrom" | "lastDay" | "multiplier" | "change" | "note" | OverridePriceField;

export type AddOverrideState =
  | { status: "idle" }
  | { status: "error"; message: string; fieldErrors: Partial<Record<AddOverrideField, string[]>> }
  | { status: "added"; id: number; model: string; effectiveFrom: string; result: RepriceResult };

export type RemoveOverrideState = { status: "idle" } | { status: "error"; message: string } | { status: "removed"; id: number; result: RepriceResult };

const createKeySchema = z.object({
  name: z
    .string({ error: "Enter a name for the key." })
    .trim()
    .min(1, "Enter a name for the key.")
    .max(100, "Use at most 100 characters."),
  project: z.preprocess(
    (value) => (typeof value === "string" && value.trim() !== "" ? value.trim() : null),
    z.string().max(200, "Use at most 200 characters.").nullable(),
  ),
});

const revokeKeySchema = z.object({
  id: z.string({ error: "Missing key id." }).regex(/^key_[0-9a-f]+$/, "Not a key id."),
});

const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
/** What the stored rule accepts for a multiplier or a price: digits, and at most 12 decimals. */
const DECIMAL = /^\d+(\.\d{1,12})?$/;
const PRICED_MODELS = new Set(listPricedModels(defaultPriceBook).map((model) => model.canonical));

/** An empty or missing form field is null; anything else is trimmed text for `schema`. */
function optional<T extends z.ZodType>(schema: T) {
  return z.preprocess((value) => (typeof value === "string" && value.trim() !== "" ? value.trim() : null), schema.nullable());
}

const daySchema = z
  .string()
  .regex(DAY_PATTERN, "Enter a day as YYYY-MM-DD.")
  .refine((day) => {
    const ms = Date.parse(`${day}T00:00:00Z`);
    return !Number.isNaN(ms) && new Date(ms).toISOString().startsWith(day);
  }, "That day is not on the calendar.");

/** Up to 12 decimals, as the stored rule allows; checked and normalised as text, never as a float. */
const multiplierSchema = z
  .string()
  .transform((text) => (text.startsWith(".") ? `0${text}` : text))
  .pipe(z.string().regex(DECIMAL, "Enter a decimal like 0.85 (at most 12 decimal places)."))
  .refine((text) => {
    if (!DECIMAL.test(text)) return true; // the pattern above already said what is wrong
    const value = parseDecimal(text);
    return value.num > 0n && value.num <= 10n * value.den;
  }, "Use a multiplier above 0 and at most 10.")
  .transform(normalizeDecimal);

const usdPerMTokSchema = z
  .string()
  .transform((text) => text.replace(/^\$\s*/, ""))
  .transform((text) => (text.startsWith(".") ? `0${text}` : text))
  .pipe(z.string().regex(DECIMAL, "Enter USD per million tokens, like 3.75 (at most 12 decimal places)."))
  .transform(normalizeDecimal);

const addOverrideSchema = z
  .object({
    model: z
      .string({ error: "Choose a model, or All models." })
      .refine((model) => model === "*" || PRICED_MODELS.has(model), "Choose a model, or All models."),
    effectiveFrom: z.string({ error: "Enter the first day it applies." }).min(1, "Enter the first day it applies.").pipe(daySchema),
    lastDay: optional(daySchema),
    multiplier: optional(multiplierSchema),
    inputUsdPerMTok: optional(usdPerMTokSchema),
    outputUsdPerMTok: optional(usdPerMTokSchema),
    cacheWrite5mUsdPerMTok: optional(usdPerMTokSchema),
    cacheWrite1hUsdPerMTok: optional(usdPerMTokSchema),
    cacheReadUsdPerMTok: optional(usdPerMTokSchema),
    note: optional(z.string().max(200, "Use at most 200 characters.")),
  })
  .superRefine((o, ctx) => {
    if (o.lastDay !== null && o.lastDay < o.effectiveFrom) {
      ctx.addIssue({ code: "custom", path: ["lastDay"], message: "The last day cannot be before the first day." });
    }
    if (o.multiplier === null && OVERRIDE_PRICE_FIELDS.every((field) => o[field.name] === null)) {
      ctx.addIssue({ code: "custom", path: ["change"], message: "Give a multiplier, or at least one price." });
    }
  });

const removeOverrideSchema = z.object({
  id: z.string({ error: "Missing override id." }).regex(/^[1-9]\d{0,9}$/, "Not an override id.").transform(Number),
});

function repriceResult(report: RepriceReport): RepriceResult {
  return {
    calls: report.calls.toString(),
    changedCalls: report.changedCalls.toString(),
    oldCostUsd: formatUsdExact(report.oldCostPico),
    newCostUsd: formatUsdExact(report.newCostPico),
  };
}

function unexpected(action: string, error: unknown): { status: "error"; message: string } {
  console.error(`Server action ${action} failed:`, error);
  return { status: "error", message: "Something went wrong on the server. Try again; if it keeps failing, check the server log." };
}

/** Creates an ingest key and returns it in full, once. */
export async function createIngestKeyAction(_prev: CreateKeyState, formData: FormData): Promise<CreateKeyState> {
  await requireAction("settings.manage");
  const parsed = createKeySchema.safeParse({ name: formData.get("name") ?? undefined, project: formData.get("project") ?? null });
  if (!parsed.success) {
    return { status: "error", message: "Check the key name and project.", fieldErrors: z.flattenError(parsed.error).fieldErrors };
  }
  try {
    const { db } = await getApp();
    const { key, info } = await createIngestKey(db, parsed.data.name, { project: parsed.data.project });
    revalidatePath("/settings");
    return { status: "created", key, name: info.name, prefix: info.prefix, project: info.project };
  } catch (error) {
    return { ...unexpected("createIngestKey", error), fieldErrors: {} };
  }
}

/** Revokes one key by id; requests already authenticated with it are unaffected, later ones get 401. */
export async function revokeIngestKeyAction(_prev: RevokeKeyState, formData: FormData): Promise<RevokeKeyState> {
  await requireAction("settings.manage");
  const parsed = revokeKeySchema.safeParse({ id: formData.get("id") ?? undefined });
  if (!parsed.success) return { status: "error", message: parsed.error.issues[0]?.message ?? "Not a key id." };
  try {
    const { db } = await getApp();
    const revoked = await revokeIngestKey(db, parsed.data.id);
    revalidatePath("/settings");
    return revoked ? { status: "revoked" } : { status: "error", message: "That key does not exist or is already revoked." };
  } catch (error) {
    return unexpected("revokeIngestKey", error);
  }
}

/** Loads the labelled demo data, then shows it on the overview's default range (where it lies). */
export async function loadDemoDataAction(_prev: DemoState, _formData: FormData): Promise<DemoState> {
  await requireAction("settings.manage");
  try {
    const { db } = await getApp();
    await loadDemoData(db);
  } catch (error) {
    return unexpected("loadDemoData", error);
  }
  revalidatePath("/", "layout");
  redirect("/");
}

/** Removes every demo call (and only those) and their share of the totals. */
export async function removeDemoDataAction(_prev: DemoState, _formData: FormData): Promise<DemoState> {
  await requireAction("settings.manage");
  try {
    const { db } = await getApp();
    if ((await countDemoCalls(db)) === 0) return { status: "done", message: "There was no demo data to remove." };
    const removed = await removeDemoData(db);
    revalidatePath("/", "layout");
    return { status: "done", message: `Removed ${removed.toLocaleString("en-US")} demo calls.` };
  } catch (error) {
    return unexpected("removeDemoData", error);
  }
}

/**
 * Adds a price override and re-prices the stored calls it covers. The form asks for the last day it
 * applies (inclusive, as a date picker reads); the stored rule's effectiveTo is the day after.
 */
export async function addPriceOverrideAction(_prev: AddOverrideState, formData: FormData): Promise<AddOverrideState> {
  await requireAction("settings.manage");
  const fields = ["model", "effectiveFrom", "lastDay", "multiplier", "note", ...OVERRIDE_PRICE_FIELDS.map((field) => field.name)];
  const parsed = addOverrideSchema.safeParse(Object.fromEntries(fields.map((name) => [name, formData.get(name) ?? undefined])));
  if (!parsed.success) {
    return { status: "error", message: "Check the highlighted fields.", fieldErrors: z.flattenError(parsed.error).fieldErrors };
  }
  const { lastDay, ...override } = parsed.data;
  try {
    const { db } = await getApp();
    const { id, report } = await addPriceOverride(db, { ...override, effectiveTo: lastDay === null ? null : nextDay(lastDay) });
    revalidatePath("/", "layout");
    return { status: "added", id, model: override.model, effectiveFrom: override.effectiveFrom, result: repriceResult(report) };
  } catch (error) {
    return { ...unexpected("addPriceOverride", error), fieldErrors: {} };
  }
}

/** Removes a price override and re-prices the stored calls it covered. */
export async function removePriceOverrideAction(_prev: RemoveOverrideState, formData: FormData): Promise<RemoveOverrideState> {
  await requireAction("settings.manage");
  const parsed = removeOverrideSchema.safeParse({ id: formData.get("id") ?? undefined });
  if (!parsed.success) return { status: "error", message: parsed.error.issues[0]?.message ?? "Not an override id." };
  try {
    const { db } = await getApp();
    const existing = await db.prisma.priceOverride.findUnique({ where: { id: parsed.data.id }, select: { id: true } });
    if (!existing) return { status: "error", message: "That override no longer exists; reload the page." };
    const report = await removePriceOverride(db, parsed.data.id);
    revalidatePath("/", "layout");
    return { status: "removed", id: parsed.data.id, result: repriceResult(report) };
  } catch (error) {
    return unexpected("removePriceOverride", error);
  }
}
