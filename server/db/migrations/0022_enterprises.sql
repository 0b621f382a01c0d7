CREATE TABLE "chain_members" (
	"chain_id" uuid NOT NULL,
	"enterprise_id" uuid NOT NULL,
	"role" varchar(16) DEFAULT 'member' NOT NULL,
	CONSTRAINT "chain_members_chain_id_enterprise_id_pk" PRIMARY KEY("chain_id","enterprise_id")
);
--> statement-breakpoint
CREATE TABLE "chain_problems" (
	"id" uuid PRIMARY KEY NOT NULL,
	"chain_id" uuid NOT NULL,
	"region_code" varchar(15) NOT NULL,
	"kind" varchar(8) NOT NULL,
	"title" text NOT NULL,
	"owner_org_id" uuid NOT NULL,
	"deadline" date NOT NULL,
	"status" varchar(16) NOT NULL,
	"resolution" text,
	"closed_at" timestamp with time zone,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "chain_projects" (
	"id" uuid PRIMARY KEY NOT NULL,
	"chain_id" uuid NOT NULL,
	"name" text NOT NULL,
	"investment_fen" bigint NOT NULL,
	"status" varchar(16) NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "chains" (
	"id" uuid PRIMARY KEY NOT NULL,
	"region_code" varchar(15) NOT NULL,
	"name" text NOT NULL,
	"leader_user_id" uuid NOT NULL,
	"lead_org_id" uuid NOT NULL,
	"responsible_org_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "commissioner_visits" (
	"id" uuid PRIMARY KEY NOT NULL,
	"enterprise_id" uuid NOT NULL,
	"region_code" varchar(15) NOT NULL,
	"commissioner_user_id" text NOT NULL,
	"commissioner_name" text NOT NULL,
	"visited_at" timestamp with time zone NOT NULL,
	"findings" text NOT NULL,
	"policies" text[] DEFAULT '{}'::text[] NOT NULL,
	"problems" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "enterprise_appeals" (
	"appeal_id" uuid PRIMARY KEY NOT NULL,
	"enterprise_id" uuid NOT NULL,
	"region_code" varchar(15) NOT NULL,
	"number" varchar(32) NOT NULL,
	"title" text NOT NULL,
	"status" varchar(24) NOT NULL,
	"first_contact_user_id" text NOT NULL,
	"first_contact_name" text NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"released_at" timestamp with time zone,
	"visit_id" uuid,
	"respond_due_at" timestamp with time zone NOT NULL,
	"solution_due_at" timestamp with time zone NOT NULL,
	"close_due_at" timestamp with time zone NOT NULL,
	"responded_at" timestamp with time zone,
	"solution_at" timestamp with time zone,
	"solution" text,
	"closed_at" timestamp with time zone,
	"amount_fen" bigint,
	"withdrawn_at" timestamp with time zone,
	"withdraw_reason" text,
	"withdraw_asked_by" varchar(16)
);
--> statement-breakpoint
CREATE TABLE "enterprise_clock_tiers" (
	"tier" varchar(16) PRIMARY KEY NOT NULL,
	"amount" integer NOT NULL,
	"unit" varchar(16) NOT NULL
);
--> statement-breakpoint
CREATE TABLE "enterprise_commissioners" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"region_code" varchar(15) NOT NULL,
	"org_id" uuid,
	"title" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "enterprises" (
	"id" uuid PRIMARY KEY NOT NULL,
	"region_code" varchar(15) NOT NULL,
	"credit_code" varchar(18) NOT NULL,
	"name" text NOT NULL,
	"industry" varchar(32) NOT NULL,
	"size" varchar(16) NOT NULL,
	"park" text,
	"address" text,
	"lon" double precision,
	"lat" double precision,
	"contact_name" text,
	"contact_phone_enc" text,
	"contact_phone_index" varchar(64),
	"contact_phone_masked" varchar(24),
	"commissioner_user_id" uuid,
	"leader_user_id" uuid,
	"department_org_id" uuid,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE INDEX "chain_members_firm_idx" ON "chain_members" USING btree ("enterprise_id");--> statement-breakpoint
CREATE INDEX "chain_problems_chain_idx" ON "chain_problems" USING btree ("chain_id","status");--> statement-breakpoint
CREATE INDEX "chain_projects_chain_idx" ON "chain_projects" USING btree ("chain_id");--> statement-breakpoint
CREATE INDEX "commissioner_visits_firm_idx" ON "commissioner_visits" USING btree ("enterprise_id","visited_at");--> statement-breakpoint
CREATE INDEX "commissioner_visits_region_idx" ON "commissioner_visits" USING btree ("region_code","visited_at");--> statement-breakpoint
CREATE INDEX "commissioner_visits_user_idx" ON "commissioner_visits" USING btree ("commissioner_user_id","visited_at");--> statement-breakpoint
CREATE INDEX "enterprise_appeals_firm_idx" ON "enterprise_appeals" USING btree ("enterprise_id");--> statement-breakpoint
CREATE INDEX "enterprise_appeals_region_idx" ON "enterprise_appeals" USING btree ("region_code","received_at");--> statement-breakpoint
CREATE UNIQUE INDEX "enterprises_credit_code_uq" ON "enterprises" USING btree ("credit_code");--> statement-breakpoint
CREATE INDEX "enterprises_region_idx" ON "enterprises" USING btree ("region_code","created_at");--> statement-breakpoint
CREATE INDEX "enterprises_commissioner_idx" ON "enterprises" USING btree ("commissioner_user_id");