/**
 * Calls explorer benchmark: server-side time of one explorer page (50 calls) for each kind of view, on
 * a calls table filled with a year of synthetic traffic, against a baseline measured in the same run:
 * the plainest page (newest first, last 30 days, no filters), which walks (ts_ms, id) and stops.
 * Prints the median of 5 runs per view, its ratio to the baseline, and whether it is under 150 ms.
 *
 *   npx tsx bench/calls-explorer.ts                        # 1,000,000 calls, SQLite and PostgreSQL
 *   npx tsx bench/calls-explorer.ts --calls 10000000 --only sqlite
 */
import { CALLS_PAGE_SIZE, encodeCallsCursor } from "@/lib/core/calls-view";
import type { Database } from "@/lib/server/db";
import { type CallsQuery, NO_EXPLORER_FILTERS, getExplorerTotals, listCallsPage, walkCalls } from "@/lib/server/calls-queries";
import { createPostgresDatabase, createSqliteDatabase } from "@/tests/helpers/databases";

const args = process.argv.slice(2);
const arg = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const CALLS = Number(arg("calls", "1000000"));
const ONLY = arg("only", "all");
const TARGET_MS = 150;

const END_MS = Date.parse("2026-11-21T00:00:00Z");
const SPAN_MS = 365 * 86_400_000;

/**
 * Call i: evenly spread over the year before 2026-11-21; 4 models (every 1,000th call unpriced), 10
 * features, 5 projects, 1,000 users; stop reasons end_turn 80%, tool_use 15%, max_tokens ~5%, refusal 0.1%;
 * costs and token counts scattered by multiplicative hashing. daily_usage is then summed from calls.
 */
function fillSql(db: Database): string {
  const sqlite = db.dialect === "sqlite";
  const ts = `(${END_MS - SPAN_MS} + i * ${Math.floor(SPAN_MS / CALLS)})`;
  const str = (expr: string) => (sqlite ? `CAST(${expr} AS TEXT)` : `(${expr})::text`);
  const day = sqlite ? `strftime('%Y-%m-%d', ${ts} / 1000, 'unixepoch')` : `to_char(to_timestamp(${ts} / 1000) AT TIME ZONE 'UTC', 'YYYY-MM-DD')`;
  const model = `CASE WHEN i % 1000 = 999 THEN 'claude-mystery-1' WHEN i % 4 = 0 THEN 'claude-opus-4-6' WHEN i % 4 = 1 THEN 'claude-sonnet-4-6' ELSE 'claude-haiku-4-5' END`;
  const stop = `CASE WHEN i % 1000 = 7 THEN 'refusal' WHEN i % 20 < 3 THEN 'tool_use' WHEN i % 20 = 3 THEN 'max_tokens' ELSE 'end_turn' END`;
  const cost = `CASE WHEN i % 1000 = 999 THEN 0 ELSE (i * 7919 % 100000) * 1000000 END`;
  const tokens = `(i * 104729 % 200000)`;
  const select = `SELECT 'b' || ${str("i")}, ${ts}, ${day}, ${model}, ${model}, 'feature-' || ${str("i % 10")}, 'project-' || ${str("i % 5")},
    'u' || ${str("i % 1000")}, ${tokens}, 100, 0, 0, 0, 0, 0, ${tokens} + 100, 'standard', ${stop},
    ${sqlite ? "CASE WHEN i % 1000 = 999 THEN 0 ELSE 1 END" : "i % 1000 <> 999"}, ${cost}, ${cost}, 0, 0, 0, 0, 0, 0, '', 'api', ${END_MS}`;
  const columns = `(id, ts_ms, day, model_raw, model, feature, project, user_id, input_tokens, output_tokens, cache_read_tokens,
    cache_write_5m_tokens, cache_write_1h_tokens, web_search_requests, web_fetch_requests, total_tokens, service_tier, stop_reason, priced,
    cost_pico, input_cost_pico, output_cost_pico, cache_write_5m_cost_pico, cache_write_1h_cost_pico, cache_read_cost_pico,
    web_search_cost_pico, cache_read_full_cost_pico, quality, source, ingested_at_ms)`;
  return sqlite
    ? `INSERT INTO calls ${columns} WITH RECURSIVE seq(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM seq WHERE i < ${CALLS - 1}) ${select} FROM seq`
    : `INSERT INTO calls ${columns} ${select} FROM generate_series(0::bigint, ${CALLS - 1}) AS i`;
}

const SUMMARY_SQL = `INSERT INTO daily_usage (day, model, feature, project, service_tier, calls, unpriced_calls, input_tokens, output_tokens,
  cache_read_tokens, cache_write_5m_tokens, cache_write_1h_tokens, web_search_requests, cost_pico, input_cost_pico, output_cost_pico,
  cache_write_5m_cost_pico, cache_write_1h_cost_pico, cache_read_cost_pico, web_search_cost_pico, cache_read_full_cost_pico)
  SELECT day, model, feature, project, service_tier, COUNT(*), SUM(CASE WHEN priced THEN 0 ELSE 1 END), SUM(input_tokens), SUM(output_tokens),
  0, 0, 0, 0, SUM(cost_pico), SUM(cost_pico), 0, 0, 0, 0, 0, 0 FROM calls GROUP BY day, model, feature, project, service_tier`;

