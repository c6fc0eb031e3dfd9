-- CreateTable
CREATE TABLE "admin_report_imports" (
    "id" SERIAL NOT NULL,
    "source" TEXT NOT NULL,
    "first_day" TEXT NOT NULL,
    "last_day" TEXT NOT NULL,
    "origin" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "lines" INTEGER NOT NULL,
    "imported_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "admin_report_imports_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "admin_report_lines" (
    "source" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "service_tier" TEXT NOT NULL,
    "token_type" TEXT NOT NULL,
    "amount_pico" BIGINT,
    "tokens" BIGINT,
    "import_id" INTEGER NOT NULL,
    "imported_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "admin_report_lines_pkey" PRIMARY KEY ("source","day","model","service_tier","token_type")
);

-- CreateIndex
CREATE INDEX "admin_report_imports_source_first_day_idx" ON "admin_report_imports"("source", "first_day");

-- CreateIndex
CREATE INDEX "admin_report_lines_import_id_idx" ON "admin_report_lines"("import_id");
