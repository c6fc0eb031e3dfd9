-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_daily_feature" (
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
    "cache_split_missing" BIGINT NOT NULL DEFAULT 0,

    PRIMARY KEY ("day", "feature")
);
INSERT INTO "new_daily_feature" ("cache_read_cost_pico", "cache_read_full_cost_pico", "cache_read_tokens", "cache_write_1h_cost_pico", "cache_write_1h_tokens", "cache_write_5m_cost_pico", "cache_write_5m_tokens", "calls", "cost_pico", "day", "feature", "input_cost_pico", "input_tokens", "output_cost_pico", "output_tokens", "stop_context_exceeded", "stop_end_turn", "stop_max_tokens", "stop_pause_turn", "stop_refusal", "stop_sequence", "stop_tool_use", "unpriced_calls", "web_search_cost_pico", "web_search_requests") SELECT "cache_read_cost_pico", "cache_read_full_cost_pico", "cache_read_tokens", "cache_write_1h_cost_pico", "cache_write_1h_tokens", "cache_write_5m_cost_pico", "cache_write_5m_tokens", "calls", "cost_pico", "day", "feature", "input_cost_pico", "input_tokens", "output_cost_pico", "output_tokens", "stop_context_exceeded", "stop_end_turn", "stop_max_tokens", "stop_pause_turn", "stop_refusal", "stop_sequence", "stop_tool_use", "unpriced_calls", "web_search_cost_pico", "web_search_requests" FROM "daily_feature";
DROP TABLE "daily_feature";
ALTER TABLE "new_daily_feature" RENAME TO "daily_feature";
CREATE TABLE "new_daily_model" (
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
    "cache_split_missing" BIGINT NOT NULL DEFAULT 0,

    PRIMARY KEY ("day", "model")
);
INSERT INTO "new_daily_model" ("cache_read_cost_pico", "cache_read_full_cost_pico", "cache_read_tokens", "cache_write_1h_cost_pico", "cache_write_1h_tokens", "cache_write_5m_cost_pico", "cache_write_5m_tokens", "calls", "cost_pico", "day", "input_cost_pico", "input_tokens", "model", "output_cost_pico", "output_tokens", "stop_context_exceeded", "stop_end_turn", "stop_max_tokens", "stop_pause_turn", "stop_refusal", "stop_sequence", "stop_tool_use", "unpriced_calls", "web_search_cost_pico", "web_search_requests") SELECT "cache_read_cost_pico", "cache_read_full_cost_pico", "cache_read_tokens", "cache_write_1h_cost_pico", "cache_write_1h_tokens", "cache_write_5m_cost_pico", "cache_write_5m_tokens", "calls", "cost_pico", "day", "input_cost_pico", "input_tokens", "model", "output_cost_pico", "output_tokens", "stop_context_exceeded", "stop_end_turn", "stop_max_tokens", "stop_pause_turn", "stop_refusal", "stop_sequence", "stop_tool_use", "unpriced_calls", "web_search_cost_pico", "web_search_requests" FROM "daily_model";
DROP TABLE "daily_model";
ALTER TABLE "new_daily_model" RENAME TO "daily_model";
CREATE TABLE "new_daily_model_feature" (
    "day" TEXT NOT NULL,
    "model" TEXT NOT NULL,
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
    "cache_split_missing" BIGINT NOT NULL DEFAULT 0,

    PRIMARY KEY ("day", "model", "feature")
);
INSERT INTO "new_daily_model_feature" ("cache_read_cost_pico", "cache_read_full_cost_pico", "cache_read_tokens", "cache_write_1h_cost_pico", "cache_write_1h_tokens", "cache_write_5m_cost_pico", "cache_write_5m_tokens", "calls", "cost_pico", "day", "feature", "input_cost_pico", "input_tokens", "model", "output_cost_pico", "output_tokens", "stop_context_exceeded", "stop_end_turn", "stop_max_tokens", "stop_pause_turn", "stop_refusal", "stop_sequence", "stop_tool_use", "unpriced_calls", "web_search_cost_pico", "web_search_requests") SELECT "cache_read_cost_pico", "cache_read_full_cost_pico", "cache_read_tokens", "cache_write_1h_cost_pico", "cache_write_1h_tokens", "cache_write_5m_cost_pico", "cache_write_5m_tokens", "calls", "cost_pico", "day", "feature", "input_cost_pico", "input_tokens", "model", "output_cost_pico", "output_tokens", "stop_context_exceeded", "stop_end_turn", "stop_max_tokens", "stop_pause_turn", "stop_refusal", "stop_sequence", "stop_tool_use", "unpriced_calls", "web_search_cost_pico", "web_search_requests" FROM "daily_model_feature";
DROP TABLE "daily_model_feature";
ALTER TABLE "new_daily_model_feature" RENAME TO "daily_model_feature";
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
    "cache_split_missing" BIGINT NOT NULL DEFAULT 0,

    PRIMARY KEY ("day", "model", "feature", "project", "service_tier")
);
INSERT INTO "new_daily_usage" ("cache_read_cost_pico", "cache_read_full_cost_pico", "cache_read_tokens", "cache_write_1h_cost_pico", "cache_write_1h_tokens", "cache_write_5m_cost_pico", "cache_write_5m_tokens", "calls", "cost_pico", "day", "feature", "input_cost_pico", "input_tokens", "model", "output_cost_pico", "output_tokens", "project", "service_tier", "stop_context_exceeded", "stop_end_turn", "stop_max_tokens", "stop_pause_turn", "stop_refusal", "stop_sequence", "stop_tool_use", "unpriced_calls", "web_search_cost_pico", "web_search_requests") SELECT "cache_read_cost_pico", "cache_read_full_cost_pico", "cache_read_tokens", "cache_write_1h_cost_pico", "cache_write_1h_tokens", "cache_write_5m_cost_pico", "cache_write_5m_tokens", "calls", "cost_pico", "day", "feature", "input_cost_pico", "input_tokens", "model", "output_cost_pico", "output_tokens", "project", "service_tier", "stop_context_exceeded", "stop_end_turn", "stop_max_tokens", "stop_pause_turn", "stop_refusal", "stop_sequence", "stop_tool_use", "unpriced_calls", "web_search_cost_pico", "web_search_requests" FROM "daily_usage";
DROP TABLE "daily_usage";
ALTER TABLE "new_daily_usage" RENAME TO "daily_usage";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- Backfill (hand-written): count the calls already stored without a cache-write split, in daily_usage
-- and then in each of its rollups.
UPDATE "daily_usage" SET "cache_split_missing" = "flagged"."n"
FROM (SELECT "day", "model", "feature", "project", "service_tier", COUNT(*) AS "n" FROM "calls"
      WHERE "quality" LIKE '%cache_split_missing%' GROUP BY "day", "model", "feature", "project", "service_tier") AS "flagged"
