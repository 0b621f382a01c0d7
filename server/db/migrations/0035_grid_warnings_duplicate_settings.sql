CREATE TABLE "duplicate_settings" (
	"region_code" varchar(15) PRIMARY KEY NOT NULL,
	"metres" integer NOT NULL,
	"open_days" integer NOT NULL,
	"window_days" integer NOT NULL,
	"threshold" double precision NOT NULL,
	"suggestions" integer NOT NULL,
	"updated_by" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "warning_thresholds" (
	"region_code" varchar(15) PRIMARY KEY NOT NULL,
	"community_min_count" integer NOT NULL,
	"grid_min_count" integer NOT NULL,
	"updated_by" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
