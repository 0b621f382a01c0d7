CREATE INDEX "appeals_accepted_idx" ON "appeals" USING btree ("accepted_at");--> statement-breakpoint
CREATE INDEX "appeals_closed_idx" ON "appeals" USING btree ("closed_at");