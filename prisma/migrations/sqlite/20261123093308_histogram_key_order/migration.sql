-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_daily_histograms" (
    "day" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "metric" TEXT NOT NULL,
    "bucket" INTEGER NOT NULL,
    "calls" BIGINT NOT NULL,

    PRIMARY KEY ("metric", "day", "model", "bucket")
);
INSERT INTO "new_daily_histograms" ("bucket", "calls", "day", "metric", "model") SELECT "bucket", "calls", "day", "metric", "model" FROM "daily_histograms";
DROP TABLE "daily_histograms";
ALTER TABLE "new_daily_histograms" RENAME TO "daily_histograms";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
