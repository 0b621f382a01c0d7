-- The rows an import keeps while it checks them are scratch: deleted when the job ends, and staged again
-- from the stored upload when a job is run again (a crash empties an unlogged table; the job starts over).
-- Unlogged, 100,000 rows and their indexes write no WAL (and are not sent to a replica, which never reads them).
ALTER TABLE "import_job_rows" SET UNLOGGED;
