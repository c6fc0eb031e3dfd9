-- AlterTable
ALTER TABLE "daily_histograms" DROP CONSTRAINT "daily_histograms_pkey",
ADD CONSTRAINT "daily_histograms_pkey" PRIMARY KEY ("metric", "day", "model", "bucket");
