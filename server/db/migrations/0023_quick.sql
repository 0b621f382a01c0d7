CREATE TABLE "assessment_weights" (
	"region_code" varchar(15) PRIMARY KEY NOT NULL,
	"response" double precision NOT NULL,
	"resolution" double precision NOT NULL,
	"satisfaction" double precision NOT NULL,
	"updated_by" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "appeals" ADD COLUMN "fast_track" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "appeal_categories" ADD COLUMN "simple" boolean DEFAULT false NOT NULL;--> statement-breakpoint
CREATE INDEX "appeals_fast_track_idx" ON "appeals" USING btree ("handling_due_at") WHERE "appeals"."fast_track" and "appeals"."status" in ('dispatched', 'in_progress');