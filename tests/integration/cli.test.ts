/** The `tally` command as a user runs it: a real process, real files, real databases. */
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getUsageSummary, totalsToJson } from "@/lib/server/queries";
import { MIXED_BATCH } from "@/tests/fixtures/mixed-batch";
import { TALLY_BIN, tally } from "@/tests/helpers/cli";
import { PROVIDERS, type TestDatabase } from "@/tests/helpers/databases";
import { authenticate, checkPassword } from "@/lib/server/auth";
import { verifyIngestKey } from "@/lib/server/keys";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tally-cli-"));

function write(name: string, content: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
}

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("tally price", () => {
  it("prints one exact JSON line per record and names bad lines, without a database", async () => {
    const file = write("batch.jsonl", MIXED_BATCH.map((r) => JSON.stringify(r)).join("\n"));
    const result = await tally(["price", file], { DATABASE_URL: "file:/nonexistent/should-not-be-used.db" });
    expect(result.code).toBe(2);
    const lines = result.stdout.trim().split("\n").map((l) => JSON.parse(l));
    expect(lines).toHaveLength(6);
    expect(lines[0]).toEqual(
      expect.objectContaining({
        id: "msg_sonnet46",
        model: "claude-sonnet-4-6",
        priced: true,
        costUsd: "0.051",
        components: {
          inputUsd: "0.006",
          outputUsd: "0.015",
          cacheWrite5mUsd: "0.015",
          cacheWrite1hUsd: "0",
          cacheReadUsd: "0.015",
          webSearchUsd: "0",
        },
      }),
    );
    expect(lines[1].costUsd).toBe("0.0255");
    expect(lines[3]).toMatchObject({ id: "msg_unpriced", priced: false, costUsd: "0" });
    expect(result.stderr).toMatch(/line 5: .*output_tokens/);
    expect(result.stderr).toMatch(/line 6: .*model/);
    expect(fs.existsSync("/nonexistent")).toBe(false);
  });

  it("reads standard input with -", async () => {
    const child = execFile(process.execPath, [TALLY_BIN, "price", "-"]);
    let stdout = "";
    child.stdout!.on("data", (d) => (stdout += d));
    child.stdin!.end('{"model":"claude-haiku-4-5","input_tokens":1000000,"output_tokens":0}\n');
    await new Promise((resolve) => child.on("close", resolve));
    expect(JSON.parse(stdout).costUsd).toBe("1");
  });
});

