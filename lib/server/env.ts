/**
 * Configuration, read and checked once. Nothing is required for the default local run:
 * SQLite at ./data/tally.db, port 3000.
 */
import { z } from "zod";

const envSchema = z.object({
  DATABASE_URL: z
    .string()
    .default("file:./data/tally.db")
    .refine((url) => /^(file:|postgres(ql)?:\/\/)/.test(url), {
      message: 'must start with "file:" (SQLite) or "postgres://" / "postgresql://" (PostgreSQL)',
    }),
  /** Largest accepted POST /api/v1/usage body, in bytes. */
  TALLY_MAX_BODY_BYTES: z.coerce.number().int().positive().default(16 * 1024 * 1024),
  /** Most records accepted in one POST /api/v1/usage request. */
  TALLY_MAX_BATCH_RECORDS: z.coerce.number().int().positive().default(50_000),
});

export type Env = z.infer<typeof envSchema>;

/** The validated environment; throws a sentence naming the bad variable. */
export function getEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`Configuration error: ${String(issue.path[0])} ${issue.message}.`);
  }
  return parsed.data;
}
