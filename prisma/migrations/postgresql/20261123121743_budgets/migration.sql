-- CreateTable
CREATE TABLE "budgets" (
    "id" SERIAL NOT NULL,
    "scope" TEXT NOT NULL,
    "value" TEXT NOT NULL DEFAULT '',
    "amount_usd" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "budgets_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "budgets_scope_value_key" ON "budgets"("scope", "value");
