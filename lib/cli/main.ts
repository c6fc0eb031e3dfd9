/**
 * The `tally` command line. Commands that touch the database use DATABASE_URL (default
 * file:./data/tally.db) and apply pending migrations first; `price` needs no database.
 */
import { shiftDay } from "@/lib/core/chart-data";
import { filterValueFromParam } from "@/lib/core/filter-values";
import { isUtcDay, todayUtc } from "@/lib/server/api-params";
import { getForecastReport } from "@/lib/server/forecast";
import { Command, CommanderError } from "commander";
import { componentsToJson } from "@/lib/core/cost-json";
import { formatUsdExact } from "@/lib/core/money";
import { defaultPriceBook, priceCall } from "@/lib/core/pricing";
import { parseUsageRecord } from "@/lib/core/usage-record";
import { readRecords } from "@/lib/cli/read-records";
import { type WhatifOptions, runWhatif } from "@/lib/cli/whatif";
import { parseClock, printAlerts, runAlerts } from "@/lib/cli/alerts";
import { deliverMonthlyReports } from "@/lib/server/report-delivery";
import { closeMonth, reopenMonth } from "@/lib/server/month-close";
import { type ReportOptions, runReport } from "@/lib/cli/report";
import { type RetentionCommandOptions, runRetentionCommand } from "@/lib/cli/retention";
import { type ShowOptions, runReconcileFetch, runReconcileImport, runReconcileShow } from "@/lib/cli/reconcile";
import { type Database, openDatabase } from "@/lib/server/db";
import { getEnv } from "@/lib/server/env";
import { ingestItems } from "@/lib/server/ingest";
import { createIngestKey, listIngestKeys, revokeIngestKey } from "@/lib/server/keys";
import { migrateDatabase } from "@/lib/server/migrate";
import { loadDemoData, removeDemoData } from "@/lib/server/demo";
import { addPriceOverride, ensureHistoryPriced, removePriceOverride } from "@/lib/server/pricing-context";
import type { RepriceReport } from "@/lib/server/store";
import {
  createTokenCommand,
  createUserCommand,
  listTokensCommand,
  listUsersCommand,
  resetPasswordCommand,
  revokeTokenCommand,
  setDisabledCommand,
  setRoleCommand,
} from "@/lib/cli/users";

/** Standard input, read whole. */
async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
  /** True when stderr is a terminal: progress lines are drawn only then. */
  interactive: boolean;
}

const defaultIo: Io = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  interactive: Boolean(process.stderr.isTTY),
};

async function withDatabase<T>(fn: (db: Database) => Promise<T>): Promise<T> {
  const { DATABASE_URL } = getEnv();
  await migrateDatabase(DATABASE_URL);
  const db = openDatabase(DATABASE_URL);
  try {
    await ensureHistoryPriced(db);
    return await fn(db);
  } finally {
    await db.close();
  }
}

const IMPORT_BATCH = 2000;

async function importFiles(files: string[], options: { feature?: string; project?: string }, io: Io): Promise<number> {
  return withDatabase(async (db) => {
    let anyRejected = false;
    for (const file of files) {
      const started = Date.now();
      let lines = 0;
      let accepted = 0;
      let duplicates = 0;
      let rejected = 0;
      let lastDraw = 0;
      const draw = (final = false) => {
        if (!io.interactive) return;
        const seconds = Math.max((Date.now() - started) / 1000, 0.001);
        process.stderr.write(
          `\r${file}: ${lines} lines, ${Math.round((accepted + duplicates) / seconds)} records/s, ${rejected} rejected${final ? "\n" : ""}`,
        );
      };
      let batch: unknown[] = [];
      let batchLines: number[] = [];
      const flush = async () => {
        if (batch.length === 0) return;
        const lineOf = batchLines;
        const result = await ingestItems(db, batch, {
          source: "import",
          defaults: options,
          indexOf: (i) => lineOf[i],
        });
        accepted += result.accepted;
        duplicates += result.duplicates;
        for (const bad of result.rejected) {
          rejected++;
          io.err(`${io.interactive ? "\r" : ""}${file}:${bad.index}: ${bad.errors.join("; ")}`);
        }
        batch = [];
        batchLines = [];
      };
      try {
        for await (const item of readRecords(file)) {
          lines = item.line;
          if ("error" in item) {
            rejected++;
            io.err(`${io.interactive ? "\r" : ""}${file}:${item.line}: ${item.error}`);
            continue;
          }
          batch.push(item.value);
          batchLines.push(item.line);
          if (batch.length >= IMPORT_BATCH) await flush();
          if (Date.now() - lastDraw > 250) {
            lastDraw = Date.now();
            draw();
          }
        }
        await flush();
      } catch (error) {
        draw(true);
        io.err(`${file}: ${error instanceof Error ? error.message : String(error)}`);
        return 1;
      }
      draw(true);
      anyRejected ||= rejected > 0;
      io.out(`${file}: ${accepted} accepted, ${duplicates} duplicates, ${rejected} rejected`);
    }
    return anyRejected ? 2 : 0;
  });
}

