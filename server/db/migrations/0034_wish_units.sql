ALTER TABLE "wish_helpers" ADD COLUMN "unit_id" uuid;--> statement-breakpoint
CREATE UNIQUE INDEX "wish_helpers_unit_uq" ON "wish_helpers" USING btree ("wish_id","unit_id");--> statement-breakpoint
CREATE INDEX "wish_helpers_unit_idx" ON "wish_helpers" USING btree ("unit_id");