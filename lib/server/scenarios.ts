/**
 * Saved scenarios: a unique name and a scenario's query parameters (lib/core/scenario.ts), stored in the
 * `scenarios` table so a team can reopen a plan on any range. The query is checked with parseScenario
 * and stored in scenarioParams' canonical form, without the name; saving under a name that exists
 * replaces that scenario's query.
 */
import { ZodError } from "zod";
import { defaultPriceBook, type PriceBook } from "@/lib/core/pricing";
import type { ProjectionAssumptions } from "@/lib/core/projection";
import { savedScenarioQuery, scenarioNameSchema } from "@/lib/core/scenario-view";
import type { Database } from "@/lib/server/db";
import { configuredAssumptions } from "@/lib/server/projections";

export interface SavedScenario {
  id: number;
  name: string;
  /** Query parameters without the name, e.g. "route.support=claude-sonnet-4-6:90,claude-opus-4-6:10&batch=reports". */
  query: string;
  createdAt: Date;
}

/** Every saved scenario, by name (compared in JavaScript: SQLite and PostgreSQL collate differently). */
export async function listScenarios(db: Database): Promise<SavedScenario[]> {
  const rows = await db.prisma.scenario.findMany();
  return rows.map(({ id, name, query, createdAt }) => ({ id, name, query, createdAt })).sort((a, b) => a.name.localeCompare(b.name, "en") || a.id - b.id);
}

/**
 * Saves `query` under `name`, replacing the query of a scenario already saved under it. Throws a
 * ZodError whose paths name the problem: `name`, or the scenario parameter that is wrong.
 */
export async function saveScenario(
  db: Database,
  input: { name: string; query: string },
  book: PriceBook = defaultPriceBook,
  defaults: ProjectionAssumptions = configuredAssumptions(),
): Promise<{ scenario: SavedScenario; replaced: boolean }> {
  const name = scenarioNameSchema.safeParse(input.name);
  if (!name.success) throw new ZodError(name.error.issues.map((issue) => ({ ...issue, path: ["name"] })));
  const query = savedScenarioQuery(input.query, book, defaults);
  const existing = await db.prisma.scenario.findUnique({ where: { name: name.data }, select: { id: true } });
  const row = await db.prisma.scenario.upsert({ where: { name: name.data }, create: { name: name.data, query }, update: { query } });
  return { scenario: { id: row.id, name: row.name, query: row.query, createdAt: row.createdAt }, replaced: existing !== null };
}

/** Deletes a saved scenario; false when it was not there. */
export async function deleteScenario(db: Database, id: number): Promise<boolean> {
  const { count } = await db.prisma.scenario.deleteMany({ where: { id } });
  return count > 0;
}
