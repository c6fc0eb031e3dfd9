/**
 * Alert destinations in the database (table `alert_destinations`) and the delivery log read back
 * (`alert_deliveries`). Settings are stored whole, secrets included, as JSON text; everything this
 * module returns for display has them masked (lib/core/alert-destinations.ts). Saving re-checks the
 * form with the same parser the page's action uses, merging masked fields with the stored secrets.
 */
import {
  type DestinationField,
  type DestinationFormFields,
  type DestinationKind,
  type DestinationSettings,
  DESTINATION_KINDS,
  destinationTarget,
  maskedFormFields,
  parseDestinationConfig,
  parseDestinationForm,
} from "@/lib/core/alert-destinations";
import type { Database } from "@/lib/server/db";

/** A destination as the page shows it: no secret in full. */
export interface DestinationView {
  id: number;
  name: string;
  kind: DestinationKind;
  enabled: boolean;
  createdAt: Date;
  /** Where it delivers, masked: "https://hooks.slack.com/services/T0…/•••", "oncall@example.com via smtp.example.com:587". */
  target: string;
  /** The edit form's starting values, secrets masked. */
  form: DestinationFormFields;
}

/** One row of the delivery log. */
export interface DeliveryLogEntry {
  id: number;
  createdAt: Date;
  destinationId: number;
  destinationName: string;
  destinationKind: DestinationKind;
  alertId: number | null;
  event: string;
  status: "pending" | "sent" | "failed";
  attempts: number;
  nextAttemptAt: Date;
  sentAt: Date | null;
  lastError: string | null;
  lastStatus: number | null;
}

/** A save the form should show next to a field. */
export class DestinationInputError extends Error {
  constructor(readonly fieldErrors: Partial<Record<DestinationField, string[]>>) {
    super("The destination's settings are not valid.");
    this.name = "DestinationInputError";
  }
}

interface DestinationRow {
  id: number;
  name: string;
  kind: string;
  config: string;
  enabled: boolean;
  createdAt: Date;
}

/** A stored row's settings, checked (a row edited by hand into something invalid throws, naming the field). */
export function settingsOf(row: { kind: string; config: string }): DestinationSettings {
  if (!(DESTINATION_KINDS as readonly string[]).includes(row.kind)) throw new Error(`unknown destination kind "${row.kind}"`);
  return parseDestinationConfig(row.kind as DestinationKind, JSON.parse(row.config));
}

function viewOf(row: DestinationRow): DestinationView {
  const settings = settingsOf(row);
  return {
    id: row.id,
    name: row.name,
    kind: settings.kind,
    enabled: row.enabled,
    createdAt: row.createdAt,
    target: destinationTarget(settings),
    form: maskedFormFields(settings),
  };
}

/** Every destination by name (compared in JavaScript: SQLite and PostgreSQL collate differently). */
export async function listDestinations(db: Database): Promise<DestinationView[]> {
  const rows = await db.prisma.alertDestination.findMany();
  return rows.map(viewOf).sort((a, b) => a.name.localeCompare(b.name, "en") || a.id - b.id);
}

/** One destination with its settings in full (server-side use only: sending). Null when it does not exist. */
export async function getDestination(db: Database, id: number): Promise<{ id: number; name: string; enabled: boolean; settings: DestinationSettings } | null> {
  const row = await db.prisma.alertDestination.findUnique({ where: { id } });
  return row ? { id: row.id, name: row.name, enabled: row.enabled, settings: settingsOf(row) } : null;
}

/**
 * Creates a destination, or (with `id`) replaces one's name, settings and enabled flag. Fields left
 * masked or empty keep the stored secrets. Throws DestinationInputError with field errors when the
 * input is wrong, a name is taken or the destination no longer exists.
 */
export async function saveDestination(
  db: Database,
  input: { id?: number; name: unknown; kind: unknown; enabled: boolean; fields: Partial<DestinationFormFields> },
): Promise<{ destination: DestinationView; created: boolean }> {
  const existing = input.id === undefined ? null : await db.prisma.alertDestination.findUnique({ where: { id: input.id } });
  if (input.id !== undefined && !existing) throw new DestinationInputError({ name: ["That destination no longer exists; reload the page."] });
  const parsed = parseDestinationForm(input, existing ? settingsOf(existing) : null);
  if (!parsed.ok) throw new DestinationInputError(parsed.fieldErrors);
  const clash = await db.prisma.alertDestination.findUnique({ where: { name: parsed.name }, select: { id: true } });
  if (clash && clash.id !== input.id) throw new DestinationInputError({ name: [`A destination named "${parsed.name}" already exists.`] });
  const data = { name: parsed.name, kind: parsed.settings.kind, config: JSON.stringify(parsed.settings.config), enabled: parsed.enabled };
  try {
    const row = existing
      ? await db.prisma.alertDestination.update({ where: { id: existing.id }, data })
      : await db.prisma.alertDestination.create({ data });
    return { destination: viewOf(row), created: !existing };
  } catch (error) {
    // Two saves of the same new name at once: the unique index decides, the loser hears why.
    if ((error as { code?: string }).code === "P2002") throw new DestinationInputError({ name: [`A destination named "${parsed.name}" already exists.`] });
    throw error;
  }
}

/** Deletes a destination with its delivery log and anything still queued for it; false when it was not there. */
export async function deleteDestination(db: Database, id: number): Promise<boolean> {
  const [, { count }] = await db.prisma.$transaction([
    db.prisma.alertDelivery.deleteMany({ where: { destinationId: id } }),
    db.prisma.alertDestination.deleteMany({ where: { id } }),
  ]);
  return count > 0;
}

/** The latest `limit` deliveries, newest first, with their destination's name. */
export async function listDeliveryLog(db: Database, limit = 100): Promise<DeliveryLogEntry[]> {
  const rows = await db.prisma.alertDelivery.findMany({
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit,
    include: { destination: { select: { name: true, kind: true } } },
  });
  return rows.map((row) => ({
    id: row.id,
    createdAt: row.createdAt,
    destinationId: row.destinationId,
    destinationName: row.destination.name,
    destinationKind: row.destination.kind as DestinationKind,
    alertId: row.alertId,
    event: row.event,
    status: row.status as DeliveryLogEntry["status"],
    attempts: row.attempts,
    nextAttemptAt: row.nextAttemptAt,
    sentAt: row.sentAt,
    lastError: row.lastError,
    lastStatus: row.lastStatus,
  }));
}
