-- CreateTable
CREATE TABLE "month_closes" (
    "month" TEXT NOT NULL PRIMARY KEY,
    "time_zone" TEXT NOT NULL,
    "snapshot" TEXT NOT NULL,
    "closed_at" DATETIME NOT NULL
);
