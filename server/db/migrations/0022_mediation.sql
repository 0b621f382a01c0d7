CREATE TABLE "mediation_agreements" (
	"id" uuid PRIMARY KEY NOT NULL,
	"case_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"facts" text NOT NULL,
	"responsibilities" jsonb NOT NULL,
	"manner" text NOT NULL,
	"deadline" date NOT NULL,
	"effective_on" date NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mediation_attachments" (
	"id" uuid PRIMARY KEY NOT NULL,
	"case_id" uuid NOT NULL,
	"step" varchar(32) NOT NULL,
	"filename" text NOT NULL,
	"mime" varchar(64) NOT NULL,
	"size" integer NOT NULL,
	"data" "bytea" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mediation_cases" (
	"id" uuid PRIMARY KEY NOT NULL,
	"number" varchar(32) NOT NULL,
	"body_id" uuid NOT NULL,
	"region_code" varchar(15) NOT NULL,
	"status" varchar(16) NOT NULL,
	"source" varchar(16) NOT NULL,
	"source_ref" uuid,
	"referring_org_id" uuid,
	"kind" varchar(24) NOT NULL,
	"title" text NOT NULL,
	"summary" text NOT NULL,
	"amount_fen" bigint DEFAULT 0 NOT NULL,
	"risk" varchar(8) DEFAULT 'low' NOT NULL,
	"risk_kinds" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"mediator_id" uuid,
	"next_session_on" date,
	"next_session_place" text,
	"step_due_at" timestamp with time zone,
	"decline_reason" text,
	"referred_to" varchar(16),
	"referred_name" text,
	"confirmation" varchar(12) DEFAULT 'none' NOT NULL,
	"confirmation_due_on" date,
	"confirmation_warned" boolean DEFAULT false NOT NULL,
	"accepted_at" timestamp with time zone,
	"concluded_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mediation_checks" (
	"id" uuid PRIMARY KEY NOT NULL,
	"case_id" uuid NOT NULL,
	"checked_on" date NOT NULL,
	"result" varchar(12) NOT NULL,
	"note" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mediation_events" (
	"id" serial PRIMARY KEY NOT NULL,
	"case_id" uuid NOT NULL,
	"type" varchar(32) NOT NULL,
	"from_status" varchar(16),
	"to_status" varchar(16),
	"actor_name" text NOT NULL,
	"note" text,
	"data" jsonb,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mediation_parties" (
	"id" uuid PRIMARY KEY NOT NULL,
	"case_id" uuid NOT NULL,
	"side" varchar(12) NOT NULL,
	"kind" varchar(12) NOT NULL,
	"person_id" uuid,
	"name_enc" text,
	"name_masked" varchar(64) NOT NULL,
	"phone_enc" text,
	"phone_bidx" varchar(64),
	"phone_masked" varchar(32),
	"enterprise_name" text,
	"credit_code" varchar(18),
	"enterprise_id" uuid,
	"representative_enc" text,
	"representative_masked" varchar(64)
);
--> statement-breakpoint
CREATE TABLE "mediation_sessions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"case_id" uuid NOT NULL,
	"held_on" date NOT NULL,
	"place" text NOT NULL,
	"attendees" text NOT NULL,
	"notes" jsonb NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mediators" (
	"id" uuid PRIMARY KEY NOT NULL,
	"body_id" uuid NOT NULL,
	"region_code" varchar(15) NOT NULL,
	"name" text NOT NULL,
	"user_id" uuid,
	"specialities" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "mediation_agreements_case_idx" ON "mediation_agreements" USING btree ("case_id","version");--> statement-breakpoint
CREATE INDEX "mediation_attachments_case_idx" ON "mediation_attachments" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "mediation_cases_region_idx" ON "mediation_cases" USING btree ("region_code","created_at");--> statement-breakpoint
CREATE INDEX "mediation_cases_body_idx" ON "mediation_cases" USING btree ("body_id","status");--> statement-breakpoint
CREATE INDEX "mediation_cases_next_session_idx" ON "mediation_cases" USING btree ("next_session_on");--> statement-breakpoint
CREATE INDEX "mediation_checks_case_idx" ON "mediation_checks" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "mediation_events_case_idx" ON "mediation_events" USING btree ("case_id","id");--> statement-breakpoint
CREATE INDEX "mediation_parties_case_idx" ON "mediation_parties" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "mediation_parties_phone_idx" ON "mediation_parties" USING btree ("phone_bidx");--> statement-breakpoint
CREATE INDEX "mediation_sessions_case_idx" ON "mediation_sessions" USING btree ("case_id","held_on");--> statement-breakpoint
CREATE INDEX "mediators_body_idx" ON "mediators" USING btree ("body_id");