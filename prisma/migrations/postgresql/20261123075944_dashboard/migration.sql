-- DropIndex
DROP INDEX "calls_ts_ms_idx";

-- AlterTable
ALTER TABLE "calls" ADD COLUMN     "total_tokens" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "daily_usage" ADD COLUMN     "stop_context_exceeded" BIGINT NOT NULL DEFAULT 0,
ADD COLUMN     "stop_end_turn" BIGINT NOT NULL DEFAULT 0,
ADD COLUMN     "stop_max_tokens" BIGINT NOT NULL DEFAULT 0,
ADD COLUMN     "stop_pause_turn" BIGINT NOT NULL DEFAULT 0,
ADD COLUMN     "stop_refusal" BIGINT NOT NULL DEFAULT 0,
ADD COLUMN     "stop_sequence" BIGINT NOT NULL DEFAULT 0,
ADD COLUMN     "stop_tool_use" BIGINT NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "daily_histograms" (
    "day" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "metric" TEXT NOT NULL,
    "bucket" INTEGER NOT NULL,
    "calls" BIGINT NOT NULL,

    CONSTRAINT "daily_histograms_pkey" PRIMARY KEY ("day","model","metric","bucket")
);

-- CreateIndex
CREATE INDEX "calls_ts_ms_id_idx" ON "calls"("ts_ms", "id");

-- CreateIndex
CREATE INDEX "calls_cost_pico_id_idx" ON "calls"("cost_pico", "id");

-- CreateIndex
CREATE INDEX "calls_total_tokens_id_idx" ON "calls"("total_tokens", "id");

-- CreateIndex
CREATE INDEX "calls_user_id_ts_ms_idx" ON "calls"("user_id", "ts_ms");

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
