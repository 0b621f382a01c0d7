-- The funds' ledger and reservations are append-only: a mistake is undone by a new entry, never by
-- editing or deleting one. A refusal carries SQLSTATE TS001, which the app's error handler answers
-- as 409 ledger_append_only (never a 5xx). Hand-written (drizzle-kit does not generate triggers):
-- keep it when regenerating migrations.
CREATE OR REPLACE FUNCTION tingsu_ledger_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'TS001';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER fund_entries_append_only BEFORE UPDATE OR DELETE ON fund_entries
  FOR EACH ROW EXECUTE FUNCTION tingsu_ledger_append_only();
--> statement-breakpoint
CREATE TRIGGER fund_entries_no_truncate BEFORE TRUNCATE ON fund_entries
  FOR EACH STATEMENT EXECUTE FUNCTION tingsu_ledger_append_only();
--> statement-breakpoint
CREATE TRIGGER fund_reservations_append_only BEFORE UPDATE OR DELETE ON fund_reservations
  FOR EACH ROW EXECUTE FUNCTION tingsu_ledger_append_only();
--> statement-breakpoint
CREATE TRIGGER fund_reservations_no_truncate BEFORE TRUNCATE ON fund_reservations
  FOR EACH STATEMENT EXECUTE FUNCTION tingsu_ledger_append_only();