async function median(fn: () => Promise<unknown>): Promise<number> {
  await fn();
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b)[2];
}

async function run(name: string, create: typeof createSqliteDatabase) {
  const t = await create();
  try {
    const start = performance.now();
    // Filling first and indexing after is much faster than inserting into eight indexes row by row.
    const indexes =
      t.db.dialect === "sqlite"
        ? await t.db.all<{ name: string; sql: string }>("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'calls' AND sql IS NOT NULL")
        : await t.db.all<{ name: string; sql: string }>(
            "SELECT indexname AS name, indexdef AS sql FROM pg_indexes WHERE tablename = 'calls' AND indexname <> 'calls_pkey'",
          );
    for (const index of indexes) await t.db.run(`DROP INDEX "${index.name}"`);
    if (t.db.sqlite) t.db.sqlite.pragma("cache_size = -1000000");
    await t.db.run(fillSql(t.db));
    for (const index of indexes) await t.db.run(index.sql);
    await t.db.run(SUMMARY_SQL);
    if (t.db.dialect === "postgres") await t.db.run("ANALYZE");
    console.log(`\n${name}: ${CALLS.toLocaleString("en-US")} calls generated in ${((performance.now() - start) / 1000).toFixed(1)} s`);

    const month = { from: "2026-10-22", to: "2026-11-20" };
    const q = (over: Partial<Omit<CallsQuery, "explorer">> & { explorer?: Partial<CallsQuery["explorer"]> } = {}): CallsQuery => ({
      range: month,
      filters: {},
      sort: "time",
      dir: "desc",
      ...over,
      explorer: { ...NO_EXPLORER_FILTERS, ...over.explorer },
    });
    const page = (query: CallsQuery, cursor: string | null = null) => () => listCallsPage(t.db, query, { limit: CALLS_PAGE_SIZE, cursor });
    const [deep] = await t.db.all(
      `SELECT ts_ms, id FROM calls WHERE ts_ms >= ? AND ts_ms < ? ORDER BY ts_ms DESC, id DESC LIMIT 1 OFFSET 100000`,
      [BigInt(Date.parse("2026-10-22T00:00:00Z")), BigInt(END_MS)],
    );
    const deepCursor = deep ? encodeCallsCursor({ sort: "time", dir: "desc", key: BigInt(deep.ts_ms as bigint), id: String(deep.id), before: false }) : null;

    const views: [string, () => Promise<unknown>][] = [
      ["newest first, 30 days (baseline)", page(q())],
      ["newest first, page 2,000", page(q(), deepCursor)],
      ["previous page from page 2,000", page(q(), deep ? encodeCallsCursor({ sort: "time", dir: "desc", key: BigInt(deep.ts_ms as bigint), id: String(deep.id), before: true }) : null)],
      ["most expensive first, 30 days", page(q({ sort: "cost" }))],
      ["cheapest first, 30 days", page(q({ sort: "cost", dir: "asc" }))],
      ["most tokens first, 30 days", page(q({ sort: "tokens" }))],
      ["most expensive first, 1 day", page(q({ sort: "cost", range: { from: "2026-11-20", to: "2026-11-20" } }))],
      ["one user, newest first", page(q({ explorer: { user: "u42" } }))],
      ["one user, most expensive first", page(q({ sort: "cost", explorer: { user: "u42" } }))],
      ["stop reason refusal (0.1%)", page(q({ explorer: { stopReason: "refusal" } }))],
      ["unpriced only (0.1%)", page(q({ explorer: { unpricedOnly: true } }))],
      ["cost $0.05-$0.06, newest first", page(q({ explorer: { minCostPico: 50_000_000_000n, maxCostPico: 60_000_000_000n } }))],
      ["cost $0.05-$0.06, most expensive first", page(q({ sort: "cost", explorer: { minCostPico: 50_000_000_000n, maxCostPico: 60_000_000_000n } }))],
      ["one model and feature, newest first", page(q({ filters: { model: ["claude-opus-4-6"], feature: ["feature-4"] } }))],
      ["totals from daily_usage", () => getExplorerTotals(t.db, q(), false)],
      [
        "export: first 1,000-call chunk",
        async () => {
          const chunks = walkCalls(t.db, q());
          await chunks.next();
          await chunks.return(undefined);
        },
      ],
    ];
    let baseline = 0;
    for (const [label, fn] of views) {
      const ms = await median(fn);
      if (!baseline) baseline = ms;
      console.log(`  ${label.padEnd(42)} ${ms.toFixed(1).padStart(8)} ms  ${(ms / baseline).toFixed(1).padStart(6)}x  ${ms <= TARGET_MS ? "ok" : "OVER 150 ms"}`);
    }
  } finally {
    await t.drop();
  }
}

if (ONLY !== "postgres") await run("SQLite", createSqliteDatabase);
if (ONLY !== "sqlite") await run("PostgreSQL", createPostgresDatabase);
