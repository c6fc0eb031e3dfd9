-- CreateTable
CREATE TABLE "daily_histograms" (
    "day" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "metric" TEXT NOT NULL,
    "bucket" INTEGER NOT NULL,
    "calls" BIGINT NOT NULL,

    PRIMARY KEY ("day", "model", "metric", "bucket")
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_calls" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "ts_ms" BIGINT NOT NULL,
    "day" TEXT NOT NULL,
    "model_raw" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "feature" TEXT NOT NULL DEFAULT '',
    "project" TEXT NOT NULL DEFAULT '',
    "user_id" TEXT,
    "tags" TEXT,
    "input_tokens" INTEGER NOT NULL,
    "output_tokens" INTEGER NOT NULL,
    "cache_read_tokens" INTEGER NOT NULL,
    "cache_write_5m_tokens" INTEGER NOT NULL,
    "cache_write_1h_tokens" INTEGER NOT NULL,
    "web_search_requests" INTEGER NOT NULL,
    "web_fetch_requests" INTEGER NOT NULL,
    "total_tokens" INTEGER NOT NULL DEFAULT 0,
    "service_tier" TEXT NOT NULL,
    "inference_geo" TEXT,
    "speed" TEXT,
    "stop_reason" TEXT,
    "latency_ms" INTEGER,
    "priced" BOOLEAN NOT NULL,
    "cost_pico" BIGINT NOT NULL,
    "input_cost_pico" BIGINT NOT NULL,
    "output_cost_pico" BIGINT NOT NULL,
    "cache_write_5m_cost_pico" BIGINT NOT NULL,
    "cache_write_1h_cost_pico" BIGINT NOT NULL,
    "cache_read_cost_pico" BIGINT NOT NULL,
    "web_search_cost_pico" BIGINT NOT NULL,
    "cache_read_full_cost_pico" BIGINT NOT NULL,
    "price_entry_id" TEXT,
    "pricing_tier" TEXT,
    "quality" TEXT NOT NULL DEFAULT '',
    "source" TEXT NOT NULL DEFAULT 'api',
    "ingested_at_ms" BIGINT NOT NULL
);
INSERT INTO "new_calls" ("cache_read_cost_pico", "cache_read_full_cost_pico", "cache_read_tokens", "cache_write_1h_cost_pico", "cache_write_1h_tokens", "cache_write_5m_cost_pico", "cache_write_5m_tokens", "cost_pico", "day", "feature", "id", "inference_geo", "ingested_at_ms", "input_cost_pico", "input_tokens", "latency_ms", "model", "model_raw", "output_cost_pico", "output_tokens", "price_entry_id", "priced", "pricing_tier", "project", "quality", "service_tier", "source", "speed", "stop_reason", "tags", "ts_ms", "user_id", "web_fetch_requests", "web_search_cost_pico", "web_search_requests") SELECT "cache_read_cost_pico", "cache_read_full_cost_pico", "cache_read_tokens", "cache_write_1h_cost_pico", "cache_write_1h_tokens", "cache_write_5m_cost_pico", "cache_write_5m_tokens", "cost_pico", "day", "feature", "id", "inference_geo", "ingested_at_ms", "input_cost_pico", "input_tokens", "latency_ms", "model", "model_raw", "output_cost_pico", "output_tokens", "price_entry_id", "priced", "pricing_tier", "project", "quality", "service_tier", "source", "speed", "stop_reason", "tags", "ts_ms", "user_id", "web_fetch_requests", "web_search_cost_pico", "web_search_requests" FROM "calls";
DROP TABLE "calls";
ALTER TABLE "new_calls" RENAME TO "calls";
CREATE INDEX "calls_day_idx" ON "calls"("day");
CREATE INDEX "calls_ts_ms_id_idx" ON "calls"("ts_ms", "id");
CREATE INDEX "calls_cost_pico_id_idx" ON "calls"("cost_pico", "id");
CREATE INDEX "calls_total_tokens_id_idx" ON "calls"("total_tokens", "id");
CREATE INDEX "calls_model_ts_ms_idx" ON "calls"("model", "ts_ms");
CREATE INDEX "calls_feature_ts_ms_idx" ON "calls"("feature", "ts_ms");
CREATE INDEX "calls_user_id_ts_ms_idx" ON "calls"("user_id", "ts_ms");
CREATE INDEX "calls_source_idx" ON "calls"("source");
CREATE TABLE "new_daily_usage" (
    "day" TEXT NOT NULL,
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

    PRIMARY KEY ("day", "model", "feature", "project", "service_tier")
);
INSERT INTO "new_daily_usage" ("cache_read_cost_pico", "cache_read_full_cost_pico", "cache_read_tokens", "cache_write_1h_cost_pico", "cache_write_1h_tokens", "cache_write_5m_cost_pico", "cache_write_5m_tokens", "calls", "cost_pico", "day", "feature", "input_cost_pico", "input_tokens", "model", "output_cost_pico", "output_tokens", "project", "service_tier", "unpriced_calls", "web_search_cost_pico", "web_search_requests") SELECT "cache_read_cost_pico", "cache_read_full_cost_pico", "cache_read_tokens", "cache_write_1h_cost_pico", "cache_write_1h_tokens", "cache_write_5m_cost_pico", "cache_write_5m_tokens", "calls", "cost_pico", "day", "feature", "input_cost_pico", "input_tokens", "model", "output_cost_pico", "output_tokens", "project", "service_tier", "unpriced_calls", "web_search_cost_pico", "web_search_requests" FROM "daily_usage";
DROP TABLE "daily_usage";
ALTER TABLE "new_daily_usage" RENAME TO "daily_usage";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- Backfill (hand-written): derived columns for calls stored before this migration.
UPDATE "calls" SET "total_tokens" = "input_tokens" + "output_tokens" + "cache_read_tokens" + "cache_write_5m_tokens" + "cache_write_1h_tokens";
UPDATE "daily_usage" SET
  "stop_end_turn" = (SELECT COUNT(*) FROM "calls" c WHERE c."day" = "daily_usage"."day" AND c."model" = "daily_usage"."model" AND c."feature" = "daily_usage"."feature" AND c."project" = "daily_usage"."project" AND c."service_tier" = "daily_usage"."service_tier" AND c."stop_reason" = 'end_turn'),
  "stop_tool_use" = (SELECT COUNT(*) FROM "calls" c WHERE c."day" = "daily_usage"."day" AND c."model" = "daily_usage"."model" AND c."feature" = "daily_usage"."feature" AND c."project" = "daily_usage"."project" AND c."service_tier" = "daily_usage"."service_tier" AND c."stop_reason" = 'tool_use'),
  "stop_max_tokens" = (SELECT COUNT(*) FROM "calls" c WHERE c."day" = "daily_usage"."day" AND c."model" = "daily_usage"."model" AND c."feature" = "daily_usage"."feature" AND c."project" = "daily_usage"."project" AND c."service_tier" = "daily_usage"."service_tier" AND c."stop_reason" = 'max_tokens'),
  "stop_sequence" = (SELECT COUNT(*) FROM "calls" c WHERE c."day" = "daily_usage"."day" AND c."model" = "daily_usage"."model" AND c."feature" = "daily_usage"."feature" AND c."project" = "daily_usage"."project" AND c."service_tier" = "daily_usage"."service_tier" AND c."stop_reason" = 'stop_sequence'),
  "stop_pause_turn" = (SELECT COUNT(*) FROM "calls" c WHERE c."day" = "daily_usage"."day" AND c."model" = "daily_usage"."model" AND c."feature" = "daily_usage"."feature" AND c."project" = "daily_usage"."project" AND c."service_tier" = "daily_usage"."service_tier" AND c."stop_reason" = 'pause_turn'),
  "stop_refusal" = (SELECT COUNT(*) FROM "calls" c WHERE c."day" = "daily_usage"."day" AND c."model" = "daily_usage"."model" AND c."feature" = "daily_usage"."feature" AND c."project" = "daily_usage"."project" AND c."service_tier" = "daily_usage"."service_tier" AND c."stop_reason" = 'refusal'),
  "stop_context_exceeded" = (SELECT COUNT(*) FROM "calls" c WHERE c."day" = "daily_usage"."day" AND c."model" = "daily_usage"."model" AND c."feature" = "daily_usage"."feature" AND c."project" = "daily_usage"."project" AND c."service_tier" = "daily_usage"."service_tier" AND c."stop_reason" = 'model_context_window_exceeded');
-- daily_histograms is filled from the stored calls by the server at start (lib/server/histograms.ts).
