-- Staged rows are written once and read back whole, never queried inside: json keeps the text as sent
-- (jsonb converted every batch, about twice the cost of the insert).
ALTER TABLE "import_job_rows" ALTER COLUMN "data" SET DATA TYPE json USING "data"::json;
