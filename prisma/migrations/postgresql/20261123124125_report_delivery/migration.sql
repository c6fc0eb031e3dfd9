-- CreateTable
CREATE TABLE "report_recipients" (
    "destination_id" INTEGER NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "report_recipients_pkey" PRIMARY KEY ("destination_id")
);

-- CreateTable
CREATE TABLE "report_deliveries" (
    "month" TEXT NOT NULL,
    "destination_id" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "last_error" TEXT,
    "next_attempt_at" TIMESTAMP(3) NOT NULL,
    "sent_at" TIMESTAMP(3),

    CONSTRAINT "report_deliveries_pkey" PRIMARY KEY ("month","destination_id")
);
