-- CreateTable
CREATE TABLE "calls" (
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

-- CreateTable
CREATE TABLE "daily_usage" (
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

    PRIMARY KEY ("day", "model", "feature", "project", "service_tier")
);

-- CreateTable
CREATE TABLE "price_overrides" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "model" TEXT NOT NULL,
    "effective_from" TEXT NOT NULL,
    "effective_to" TEXT,
    "multiplier" TEXT,
    "input_usd_per_mtok" TEXT,
    "output_usd_per_mtok" TEXT,
    "cache_write_5m_usd_per_mtok" TEXT,
    "cache_write_1h_usd_per_mtok" TEXT,
    "cache_read_usd_per_mtok" TEXT,
    "note" TEXT,
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "reprice_runs" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "reason" TEXT NOT NULL,
    "calls" BIGINT NOT NULL,
    "changed_calls" BIGINT NOT NULL,
    "old_cost_pico" BIGINT NOT NULL,
    "new_cost_pico" BIGINT NOT NULL,
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "ingest_keys" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_used_at" DATETIME,
    "revoked_at" DATETIME
);

-- CreateTable
CREATE TABLE "meta" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "value" TEXT NOT NULL
);

-- CreateIndex
CREATE INDEX "calls_day_idx" ON "calls"("day");

-- CreateIndex
CREATE INDEX "calls_ts_ms_idx" ON "calls"("ts_ms");

-- CreateIndex
CREATE INDEX "calls_model_ts_ms_idx" ON "calls"("model", "ts_ms");

-- CreateIndex
CREATE INDEX "calls_feature_ts_ms_idx" ON "calls"("feature", "ts_ms");

-- CreateIndex
CREATE INDEX "calls_source_idx" ON "calls"("source");

-- CreateIndex
CREATE UNIQUE INDEX "ingest_keys_hash_key" ON "ingest_keys"("hash");
