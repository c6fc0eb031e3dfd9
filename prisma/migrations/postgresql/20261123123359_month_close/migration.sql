-- CreateTable
CREATE TABLE "month_closes" (
    "month" TEXT NOT NULL,
    "time_zone" TEXT NOT NULL,
    "snapshot" TEXT NOT NULL,
    "closed_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "month_closes_pkey" PRIMARY KEY ("month")
);
