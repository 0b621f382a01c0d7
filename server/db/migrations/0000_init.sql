CREATE TABLE "audit_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_kind" varchar(16) NOT NULL,
	"actor_id" text,
	"actor_name" text NOT NULL,
	"action" varchar(64) NOT NULL,
	"target_type" varchar(32),
	"target_id" text,
	"region_code" varchar(15) DEFAULT '' NOT NULL,
	"ip" text,
	"user_agent" text,
	"request_id" text,
	"details" jsonb
);
--> statement-breakpoint
CREATE TABLE "appeal_categories" (
	"code" varchar(32) PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"parent_code" varchar(32),
	"level" integer NOT NULL,
	"sort" integer DEFAULT 0 NOT NULL,
	"active" boolean DEFAULT true NOT NULL
);
--> statement-breakpoint
CREATE TABLE "grid_workers" (
	"grid_code" varchar(15) NOT NULL,
	"user_id" uuid NOT NULL,
	"kind" varchar(16) DEFAULT 'full_time' NOT NULL,
	"note" text,
	CONSTRAINT "grid_workers_grid_code_user_id_pk" PRIMARY KEY("grid_code","user_id")
);
--> statement-breakpoint
CREATE TABLE "grids" (
	"code" varchar(15) PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"village_code" varchar(12) NOT NULL,
	"kind" varchar(16) DEFAULT 'basic' NOT NULL,
	"polygon" jsonb NOT NULL,
	"min_lon" double precision NOT NULL,
	"min_lat" double precision NOT NULL,
	"max_lon" double precision NOT NULL,
	"max_lat" double precision NOT NULL,
	"centroid_lon" double precision NOT NULL,
	"centroid_lat" double precision NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "org_categories" (
	"org_id" uuid NOT NULL,
	"category_code" varchar(32) NOT NULL,
	CONSTRAINT "org_categories_org_id_category_code_pk" PRIMARY KEY("org_id","category_code")
);
--> statement-breakpoint
CREATE TABLE "orgs" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"kind" varchar(24) NOT NULL,
	"region_code" varchar(15) NOT NULL,
	"phone" varchar(32),
	"description" text,
	"active" boolean DEFAULT true NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "regions" (
	"code" varchar(12) PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"level" varchar(16) NOT NULL,
	"parent_code" varchar(12),
	"pinyin" text DEFAULT '' NOT NULL,
	"initials" varchar(64) DEFAULT '' NOT NULL,
	"depth" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "api_keys" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"key_prefix" varchar(16) NOT NULL,
	"key_hash" varchar(64) NOT NULL,
	"roles" text[] NOT NULL,
	"region_code" varchar(15) NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "login_failures" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"username" varchar(64) NOT NULL,
	"ip" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"token_hash" varchar(64) PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"csrf_token" varchar(64) NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"ip" text,
	"user_agent" text
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY NOT NULL,
	"username" varchar(64) NOT NULL,
	"display_name" text NOT NULL,
	"password_hash" text NOT NULL,
	"roles" text[] NOT NULL,
	"region_code" varchar(15) NOT NULL,
	"org_id" uuid,
	"grid_worker_kind" varchar(16),
	"disabled" boolean DEFAULT false NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_login_at" timestamp with time zone,
	"password_changed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE INDEX "audit_log_at_idx" ON "audit_log" USING btree ("at");--> statement-breakpoint
CREATE INDEX "audit_log_region_at_idx" ON "audit_log" USING btree ("region_code","at");--> statement-breakpoint
CREATE INDEX "audit_log_action_idx" ON "audit_log" USING btree ("action","at");--> statement-breakpoint
CREATE INDEX "appeal_categories_parent_idx" ON "appeal_categories" USING btree ("parent_code");--> statement-breakpoint
CREATE INDEX "grid_workers_user_idx" ON "grid_workers" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "grids_village_idx" ON "grids" USING btree ("village_code");--> statement-breakpoint
CREATE INDEX "grids_bbox_idx" ON "grids" USING btree ("min_lon","max_lon","min_lat","max_lat");--> statement-breakpoint
CREATE INDEX "org_categories_category_idx" ON "org_categories" USING btree ("category_code");--> statement-breakpoint
CREATE UNIQUE INDEX "orgs_region_name_uq" ON "orgs" USING btree ("region_code","name");--> statement-breakpoint
CREATE INDEX "orgs_region_idx" ON "orgs" USING btree ("region_code");--> statement-breakpoint
CREATE INDEX "regions_parent_idx" ON "regions" USING btree ("parent_code");--> statement-breakpoint
CREATE INDEX "regions_initials_idx" ON "regions" USING btree ("initials");--> statement-breakpoint
CREATE INDEX "regions_name_idx" ON "regions" USING btree ("name");--> statement-breakpoint
CREATE UNIQUE INDEX "api_keys_hash_uq" ON "api_keys" USING btree ("key_hash");--> statement-breakpoint
CREATE INDEX "login_failures_username_at_idx" ON "login_failures" USING btree ("username","at");--> statement-breakpoint
CREATE INDEX "sessions_user_idx" ON "sessions" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "sessions_expires_idx" ON "sessions" USING btree ("expires_at");--> statement-breakpoint
CREATE UNIQUE INDEX "users_username_uq" ON "users" USING btree ("username");--> statement-breakpoint
CREATE INDEX "users_region_idx" ON "users" USING btree ("region_code");--> statement-breakpoint
CREATE INDEX "users_org_idx" ON "users" USING btree ("org_id");