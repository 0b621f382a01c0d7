ALTER TABLE "visits" ADD COLUMN "dispute_summary" text;--> statement-breakpoint
ALTER TABLE "visits" ADD COLUMN "mediation_case_id" uuid;--> statement-breakpoint
ALTER TABLE "visits" ADD COLUMN "mediation_case_number" varchar(32);--> statement-breakpoint
CREATE INDEX "visits_dispute_time_idx" ON "visits" USING btree ("check_in_at","grid_code") WHERE finding = 'dispute';