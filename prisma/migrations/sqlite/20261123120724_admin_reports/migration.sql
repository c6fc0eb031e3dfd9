-- CreateTable
CREATE TABLE "admin_report_imports" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "source" TEXT NOT NULL,
    "first_day" TEXT NOT NULL,
    "last_day" TEXT NOT NULL,
    "origin" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "lines" INTEGER NOT NULL,
    "imported_at" DATETIME NOT NULL
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
    "imported_at" DATETIME NOT NULL,

    PRIMARY KEY ("source", "day", "model", "service_tier", "token_type")
);

-- CreateIndex
CREATE INDEX "admin_report_imports_source_first_day_idx" ON "admin_report_imports"("source", "first_day");

-- CreateIndex
CREATE INDEX "admin_report_lines_import_id_idx" ON "admin_report_lines"("import_id");
