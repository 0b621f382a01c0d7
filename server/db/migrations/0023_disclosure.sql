CREATE TABLE "disclosure_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"request_id" uuid NOT NULL,
	"action" varchar(32) NOT NULL,
	"note" text,
	"on_day" varchar(10) NOT NULL,
	"by" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "disclosure_requests" (
	"id" uuid PRIMARY KEY NOT NULL,
	"region_code" varchar(15) NOT NULL,
	"applicant_kind" varchar(8) NOT NULL,
	"applicant_name_enc" text NOT NULL,
	"applicant_name_masked" varchar(64) NOT NULL,
	"applicant_phone_enc" text,
	"subject" text NOT NULL,
	"status" varchar(24) NOT NULL,
	"received_on" varchar(10) NOT NULL,
	"clock_from" varchar(10) NOT NULL,
	"due_on" varchar(10) NOT NULL,
	"correction_used" boolean DEFAULT false NOT NULL,
	"extension_days" integer DEFAULT 0 NOT NULL,
	"consult_from" varchar(10),
	"paused_days" integer DEFAULT 0 NOT NULL,
	"outcome" varchar(24),
	"reason" text,
	"answered_on" varchar(10),
	"working_days" integer,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE INDEX "disclosure_events_request_idx" ON "disclosure_events" USING btree ("request_id","id");--> statement-breakpoint
CREATE INDEX "disclosure_requests_region_idx" ON "disclosure_requests" USING btree ("region_code","received_on");--> statement-breakpoint
CREATE INDEX "disclosure_requests_status_idx" ON "disclosure_requests" USING btree ("status","due_on");