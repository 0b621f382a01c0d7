CREATE TABLE "appeal_day_figures" (
	"county_code" varchar(6) NOT NULL,
	"day" date NOT NULL,
	"accepted" integer DEFAULT 0 NOT NULL,
	"handled" integer DEFAULT 0 NOT NULL,
	"handled_on_time" integer DEFAULT 0 NOT NULL,
	"response_valid" integer DEFAULT 0 NOT NULL,
	"responded_on_time" integer DEFAULT 0 NOT NULL,
	"field_collected" integer DEFAULT 0 NOT NULL,
	"on_spot" integer DEFAULT 0 NOT NULL,
	"handling_minutes_sum" bigint DEFAULT 0 NOT NULL,
	"handling_count" integer DEFAULT 0 NOT NULL,
	"closed" integer DEFAULT 0 NOT NULL,
	"closed_reworked" integer DEFAULT 0 NOT NULL,
	"rated" integer DEFAULT 0 NOT NULL,
	"evaluations" integer DEFAULT 0 NOT NULL,
	"solved" integer DEFAULT 0 NOT NULL,
	"satisfied" integer DEFAULT 0 NOT NULL,
	"basically_satisfied" integer DEFAULT 0 NOT NULL,
	"dissatisfied" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "appeal_day_figures_county_code_day_pk" PRIMARY KEY("county_code","day")
);
--> statement-breakpoint
CREATE INDEX "appeals_township_created_idx" ON "appeals" USING btree ("township_code","created_at","id");--> statement-breakpoint
CREATE INDEX "appeals_handling_due_idx" ON "appeals" USING btree ("handling_due_at","id") WHERE "appeals"."status" in ('dispatched', 'in_progress');--> statement-breakpoint
CREATE INDEX "appeals_unhandled_idx" ON "appeals" USING btree ("accepted_at") WHERE "appeals"."handled_at" is null;