/**
 * Deterministic demo traffic: a few features on several models over recent weeks, with caching,
 * batch jobs, web search, truncated answers, one unpriced model, and a prompt change that doubles
 * one feature's input tokens ten days ago. Ids start with "demo_" so loading twice adds nothing.
 */

/** Small seeded PRNG (mulberry32): the same seed always gives the same demo. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface FeatureProfile {
  feature: string;
  project: string;
  callsPerDay: number;
  models: [string, number][];
  input: number;
  output: number;
  cachedPrompt: number;
  cacheHit: number;
  tier?: "batch";
  webSearch?: number;
  maxTokensRate?: number;
}

const PROFILES: FeatureProfile[] = [
  { feature: "support-chat", project: "support", callsPerDay: 160, models: [["claude-sonnet-4-6", 0.85], ["claude-opus-4-6", 0.15]], input: 1800, output: 450, cachedPrompt: 12000, cacheHit: 0.8, maxTokensRate: 0.02 },
  { feature: "code-review", project: "platform", callsPerDay: 60, models: [["claude-opus-4-6", 0.7], ["claude-sonnet-4-5-20250929", 0.3]], input: 9000, output: 1600, cachedPrompt: 30000, cacheHit: 0.55, maxTokensRate: 0.05 },
  { feature: "summarize-docs", project: "support", callsPerDay: 90, models: [["claude-haiku-4-5", 1]], input: 6000, output: 350, cachedPrompt: 0, cacheHit: 0 },
  { feature: "research-agent", project: "research", callsPerDay: 25, models: [["claude-sonnet-4-6", 1]], input: 4000, output: 2200, cachedPrompt: 20000, cacheHit: 0.7, webSearch: 3 },
  { feature: "ticket-triage", project: "support", callsPerDay: 220, models: [["claude-haiku-4-5-20251001", 0.9], ["claude-3-haiku-20240307", 0.1]], input: 700, output: 40, cachedPrompt: 2500, cacheHit: 0.9 },
  { feature: "nightly-eval", project: "research", callsPerDay: 120, models: [["claude-sonnet-4-6", 1]], input: 3000, output: 900, cachedPrompt: 8000, cacheHit: 0.6, tier: "batch" },
  { feature: "prototype", project: "research", callsPerDay: 4, models: [["claude-nova-preview", 1]], input: 1500, output: 500, cachedPrompt: 0, cacheHit: 0 },
];

const STOP_REASONS = ["end_turn", "end_turn", "end_turn", "tool_use", "stop_sequence"];

function pick<T>(rand: () => number, weighted: [T, number][]): T {
  let r = rand();
  for (const [value, weight] of weighted) {
    if ((r -= weight) <= 0) return value;
  }
  return weighted[weighted.length - 1][0];
}

/** Roughly normal noise around 1 (0.5..1.5). */
function jitter(rand: () => number): number {
  return 0.5 + (rand() + rand() + rand()) / 3;
}

/**
 * Demo usage records for the `days` days ending on the UTC day of nowMs, in the shape of the
 * ingest API (Anthropic's usage object plus attribution).
 */
export function generateDemoRecords(nowMs: number, days = 45, seed = 7): Record<string, unknown>[] {
  const rand = seededRandom(seed);
  const today = Date.UTC(new Date(nowMs).getUTCFullYear(), new Date(nowMs).getUTCMonth(), new Date(nowMs).getUTCDate());
  const records: Record<string, unknown>[] = [];
  let n = 0;
  for (let d = days - 1; d >= 0; d--) {
    const dayStart = today - d * 86_400_000;
    const weekday = new Date(dayStart).getUTCDay();
    const weekendFactor = weekday === 0 || weekday === 6 ? 0.45 : 1;
    for (const p of PROFILES) {
      const calls = Math.round(p.callsPerDay * weekendFactor * jitter(rand));
      // The prompt change: summarize-docs sends twice the input from ten days ago.
      const promptFactor = p.feature === "summarize-docs" && d < 10 ? 2.1 : 1;
      for (let i = 0; i < calls; i++) {
        const ts = dayStart + Math.floor(rand() * 86_400_000);
        if (ts > nowMs) continue;
        const cached = p.cachedPrompt > 0;
        const hit = cached && rand() < p.cacheHit;
        const writeTokens = cached && !hit ? Math.round(p.cachedPrompt * jitter(rand)) : 0;
        const oneHour = writeTokens > 0 && p.feature === "code-review";
        const truncated = rand() < (p.maxTokensRate ?? 0);
        records.push({
          id: `demo_${(n++).toString(36).padStart(7, "0")}`,
          timestamp: ts,
          model: pick(rand, p.models),
          feature: p.feature,
          project: p.project,
          user: `user-${1 + Math.floor(rand() * 40)}`,
          tags: ["demo"],
          stop_reason: truncated ? "max_tokens" : STOP_REASONS[Math.floor(rand() * STOP_REASONS.length)],
          latency_ms: Math.round(800 + rand() * 9000),
          usage: {
            input_tokens: Math.round(p.input * promptFactor * jitter(rand)),
            output_tokens: Math.round(p.output * jitter(rand)),
            cache_read_input_tokens: hit ? Math.round(p.cachedPrompt * jitter(rand)) : 0,
            cache_creation_input_tokens: writeTokens,
            cache_creation: {
              ephemeral_5m_input_tokens: oneHour ? 0 : writeTokens,
              ephemeral_1h_input_tokens: oneHour ? writeTokens : 0,
            },
            server_tool_use: { web_search_requests: p.webSearch ? Math.floor(rand() * (p.webSearch + 1)) : 0 },
            service_tier: p.tier ?? "standard",
          },
        });
      }
    }
  }
  return records;
}
