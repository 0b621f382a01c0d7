CREATE TABLE "month_problems" (
	"id" uuid PRIMARY KEY NOT NULL,
	"region_code" varchar(15) NOT NULL,
	"month" varchar(7) NOT NULL,
	"place_code" varchar(15) NOT NULL,
	"category_code" varchar(32) NOT NULL,
	"lead_org_id" uuid NOT NULL,
	"goal" text NOT NULL,
	"target" integer NOT NULL,
	"count" integer NOT NULL,
	"repeats" integer NOT NULL,
	"picked_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "warning_rules" (
	"id" serial PRIMARY KEY NOT NULL,
	"region_code" varchar(15) NOT NULL,
	"name" text NOT NULL,
	"from_day" varchar(5) NOT NULL,
	"to_day" varchar(5) NOT NULL,
	"category_codes" text[] NOT NULL,
	"message" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "warnings" (
	"id" uuid PRIMARY KEY NOT NULL,
	"key" text NOT NULL,
	"kind" varchar(16) NOT NULL,
	"region_code" varchar(15) NOT NULL,
	"category_codes" text[] NOT NULL,
	"period_start" varchar(10) NOT NULL,
	"period_end" varchar(10) NOT NULL,
	"count" integer DEFAULT 0 NOT NULL,
	"baseline" double precision,
	"control_limit" double precision,
	"method" varchar(16),
	"series" jsonb,
	"rule_id" integer,
	"message" text,
	"status" varchar(16) DEFAULT 'open' NOT NULL,
	"acknowledged_by" text,
	"acknowledged_at" timestamp with time zone,
	"handled_by" text,
	"handled_at" timestamp with time zone,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "month_problems_uq" ON "month_problems" USING btree ("region_code","month","place_code","category_code");--> statement-breakpoint
CREATE UNIQUE INDEX "warnings_key_uq" ON "warnings" USING btree ("key");--> statement-breakpoint
CREATE INDEX "warnings_region_created_idx" ON "warnings" USING btree ("region_code","created_at");