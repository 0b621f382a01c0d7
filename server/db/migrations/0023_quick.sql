CREATE TABLE "assessment_weights" (
	"region_code" varchar(15) PRIMARY KEY NOT NULL,
	"response" double precision NOT NULL,
	"resolution" double precision NOT NULL,
	"satisfaction" double precision NOT NULL,
	"updated_by" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
