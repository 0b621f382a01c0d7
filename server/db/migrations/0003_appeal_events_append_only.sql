-- An appeal's timeline is history: nothing in it is changed or deleted (有诉必办, nothing silently dropped).
CREATE OR REPLACE FUNCTION tingsu_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER appeal_events_no_update BEFORE UPDATE OR DELETE ON appeal_events
  FOR EACH ROW EXECUTE FUNCTION tingsu_append_only();
--> statement-breakpoint
CREATE TRIGGER appeal_events_no_truncate BEFORE TRUNCATE ON appeal_events
  FOR EACH STATEMENT EXECUTE FUNCTION tingsu_append_only();
--> statement-breakpoint
CREATE TRIGGER appeals_no_delete BEFORE DELETE ON appeals
  FOR EACH ROW EXECUTE FUNCTION tingsu_append_only();
