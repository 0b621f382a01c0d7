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
CREATE UNIQUE INDEX "meetings_series_rule_date_uq" ON "meetings" USING btree ("series_id","rule_date");