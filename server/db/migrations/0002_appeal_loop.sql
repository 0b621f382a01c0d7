CREATE TABLE "jobs" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"kind" varchar(48) NOT NULL,
	"key" varchar(128),
	"run_at" timestamp with time zone NOT NULL,
	"payload" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"status" varchar(16) DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"max_attempts" integer DEFAULT 5 NOT NULL,
	"locked_by" text,
	"locked_until" timestamp with time zone,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "appeal_attachments" (
	"id" uuid PRIMARY KEY NOT NULL,
	"appeal_id" uuid NOT NULL,
	"event_id" integer,
	"filename" text NOT NULL,
	"mime" varchar(64) NOT NULL,
	"size" integer NOT NULL,
	"data" "bytea" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "appeal_evaluations" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"appeal_id" uuid NOT NULL,
	"round" integer NOT NULL,
	"kind" varchar(16) NOT NULL,
	"rating" varchar(24) NOT NULL,
	"solved" boolean,
	"verified" boolean,
	"method" varchar(16) NOT NULL,
	"org_id" uuid,
	"comment" text,
	"by" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "appeal_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"appeal_id" uuid NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"type" varchar(32) NOT NULL,
	"from_status" varchar(24),
	"to_status" varchar(24),
	"actor_kind" varchar(16) NOT NULL,
	"actor_id" text,
	"actor_name" text NOT NULL,
	"org_id" uuid,
	"note" text,
	"public_text" text,
	"data" jsonb
);
--> statement-breakpoint
CREATE TABLE "appeal_parts" (
	"appeal_id" uuid NOT NULL,
	"org_id" uuid NOT NULL,
	"role" varchar(8) NOT NULL,
	"task" text,
	"status" varchar(16) NOT NULL,
	"result" text,
	"dispatched_at" timestamp with time zone NOT NULL,
	"signed_at" timestamp with time zone,
	"handled_at" timestamp with time zone,
	CONSTRAINT "appeal_parts_appeal_id_org_id_pk" PRIMARY KEY("appeal_id","org_id")
);
--> statement-breakpoint
CREATE TABLE "appeal_requests" (
	"id" uuid PRIMARY KEY NOT NULL,
	"appeal_id" uuid NOT NULL,
	"kind" varchar(16) NOT NULL,
	"org_id" uuid,
	"reason" text NOT NULL,
	"amount" integer,
	"unit" varchar(16),
	"status" varchar(16) NOT NULL,
	"requested_by" text NOT NULL,
	"decided_by" text,
	"decided_at" timestamp with time zone,
	"decision_note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "appeal_sequences" (
	"prefix" varchar(24) PRIMARY KEY NOT NULL,
	"last" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "appeal_time_limits" (
	"category_code" varchar(32) NOT NULL,
	"urgency" varchar(16) NOT NULL,
	"response_amount" integer NOT NULL,
	"response_unit" varchar(16) NOT NULL,
	"handling_amount" integer NOT NULL,
	"handling_unit" varchar(16) NOT NULL,
	CONSTRAINT "appeal_time_limits_category_code_urgency_pk" PRIMARY KEY("category_code","urgency")
);
--> statement-breakpoint
CREATE TABLE "appeals" (
	"id" uuid PRIMARY KEY NOT NULL,
	"number" varchar(32) NOT NULL,
	"channel" varchar(24) NOT NULL,
	"status" varchar(24) NOT NULL,
	"region_code" varchar(15) NOT NULL,
	"township_code" varchar(9) NOT NULL,
	"grid_code" varchar(15),
	"needs_placement" boolean DEFAULT false NOT NULL,
	"requester_kind" varchar(16) NOT NULL,
	"requester_name_enc" text,
	"requester_phone_enc" text,
	"requester_phone_index" varchar(64),
	"requester_phone_last4" varchar(4),
	"enterprise_name" text,
	"title" text NOT NULL,
	"content" text NOT NULL,
	"category_code" varchar(32) NOT NULL,
	"urgency" varchar(16) DEFAULT 'normal' NOT NULL,
	"tags" text[] DEFAULT '{}' NOT NULL,
	"lon" double precision,
	"lat" double precision,
	"address" text,
	"handling_org_id" uuid,
	"leader_user_id" uuid,
	"whistled" boolean DEFAULT false NOT NULL,
	"on_spot" boolean DEFAULT false NOT NULL,
	"master_id" uuid,
	"rework_count" integer DEFAULT 0 NOT NULL,
	"result" text,
	"accepted_at" timestamp with time zone,
	"dispatched_at" timestamp with time zone,
	"signed_at" timestamp with time zone,
	"handled_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"response_due_at" timestamp with time zone,
	"handling_due_at" timestamp with time zone,
	"warn_at" timestamp with time zone,
	"response_unit" varchar(16),
	"handling_unit" varchar(16),
	"paused_at" timestamp with time zone,
	"pause_reason" varchar(24),
	"deferred" boolean DEFAULT false NOT NULL,
	"overdue_notified" boolean DEFAULT false NOT NULL,
	"response_overdue_notified" boolean DEFAULT false NOT NULL,
	"warned_notified" boolean DEFAULT false NOT NULL,
	"token" varchar(40) NOT NULL,
	"source" varchar(16) DEFAULT 'console' NOT NULL,
	"created_by" text,
	"created_by_kind" varchar(16),
	"reporter_user_id" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "calendar_days" (
	"date" varchar(10) PRIMARY KEY NOT NULL,
	"year" integer NOT NULL,
	"kind" varchar(8) NOT NULL,
	"name" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notifications" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"kind" varchar(32) NOT NULL,
	"title" text NOT NULL,
	"body" text,
	"appeal_id" uuid,
	"read_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "outbox" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"channel" varchar(16) NOT NULL,
	"recipient_enc" text NOT NULL,
	"recipient_hint" varchar(16) NOT NULL,
	"region_code" varchar(15) NOT NULL,
	"body" text NOT NULL,
	"appeal_id" uuid,
	"status" varchar(16) DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_error" text,
	"sent_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "jobs_key_uq" ON "jobs" USING btree ("key");--> statement-breakpoint
CREATE INDEX "jobs_due_idx" ON "jobs" USING btree ("status","run_at");--> statement-breakpoint
CREATE INDEX "appeal_attachments_appeal_idx" ON "appeal_attachments" USING btree ("appeal_id");--> statement-breakpoint
CREATE UNIQUE INDEX "appeal_evaluations_round_uq" ON "appeal_evaluations" USING btree ("appeal_id","round","kind");--> statement-breakpoint
CREATE INDEX "appeal_evaluations_at_idx" ON "appeal_evaluations" USING btree ("at");--> statement-breakpoint
CREATE INDEX "appeal_events_appeal_idx" ON "appeal_events" USING btree ("appeal_id","at");--> statement-breakpoint
CREATE INDEX "appeal_events_type_at_idx" ON "appeal_events" USING btree ("type","at");--> statement-breakpoint
CREATE INDEX "appeal_parts_org_status_idx" ON "appeal_parts" USING btree ("org_id","status");--> statement-breakpoint
CREATE INDEX "appeal_requests_appeal_idx" ON "appeal_requests" USING btree ("appeal_id");--> statement-breakpoint
CREATE UNIQUE INDEX "appeals_number_uq" ON "appeals" USING btree ("number");--> statement-breakpoint
CREATE UNIQUE INDEX "appeals_token_uq" ON "appeals" USING btree ("token");--> statement-breakpoint
CREATE INDEX "appeals_region_status_idx" ON "appeals" USING btree ("region_code","status");--> statement-breakpoint
CREATE INDEX "appeals_status_due_idx" ON "appeals" USING btree ("status","handling_due_at");--> statement-breakpoint
CREATE INDEX "appeals_org_status_idx" ON "appeals" USING btree ("handling_org_id","status");--> statement-breakpoint
CREATE INDEX "appeals_created_idx" ON "appeals" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "appeals_phone_idx" ON "appeals" USING btree ("requester_phone_index");--> statement-breakpoint
CREATE INDEX "appeals_master_idx" ON "appeals" USING btree ("master_id");--> statement-breakpoint
CREATE INDEX "appeals_leader_idx" ON "appeals" USING btree ("leader_user_id");--> statement-breakpoint
CREATE INDEX "notifications_user_idx" ON "notifications" USING btree ("user_id","read_at","at");--> statement-breakpoint
CREATE INDEX "outbox_status_idx" ON "outbox" USING btree ("status","next_attempt_at");--> statement-breakpoint
CREATE INDEX "outbox_region_idx" ON "outbox" USING btree ("region_code","created_at");