CREATE TABLE "fund_entries" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"id" uuid NOT NULL,
	"fund_id" uuid NOT NULL,
	"region_code" varchar(15) NOT NULL,
	"kind" varchar(20) NOT NULL,
	"amount_fen" bigint NOT NULL,
	"bucket" varchar(40),
	"bp" integer,
	"category" varchar(30),
	"group_id" uuid NOT NULL,
	"counterpart_fund_id" uuid,
	"project_id" uuid,
	"payment_id" uuid,
	"reverses_id" uuid,
	"note" text,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "fund_files" (
	"id" uuid PRIMARY KEY NOT NULL,
	"project_id" uuid NOT NULL,
	"kind" varchar(12) NOT NULL,
	"filename" text NOT NULL,
	"mime" varchar(64) NOT NULL,
	"size" integer NOT NULL,
	"data" "bytea" NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "fund_payments" (
	"id" uuid PRIMARY KEY NOT NULL,
	"project_id" uuid NOT NULL,
	"fund_id" uuid NOT NULL,
	"amount_fen" bigint NOT NULL,
	"payee" text NOT NULL,
	"note" text,
	"receipt_id" uuid NOT NULL,
	"status" varchar(12) NOT NULL,
	"requested_by" text NOT NULL,
	"decided_by" text,
	"decided_at" timestamp with time zone,
	"reason" text,
	"entry_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "fund_project_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"project_id" uuid NOT NULL,
	"type" varchar(30) NOT NULL,
	"from_status" varchar(20),
	"to_status" varchar(20),
	"level" varchar(12),
	"amount_fen" bigint,
	"actor_id" text NOT NULL,
	"actor_name" text NOT NULL,
	"reason" text,
	"data" jsonb,
	"sealed" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "fund_projects" (
	"id" uuid PRIMARY KEY NOT NULL,
	"fund_id" uuid NOT NULL,
	"region_code" varchar(15) NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"category" varchar(30) NOT NULL,
	"bucket" varchar(40),
	"source_kind" varchar(20) NOT NULL,
	"source_id" text,
	"source_label" text,
	"source_at" timestamp with time zone NOT NULL,
	"households" integer DEFAULT 0 NOT NULL,
	"estimate_fen" bigint NOT NULL,
	"requested_fen" bigint NOT NULL,
	"approved_fen" bigint DEFAULT 0 NOT NULL,
	"pending_level" varchar(12),
	"status" varchar(20) NOT NULL,
	"contractor" text,
	"final_cost_fen" bigint,
	"accepted_at" timestamp with time zone,
	"proposed_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "funds" (
	"id" uuid PRIMARY KEY NOT NULL,
	"region_code" varchar(15) NOT NULL,
	"kind" varchar(20) NOT NULL,
	"owner_level" varchar(12) NOT NULL,
	"name" text NOT NULL,
	"year" integer NOT NULL,
	"budget_fen" bigint DEFAULT 0 NOT NULL,
	"parent_fund_id" uuid,
	"eligible_categories" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"forbidden_uses" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"split_rule" jsonb,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "fund_entries_id_idx" ON "fund_entries" USING btree ("id");--> statement-breakpoint
CREATE INDEX "fund_entries_fund_idx" ON "fund_entries" USING btree ("fund_id","seq");--> statement-breakpoint
CREATE INDEX "fund_entries_project_idx" ON "fund_entries" USING btree ("project_id");--> statement-breakpoint
CREATE INDEX "fund_entries_group_idx" ON "fund_entries" USING btree ("group_id");--> statement-breakpoint
CREATE UNIQUE INDEX "fund_entries_reverses_idx" ON "fund_entries" USING btree ("reverses_id");--> statement-breakpoint
CREATE INDEX "fund_files_project_idx" ON "fund_files" USING btree ("project_id");--> statement-breakpoint
CREATE INDEX "fund_payments_project_idx" ON "fund_payments" USING btree ("project_id");--> statement-breakpoint
CREATE INDEX "fund_project_events_project_idx" ON "fund_project_events" USING btree ("project_id","id");--> statement-breakpoint
CREATE INDEX "fund_projects_region_idx" ON "fund_projects" USING btree ("region_code","created_at");--> statement-breakpoint
CREATE INDEX "fund_projects_fund_idx" ON "fund_projects" USING btree ("fund_id");--> statement-breakpoint
CREATE INDEX "fund_projects_source_idx" ON "fund_projects" USING btree ("source_kind","source_id");--> statement-breakpoint
CREATE INDEX "funds_region_idx" ON "funds" USING btree ("region_code","created_at");--> statement-breakpoint
CREATE INDEX "funds_parent_idx" ON "funds" USING btree ("parent_fund_id");