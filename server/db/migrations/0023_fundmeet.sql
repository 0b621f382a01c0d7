CREATE TABLE "fund_approval_thresholds" (
	"county_code" varchar(6) PRIMARY KEY NOT NULL,
	"community_up_to_fen" bigint NOT NULL,
	"township_up_to_fen" bigint NOT NULL,
	"updated_by" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "fund_reservations" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"id" uuid NOT NULL,
	"fund_id" uuid NOT NULL,
	"project_id" uuid NOT NULL,
	"kind" varchar(12) NOT NULL,
	"amount_fen" bigint NOT NULL,
	"bucket" varchar(40),
	"payment_id" uuid,
	"note" text,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "fund_reservations_id_idx" ON "fund_reservations" USING btree ("id");--> statement-breakpoint
CREATE INDEX "fund_reservations_fund_idx" ON "fund_reservations" USING btree ("fund_id");--> statement-breakpoint
CREATE INDEX "fund_reservations_project_idx" ON "fund_reservations" USING btree ("project_id");