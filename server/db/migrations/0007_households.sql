CREATE TABLE "buildings" (
	"id" uuid PRIMARY KEY NOT NULL,
	"grid_code" varchar(15) NOT NULL,
	"seq" integer NOT NULL,
	"compound_id" uuid,
	"name" text NOT NULL,
	"units" integer,
	"floors" integer,
	"property_company" text,
	"responsible_user_id" uuid,
	"lon" double precision,
	"lat" double precision,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "compounds" (
	"id" uuid PRIMARY KEY NOT NULL,
	"grid_code" varchar(15) NOT NULL,
	"seq" integer NOT NULL,
	"name" text NOT NULL,
	"property_company" text,
	"property_phone" varchar(32),
	"responsible_user_id" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "grid_changes" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"grid_code" varchar(15) NOT NULL,
	"action" varchar(16) NOT NULL,
	"related" text[] DEFAULT '{}' NOT NULL,
	"changed" text[] DEFAULT '{}' NOT NULL,
	"reason" text,
	"actor_id" text NOT NULL,
	"actor_name" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "grid_duties" (
	"id" uuid PRIMARY KEY NOT NULL,
	"grid_code" varchar(15) NOT NULL,
	"title" text NOT NULL,
	"description" text,
	"basis" text,
	"status" varchar(16) DEFAULT 'pending' NOT NULL,
	"requested_by" text NOT NULL,
	"requested_by_name" text NOT NULL,
	"requested_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_by" text,
	"decided_by_name" text,
	"decided_at" timestamp with time zone,
	"decision_note" text,
	"removed_by" text,
	"removed_at" timestamp with time zone,
	"removed_reason" text
);
--> statement-breakpoint
CREATE TABLE "grid_revision" (
	"id" integer PRIMARY KEY NOT NULL,
	"revision" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "household_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"household_id" uuid NOT NULL,
	"grid_code" varchar(15) NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"source" varchar(16) NOT NULL,
	"kind" varchar(32) NOT NULL,
	"summary" text NOT NULL,
	"ref_type" varchar(24),
	"ref_id" text,
	"data" jsonb,
	"actor_id" text,
	"actor_name" text
);
--> statement-breakpoint
CREATE TABLE "household_members" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"person_id" uuid NOT NULL,
	"household_id" uuid NOT NULL,
	"relation" varchar(16),
	"joined_at" timestamp with time zone DEFAULT now() NOT NULL,
	"left_at" timestamp with time zone,
	"reason" text
);
--> statement-breakpoint
CREATE TABLE "household_tags" (
	"code" varchar(32) PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"name_en" text NOT NULL,
	"vulnerable" boolean DEFAULT true NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"sort" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "households" (
	"id" uuid PRIMARY KEY NOT NULL,
	"grid_code" varchar(15) NOT NULL,
	"address_kind" varchar(16) NOT NULL,
	"building_id" uuid,
	"unit" varchar(16),
	"floor" integer,
	"room" varchar(16),
	"village_group" varchar(32),
	"house_number" varchar(32),
	"address" text NOT NULL,
	"address_key" text NOT NULL,
	"type" varchar(24) DEFAULT 'ordinary' NOT NULL,
	"tags" text[] DEFAULT '{}' NOT NULL,
	"risk_level" varchar(8) DEFAULT 'none' NOT NULL,
	"risk_notes" text,
	"head_person_id" uuid,
	"member_count" integer DEFAULT 0 NOT NULL,
	"visit_interval_days" integer DEFAULT 182 NOT NULL,
	"lon" double precision,
	"lat" double precision,
	"status" varchar(16) DEFAULT 'active' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "import_job_errors" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"job_id" uuid NOT NULL,
	"row" integer NOT NULL,
	"column" text NOT NULL,
	"reason" text NOT NULL,
	"reason_en" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "import_jobs" (
	"id" uuid PRIMARY KEY NOT NULL,
	"kind" varchar(24) DEFAULT 'households' NOT NULL,
	"mode" varchar(16) NOT NULL,
	"status" varchar(16) NOT NULL,
	"file_name" text NOT NULL,
	"file_sha256" varchar(64) NOT NULL,
	"total" integer DEFAULT 0 NOT NULL,
	"done" integer DEFAULT 0 NOT NULL,
	"error_rows" integer DEFAULT 0 NOT NULL,
	"households_created" integer DEFAULT 0 NOT NULL,
	"households_updated" integer DEFAULT 0 NOT NULL,
	"people_created" integer DEFAULT 0 NOT NULL,
	"people_updated" integer DEFAULT 0 NOT NULL,
	"unchanged" integer DEFAULT 0 NOT NULL,
	"message" text,
	"region_code" varchar(15) NOT NULL,
	"actor_id" text NOT NULL,
	"actor_name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"heartbeat_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "people" (
	"id" uuid PRIMARY KEY NOT NULL,
	"household_id" uuid,
	"grid_code" varchar(15) NOT NULL,
	"name" text NOT NULL,
	"relation" varchar(16),
	"id_number_enc" text,
	"id_number_bidx" varchar(64),
	"id_number_masked" varchar(24),
	"phone_enc" text,
	"phone_bidx" varchar(64),
	"phone_masked" varchar(32),
	"birth_date" date,
	"sex" varchar(8),
	"user_id" uuid,
	"status" varchar(16) DEFAULT 'active' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "record_changes" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"entity_type" varchar(16) NOT NULL,
	"entity_id" uuid NOT NULL,
	"household_id" uuid,
	"grid_code" varchar(15) NOT NULL,
	"version" integer NOT NULL,
	"action" varchar(16) NOT NULL,
	"changes" jsonb NOT NULL,
	"reason" text,
	"revert_of" integer,
	"import_job_id" uuid,
	"actor_id" text NOT NULL,
	"actor_name" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "visit_rules" (
	"id" serial PRIMARY KEY NOT NULL,
	"household_type" varchar(24),
	"tag_code" varchar(32),
	"risk_level" varchar(8),
	"interval_days" integer NOT NULL,
	"note" text
);
--> statement-breakpoint
ALTER TABLE "grid_workers" ADD COLUMN "assigned_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "grids" ADD COLUMN "sub_kind" varchar(24);--> statement-breakpoint
ALTER TABLE "grids" ADD COLUMN "party_org_name" text;--> statement-breakpoint
ALTER TABLE "grids" ADD COLUMN "party_org_kind" varchar(16);--> statement-breakpoint
ALTER TABLE "grids" ADD COLUMN "status" varchar(16) DEFAULT 'active' NOT NULL;--> statement-breakpoint
ALTER TABLE "grids" ADD COLUMN "retired_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "grids" ADD COLUMN "retired_into" varchar(15);--> statement-breakpoint
ALTER TABLE "grids" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "buildings_grid_seq_uq" ON "buildings" USING btree ("grid_code","seq");--> statement-breakpoint
CREATE INDEX "buildings_grid_name_idx" ON "buildings" USING btree ("grid_code","name");--> statement-breakpoint
CREATE INDEX "buildings_compound_idx" ON "buildings" USING btree ("compound_id");--> statement-breakpoint
CREATE UNIQUE INDEX "compounds_grid_seq_uq" ON "compounds" USING btree ("grid_code","seq");--> statement-breakpoint
CREATE INDEX "compounds_grid_name_idx" ON "compounds" USING btree ("grid_code","name");--> statement-breakpoint
CREATE INDEX "grid_changes_grid_idx" ON "grid_changes" USING btree ("grid_code","at");--> statement-breakpoint
CREATE INDEX "grid_duties_grid_idx" ON "grid_duties" USING btree ("grid_code","status");--> statement-breakpoint
CREATE INDEX "household_events_household_idx" ON "household_events" USING btree ("household_id","at");--> statement-breakpoint
CREATE INDEX "household_members_person_idx" ON "household_members" USING btree ("person_id","joined_at");--> statement-breakpoint
CREATE INDEX "household_members_household_idx" ON "household_members" USING btree ("household_id");--> statement-breakpoint
CREATE UNIQUE INDEX "households_address_key_uq" ON "households" USING btree ("address_key");--> statement-breakpoint
CREATE INDEX "households_grid_idx" ON "households" USING btree ("grid_code","address");--> statement-breakpoint
CREATE INDEX "households_building_idx" ON "households" USING btree ("building_id");--> statement-breakpoint
CREATE INDEX "import_job_errors_job_idx" ON "import_job_errors" USING btree ("job_id","row");--> statement-breakpoint
CREATE INDEX "import_jobs_actor_idx" ON "import_jobs" USING btree ("actor_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "people_id_number_bidx_uq" ON "people" USING btree ("id_number_bidx");--> statement-breakpoint
CREATE INDEX "people_phone_bidx_idx" ON "people" USING btree ("phone_bidx");--> statement-breakpoint
CREATE INDEX "people_household_idx" ON "people" USING btree ("household_id");--> statement-breakpoint
CREATE INDEX "people_name_idx" ON "people" USING btree ("name" text_pattern_ops,"grid_code");--> statement-breakpoint
CREATE INDEX "people_grid_idx" ON "people" USING btree ("grid_code");--> statement-breakpoint
CREATE INDEX "record_changes_entity_idx" ON "record_changes" USING btree ("entity_id","id");--> statement-breakpoint
CREATE INDEX "record_changes_household_idx" ON "record_changes" USING btree ("household_id","id");