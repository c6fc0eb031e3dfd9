-- CreateTable
CREATE TABLE "daily_model" (
    "day" TEXT NOT NULL,
    "model" TEXT NOT NULL,
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

    PRIMARY KEY ("day", "model")
);

-- CreateTable
CREATE TABLE "daily_feature" (
    "day" TEXT NOT NULL,
    "feature" TEXT NOT NULL,
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

    PRIMARY KEY ("day", "feature")
);

-- CreateTable
CREATE TABLE "weekly_histograms" (
    "week" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "metric" TEXT NOT NULL,
    "bucket" INTEGER NOT NULL,
    "calls" BIGINT NOT NULL,

    PRIMARY KEY ("metric", "week", "model", "bucket")
);

-- CreateIndex
CREATE INDEX "calls_user_id_cost_pico_id_idx" ON "calls"("user_id", "cost_pico", "id");

-- CreateIndex
CREATE INDEX "calls_user_id_total_tokens_id_idx" ON "calls"("user_id", "total_tokens", "id");

-- Backfill (hand-written): the narrower rollups from daily_usage, weekly histograms from the daily ones.
INSERT INTO "daily_model" ("day", "model", "calls", "unpriced_calls", "input_tokens", "output_tokens", "cache_read_tokens", "cache_write_5m_tokens", "cache_write_1h_tokens", "web_search_requests", "cost_pico", "input_cost_pico", "output_cost_pico", "cache_write_5m_cost_pico", "cache_write_1h_cost_pico", "cache_read_cost_pico", "web_search_cost_pico", "cache_read_full_cost_pico", "stop_end_turn", "stop_tool_use", "stop_max_tokens", "stop_sequence", "stop_pause_turn", "stop_refusal", "stop_context_exceeded")
SELECT "day", "model", SUM("calls"), SUM("unpriced_calls"), SUM("input_tokens"), SUM("output_tokens"), SUM("cache_read_tokens"), SUM("cache_write_5m_tokens"), SUM("cache_write_1h_tokens"), SUM("web_search_requests"), SUM("cost_pico"), SUM("input_cost_pico"), SUM("output_cost_pico"), SUM("cache_write_5m_cost_pico"), SUM("cache_write_1h_cost_pico"), SUM("cache_read_cost_pico"), SUM("web_search_cost_pico"), SUM("cache_read_full_cost_pico"), SUM("stop_end_turn"), SUM("stop_tool_use"), SUM("stop_max_tokens"), SUM("stop_sequence"), SUM("stop_pause_turn"), SUM("stop_refusal"), SUM("stop_context_exceeded")
FROM "daily_usage" GROUP BY "day", "model";
INSERT INTO "daily_feature" ("day", "feature", "calls", "unpriced_calls", "input_tokens", "output_tokens", "cache_read_tokens", "cache_write_5m_tokens", "cache_write_1h_tokens", "web_search_requests", "cost_pico", "input_cost_pico", "output_cost_pico", "cache_write_5m_cost_pico", "cache_write_1h_cost_pico", "cache_read_cost_pico", "web_search_cost_pico", "cache_read_full_cost_pico", "stop_end_turn", "stop_tool_use", "stop_max_tokens", "stop_sequence", "stop_pause_turn", "stop_refusal", "stop_context_exceeded")
SELECT "day", "feature", SUM("calls"), SUM("unpriced_calls"), SUM("input_tokens"), SUM("output_tokens"), SUM("cache_read_tokens"), SUM("cache_write_5m_tokens"), SUM("cache_write_1h_tokens"), SUM("web_search_requests"), SUM("cost_pico"), SUM("input_cost_pico"), SUM("output_cost_pico"), SUM("cache_write_5m_cost_pico"), SUM("cache_write_1h_cost_pico"), SUM("cache_read_cost_pico"), SUM("web_search_cost_pico"), SUM("cache_read_full_cost_pico"), SUM("stop_end_turn"), SUM("stop_tool_use"), SUM("stop_max_tokens"), SUM("stop_sequence"), SUM("stop_pause_turn"), SUM("stop_refusal"), SUM("stop_context_exceeded")
FROM "daily_usage" GROUP BY "day", "feature";
INSERT INTO "weekly_histograms" ("week", "model", "metric", "bucket", "calls")
SELECT date("day", '-' || ((CAST(strftime('%w', "day") AS INTEGER) + 6) % 7) || ' days'), "model", "metric", "bucket", SUM("calls")
FROM "daily_histograms" GROUP BY 1, "model", "metric", "bucket";