describe.each(PROVIDERS)("tally import, keys and demo on %s", (_provider, create) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await create();
  });
  afterAll(async () => t.drop());

  it("imports JSONL, CSV and log files, reports rejected lines by number, and is safe to re-run", async () => {
    const jsonl = write("calls.jsonl", `${MIXED_BATCH.slice(0, 4).map((r) => JSON.stringify(r)).join("\n")}\n{broken\n`);
    const csv = write(
      "calls.csv",
      [
        "id,timestamp,model,feature,input_tokens,output_tokens,cache_read_tokens",
        "csv_1,2026-11-05T10:00:00Z,claude-haiku-4-5,export,1000,200,0",
        "csv_2,2026-11-05T11:00:00Z,claude-haiku-4-5,export,-1,200,0",
        "csv_3,2026-11-05T12:00:00Z,claude-haiku-4-5,export,3000,0,10000",
      ].join("\n"),
    );
    const log = write(
      "app.log",
      [
        "2026-11-06T09:00:00Z INFO server started",
        '2026-11-06T09:00:01Z INFO [claude] {"model":"claude-sonnet-4-6","input_tokens":812,"output_tokens":240,"cache_read_tokens":0,"cache_write_tokens":1024,"timestamp":"2026-11-06T09:00:01Z","feature":"chat"}',
        "2026-11-06T09:00:02Z WARN [claude] {oops",
      ].join("\n"),
    );
    const env = { DATABASE_URL: t.url };
    const first = await tally(["import", jsonl, csv, log], env);
    expect(first.code).toBe(2);
    expect(first.stdout).toContain(`${jsonl}: 4 accepted, 0 duplicates, 1 rejected`);
    expect(first.stdout).toContain(`${csv}: 2 accepted, 0 duplicates, 1 rejected`);
    expect(first.stdout).toContain(`${log}: 1 accepted, 0 duplicates, 1 rejected`);
    expect(first.stderr).toContain(`${jsonl}:5:`);
    expect(first.stderr).toMatch(new RegExp(`${csv.replace(/[.]/g, "\\.")}:3: .*input_tokens`));
    expect(first.stderr).toContain(`${log}:3:`);

    const again = await tally(["import", jsonl, csv, log], env);
    expect(again.stdout).toContain(`${jsonl}: 0 accepted, 4 duplicates, 1 rejected`);

    // JSONL 0.051 + 0.0255 + 0.0075 + 0 = 0.084; CSV (Haiku 4.5) 1,000 in x $1 + 200 out x $5 = 0.002 and
    // 3,000 in x $1 + 10,000 cache read x $0.10 = 0.004; log 0.009876. Total 0.099876.
    const { total } = await getUsageSummary(t.db, { from: "2026-11-01", to: "2026-11-06" });
    expect(totalsToJson(total).costUsd).toBe("0.099876");
    expect(total.calls).toBe(7);
  });

  it("creates a key printed as the last line, lists it, revokes it", async () => {
    const env = { DATABASE_URL: t.url };
    const created = await tally(["keys", "create", "--name", "ci-key"], env);
    expect(created.code).toBe(0);
    const key = created.stdout.trim().split("\n").pop()!;
    expect(key).toMatch(/^tly_[A-Za-z0-9_-]{20,}$/);
    const listed = await tally(["keys", "list"], env);
    expect(listed.stdout).toContain("ci-key");
    expect(listed.stdout).not.toContain(key);
    expect((await tally(["keys", "revoke", "ci-key"], env)).code).toBe(0);
    expect((await tally(["keys", "list"], env)).stdout).toMatch(/ci-key.*revoked/);
  });

  it("creates a key for one project that ingestion holds it to, and lists each key's project", async () => {
    const env = { DATABASE_URL: t.url };
    const created = await tally(["keys", "create", "--name", "support-key", "--project", "support"], env);
    expect(created.code).toBe(0);
    expect(created.stdout).toContain('("support-key") for project "support"');
    const key = created.stdout.trim().split("\n").pop()!;
    expect(key).toMatch(/^tly_[A-Za-z0-9_-]{20,}$/);
    expect((await tally(["keys", "create", "--name", "anywhere"], env)).stdout).toContain('("anywhere") for any project');
    const listed = (await tally(["keys", "list"], env)).stdout.split("\n");
    expect(listed.find((line) => line.includes("support-key"))).toMatch(/\tproject support\tactive\t/);
    expect(listed.find((line) => line.includes("anywhere"))).toMatch(/\tany project\tactive\t/);
    expect(await verifyIngestKey(t.db, key)).toMatchObject({ project: "support" });
  });

  it("creates users with a password printed once that signs in, gives API tokens that work, changes roles and disables", async () => {
    const env = { DATABASE_URL: t.url };
    const created = await tally(["users", "create", "--email", "Dana@Example.com", "--role", "finance"], env);
    expect(created.code).toBe(0);
    const password = created.stdout.trim().split("\n").pop()!;
    expect(await checkPassword(t.db, "dana@example.com", password)).toMatchObject({ role: "finance" });
    expect(await tally(["users", "create", "--email", "x@example.com", "--role", "boss"], env)).toMatchObject({ code: 1, stderr: expect.stringContaining('role must be one of admin, engineer, finance, got "boss"') });
    const token = (await tally(["tokens", "create", "--user", "dana@example.com", "--name", "finance sheet"], env)).stdout.trim().split("\n").pop()!;
    expect(await authenticate(t.db, new Headers({ authorization: `Bearer ${token}` }))).toMatchObject({ via: "token", user: { role: "finance" } });
    expect((await tally(["tokens", "list"], env)).stdout).not.toContain(token);
    expect((await tally(["users", "set-role", "dana@example.com", "engineer"], env)).stdout).toContain("dana@example.com is now engineer.");
    expect((await tally(["users", "disable", "dana@example.com"], env)).code).toBe(0);
    expect(await authenticate(t.db, new Headers({ authorization: `Bearer ${token}` }))).toBeNull();
    expect((await tally(["users", "list"], env)).stdout).toMatch(/dana@example.com\tengineer\tdisabled/);
  });

  it("loads demo data and removes exactly it", async () => {
    const env = { DATABASE_URL: t.url };
    const before = await getUsageSummary(t.db, { from: "2020-01-01", to: "2030-01-01" });
    const loaded = await tally(["demo"], env);
    expect(loaded.stdout).toMatch(/Loaded \d+ demo calls/);
    const during = await getUsageSummary(t.db, { from: "2020-01-01", to: "2030-01-01" });
    expect(during.total.calls).toBeGreaterThan(before.total.calls + 1000);
    expect((await tally(["demo", "--remove"], env)).stdout).toMatch(/Removed \d+ demo calls/);
    const after = await getUsageSummary(t.db, { from: "2020-01-01", to: "2030-01-01" });
    expect(totalsToJson(after.total)).toEqual(totalsToJson(before.total));
  });
});
