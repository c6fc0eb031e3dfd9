/**
 * Empty databases on the PostgreSQL server tests use. Node and pg only (no imports from the app), so the
 * browser suite's helpers can use it as well as the integration tests.
 */
import pg from "pg";

/** The PostgreSQL server tests use; override with TALLY_TEST_PG_URL (a URL without the database name). */
export const PG_SERVER_URL = process.env.TALLY_TEST_PG_URL ?? "postgresql://postgres@127.0.0.1:5432";

/** A new, empty database named `<prefix>_<unique>`; drop() removes it, connections and all. */
export async function createEmptyPostgresDatabase(prefix = "tally_empty"): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `${prefix}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: `${PG_SERVER_URL}/postgres` });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  return {
    url: `${PG_SERVER_URL}/${name}`,
    drop: async () => {
      const client = new pg.Client({ connectionString: `${PG_SERVER_URL}/postgres` });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}
