CREATE TABLE "household_visit_state" (
	"household_id" uuid PRIMARY KEY NOT NULL,
	"grid_code" varchar(15) NOT NULL,
	"last_visit_at" timestamp with time zone,
	"last_cadre_visit_at" timestamp with time zone,
	"last_attempt_at" timestamp with time zone,
	"nobody_home_windows" text[] DEFAULT '{}' NOT NULL,
	"visits" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "visit_photos" (
	"id" uuid PRIMARY KEY NOT NULL,
	"visit_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"filename" text NOT NULL,
	"mime" varchar(64) NOT NULL,
	"size" integer NOT NULL,
	"data" "bytea" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "visit_plan_items" (
	"id" uuid PRIMARY KEY NOT NULL,
	"plan_id" uuid NOT NULL,
	"household_id" uuid NOT NULL,
	"grid_code" varchar(15) NOT NULL,
	"window" varchar(16) NOT NULL,
	"seq" integer NOT NULL,
	"reason" text NOT NULL,
	"reason_codes" text[] DEFAULT '{}' NOT NULL,
	"status" varchar(16) DEFAULT 'planned' NOT NULL,
	"visit_id" uuid,
	"swapped_for" uuid,
	"swap_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "visit_plans" (
	"id" uuid PRIMARY KEY NOT NULL,
	"worker_id" uuid NOT NULL,
	"date" date NOT NULL,
	"grid_code" varchar(15) NOT NULL,
	"quota" integer NOT NULL,
	"source" varchar(16) NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "visit_settings" (
	"region_code" varchar(15) PRIMARY KEY NOT NULL,
	"daily_quota" integer DEFAULT 10 NOT NULL,
	"cadre_coverage_days" integer DEFAULT 182 NOT NULL,
	"far_meters" integer DEFAULT 300 NOT NULL,
	"windows" jsonb NOT NULL,
	"type_windows" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text
);
--> statement-breakpoint
CREATE TABLE "visits" (
	"id" uuid PRIMARY KEY NOT NULL,
	"client_id" varchar(64) NOT NULL,
	"household_id" uuid NOT NULL,
	"grid_code" varchar(15) NOT NULL,
	"worker_id" text NOT NULL,
	"worker_name" text NOT NULL,
	"by_cadre" boolean DEFAULT false NOT NULL,
	"plan_item_id" uuid,
	"window" varchar(16),
	"check_in_at" timestamp with time zone NOT NULL,
	"lon" double precision,
	"lat" double precision,
	"accuracy_m" integer,
	"distance_m" integer,
	"outcome" varchar(16) NOT NULL,
	"met_with" text,
	"situation" text,
	"finding" varchar(16) NOT NULL,
	"finding_note" text,
	"service_kind" varchar(16),
	"appeal_id" uuid,
	"appeal_number" varchar(32),
	"pending_appeal" jsonb,
	"change_status" varchar(16),
	"pending_change" jsonb,
	"flags" text[] DEFAULT '{}' NOT NULL,
	"photo_count" integer DEFAULT 0 NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "household_visit_state_grid_idx" ON "household_visit_state" USING btree ("grid_code","last_visit_at");--> statement-breakpoint
CREATE INDEX "visit_photos_visit_idx" ON "visit_photos" USING btree ("visit_id","seq");--> statement-breakpoint
CREATE INDEX "visit_plan_items_plan_idx" ON "visit_plan_items" USING btree ("plan_id","seq");--> statement-breakpoint
CREATE INDEX "visit_plan_items_household_idx" ON "visit_plan_items" USING btree ("household_id");--> statement-breakpoint
CREATE UNIQUE INDEX "visit_plans_worker_date_uq" ON "visit_plans" USING btree ("worker_id","date");--> statement-breakpoint
CREATE INDEX "visit_plans_grid_date_idx" ON "visit_plans" USING btree ("grid_code","date");--> statement-breakpoint
CREATE UNIQUE INDEX "visits_worker_client_uq" ON "visits" USING btree ("worker_id","client_id");--> statement-breakpoint
CREATE INDEX "visits_grid_time_idx" ON "visits" USING btree ("grid_code","check_in_at");--> statement-breakpoint
CREATE INDEX "visits_household_time_idx" ON "visits" USING btree ("household_id","check_in_at");--> statement-breakpoint
CREATE INDEX "visits_worker_time_idx" ON "visits" USING btree ("worker_id","check_in_at");