CREATE TABLE "assessment_reports" (
	"id" uuid PRIMARY KEY NOT NULL,
	"region_code" varchar(15) NOT NULL,
	"month" varchar(7) NOT NULL,
	"start_day" integer NOT NULL,
	"period_from" timestamp with time zone NOT NULL,
	"period_to" timestamp with time zone NOT NULL,
	"figures" jsonb NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "disclosure_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"request_id" uuid NOT NULL,
	"action" varchar(32) NOT NULL,
	"note" text,
	"on_day" varchar(10) NOT NULL,
	"by" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "disclosure_requests" (
	"id" uuid PRIMARY KEY NOT NULL,
	"region_code" varchar(15) NOT NULL,
	"applicant_kind" varchar(8) NOT NULL,
	"applicant_name_enc" text NOT NULL,
	"applicant_name_masked" varchar(64) NOT NULL,
	"applicant_phone_enc" text,
	"subject" text NOT NULL,
	"status" varchar(24) NOT NULL,
	"received_on" varchar(10) NOT NULL,
	"clock_from" varchar(10) NOT NULL,
	"due_on" varchar(10) NOT NULL,
	"correction_used" boolean DEFAULT false NOT NULL,
	"extension_days" integer DEFAULT 0 NOT NULL,
	"consult_from" varchar(10),
	"paused_days" integer DEFAULT 0 NOT NULL,
	"outcome" varchar(24),
	"reason" text,
	"answered_on" varchar(10),
	"working_days" integer,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
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
CREATE TABLE "policy_deliveries" (
	"policy_id" uuid NOT NULL,
	"enterprise_id" uuid NOT NULL,
	"delivered_at" timestamp with time zone NOT NULL,
	"read_at" timestamp with time zone,
	"read_by" text,
	CONSTRAINT "policy_deliveries_policy_id_enterprise_id_pk" PRIMARY KEY("policy_id","enterprise_id")
);
--> statement-breakpoint
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
CREATE TABLE "meeting_action_updates" (
	"id" serial PRIMARY KEY NOT NULL,
	"action_id" uuid NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"progress" integer NOT NULL,
	"status" varchar(20) NOT NULL,
	"note" text,
	"actor_id" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "meeting_actions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"decision_id" uuid NOT NULL,
	"meeting_id" uuid NOT NULL,
	"series_id" uuid,
	"region_code" varchar(15) NOT NULL,
	"title" text NOT NULL,
	"owner_org_id" uuid,
	"owner_user_id" uuid,
	"deadline" varchar(10) NOT NULL,
	"progress" integer DEFAULT 0 NOT NULL,
	"status" varchar(20) DEFAULT 'planned' NOT NULL,
	"reason" text,
	"proposer_user_id" uuid,
	"done_at" timestamp with time zone,
	"warned_at" timestamp with time zone,
	"appeal_id" uuid,
	"escalated_at" timestamp with time zone,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "meeting_decisions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"meeting_id" uuid NOT NULL,
	"topic_id" uuid,
	"region_code" varchar(15) NOT NULL,
	"text" text NOT NULL,
	"method" varchar(20) NOT NULL,
	"votes_for" integer,
	"votes_against" integer,
	"votes_abstain" integer,
	"present" integer NOT NULL,
	"invited" integer NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "meeting_events" (
	"id" serial PRIMARY KEY NOT NULL,
	"meeting_id" uuid NOT NULL,
	"action" varchar(30) NOT NULL,
	"from_status" varchar(20),
	"to_status" varchar(20),
	"reason" text,
	"actor_id" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "meeting_kinds" (
	"id" uuid PRIMARY KEY NOT NULL,
	"code" varchar(40) NOT NULL,
	"name" text NOT NULL,
	"default_parties" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"quorum_num" integer DEFAULT 2 NOT NULL,
	"quorum_den" integer DEFAULT 3 NOT NULL,
	"cadence" varchar(20) DEFAULT 'monthly' NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "meeting_kinds_code_unique" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "meeting_participants" (
	"id" uuid PRIMARY KEY NOT NULL,
	"meeting_id" uuid NOT NULL,
	"party" varchar(30) NOT NULL,
	"label" text NOT NULL,
	"user_id" uuid,
	"org_id" uuid,
	"signed_in_at" timestamp with time zone,
	"signed_in_via" varchar(10)
);
--> statement-breakpoint
CREATE TABLE "meeting_series" (
	"id" uuid PRIMARY KEY NOT NULL,
	"region_code" varchar(15) NOT NULL,
	"kind_id" uuid NOT NULL,
	"title" text NOT NULL,
	"convener_org_id" uuid,
	"rule" jsonb NOT NULL,
	"start_date" varchar(10) NOT NULL,
	"end_date" varchar(10),
	"start_time" varchar(5) DEFAULT '19:00' NOT NULL,
	"move_off_days" boolean DEFAULT true NOT NULL,
	"participants" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "meeting_topics" (
	"id" uuid PRIMARY KEY NOT NULL,
	"meeting_id" uuid NOT NULL,
	"region_code" varchar(15) NOT NULL,
	"title" text NOT NULL,
	"detail" text,
	"source" varchar(20) NOT NULL,
	"category_code" varchar(20),
	"appeal_count" integer,
	"proposer_user_id" uuid,
	"status" varchar(20) DEFAULT 'proposed' NOT NULL,
	"reason" text,
	"stage" varchar(20) DEFAULT 'collected' NOT NULL,
	"research_report" text,
	"outcome" text,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "meetings" (
	"id" uuid PRIMARY KEY NOT NULL,
	"region_code" varchar(15) NOT NULL,
	"series_id" uuid,
	"kind_id" uuid NOT NULL,
	"title" text NOT NULL,
	"rule_date" varchar(10),
	"date" varchar(10) NOT NULL,
	"start_time" varchar(5) DEFAULT '19:00' NOT NULL,
	"moved_reason" text,
	"status" varchar(20) DEFAULT 'scheduled' NOT NULL,
	"status_reason" text,
	"quorum_num" integer NOT NULL,
	"quorum_den" integer NOT NULL,
	"minutes" text,
	"held_at" timestamp with time zone,
	"sign_token" varchar(64),
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "volunteer_activities" (
	"id" uuid PRIMARY KEY NOT NULL,
	"region_code" varchar(15) NOT NULL,
	"team_id" uuid,
	"title" text NOT NULL,
	"place" text NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"slots" integer NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "activity_signups" (
	"id" uuid PRIMARY KEY NOT NULL,
	"activity_id" uuid NOT NULL,
	"helper_id" uuid NOT NULL,
	"region_code" varchar(15) NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"signed_in_at" timestamp with time zone,
	"minutes" integer,
	"recorded_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "helpers" (
	"id" uuid PRIMARY KEY NOT NULL,
	"region_code" varchar(15) NOT NULL,
	"kind" varchar(16) NOT NULL,
	"name" text NOT NULL,
	"phone_enc" text,
	"phone_bidx" varchar(64),
	"phone_masked" varchar(32),
	"work_unit" text,
	"unit_id" uuid,
	"team_id" uuid,
	"skills" text[] DEFAULT '{}' NOT NULL,
	"hours_offered" integer DEFAULT 0 NOT NULL,
	"status" varchar(16) DEFAULT 'active' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "needs" (
	"id" uuid PRIMARY KEY NOT NULL,
	"region_code" varchar(15) NOT NULL,
	"title" text NOT NULL,
	"detail" text,
	"kind" varchar(16) NOT NULL,
	"source" varchar(16) NOT NULL,
	"source_ref" text,
	"status" varchar(16) NOT NULL,
	"helper_id" uuid,
	"unit_id" uuid,
	"claimed_at" timestamp with time zone,
	"done_at" timestamp with time zone,
	"evidence" text,
	"confirmed_at" timestamp with time zone,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "paired_units" (
	"id" uuid PRIMARY KEY NOT NULL,
	"region_code" varchar(15) NOT NULL,
	"name" text NOT NULL,
	"kind" varchar(16) NOT NULL,
	"contact_name" text,
	"phone_enc" text,
	"phone_masked" varchar(32),
	"paired_since" date NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "resources" (
	"id" uuid PRIMARY KEY NOT NULL,
	"region_code" varchar(15) NOT NULL,
	"kind" varchar(16) NOT NULL,
	"title" text NOT NULL,
	"detail" text,
	"helper_id" uuid,
	"unit_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "unit_duties" (
	"id" uuid PRIMARY KEY NOT NULL,
	"unit_id" uuid NOT NULL,
	"region_code" varchar(15) NOT NULL,
	"title" text NOT NULL,
	"detail" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "volunteer_teams" (
	"id" uuid PRIMARY KEY NOT NULL,
	"region_code" varchar(15) NOT NULL,
	"name" text NOT NULL,
	"purpose" text,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "wish_pushes" (
	"campaign_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	"waiting" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
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
ALTER TABLE "meeting_action_updates" ADD CONSTRAINT "meeting_action_updates_action_id_meeting_actions_id_fk" FOREIGN KEY ("action_id") REFERENCES "public"."meeting_actions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_actions" ADD CONSTRAINT "meeting_actions_decision_id_meeting_decisions_id_fk" FOREIGN KEY ("decision_id") REFERENCES "public"."meeting_decisions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_actions" ADD CONSTRAINT "meeting_actions_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_decisions" ADD CONSTRAINT "meeting_decisions_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_decisions" ADD CONSTRAINT "meeting_decisions_topic_id_meeting_topics_id_fk" FOREIGN KEY ("topic_id") REFERENCES "public"."meeting_topics"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_events" ADD CONSTRAINT "meeting_events_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_participants" ADD CONSTRAINT "meeting_participants_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_series" ADD CONSTRAINT "meeting_series_kind_id_meeting_kinds_id_fk" FOREIGN KEY ("kind_id") REFERENCES "public"."meeting_kinds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_topics" ADD CONSTRAINT "meeting_topics_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meetings" ADD CONSTRAINT "meetings_series_id_meeting_series_id_fk" FOREIGN KEY ("series_id") REFERENCES "public"."meeting_series"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meetings" ADD CONSTRAINT "meetings_kind_id_meeting_kinds_id_fk" FOREIGN KEY ("kind_id") REFERENCES "public"."meeting_kinds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "assessment_reports_region_month_uq" ON "assessment_reports" USING btree ("region_code","month");--> statement-breakpoint
CREATE INDEX "disclosure_events_request_idx" ON "disclosure_events" USING btree ("request_id","id");--> statement-breakpoint
CREATE INDEX "disclosure_requests_region_idx" ON "disclosure_requests" USING btree ("region_code","received_on");--> statement-breakpoint
CREATE INDEX "disclosure_requests_status_idx" ON "disclosure_requests" USING btree ("status","due_on");--> statement-breakpoint
CREATE INDEX "chain_members_firm_idx" ON "chain_members" USING btree ("enterprise_id");--> statement-breakpoint
CREATE INDEX "chain_problems_chain_idx" ON "chain_problems" USING btree ("chain_id","status");--> statement-breakpoint
CREATE INDEX "chain_projects_chain_idx" ON "chain_projects" USING btree ("chain_id");--> statement-breakpoint
CREATE INDEX "commissioner_visits_firm_idx" ON "commissioner_visits" USING btree ("enterprise_id","visited_at");--> statement-breakpoint
CREATE INDEX "commissioner_visits_region_idx" ON "commissioner_visits" USING btree ("region_code","visited_at");--> statement-breakpoint
CREATE INDEX "commissioner_visits_user_idx" ON "commissioner_visits" USING btree ("commissioner_user_id","visited_at");--> statement-breakpoint
CREATE INDEX "enterprise_appeals_firm_idx" ON "enterprise_appeals" USING btree ("enterprise_id");--> statement-breakpoint
CREATE INDEX "enterprise_appeals_region_idx" ON "enterprise_appeals" USING btree ("region_code","received_at");--> statement-breakpoint
CREATE INDEX "enterprise_policies_region_idx" ON "enterprise_policies" USING btree ("region_code","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "enterprises_credit_code_uq" ON "enterprises" USING btree ("credit_code");--> statement-breakpoint
CREATE INDEX "enterprises_region_idx" ON "enterprises" USING btree ("region_code","created_at");--> statement-breakpoint
CREATE INDEX "enterprises_commissioner_idx" ON "enterprises" USING btree ("commissioner_user_id");--> statement-breakpoint
CREATE INDEX "policy_deliveries_firm_idx" ON "policy_deliveries" USING btree ("enterprise_id");--> statement-breakpoint
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
CREATE INDEX "funds_parent_idx" ON "funds" USING btree ("parent_fund_id");--> statement-breakpoint
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
CREATE INDEX "mediators_body_idx" ON "mediators" USING btree ("body_id");--> statement-breakpoint
CREATE INDEX "meeting_action_updates_action_idx" ON "meeting_action_updates" USING btree ("action_id");--> statement-breakpoint
CREATE INDEX "meeting_actions_region_idx" ON "meeting_actions" USING btree ("region_code","deadline");--> statement-breakpoint
CREATE INDEX "meeting_actions_meeting_idx" ON "meeting_actions" USING btree ("meeting_id");--> statement-breakpoint
CREATE INDEX "meeting_actions_appeal_idx" ON "meeting_actions" USING btree ("appeal_id");--> statement-breakpoint
CREATE INDEX "meeting_decisions_meeting_idx" ON "meeting_decisions" USING btree ("meeting_id");--> statement-breakpoint
CREATE INDEX "meeting_events_meeting_idx" ON "meeting_events" USING btree ("meeting_id");--> statement-breakpoint
CREATE INDEX "meeting_participants_meeting_idx" ON "meeting_participants" USING btree ("meeting_id");--> statement-breakpoint
CREATE INDEX "meeting_series_region_idx" ON "meeting_series" USING btree ("region_code");--> statement-breakpoint
CREATE INDEX "meeting_topics_meeting_idx" ON "meeting_topics" USING btree ("meeting_id");--> statement-breakpoint
CREATE INDEX "meetings_region_idx" ON "meetings" USING btree ("region_code","date");--> statement-breakpoint
CREATE UNIQUE INDEX "meetings_series_rule_date_uq" ON "meetings" USING btree ("series_id","rule_date");--> statement-breakpoint
CREATE INDEX "volunteer_activities_region_idx" ON "volunteer_activities" USING btree ("region_code","starts_at");--> statement-breakpoint
CREATE UNIQUE INDEX "activity_signups_uq" ON "activity_signups" USING btree ("activity_id","helper_id");--> statement-breakpoint
CREATE INDEX "activity_signups_helper_idx" ON "activity_signups" USING btree ("helper_id","recorded_at");--> statement-breakpoint
CREATE INDEX "helpers_region_idx" ON "helpers" USING btree ("region_code","kind");--> statement-breakpoint
CREATE INDEX "helpers_phone_idx" ON "helpers" USING btree ("phone_bidx");--> statement-breakpoint
CREATE INDEX "helpers_team_idx" ON "helpers" USING btree ("team_id");--> statement-breakpoint
CREATE INDEX "needs_region_idx" ON "needs" USING btree ("region_code","status");--> statement-breakpoint
CREATE INDEX "needs_helper_idx" ON "needs" USING btree ("helper_id");--> statement-breakpoint
CREATE INDEX "needs_unit_idx" ON "needs" USING btree ("unit_id");--> statement-breakpoint
CREATE UNIQUE INDEX "paired_units_region_name_uq" ON "paired_units" USING btree ("region_code","name");--> statement-breakpoint
CREATE INDEX "resources_region_idx" ON "resources" USING btree ("region_code","kind");--> statement-breakpoint
CREATE INDEX "unit_duties_unit_idx" ON "unit_duties" USING btree ("unit_id");--> statement-breakpoint
CREATE UNIQUE INDEX "volunteer_teams_region_name_uq" ON "volunteer_teams" USING btree ("region_code","name");--> statement-breakpoint
CREATE UNIQUE INDEX "wish_pushes_uq" ON "wish_pushes" USING btree ("campaign_id","unit_id");--> statement-breakpoint
CREATE INDEX "wish_campaigns_region_idx" ON "wish_campaigns" USING btree ("region_code","starts_on");--> statement-breakpoint
CREATE INDEX "wish_events_wish_idx" ON "wish_events" USING btree ("wish_id","id");--> statement-breakpoint
CREATE INDEX "wish_helpers_wish_idx" ON "wish_helpers" USING btree ("wish_id");--> statement-breakpoint
CREATE INDEX "wish_photos_wish_idx" ON "wish_photos" USING btree ("wish_id");--> statement-breakpoint
CREATE INDEX "wishes_region_idx" ON "wishes" USING btree ("region_code","collected_at");--> statement-breakpoint
CREATE INDEX "wishes_campaign_idx" ON "wishes" USING btree ("campaign_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "wishes_person_campaign_uq" ON "wishes" USING btree ("campaign_id","person_id");