WHERE "daily_usage"."day" = "flagged"."day" AND "daily_usage"."model" = "flagged"."model" AND "daily_usage"."feature" = "flagged"."feature"
  AND "daily_usage"."project" = "flagged"."project" AND "daily_usage"."service_tier" = "flagged"."service_tier";
UPDATE "daily_model_feature" SET "cache_split_missing" = "flagged"."n"
FROM (SELECT "day", "model", "feature", SUM("cache_split_missing") AS "n" FROM "daily_usage"
      WHERE "cache_split_missing" > 0 GROUP BY "day", "model", "feature") AS "flagged"
WHERE "daily_model_feature"."day" = "flagged"."day" AND "daily_model_feature"."model" = "flagged"."model"
  AND "daily_model_feature"."feature" = "flagged"."feature";
UPDATE "daily_model" SET "cache_split_missing" = "flagged"."n"
FROM (SELECT "day", "model", SUM("cache_split_missing") AS "n" FROM "daily_usage"
      WHERE "cache_split_missing" > 0 GROUP BY "day", "model") AS "flagged"
WHERE "daily_model"."day" = "flagged"."day" AND "daily_model"."model" = "flagged"."model";
UPDATE "daily_feature" SET "cache_split_missing" = "flagged"."n"
FROM (SELECT "day", "feature", SUM("cache_split_missing") AS "n" FROM "daily_usage"
      WHERE "cache_split_missing" > 0 GROUP BY "day", "feature") AS "flagged"
WHERE "daily_feature"."day" = "flagged"."day" AND "daily_feature"."feature" = "flagged"."feature";
