/**
 * GET /api/v1/projections and `tally whatif` on both databases: hand-computed projections, the CLI's
 * JSON equal to the API's, its table equal to the cent, and clear 400s.
 *
 * October 2026 (30 days, Oct 1-30): chat: 20 Opus 4.6 calls of 10K input + 1K output + 50K cache reads +
 * 2K 5m writes = 0.05 + 0.025 + 0.025 + 0.0125 = $0.1125 each ($2.25), and 2 Opus 4.6 calls of 250K
 * input + 1K output = $1.275 each ($2.55); summarize: 10 Sonnet 4.6 calls of 1K input + 100 output = $0.0045 each ($0.045).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as getProjections } from "@/app/api/v1/projections/route";
import { stopApp } from "@/lib/server/app";
import { ingestItems } from "@/lib/server/ingest";
import { tally } from "@/tests/helpers/cli";
import { PROVIDERS, type TestDatabase } from "@/tests/helpers/databases";
import { authedRequest, tokenFor } from "@/tests/helpers/auth";

/** Requests signed in as an admin of the database under test (set in beforeAll). */
let req: ReturnType<typeof authedRequest>;

function records() {
  const out: Record<string, unknown>[] = [];
  for (let i = 0; i < 20; i++) {
    out.push({
      id: `pj-chat-${i}`, timestamp: `2026-10-${String(1 + i).padStart(2, "0")}T10:00:00Z`, model: "claude-opus-4-6", feature: "chat",
      usage: { input_tokens: 10_000, output_tokens: 1000, cache_read_input_tokens: 50_000, cache_creation_input_tokens: 2000, cache_creation: { ephemeral_5m_input_tokens: 2000, ephemeral_1h_input_tokens: 0 } },
    });
  }
  for (let i = 0; i < 2; i++) {
    out.push({ id: `pj-big-${i}`, timestamp: `2026-10-2${i}T11:00:00Z`, model: "claude-opus-4-6", feature: "chat", usage: { input_tokens: 250_000, output_tokens: 1000 } });
  }
  for (let i = 0; i < 10; i++) {
    out.push({ id: `pj-sum-${i}`, timestamp: `2026-10-0${1 + (i % 9)}T12:00:00Z`, model: "claude-sonnet-4-6", feature: "summarize", usage: { input_tokens: 1000, output_tokens: 100 } });
  }
  return out;
}

const RANGE = "from=2026-10-01&to=2026-10-30";

describe.each(PROVIDERS)("projections on %s", (_provider, create) => {
  let t: TestDatabase;
  const api = async (query: string) => {
    const response = await getProjections(req(`http://tally.test/api/v1/projections?${query}`));
    return { status: response.status, body: await response.json() };
  };

  beforeAll(async () => {
    t = await create();
    req = authedRequest(await tokenFor(t.db));
    process.env.DATABASE_URL = t.url;
    const result = await ingestItems(t.db, records(), { source: "import" });
    expect(result.accepted).toBe(32);
  });
  afterAll(async () => {
    await stopApp();
    delete process.env.DATABASE_URL;
    await t.drop();
  });

  it("moves Opus to Sonnet 4.5, keeping prompts over its 200K window where they are", async () => {
    const { status, body } = await api(`${RANGE}&source=opus&target=claude-sonnet-4-5`);
    expect(status).toBe(200);
    // The 20 small calls cost 0.03 + 0.015 + 0.015 + 0.0075 = $0.0675 each on Sonnet 4.5 ($1.35); the 2 large ones stay ($2.55).
    expect(body.total).toEqual({ actualUsd: "4.8", projectedUsd: "3.9", lowUsd: "3.9", highUsd: "3.9", differenceUsd: "-0.9" });
    // A month is 30.4375 days: x 30.4375 / 30.
    expect(body.monthly).toMatchObject({ actualUsd: "4.87", projectedUsd: "3.956875", differenceUsd: "-0.913125" });
    expect(body.calls).toBe(22);
    expect(body.blocked).toEqual([{ feature: "chat", model: "claude-opus-4-6", target: "claude-sonnet-4-5", reason: "context_window", calls: 2, costUsd: "2.55", contextWindow: 200000 }]);
    expect(body.pairs.map((p: { from: string; to: string; calls: number }) => [p.from, p.to, p.calls])).toEqual([["claude-opus-4-6", "claude-sonnet-4-5", 22]]);
    expect(body.scenario).toMatchObject({ source: "opus", target: "claude-sonnet-4-5" });
  });

  it("tally whatif prints the API's numbers, as JSON and to the cent", async () => {
    const { body } = await api(`${RANGE}&source=opus&target=claude-sonnet-4-5`);
    const json = await tally(["whatif", "--from", "opus", "--to", "claude-sonnet-4-5", "--since", "2026-10-01", "--until", "2026-10-30", "--json"], { DATABASE_URL: t.url });
    expect(json.stderr).toBe("");
    expect(JSON.parse(json.stdout)).toEqual(body);

    const text = await tally(["whatif", "--from", "opus", "--to", "claude-sonnet-4-5", "--since", "2026-10-01", "--until", "2026-10-30"], { DATABASE_URL: t.url });
    const lines = text.stdout.split("\n");
    expect(lines.find((l) => l.startsWith("Total"))?.split(/\s+/)).toEqual(["Total", "$4.80", "$3.90", "$3.90", "$3.90", "-$0.90"]);
    expect(lines.find((l) => l.startsWith("Per month"))?.split(/\s+/)).toEqual(["Per", "month", "$4.87", "$3.96", "$3.96", "$3.96", "-$0.91"]);
    expect(text.stdout).toContain("Cannot move: 2 chat calls on claude-opus-4-6 ($2.55): prompts exceed Claude Sonnet 4.5's 200,000-token context window");
  });

  it("routes and batches features in one scenario", async () => {
    // summarize all on Haiku 4.5: 10 x (1K x 1 + 100 x 5) / 1M = $0.015. chat on the Batch API: half of $4.80 = $2.40.
    const { status, body } = await api(`${RANGE}&route.summarize=claude-haiku-4-5:100&batch=chat`);
    expect(status).toBe(200);
    expect(body.total).toMatchObject({ actualUsd: "4.845", projectedUsd: "2.415" });
    expect(body.features.map((f: { feature: string; projectedUsd: string }) => [f.feature, f.projectedUsd])).toEqual([["chat", "2.4"], ["summarize", "0.015"]]);
  });

  it("answers 400 naming the parameter", async () => {
    expect((await api(`${RANGE}&source=opus&target=claude-sonnet-4.5`)).body.error.message).toBe('target: "claude-sonnet-4.5" is not a model or family in the price book');
    expect((await api(`${RANGE}&route.chat=claude-sonnet-4-6:90,claude-opus-4-6:5`)).body.error.message).toBe("route.chat: percentages must add up to 100, got 95");
    const empty = await api(RANGE);
    expect(empty.status).toBe(400);
    expect(empty.body.error.message).toMatch(/^nothing to project/);
    const cli = await tally(["whatif", "--from", "opus", "--to", "gpt-5"], { DATABASE_URL: t.url });
    expect(cli.code).toBe(1);
    expect(cli.stderr.trim()).toBe('tally: --to: "gpt-5" is not a model or family in the price book');
  });
});
