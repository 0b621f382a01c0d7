ALTER TABLE "enterprise_appeals" ADD COLUMN "handling_org_id" uuid;--> statement-breakpoint
ALTER TABLE "enterprise_appeals" ADD COLUMN "rating" varchar(24);--> statement-breakpoint
ALTER TABLE "enterprise_appeals" ADD COLUMN "rated_at" timestamp with time zone;