async function priceFile(file: string, io: Io): Promise<number> {
  const nowMs = Date.now();
  let rejected = 0;
  for await (const item of readRecords(file === "-" ? process.stdin : file)) {
    if ("error" in item) {
      rejected++;
      io.err(`line ${item.line}: ${item.error}`);
      continue;
    }
    const parsed = parseUsageRecord(item.value, { nowMs });
    if (!parsed.ok) {
      rejected++;
      io.err(`line ${item.line}: ${parsed.errors.join("; ")}`);
      continue;
    }
    const { record } = parsed;
    const cost = priceCall(record, defaultPriceBook);
    io.out(
      JSON.stringify({
        id: record.id,
        model: record.model,
        priced: cost.priced,
        costUsd: formatUsdExact(cost.totalPico),
        components: componentsToJson(cost.components),
        resolvedModel: cost.resolvedModel,
        priceEntryId: cost.priceEntryId,
        flags: [...record.flags, ...cost.flags],
      }),
    );
  }
  return rejected > 0 ? 2 : 0;
}

function describeReport(report: RepriceReport): string {
  return `re-priced ${report.changedCalls} of ${report.calls} calls: total $${formatUsdExact(report.oldCostPico)} -> $${formatUsdExact(report.newCostPico)}`;
}

/** Runs the CLI with argv (as process.argv) and returns the exit code. */
export async function main(argv: string[], io: Io = defaultIo): Promise<number> {
  let code = 0;
  const program = new Command()
    .name("tally")
    .description("Tally: exact cost and token usage for the Claude API")
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) });

  program
    .command("import")
    .description("import usage records from JSONL/NDJSON, CSV (header row) or log files with [claude] {json} lines")
    .argument("<files...>", "files to import")
    .option("--feature <name>", "feature for records that name none")
    .option("--project <name>", "project for records that name none")
    .action(async (files: string[], options) => {
      code = await importFiles(files, options, io);
    });

  program
    .command("price")
    .description("price a file of usage records offline; prints one JSON line per record (no database needed)")
    .argument("<file>", "file to price, or - for standard input")
    .action(async (file: string) => {
      code = await priceFile(file, io);
    });

  const keys = program.command("keys").description("manage ingest keys");
  keys
    .command("create")
    .requiredOption("--name <name>", "a name to recognise the key by")
    .option("--project <project>", "the one project the key may send usage for (records naming none take it); without: any project")
    .description("create an ingest key; the key is printed once, as the last line")
    .action(async (options: { name: string; project?: string }) =>
      withDatabase(async (db) => {
        const { key, info } = await createIngestKey(db, options.name, { project: options.project });
        const scope = info.project ? `for project "${info.project}"` : "for any project";
        io.out(`Created ingest key ${info.id} ("${info.name}") ${scope}. It is shown only now:`);
        io.out(key);
      }),
    );
  keys
    .command("list")
    .description("list ingest keys (never the keys themselves)")
    .action(async () =>
      withDatabase(async (db) => {
        const rows = await listIngestKeys(db);
        if (rows.length === 0) io.out("No ingest keys. Create one with: tally keys create --name NAME");
        for (const k of rows) {
          const state = k.revokedAt ? `revoked ${k.revokedAt.toISOString()}` : "active";
          const used = k.lastUsedAt ? `last used ${k.lastUsedAt.toISOString()}` : "never used";
          const project = k.project ? `project ${k.project}` : "any project";
          io.out(`${k.id}\t${k.name}\t${k.prefix}…\t${project}\t${state}\t${used}`);
        }
      }),
    );
  keys
    .command("revoke")
    .argument("<key>", "key id or name")
    .description("revoke an ingest key")
    .action(async (idOrName: string) =>
      withDatabase(async (db) => {
        if (await revokeIngestKey(db, idOrName)) io.out(`Revoked ${idOrName}.`);
        else {
          io.err(`No active key with id or name "${idOrName}".`);
          code = 1;
        }
      }),
    );

  const usersIo = { out: io.out, readStdin };
  const users = program.command("users").description("dashboard accounts: admin, engineer or finance");
  users
    .command("create")
    .requiredOption("--email <email>", "what the person signs in with")
    .requiredOption("--role <role>", "admin, engineer or finance")
    .option("--name <name>", "a display name")
    .option("--password-stdin", "read the password from standard input instead of generating one")
    .option("--proxy-only", "no password: signed in only by the trusted reverse proxy (TALLY_AUTH_PROXY_HEADER)")
    .description("create a user; a generated password is printed once, as the last line")
    .action(async (options) => withDatabase((db) => createUserCommand(db, usersIo, options)));
  users.command("list").description("list users and their roles").action(async () => withDatabase((db) => listUsersCommand(db, usersIo)));
  users
    .command("set-role")
    .argument("<email>")
    .argument("<role>", "admin, engineer or finance")
    .description("change a user's role")
    .action(async (email: string, role: string) => withDatabase((db) => setRoleCommand(db, usersIo, email, role)));
  users
    .command("reset-password")
    .argument("<email>")
    .option("--password-stdin", "read the new password from standard input")
    .description("set a new password (printed once unless given) and end the user's browser sessions")
    .action(async (email: string, options) => withDatabase((db) => resetPasswordCommand(db, usersIo, email, options)));
  users
    .command("disable")
    .argument("<email>")
    .description("disable a user: they cannot sign in, and their sessions and tokens stop working")
    .action(async (email: string) => withDatabase((db) => setDisabledCommand(db, usersIo, email, true)));
  users
    .command("enable")
    .argument("<email>")
    .description("enable a disabled user")
    .action(async (email: string) => withDatabase((db) => setDisabledCommand(db, usersIo, email, false)));

  const tokens = program.command("tokens").description("API tokens for scripts: Authorization: Bearer tat_...");
  tokens
    .command("create")
    .requiredOption("--user <email>", "whose role the token has")
    .requiredOption("--name <name>", "a name to recognise the token by")
    .description("create an API token; it is printed once, as the last line")
    .action(async (options: { user: string; name: string }) => withDatabase((db) => createTokenCommand(db, usersIo, options)));
  tokens.command("list").description("list API tokens (never the tokens themselves)").action(async () => withDatabase((db) => listTokensCommand(db, usersIo)));
  tokens
    .command("revoke")
    .argument("<token>", "the token's name or its first characters")
    .description("revoke an API token")
    .action(async (nameOrPrefix: string) =>
      withDatabase(async (db) => {
        if (!(await revokeTokenCommand(db, usersIo, nameOrPrefix))) code = 1;
      }),
    );

  program
    .command("demo")
    .description("load demo data (labelled, ids demo_*), or remove it with --remove")
    .option("--remove", "remove the demo data")
    .action(async (options: { remove?: boolean }) =>
      withDatabase(async (db) => {
        if (options.remove) {
          io.out(`Removed ${await removeDemoData(db)} demo calls.`);
          return;
        }
        const result = await loadDemoData(db);
        io.out(`Loaded ${result.accepted} demo calls (${result.duplicates} already present).`);
      }),
    );

  program
    .command("migrate")
    .description("apply pending database migrations")
    .action(async () => {
      const { DATABASE_URL } = getEnv();
      const { applied } = await migrateDatabase(DATABASE_URL);
      io.out(applied.length ? `Applied ${applied.join(", ")}.` : "Database is up to date.");
    });

  /** A repeatable option whose values may also be comma-separated ("(none)" for calls sent without one). */
  const collect = (value: string, previous: string[]) => [
    ...previous,
    ...value.split(",").map((v) => v.trim()).filter((v) => v !== "").map(filterValueFromParam),
  ];
  program
    .command("forecast")
    .description("project this month's spend to month end by weekday; --backtest replays it on past months")
    .option("--as-of <day>", "last day to count as actual, YYYY-MM-DD (default: yesterday, UTC)")
    .option("--backtest", "forecast every past month as of day 7, 14 and 21 and say how far off it was")
    .option("--model <id>", "only these models (repeat or comma-separate)", collect, [])
    .option("--feature <name>", "only these features; (none) for calls sent without one", collect, [])
    .option("--project <name>", "only these projects; (none) for calls sent without one", collect, [])
    .option("--service-tier <tier>", "only these service tiers (standard, priority, batch)", collect, [])
    .action(async (options: { asOf?: string; backtest?: boolean; model: string[]; feature: string[]; project: string[]; serviceTier: string[] }) =>
      withDatabase(async (db) => {
        const asOf = options.asOf ?? shiftDay(todayUtc(), -1);
        if (!isUtcDay(asOf)) throw new Error(`--as-of: "${asOf}" is not a day; use YYYY-MM-DD`);
        const filters = { model: options.model, feature: options.feature, project: options.project, serviceTier: options.serviceTier };
        const { forecast: f, backtest: points, meanAbsoluteError: mae } = await getForecastReport(db, asOf, filters);
        if (options.backtest) {
          if (points.length === 0) {
            io.out("No complete month with four weeks of history before its day 7 yet: nothing to backtest.");
            return;
          }
          io.out("month    as of   forecast        actual          off       in band");
          for (const p of points) {
            const off = p.error === null ? "—" : `${p.error >= 0 ? "+" : "−"}${Math.abs(p.error * 100).toFixed(1)}%`;
            io.out(
              `${p.month}  day ${String(p.dayOfMonth).padStart(2)}  $${formatUsdExact(p.forecastPico).padEnd(14)} $${formatUsdExact(p.actualPico).padEnd(14)} ${off.padEnd(9)} ${p.withinBand ? "yes" : "no"}`,
            );
          }
          const counted = points.filter((p) => p.error !== null).length;
          if (mae !== null) io.out(`Mean absolute error: ${(mae * 100).toFixed(1)}% over ${counted} forecasts.`);
          return;
        }
        io.out(
          `${f.month} as of ${f.asOf}: $${formatUsdExact(f.actualToDatePico)} so far; projected $${formatUsdExact(f.projectedPico)} ` +
            `(range $${formatUsdExact(f.lowPico)} to $${formatUsdExact(f.highPico)}) with ${f.remainingDays} days to go` +
            (f.thinDays ? `; ${f.thinDays} of them projected from less than four weeks of history.` : "."),
        );
      }),
    );

  program
    .command("send-reports")
    .description("send the last complete month's report to the chosen destinations that have not had it (the server does this on the 1st)")
    .option("--at <time>", "as of this ISO time instead of now")
    .action(async (options: { at?: string }) =>
      withDatabase(async (db) => {
        const result = await deliverMonthlyReports(db, parseClock(options.at));
        if (result.sent.length === 0 && result.failed.length === 0) io.out(`Nothing to send for ${result.month}.`);
        for (const name of result.sent) io.out(`Sent the ${result.month} report to ${name}.`);
        for (const f of result.failed) io.out(`Could not send the ${result.month} report to ${f.destination}: ${f.error}`);
      }),
    );

  const retention = program.command("retention").description("raw-call retention (TALLY_RETENTION_DAYS): summaries and closed reports stay exact");
  retention
    .command("run")
    .description("delete the calls older than TALLY_RETENTION_DAYS, in batches, and print what was deleted (the server does this daily)")
    .option("--dry-run", "count what would be deleted; delete nothing")
    .option("--days <n>", "keep this many days instead of TALLY_RETENTION_DAYS")
    .option("--at <time>", "as of this ISO time instead of now")
    .option("--batch-size <n>", "calls deleted per transaction (default 10000)")
    .action(async (options: RetentionCommandOptions) =>
      withDatabase(async (db) => {
        code = await runRetentionCommand(db, options, getEnv(), io.out, io.err);
      }),
    );

  program
    .command("close-month")
    .argument("<month>", "YYYY-MM, in TALLY_REPORT_TIMEZONE")
    .option("--reopen", "reopen a closed month: its report is live again")
    .description("freeze a month's report; later re-pricing or late records then show as a difference")
    .action(async (month: string, options: { reopen?: boolean }) =>
      withDatabase(async (db) => {
        if (options.reopen) {
          io.out((await reopenMonth(db, month, getEnv().TALLY_REPORT_TIMEZONE)) ? `Reopened ${month}.` : `${month} was not closed.`);
          return;
        }
        const { report } = await closeMonth(db, month, getEnv().TALLY_REPORT_TIMEZONE, new Date());
        io.out(`Closed ${month} (${report.timeZone}): $${formatUsdExact(report.totalPico)} over ${report.calls} calls, frozen.`);
      }),
    );

  program
    .command("report")
    .description("the monthly report: print its totals and write it as CSV and/or PDF (months follow TALLY_REPORT_TIMEZONE)")
    .option("--month <month>", "YYYY-MM (default: the last complete month)")
    .option("--csv <file>", "write the report as CSV")
    .option("--pdf <file>", "write the report as PDF")
    .option("--model <id>", "only these models (repeat or comma-separate)", collect, [])
    .option("--feature <name>", "only these features; (none) for calls sent without one", collect, [])
    .option("--project <name>", "only these projects; (none) for calls sent without one", collect, [])
    .option("--service-tier <tier>", "only these service tiers (standard, priority, batch)", collect, [])
    .action(async (options: ReportOptions & { model: string[]; feature: string[]; project: string[]; serviceTier: string[] }) =>
      withDatabase(async (db) => {
        const filters = { model: options.model, feature: options.feature, project: options.project, serviceTier: options.serviceTier };
        await runReport(db, options, getEnv().TALLY_REPORT_TIMEZONE, filters, io.out);
      }),
    );

  program
    .command("whatif")
    .description("what the calls on a model or family would have cost on another model")
    .requiredOption("--from <model|family>", "the calls to move: a model id or a family (opus, sonnet, haiku, ...)")
    .requiredOption("--to <model>", "the model to move them to (a family means its current model)")
    .option("--feature <name>", "only these features (repeatable or comma-separated)", collect, [])
    .option("--project <name>", "only these projects (repeatable or comma-separated)", collect, [])
    .option("--since <day>", "first day, YYYY-MM-DD (default: 29 days before --until)")
    .option("--until <day>", "last day, YYYY-MM-DD (default: today, UTC)")
    .option("--tokenizer-factor <n>", "claude-3 to claude-4.7 token multiplier (default: TALLY_TOKENIZER_FACTOR, 1.3)")
    .option("--json", "print the same JSON as GET /api/v1/projections")
    .action(async (options: WhatifOptions) => withDatabase((db) => runWhatif(db, options, io.out)));

  const alerts = program.command("alerts").description("evaluate alert rules and list alerts");
  alerts
    .command("run")
    .description("evaluate every enabled rule now (idempotent: for cron) and deliver what fired or resolved")
    .option("--at <time>", "evaluate as of this ISO time instead of now, e.g. 2026-11-23T18:00:00Z")
    .action(async (options: { at?: string }) => withDatabase((db) => runAlerts(db, options.at, io.out)));
  alerts
    .command("list")
    .description("list alerts, newest first")
    .option("--status <status>", "open, firing, acknowledged or resolved")
    .action(async (options: { status?: string }) => withDatabase((db) => printAlerts(db, options.status, io.out)));

  const reconcile = program.command("reconcile").description("compare Tally with Anthropic's Admin API cost and usage reports");
  reconcile
    .command("import")
    .description("import Admin API report pages from files (one page, an array of pages, or one page per line); re-importing a range replaces it")
    .argument("<files...>", "JSON files as the cost_report or usage_report/messages endpoints return them")
    .action(async (files: string[]) =>
      withDatabase(async (db) => {
        code = await runReconcileImport(db, files, io.out, io.err);
      }),
    );
  reconcile
    .command("fetch")
    .description("fetch a month's cost and usage reports with ANTHROPIC_ADMIN_KEY (every page) and import them")
    .requiredOption("--month <YYYY-MM>", "the month, e.g. 2026-10")
    .action(async (options: { month: string }) => withDatabase((db) => runReconcileFetch(db, options.month, io.out)));
  reconcile
    .command("show")
    .description("compare a month: per day x model x tier x token type, flagged beyond the tolerance")
    .requiredOption("--month <YYYY-MM>", "the month, e.g. 2026-10")
    .option("--tolerance-usd <usd>", "absolute tolerance in USD (default 0.01)")
    .option("--tolerance-pct <percent>", "percentage tolerance (default 1)")
    .option("--tolerance-tokens <n>", "absolute tolerance of the usage comparison in tokens (default 0)")
    .option("--all", "list every line, not only flagged ones")
    .option("--json", "print the comparison as JSON with exact amounts")
    .action(async (options: ShowOptions) => withDatabase((db) => runReconcileShow(db, options, io.out)));

  const prices = program.command("prices").description("price overrides and re-pricing");
  prices
    .command("override")
    .description("add a price override (e.g. a negotiated discount) and re-price the history it affects")
    .requiredOption("--model <id>", 'model id from the price book, or "*" for all models')
    .requiredOption("--from <day>", "first UTC day it applies, YYYY-MM-DD")
    .option("--to <day>", "first UTC day it no longer applies (exclusive)")
    .option("--multiplier <decimal>", 'multiplier on every token price, e.g. "0.85"')
    .option("--input <usd>", "input price, USD per million tokens")
    .option("--output <usd>", "output price, USD per million tokens")
    .option("--cache-write-5m <usd>", "5-minute cache write price, USD per million tokens")
    .option("--cache-write-1h <usd>", "1-hour cache write price, USD per million tokens")
    .option("--cache-read <usd>", "cache read price, USD per million tokens")
    .option("--note <text>", "why this override exists")
    .action(async (o) =>
      withDatabase(async (db) => {
        const { id, report } = await addPriceOverride(db, {
          model: o.model,
          effectiveFrom: o.from,
          effectiveTo: o.to ?? null,
          multiplier: o.multiplier ?? null,
          inputUsdPerMTok: o.input ?? null,
          outputUsdPerMTok: o.output ?? null,
          cacheWrite5mUsdPerMTok: o.cacheWrite5m ?? null,
          cacheWrite1hUsdPerMTok: o.cacheWrite1h ?? null,
          cacheReadUsdPerMTok: o.cacheRead ?? null,
          note: o.note ?? null,
        });
        io.out(`Added override ${id}; ${describeReport(report)}.`);
      }),
    );
  prices
    .command("remove-override")
    .argument("<id>", "override id")
    .description("remove a price override and re-price the history it covered")
    .action(async (id: string) =>
      withDatabase(async (db) => {
        io.out(`Removed override ${id}; ${describeReport(await removePriceOverride(db, Number(id)))}.`);
      }),
    );

  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    io.err(`tally: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
  return code;
}
