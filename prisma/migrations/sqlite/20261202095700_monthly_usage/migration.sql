-- CreateTable
CREATE TABLE "monthly_usage" (
    "month" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "feature" TEXT NOT NULL,
    "project" TEXT NOT NULL,
    "service_tier" TEXT NOT NULL,
    "calls" BIGINT NOT NULL,
    "unpriced_calls" BIGINT NOT NULL,
    "input_tokens" BIGINT NOT NULL,
    "output_tokens" BIGINT NOT NULL,
    "cache_read_tokens" BIGINT NOT NULL,
    "cache_write_5m_tokens" BIGINT NOT NULL,
    "cache_write_1h_tokens" BIGINT NOT NULL,
    "web_search_requests" BIGINT NOT NULL,
    "cost_pico" BIGINT NOT NULL,
    "input_cost_pico" BIGINT NOT NULL,
    "output_cost_pico" BIGINT NOT NULL,
    "cache_write_5m_cost_pico" BIGINT NOT NULL,
    "cache_write_1h_cost_pico" BIGINT NOT NULL,
    "cache_read_cost_pico" BIGINT NOT NULL,
    "web_search_cost_pico" BIGINT NOT NULL,
    "cache_read_full_cost_pico" BIGINT NOT NULL,
    "stop_end_turn" BIGINT NOT NULL DEFAULT 0,
    "stop_tool_use" BIGINT NOT NULL DEFAULT 0,
    "stop_max_tokens" BIGINT NOT NULL DEFAULT 0,
    "stop_sequence" BIGINT NOT NULL DEFAULT 0,
    "stop_pause_turn" BIGINT NOT NULL DEFAULT 0,
    "stop_refusal" BIGINT NOT NULL DEFAULT 0,
    "stop_context_exceeded" BIGINT NOT NULL DEFAULT 0,
    "cache_split_missing" BIGINT NOT NULL DEFAULT 0,

    PRIMARY KEY ("month", "model", "feature", "project", "service_tier")
);

-- Backfill (hand-written): months from the days already summed.
INSERT INTO "monthly_usage" ("month", "model", "feature", "project", "service_tier", "calls", "unpriced_calls", "input_tokens", "output_tokens", "cache_read_tokens", "cache_write_5m_tokens", "cache_write_1h_tokens", "web_search_requests", "cost_pico", "input_cost_pico", "output_cost_pico", "cache_write_5m_cost_pico", "cache_write_1h_cost_pico", "cache_read_cost_pico", "web_search_cost_pico", "cache_read_full_cost_pico", "stop_end_turn", "stop_tool_use", "stop_max_tokens", "stop_sequence", "stop_pause_turn", "stop_refusal", "stop_context_exceeded", "cache_split_missing")
SELECT substr("day", 1, 7), "model", "feature", "project", "service_tier", SUM("calls"), SUM("unpriced_calls"), SUM("input_tokens"), SUM("output_tokens"), SUM("cache_read_tokens"), SUM("cache_write_5m_tokens"), SUM("cache_write_1h_tokens"), SUM("web_search_requests"), SUM("cost_pico"), SUM("input_cost_pico"), SUM("output_cost_pico"), SUM("cache_write_5m_cost_pico"), SUM("cache_write_1h_cost_pico"), SUM("cache_read_cost_pico"), SUM("web_search_cost_pico"), SUM("cache_read_full_cost_pico"), SUM("stop_end_turn"), SUM("stop_tool_use"), SUM("stop_max_tokens"), SUM("stop_sequence"), SUM("stop_pause_turn"), SUM("stop_refusal"), SUM("stop_context_exceeded"), SUM("cache_split_missing")
FROM "daily_usage" GROUP BY substr("day", 1, 7), "model", "feature", "project", "service_tier";
