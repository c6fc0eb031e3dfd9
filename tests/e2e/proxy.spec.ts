/**
 * The proxy under `next start`, with the real @anthropic-ai/sdk client whose baseURL is the only
 * change: streams pass through event by event (no buffering or compression on the way), a caller that
 * abandons a stream stops the upstream, and the calls show on their pages with their counts and flags.
 */
import Anthropic from "@anthropic-ai/sdk";
import { expect, test } from "@playwright/test";
import { startFakeAnthropic, type FakeAnthropic } from "../helpers/fake-anthropic";
import { UPSTREAM_PORT } from "./support";

const PARAMS = { model: "claude-sonnet-4-6", max_tokens: 1024, messages: [{ role: "user" as const, content: "Hello" }] };

test.describe.configure({ mode: "serial" });

let fake: FakeAnthropic;
let client: Anthropic;

test.beforeAll(async ({ baseURL }) => {
  fake = await startFakeAnthropic({ port: UPSTREAM_PORT });
  client = new Anthropic({ apiKey: "sk-ant-test", baseURL: `${baseURL}/api/proxy`, maxRetries: 0 });
});
test.afterAll(async () => {
  await fake.close();
});

test("streams through the server as they arrive, and the call's page shows what was recorded", async ({ page }) => {
  fake.script.push({ kind: "gated_stream" });
  const stream = await client.messages.create({ ...PARAMS, stream: true }, { headers: { "x-tally-feature": "proxy-e2e" } });
  const iterator = stream[Symbol.asyncIterator]();
  // The upstream holds everything after content_block_start until released: a buffering proxy never gets here.
  expect((await iterator.next()).value?.type).toBe("message_start");
  fake.release();
  let last = await iterator.next();
  while (!last.done) last = await iterator.next();
  const id = fake.ids.at(-1)!;

  await expect(async () => {
    await page.goto(`/calls/${id}`);
    await expect(page.getByRole("heading", { name: /No such call/ })).toHaveCount(0);
  }).toPass({ timeout: 10_000 });
  const main = page.locator("main");
  await expect(main).toContainText("proxy-e2e");
  await expect(main).toContainText("2,095");
  await expect(main).toContainText("503");
  await expect(main).toContainText("Total0.02152125");
  await page.screenshot({ path: "test-results/screenshots/proxy-call.png", fullPage: true });
});

test("a caller that abandons a stream stops the upstream; the call is shown as incomplete", async ({ page }) => {
  fake.script.push({ kind: "endless_stream" });
  const hangup = fake.nextHangup();
  let seen = 0;
  for await (const event of await client.messages.create({ ...PARAMS, stream: true })) {
    if (event.type === "message_delta") seen = event.usage.output_tokens;
    if (seen >= 30) break;
  }
  // Were the abort not passed upstream, the fake would stream for another 100 s.
  await hangup;
  const id = fake.ids.at(-1)!;
  await expect(async () => {
    await page.goto(`/calls/${id}`);
    await expect(page.getByTestId("flag-stream_incomplete")).toBeVisible();
  }).toPass({ timeout: 10_000 });
  await expect(page.getByTestId("flag-stream_incomplete")).toContainText("stream");
});

test("429 comes back with its retry-after, as the API sent it", async ({ request }) => {
  fake.script.push({ kind: "rate_limited", retryAfter: "11" });
  const response = await request.post("/api/proxy/v1/messages", { data: PARAMS, headers: { "x-api-key": "sk-ant-test" } });
  expect(response.status()).toBe(429);
  expect(response.headers()["retry-after"]).toBe("11");
  expect((await response.json()).error.type).toBe("rate_limit_error");
});
