CREATE TABLE "appeal_accept_limits" (
	"channel" varchar(24) PRIMARY KEY NOT NULL,
	"amount" integer NOT NULL,
	"unit" varchar(16) NOT NULL
);
--> statement-breakpoint
ALTER TABLE "appeals" ADD COLUMN "accept_due_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "appeals" ADD COLUMN "accept_warn_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "appeals" ADD COLUMN "accept_warned" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "appeals" ADD COLUMN "accept_overdue_notified" boolean DEFAULT false NOT NULL;