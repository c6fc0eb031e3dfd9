/**
 * What a DATABASE_URL means, in one place: the server, the CLI and the migrator must agree on which
 * database and which file a URL names. Imports nothing heavy, so the migrator can use it at start-up.
 */
import path from "node:path";

export type Dialect = "sqlite" | "postgres";

export function dialectOf(url: string): Dialect {
  if (/^postgres(ql)?:\/\//.test(url)) return "postgres";
  if (url.startsWith("file:")) return "sqlite";
  throw new Error(`DATABASE_URL must start with "file:" (SQLite) or "postgres://" / "postgresql://" (PostgreSQL)`);
}

/** Absolute path of a `file:` URL; relative paths resolve against the working directory (the project root). */
export function sqlitePath(url: string): string {
  const raw = url.slice("file:".length).replace(/^\/\/(?=\/)/, "").split("?")[0];
  return path.resolve(/* turbopackIgnore: true */ process.cwd(), raw);
}
