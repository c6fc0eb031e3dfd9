-- AlterTable
ALTER TABLE "ingest_keys" ADD COLUMN     "project" TEXT;
