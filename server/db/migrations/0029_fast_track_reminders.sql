CREATE TABLE "assessment_weights" (
	"region_code" varchar(15) PRIMARY KEY NOT NULL,
	"response" double precision NOT NULL,
	"resolution" double precision NOT NULL,
	"satisfaction" double precision NOT NULL,
	"updated_by" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dated_items" (
	"id" uuid PRIMARY KEY NOT NULL,
	"kind" varchar(32) NOT NULL,
	"person_id" uuid,
	"household_id" uuid,
	"enterprise_id" uuid,
	"region_code" varchar(15) NOT NULL,
	"due_date" date NOT NULL,
	"note" text,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reminder_kinds" (
	"code" varchar(32) PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"subject" varchar(16) NOT NULL,
	"days_before" jsonb NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"sort" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reminder_sends" (
	"item_id" uuid NOT NULL,
	"threshold" integer NOT NULL,
	"sent_at" timestamp with time zone NOT NULL,
	CONSTRAINT "reminder_sends_item_id_threshold_pk" PRIMARY KEY("item_id","threshold")
);
--> statement-breakpoint
ALTER TABLE "appeals" ADD COLUMN "fast_track" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "appeal_categories" ADD COLUMN "simple" boolean DEFAULT false NOT NULL;--> statement-breakpoint
CREATE INDEX "dated_items_due_idx" ON "dated_items" USING btree ("due_date");--> statement-breakpoint
CREATE INDEX "dated_items_region_idx" ON "dated_items" USING btree ("region_code","due_date");--> statement-breakpoint
CREATE INDEX "dated_items_household_idx" ON "dated_items" USING btree ("household_id");--> statement-breakpoint
CREATE INDEX "appeals_fast_track_idx" ON "appeals" USING btree ("handling_due_at") WHERE "appeals"."fast_track" and "appeals"."status" in ('dispatched', 'in_progress');