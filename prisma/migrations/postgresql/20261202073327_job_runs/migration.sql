-- CreateTable
CREATE TABLE "job_runs" (
    "job" TEXT NOT NULL,
    "period" TEXT NOT NULL,
    "started_at_ms" BIGINT NOT NULL,
    "finished_at_ms" BIGINT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "owner" TEXT,
    "host" TEXT,
    "pid" INTEGER,
    "lease_until_ms" BIGINT,
    "result" TEXT,
    "last_error" TEXT,

    CONSTRAINT "job_runs_pkey" PRIMARY KEY ("job","period")
);
