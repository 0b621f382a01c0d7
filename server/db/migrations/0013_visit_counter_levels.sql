CREATE INDEX "visit_area_figures_level_idx" ON "visit_area_figures" USING btree (length("code"),"code");--> statement-breakpoint
CREATE INDEX "visit_grid_firsts_level_idx" ON "visit_grid_firsts" USING btree (length("code"),"code","month","since");--> statement-breakpoint
CREATE INDEX "visit_grid_months_level_idx" ON "visit_grid_months" USING btree (length("code"),"code","month");