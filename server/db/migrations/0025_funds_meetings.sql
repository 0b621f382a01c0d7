CREATE TABLE "fund_approval_thresholds" (
	"county_code" varchar(6) PRIMARY KEY NOT NULL,
	"community_up_to_fen" bigint NOT NULL,
	"township_up_to_fen" bigint NOT NULL,
	"updated_by" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "fund_reservations" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"id" uuid NOT NULL,
	"fund_id" uuid NOT NULL,
	"project_id" uuid NOT NULL,
	"kind" varchar(12) NOT NULL,
	"amount_fen" bigint NOT NULL,
	"bucket" varchar(40),
	"payment_id" uuid,
	"note" text,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "meeting_files" (
	"id" uuid PRIMARY KEY NOT NULL,
	"meeting_id" uuid NOT NULL,
	"action_id" uuid,
	"update_id" integer,
	"kind" varchar(12) NOT NULL,
	"filename" text NOT NULL,
	"mime" varchar(64) NOT NULL,
	"size" integer NOT NULL,
	"data" "bytea" NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "meeting_reminders" (
	"id" serial PRIMARY KEY NOT NULL,
	"kind" varchar(12) NOT NULL,
	"subject_id" uuid NOT NULL,
	"recipient_key" varchar(80) NOT NULL,
	"texts" integer DEFAULT 0 NOT NULL,
	"sent_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "meeting_participants" ADD COLUMN "name_enc" text;--> statement-breakpoint
ALTER TABLE "meeting_participants" ADD COLUMN "name_masked" varchar(40);--> statement-breakpoint
ALTER TABLE "meeting_participants" ADD COLUMN "phone_enc" text;--> statement-breakpoint
ALTER TABLE "meeting_participants" ADD COLUMN "phone_masked" varchar(24);--> statement-breakpoint
CREATE UNIQUE INDEX "fund_reservations_id_idx" ON "fund_reservations" USING btree ("id");--> statement-breakpoint
CREATE INDEX "fund_reservations_fund_idx" ON "fund_reservations" USING btree ("fund_id");--> statement-breakpoint
CREATE INDEX "fund_reservations_project_idx" ON "fund_reservations" USING btree ("project_id");--> statement-breakpoint
CREATE INDEX "meeting_files_meeting_idx" ON "meeting_files" USING btree ("meeting_id");--> statement-breakpoint
CREATE INDEX "meeting_files_action_idx" ON "meeting_files" USING btree ("action_id");--> statement-breakpoint
CREATE UNIQUE INDEX "meeting_reminders_uq" ON "meeting_reminders" USING btree ("kind","subject_id","recipient_key");