-- CreateTable
CREATE TABLE "chargeback_rules" (
    "id" SERIAL NOT NULL,
    "match" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "cost_centre" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "chargeback_rules_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "chargeback_rules_match_value_key" ON "chargeback_rules"("match", "value");
