-- CreateTable
CREATE TABLE "daily_projection" (
    "day" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "feature" TEXT NOT NULL,
    "project" TEXT NOT NULL,
    "service_tier" TEXT NOT NULL,
    "us" INTEGER NOT NULL,
    "speed" TEXT NOT NULL,
    "priced" INTEGER NOT NULL,
    "band" INTEGER NOT NULL,
    "calls" BIGINT NOT NULL,
    "input_tokens" BIGINT NOT NULL,
    "output_tokens" BIGINT NOT NULL,
    "cache_read_tokens" BIGINT NOT NULL,
    "cache_write_5m_tokens" BIGINT NOT NULL,
    "cache_write_1h_tokens" BIGINT NOT NULL,
    "web_search_requests" BIGINT NOT NULL,
    "cost_pico" BIGINT NOT NULL,

    CONSTRAINT "daily_projection_pkey" PRIMARY KEY ("day","model","feature","project","service_tier","us","speed","priced","band")
);

-- CreateTable
CREATE TABLE "daily_projection_model_feature" (
    "day" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "feature" TEXT NOT NULL,
    "service_tier" TEXT NOT NULL,
    "us" INTEGER NOT NULL,
    "speed" TEXT NOT NULL,
    "priced" INTEGER NOT NULL,
    "band" INTEGER NOT NULL,
    "calls" BIGINT NOT NULL,
    "input_tokens" BIGINT NOT NULL,
    "output_tokens" BIGINT NOT NULL,
    "cache_read_tokens" BIGINT NOT NULL,
    "cache_write_5m_tokens" BIGINT NOT NULL,
    "cache_write_1h_tokens" BIGINT NOT NULL,
    "web_search_requests" BIGINT NOT NULL,
    "cost_pico" BIGINT NOT NULL,

    CONSTRAINT "daily_projection_model_feature_pkey" PRIMARY KEY ("day","model","feature","service_tier","us","speed","priced","band")
);

-- Backfill (hand-written): the projection summary from the calls already stored, bands counted against
-- the cuts of this version's price book (the server rebuilds it when they change).
INSERT INTO daily_projection (day, model, feature, project, service_tier, us, speed, priced, band, calls, input_tokens, output_tokens, cache_read_tokens, cache_write_5m_tokens, cache_write_1h_tokens, web_search_requests, cost_pico)
  SELECT day, model, feature, project, service_tier, CASE WHEN inference_geo = 'us' THEN 1 ELSE 0 END, COALESCE(speed, ''),
  CASE WHEN priced THEN 1 ELSE 0 END, CASE WHEN (input_tokens + cache_read_tokens + cache_write_5m_tokens + cache_write_1h_tokens) > 1350000 THEN 15 WHEN (input_tokens + cache_read_tokens + cache_write_5m_tokens + cache_write_1h_tokens) > 1300000 THEN 14 WHEN (input_tokens + cache_read_tokens + cache_write_5m_tokens + cache_write_1h_tokens) > 1000000 THEN 13 WHEN (input_tokens + cache_read_tokens + cache_write_5m_tokens + cache_write_1h_tokens) > 769230 THEN 12 WHEN (input_tokens + cache_read_tokens + cache_write_5m_tokens + cache_write_1h_tokens) > 740740 THEN 11 WHEN (input_tokens + cache_read_tokens + cache_write_5m_tokens + cache_write_1h_tokens) > 270000 THEN 10 WHEN (input_tokens + cache_read_tokens + cache_write_5m_tokens + cache_write_1h_tokens) > 260000 THEN 9 WHEN (input_tokens + cache_read_tokens + cache_write_5m_tokens + cache_write_1h_tokens) > 200000 THEN 8 WHEN (input_tokens + cache_read_tokens + cache_write_5m_tokens + cache_write_1h_tokens) > 153846 THEN 7 WHEN (input_tokens + cache_read_tokens + cache_write_5m_tokens + cache_write_1h_tokens) > 148148 THEN 6 WHEN (input_tokens + cache_read_tokens + cache_write_5m_tokens + cache_write_1h_tokens) > 135000 THEN 5 WHEN (input_tokens + cache_read_tokens + cache_write_5m_tokens + cache_write_1h_tokens) > 130000 THEN 4 WHEN (input_tokens + cache_read_tokens + cache_write_5m_tokens + cache_write_1h_tokens) > 100000 THEN 3 WHEN (input_tokens + cache_read_tokens + cache_write_5m_tokens + cache_write_1h_tokens) > 76923 THEN 2 WHEN (input_tokens + cache_read_tokens + cache_write_5m_tokens + cache_write_1h_tokens) > 74074 THEN 1 ELSE 0 END, COUNT(*), SUM(input_tokens), SUM(output_tokens), SUM(cache_read_tokens), SUM(cache_write_5m_tokens), SUM(cache_write_1h_tokens), SUM(web_search_requests), SUM(cost_pico)
  FROM calls GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9;
INSERT INTO daily_projection_model_feature (day, model, feature, service_tier, us, speed, priced, band, calls, input_tokens, output_tokens, cache_read_tokens, cache_write_5m_tokens, cache_write_1h_tokens, web_search_requests, cost_pico)
  SELECT day, model, feature, service_tier, us, speed, priced, band, SUM(calls), SUM(input_tokens), SUM(output_tokens), SUM(cache_read_tokens), SUM(cache_write_5m_tokens), SUM(cache_write_1h_tokens), SUM(web_search_requests), SUM(cost_pico)
  FROM daily_projection GROUP BY day, model, feature, service_tier, us, speed, priced, band;
INSERT INTO meta (key, value) VALUES ('projection_cuts', '74074,76923,100000,130000,135000,148148,153846,200000,260000,270000,740740,769230,1000000,1300000,1350000');
