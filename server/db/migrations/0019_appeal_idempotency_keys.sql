CREATE TABLE "appeal_idempotency_keys" (
	"scope" varchar(100) NOT NULL,
	"key" varchar(100) NOT NULL,
	"request_hash" varchar(64) NOT NULL,
	"appeal_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "appeal_idempotency_keys_scope_key_pk" PRIMARY KEY("scope","key")
);
--> statement-breakpoint
CREATE INDEX "appeal_idempotency_keys_created_idx" ON "appeal_idempotency_keys" USING btree ("created_at");