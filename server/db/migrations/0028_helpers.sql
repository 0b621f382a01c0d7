CREATE TABLE "helper_codes" (
	"id" uuid PRIMARY KEY NOT NULL,
	"helper_id" uuid NOT NULL,
	"code_hash" varchar(64) NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "helper_sessions" (
	"token_hash" varchar(64) PRIMARY KEY NOT NULL,
	"helper_id" uuid NOT NULL,
	"csrf_token" varchar(64) NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "wish_helpers" ADD COLUMN "helper_id" uuid;--> statement-breakpoint
ALTER TABLE "wish_photos" ADD COLUMN "kind" varchar(16) DEFAULT 'fulfilment' NOT NULL;--> statement-breakpoint
CREATE INDEX "helper_codes_helper_idx" ON "helper_codes" USING btree ("helper_id","created_at");--> statement-breakpoint
CREATE INDEX "helper_sessions_helper_idx" ON "helper_sessions" USING btree ("helper_id");--> statement-breakpoint
CREATE INDEX "helper_sessions_expires_idx" ON "helper_sessions" USING btree ("expires_at");--> statement-breakpoint
CREATE UNIQUE INDEX "wish_helpers_helper_uq" ON "wish_helpers" USING btree ("wish_id","helper_id");--> statement-breakpoint
CREATE INDEX "wish_helpers_helper_idx" ON "wish_helpers" USING btree ("helper_id");