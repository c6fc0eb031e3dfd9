-- CreateTable
CREATE TABLE "chargeback_rules" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "match" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "cost_centre" TEXT NOT NULL,
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE UNIQUE INDEX "chargeback_rules_match_value_key" ON "chargeback_rules"("match", "value");
