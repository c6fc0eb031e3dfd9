-- CreateTable
CREATE TABLE "report_recipients" (
    "destination_id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "report_deliveries" (
    "month" TEXT NOT NULL,
    "destination_id" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "last_error" TEXT,
    "next_attempt_at" DATETIME NOT NULL,
    "sent_at" DATETIME,

    PRIMARY KEY ("month", "destination_id")
);
