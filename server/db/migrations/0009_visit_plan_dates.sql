DROP INDEX "visit_plan_items_household_idx";--> statement-breakpoint
ALTER TABLE "visit_plan_items" ADD COLUMN "date" date;--> statement-breakpoint
UPDATE "visit_plan_items" i SET "date" = p."date" FROM "visit_plans" p WHERE p."id" = i."plan_id";--> statement-breakpoint
ALTER TABLE "visit_plan_items" ALTER COLUMN "date" SET NOT NULL;--> statement-breakpoint
CREATE INDEX "visit_plan_items_grid_date_idx" ON "visit_plan_items" USING btree ("grid_code","date");--> statement-breakpoint
CREATE UNIQUE INDEX "visit_plan_items_household_date_uq" ON "visit_plan_items" USING btree ("household_id","date") WHERE status <> 'swapped_out';--> statement-breakpoint
CREATE INDEX "visits_time_idx" ON "visits" USING btree ("check_in_at");
