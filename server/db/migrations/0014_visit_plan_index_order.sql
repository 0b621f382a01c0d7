DROP INDEX "visit_plan_items_household_date_uq";--> statement-breakpoint
DROP INDEX "visit_plans_worker_date_uq";--> statement-breakpoint
CREATE UNIQUE INDEX "visit_plan_items_date_household_uq" ON "visit_plan_items" USING btree ("date","household_id") WHERE status <> 'swapped_out';--> statement-breakpoint
CREATE UNIQUE INDEX "visit_plans_date_worker_uq" ON "visit_plans" USING btree ("date","worker_id");