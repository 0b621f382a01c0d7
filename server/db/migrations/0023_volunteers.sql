CREATE TABLE "volunteer_activities" (
	"id" uuid PRIMARY KEY NOT NULL,
	"region_code" varchar(15) NOT NULL,
	"team_id" uuid,
	"title" text NOT NULL,
	"place" text NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"slots" integer NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "activity_signups" (
	"id" uuid PRIMARY KEY NOT NULL,
	"activity_id" uuid NOT NULL,
	"helper_id" uuid NOT NULL,
	"region_code" varchar(15) NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"signed_in_at" timestamp with time zone,
	"minutes" integer,
	"recorded_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "helpers" (
	"id" uuid PRIMARY KEY NOT NULL,
	"region_code" varchar(15) NOT NULL,
	"kind" varchar(16) NOT NULL,
	"name" text NOT NULL,
	"phone_enc" text,
	"phone_bidx" varchar(64),
	"phone_masked" varchar(32),
	"work_unit" text,
	"unit_id" uuid,
	"team_id" uuid,
	"skills" text[] DEFAULT '{}' NOT NULL,
	"hours_offered" integer DEFAULT 0 NOT NULL,
	"status" varchar(16) DEFAULT 'active' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "needs" (
	"id" uuid PRIMARY KEY NOT NULL,
	"region_code" varchar(15) NOT NULL,
	"title" text NOT NULL,
	"detail" text,
	"kind" varchar(16) NOT NULL,
	"source" varchar(16) NOT NULL,
	"source_ref" text,
	"status" varchar(16) NOT NULL,
	"helper_id" uuid,
	"unit_id" uuid,
	"claimed_at" timestamp with time zone,
	"done_at" timestamp with time zone,
	"evidence" text,
	"confirmed_at" timestamp with time zone,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "paired_units" (
	"id" uuid PRIMARY KEY NOT NULL,
	"region_code" varchar(15) NOT NULL,
	"name" text NOT NULL,
	"kind" varchar(16) NOT NULL,
	"contact_name" text,
	"phone_enc" text,
	"phone_masked" varchar(32),
	"paired_since" date NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "resources" (
	"id" uuid PRIMARY KEY NOT NULL,
	"region_code" varchar(15) NOT NULL,
	"kind" varchar(16) NOT NULL,
	"title" text NOT NULL,
	"detail" text,
	"helper_id" uuid,
	"unit_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "unit_duties" (
	"id" uuid PRIMARY KEY NOT NULL,
	"unit_id" uuid NOT NULL,
	"region_code" varchar(15) NOT NULL,
	"title" text NOT NULL,
	"detail" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "volunteer_teams" (
	"id" uuid PRIMARY KEY NOT NULL,
	"region_code" varchar(15) NOT NULL,
	"name" text NOT NULL,
	"purpose" text,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "volunteer_activities_region_idx" ON "volunteer_activities" USING btree ("region_code","starts_at");--> statement-breakpoint
CREATE UNIQUE INDEX "activity_signups_uq" ON "activity_signups" USING btree ("activity_id","helper_id");--> statement-breakpoint
CREATE INDEX "activity_signups_helper_idx" ON "activity_signups" USING btree ("helper_id","recorded_at");--> statement-breakpoint
CREATE INDEX "helpers_region_idx" ON "helpers" USING btree ("region_code","kind");--> statement-breakpoint
CREATE INDEX "helpers_phone_idx" ON "helpers" USING btree ("phone_bidx");--> statement-breakpoint
CREATE INDEX "helpers_team_idx" ON "helpers" USING btree ("team_id");--> statement-breakpoint
CREATE INDEX "needs_region_idx" ON "needs" USING btree ("region_code","status");--> statement-breakpoint
CREATE INDEX "needs_helper_idx" ON "needs" USING btree ("helper_id");--> statement-breakpoint
CREATE INDEX "needs_unit_idx" ON "needs" USING btree ("unit_id");--> statement-breakpoint
CREATE UNIQUE INDEX "paired_units_region_name_uq" ON "paired_units" USING btree ("region_code","name");--> statement-breakpoint
CREATE INDEX "resources_region_idx" ON "resources" USING btree ("region_code","kind");--> statement-breakpoint
CREATE INDEX "unit_duties_unit_idx" ON "unit_duties" USING btree ("unit_id");--> statement-breakpoint
CREATE UNIQUE INDEX "volunteer_teams_region_name_uq" ON "volunteer_teams" USING btree ("region_code","name");