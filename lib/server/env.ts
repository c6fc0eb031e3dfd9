/**
 * Configuration, read and checked once. Nothing is required for the default local run:
 * SQLite at ./data/tally.db, port 3000.
 */
import { z } from "zod";
import { isTimeZone } from "@/lib/core/monthly-report";
import { ROLES } from "@/lib/core/permissions";

/** "2026-02-28T12:00:00Z" or with an offset; a day that is on the calendar (Date.parse accepts Feb 30). */
function isIsoTime(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/.exec(text);
  if (!match || Number.isNaN(Date.parse(text))) return false;
  const day = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return day.getUTCMonth() === Number(match[2]) - 1 && day.getUTCDate() === Number(match[3]);
}

const envSchema = z.object({
  DATABASE_URL: z
    .string()
    .default("file:./data/tally.db")
    .refine((url) => /^(file:|postgres(ql)?:\/\/)/.test(url), {
      message: 'must start with "file:" (SQLite) or "postgres://" / "postgresql://" (PostgreSQL)',
    }),
  /** Largest accepted POST /api/v1/usage (and OTLP traces) body, in bytes. */
  TALLY_MAX_BODY_BYTES: z.coerce.number().int().positive().default(16 * 1024 * 1024),
  /** Most records accepted in one POST /api/v1/usage request, and most spans in one OTLP traces export. */
  TALLY_MAX_BATCH_RECORDS: z.coerce.number().int().positive().default(50_000),
  /**
   * Requests per second each ingest key may make to the ingest endpoints, in this process (a token
   * bucket per key); unset or 0: no limit.
   */
  TALLY_INGEST_RATE_LIMIT: z
    .string()
    .optional()
    .refine((v) => v === undefined || v === "" || (/^\d+(\.\d{1,3})?$/.test(v) && Number(v) <= 100_000), {
      message: 'must be a number of requests per second from 0 to 100000, like "20" (unset or 0: no limit)',
    })
    .transform((v) => (v === undefined || v === "" || Number(v) === 0 ? undefined : Number(v))),
  /** Requests a key may make at once after a quiet spell; default twice the rate (at least 1). */
  TALLY_INGEST_RATE_BURST: z
    .string()
    .optional()
    .refine((v) => v === undefined || v === "" || (/^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= 1_000_000), {
      message: 'must be a whole number of requests from 1 to 1000000, like "40"',
    })
    .transform((v) => (v === undefined || v === "" ? undefined : Number(v))),
  /** Seconds between the server's alert evaluations; 0 turns the schedule off (use `tally alerts run` from cron). */
  TALLY_ALERTS_INTERVAL_SECONDS: z.coerce.number().int().min(0).max(86_400).default(300),
  /** Projections: how many claude-4.7-tokenizer tokens one claude-3-tokenizer token becomes (1 to 2). */
  TALLY_TOKENIZER_FACTOR: z
    .string()
    .default("1.3")
    .refine((v) => /^\d+(\.\d{1,4})?$/.test(v) && Number(v) >= 1 && Number(v) <= 2, { message: 'must be a decimal from 1 to 2, like "1.3"' }),
  /** Projections: cache reads per cache write assumed for a feature that shows none (0.1 to 1000). */
  TALLY_CACHE_REUSE: z
    .string()
    .default("4")
    .refine((v) => /^\d+(\.\d{1,4})?$/.test(v) && Number(v) >= 0.1 && Number(v) <= 1000, { message: 'must be a decimal from 0.1 to 1000, like "4"' }),
  /** A fixed clock for the pages (tests and demos): an ISO time with its offset. Unset: the machine's clock. */
  TALLY_NOW: z
    .string()
    .optional()
    .refine((v) => v === undefined || isIsoTime(v), {
      message: 'must be an ISO time with its offset, like "2026-02-28T12:00:00Z"',
    }),
  /** Where people open Tally: alert messages link to TALLY_PUBLIC_URL + /alerts/<id>. Stored without a trailing slash. */
  TALLY_PUBLIC_URL: z
    .string()
    .default("http://localhost:3000")
    .refine((url) => URL.canParse(url) && /^https?:$/.test(new URL(url).protocol), { message: 'must be an http:// or https:// URL, like "https://tally.example.com"' })
    .transform((url) => url.replace(/\/+$/, "")),
  /** The time zone monthly reports follow (months start at midnight there): an IANA name. */
  TALLY_REPORT_TIMEZONE: z
    .string()
    .default("UTC")
    .refine(isTimeZone, { message: 'must be an IANA time zone name, like "UTC" or "Europe/Berlin"' }),
  /** Raw calls older than this many days are deleted (summaries stay); unset keeps every call. */
  TALLY_RETENTION_DAYS: z
    .string()
    .optional()
    .refine((v) => v === undefined || (/^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= 36_500), {
      message: 'must be a whole number of days from 1 to 36500, like "400" (unset keeps every call)',
    })
    .transform((v) => (v === undefined ? undefined : Number(v))),
  /** Where the proxy (/api/proxy/v1/...) forwards requests: the Anthropic API, or another gateway in front of it. */
  TALLY_PROXY_UPSTREAM: z
    .string()
    .default("https://api.anthropic.com")
    .refine((url) => URL.canParse(url) && /^https?:$/.test(new URL(url).protocol), { message: 'must be an http:// or https:// URL, like "https://api.anthropic.com"' })
    .transform((url) => url.replace(/\/+$/, "")),
  /** A port of its own for the proxy, beside the dashboard's (unset: the proxy answers at /api/proxy only). */
  TALLY_PROXY_PORT: z.coerce.number().int().min(1).max(65_535).optional(),
  /** Largest request body the proxy forwards, in bytes (the Messages API itself takes up to 32 MB). */
  TALLY_PROXY_MAX_BODY_BYTES: z.coerce.number().int().positive().default(32 * 1024 * 1024),
  /** The first admin's email, created on first start when there are no users. */
  TALLY_ADMIN_EMAIL: z.string().trim().toLowerCase().min(1).max(200).default("admin"),
  /** The first admin's password instead of a random one printed once (automated set-ups). */
  TALLY_ADMIN_PASSWORD: z.string().min(12, { message: "must be at least 12 characters" }).max(200).optional(),
  /**
   * A request header a trusted authenticating reverse proxy sets to the signed-in user's email (e.g.
   * X-Forwarded-Email). Only set it when Tally is reachable through that proxy alone: anyone who can reach
   * Tally directly could send the header.
   */
  TALLY_AUTH_PROXY_HEADER: z
    .string()
    .optional()
    .refine((v) => v === undefined || /^[A-Za-z0-9-]{1,100}$/.test(v), { message: 'must be a header name, like "X-Forwarded-Email"' })
    .transform((v) => v?.toLowerCase()),
  /** The role of someone the proxy signs in who has no Tally user yet; unset: such people are refused. */
  TALLY_AUTH_PROXY_DEFAULT_ROLE: z.enum(ROLES, { message: `must be one of ${ROLES.join(", ")}` }).optional(),
  /** An Anthropic organisation admin key (sk-ant-admin...) for `tally reconcile fetch`; unset: only file imports. */
  ANTHROPIC_ADMIN_KEY: z.string().min(1).optional(),
  /** Where the Admin API is; tests point it at a local server. */
  ANTHROPIC_ADMIN_BASE_URL: z
    .string()
    .default("https://api.anthropic.com")
    .refine((url) => URL.canParse(url) && /^https?:$/.test(new URL(url).protocol), { message: 'must be an http:// or https:// URL, like "https://api.anthropic.com"' }),
});

export type Env = z.infer<typeof envSchema>;

/** The ingest rate limit the environment asks for, or null when there is none. */
export function ingestRateLimit(env: Env): { ratePerSecond: number; burst: number } | null {
  if (env.TALLY_INGEST_RATE_LIMIT === undefined) return null;
  return { ratePerSecond: env.TALLY_INGEST_RATE_LIMIT, burst: env.TALLY_INGEST_RATE_BURST ?? Math.max(1, Math.ceil(env.TALLY_INGEST_RATE_LIMIT * 2)) };
}

/** The validated environment; throws a sentence naming the bad variable. */
export function getEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`Configuration error: ${String(issue.path[0])} ${issue.message}.`);
  }
  return parsed.data;
}
