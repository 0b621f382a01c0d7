CREATE TABLE "wish_campaigns" (
	"id" uuid PRIMARY KEY NOT NULL,
	"region_code" varchar(15) NOT NULL,
	"name" text NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	"age_min" integer,
	"age_max" integer,
	"required_tag" varchar(32),
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "wish_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"wish_id" uuid NOT NULL,
	"action" varchar(16) NOT NULL,
	"from_status" varchar(16),
	"to_status" varchar(16) NOT NULL,
	"actor_id" text NOT NULL,
	"actor_name" text NOT NULL,
	"note" text,
	"data" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "wish_helpers" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"wish_id" uuid NOT NULL,
	"kind" varchar(16) NOT NULL,
	"name" text NOT NULL,
	"phone_enc" text,
	"phone_bidx" varchar(64),
	"phone_masked" varchar(32),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "wish_photos" (
	"id" uuid PRIMARY KEY NOT NULL,
	"wish_id" uuid NOT NULL,
	"taken_on" date NOT NULL,
	"filename" text NOT NULL,
	"mime" varchar(64) NOT NULL,
	"size" integer NOT NULL,
	"data" "bytea" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "wishes" (
	"id" uuid PRIMARY KEY NOT NULL,
	"campaign_id" uuid NOT NULL,
	"region_code" varchar(15) NOT NULL,
	"person_id" uuid NOT NULL,
	"household_id" uuid NOT NULL,
	"initial" varchar(8) NOT NULL,
	"age" integer NOT NULL,
	"kind" varchar(8) NOT NULL,
	"content" text NOT NULL,
	"status" varchar(16) NOT NULL,
	"collected_by" text NOT NULL,
	"collected_at" timestamp with time zone DEFAULT now() NOT NULL,
	"claimed_at" timestamp with time zone,
	"fulfilled_at" timestamp with time zone,
	"fulfilled_on" date,
	"confirmed_at" timestamp with time zone,
	"confirm_method" varchar(16),
	"thanks" text,
	"thanked_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE INDEX "wish_campaigns_region_idx" ON "wish_campaigns" USING btree ("region_code","starts_on");--> statement-breakpoint
CREATE INDEX "wish_events_wish_idx" ON "wish_events" USING btree ("wish_id","id");--> statement-breakpoint
CREATE INDEX "wish_helpers_wish_idx" ON "wish_helpers" USING btree ("wish_id");--> statement-breakpoint
CREATE INDEX "wish_photos_wish_idx" ON "wish_photos" USING btree ("wish_id");--> statement-breakpoint
CREATE INDEX "wishes_region_idx" ON "wishes" USING btree ("region_code","collected_at");--> statement-breakpoint
CREATE INDEX "wishes_campaign_idx" ON "wishes" USING btree ("campaign_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "wishes_person_campaign_uq" ON "wishes" USING btree ("campaign_id","person_id");