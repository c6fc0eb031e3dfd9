import { describe, expect, it } from "vitest";
import {
  centsToPico,
  normalizeCostReport,
  normalizeUsageReport,
  parseAdminPages,
  splitPagesText,
  type CostReportPage,
  type UsageReportPage,
} from "@/lib/core/admin-reports";

const costPage = (day: string, results: object[]) => ({
  data: [{ starting_at: `${day}T00:00:00Z`, ending_at: `${day}T23:59:59Z`, results }],
  has_more: false,
  next_page: null,
});

describe("centsToPico", () => {
  it("reads amount as cents, exactly", () => {
    expect(centsToPico("243.72")).toBe(2_437_200_000_000n); // $2.4372
    expect(centsToPico("0.0000000001")).toBe(1n);
    expect(centsToPico("-5")).toBe(-50_000_000_000n);
    expect(() => centsToPico("1e3")).toThrow("not an exact amount in cents");
  });
});

describe("normalizeCostReport", () => {
  it("keys lines by UTC day, model, tier and token type and sums what the report splits further", () => {
    const parsed = parseAdminPages([
      costPage("2026-10-01", [
        { amount: "243.72", currency: "USD", cost_type: "tokens", token_type: "uncached_input_tokens", model: "claude-sonnet-4-6", service_tier: "standard", context_window: "0-200k" },
        { amount: "6.28", currency: "USD", cost_type: "tokens", token_type: "uncached_input_tokens", model: "claude-sonnet-4-6", service_tier: "standard", context_window: "200k-1M" },
        { amount: "12.5", currency: "USD", cost_type: "tokens", token_type: "cache_creation.ephemeral_1h_input_tokens", model: "claude-sonnet-4-6", service_tier: "batch" },
        { amount: "1", currency: "USD", cost_type: "web_search", token_type: null, model: "claude-sonnet-4-6", service_tier: "standard" },
      ]),
    ]);
    if (!parsed.ok) throw new Error(parsed.errors.join("\n"));
    const report = normalizeCostReport(parsed.cost);
    expect(report.days).toEqual(["2026-10-01"]);
    expect(report.lines).toEqual([
      { day: "2026-10-01", model: "claude-sonnet-4-6", serviceTier: "batch", tokenType: "cache_write_1h", value: 125_000_000_000n },
      { day: "2026-10-01", model: "claude-sonnet-4-6", serviceTier: "standard", tokenType: "uncached_input", value: 2_500_000_000_000n },
      { day: "2026-10-01", model: "claude-sonnet-4-6", serviceTier: "standard", tokenType: "web_search", value: 10_000_000_000n },
    ]);
  });

  it("counts a page passed twice once", () => {
    const page = costPage("2026-10-02", [{ amount: "100", cost_type: "tokens", token_type: "output_tokens", model: "claude-haiku-4-5", service_tier: "standard" }]) as CostReportPage;
    expect(normalizeCostReport([page, page]).lines.map((l) => l.value)).toEqual([1_000_000_000_000n]);
  });

  it("refuses a cost it cannot place rather than drop money", () => {
    const page = costPage("2026-10-02", [{ amount: "1", cost_type: "tokens", token_type: "mystery_tokens", model: "m" }]) as CostReportPage;
    expect(() => normalizeCostReport([page])).toThrow('token_type "mystery_tokens"');
  });
});

describe("normalizeUsageReport", () => {
  it("gives one line per non-zero token type", () => {
    const page: UsageReportPage = {
      data: [
        {
          starting_at: "2026-10-05T00:00:00Z",
          ending_at: "2026-10-06T00:00:00Z",
          results: [
            {
              uncached_input_tokens: 2000,
              output_tokens: 500,
              cache_read_input_tokens: 0,
              cache_creation: { ephemeral_5m_input_tokens: 40, ephemeral_1h_input_tokens: 0 },
              server_tool_use: { web_search_requests: 3 },
              model: "claude-opus-4-6",
              service_tier: null,
            },
          ],
        },
      ],
      has_more: false,
      next_page: null,
    };
    expect(normalizeUsageReport([page]).lines.map((l) => `${l.serviceTier} ${l.tokenType} ${l.value}`)).toEqual([
      "standard cache_write_5m 40",
      "standard output 500",
      "standard uncached_input 2000",
      "standard web_search 3",
    ]);
  });
});

describe("parseAdminPages and splitPagesText", () => {
  it("reads one page, an array of pages, or NDJSON", () => {
    const a = costPage("2026-10-01", []);
    expect(splitPagesText(JSON.stringify(a))).toHaveLength(1);
    expect(splitPagesText(JSON.stringify([a, a]))).toHaveLength(2);
    expect(splitPagesText(`${JSON.stringify(a)}\n\n${JSON.stringify(a)}\n`)).toHaveLength(2);
    expect(() => splitPagesText(`${JSON.stringify(a)}\n{oops`)).toThrow("line 2: not JSON");
  });

  it("counts pages of empty days with the report the other pages are", () => {
    const parsed = parseAdminPages([
      costPage("2026-10-01", [{ amount: "1", cost_type: "tokens", token_type: "output_tokens", model: "m" }]),
      costPage("2026-10-02", []),
    ]);
    if (!parsed.ok) throw new Error(parsed.errors.join("\n"));
    expect(normalizeCostReport(parsed.cost).days).toEqual(["2026-10-01", "2026-10-02"]);
    expect(parsed.usage).toEqual([]);
  });

  it("names the page and field that is wrong", () => {
    const parsed = parseAdminPages([costPage("2026-10-01", [{ amount: "2.5 USD", cost_type: "tokens", token_type: "output_tokens" }])]);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.errors[0]).toMatch(/^page 1 \(cost report\): data\.0\.results\.0\.amount: must be a decimal string in cents/);
  });
});
