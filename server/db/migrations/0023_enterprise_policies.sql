CREATE TABLE "enterprise_policies" (
	"id" uuid PRIMARY KEY NOT NULL,
	"region_code" varchar(15) NOT NULL,
	"title" text NOT NULL,
	"summary" text NOT NULL,
	"industries" text[] DEFAULT '{}'::text[] NOT NULL,
	"sizes" text[] DEFAULT '{}'::text[] NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "policy_deliveries" (
	"policy_id" uuid NOT NULL,
	"enterprise_id" uuid NOT NULL,
	"delivered_at" timestamp with time zone NOT NULL,
	"read_at" timestamp with time zone,
	"read_by" text,
	CONSTRAINT "policy_deliveries_policy_id_enterprise_id_pk" PRIMARY KEY("policy_id","enterprise_id")
);
--> statement-breakpoint
CREATE INDEX "enterprise_policies_region_idx" ON "enterprise_policies" USING btree ("region_code","created_at");--> statement-breakpoint
CREATE INDEX "policy_deliveries_firm_idx" ON "policy_deliveries" USING btree ("enterprise_id");