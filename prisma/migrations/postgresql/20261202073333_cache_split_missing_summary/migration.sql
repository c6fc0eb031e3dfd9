-- AlterTable
ALTER TABLE "daily_feature" ADD COLUMN     "cache_split_missing" BIGINT NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "daily_model" ADD COLUMN     "cache_split_missing" BIGINT NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "daily_model_feature" ADD COLUMN     "cache_split_missing" BIGINT NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "daily_usage" ADD COLUMN     "cache_split_missing" BIGINT NOT NULL DEFAULT 0;

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
