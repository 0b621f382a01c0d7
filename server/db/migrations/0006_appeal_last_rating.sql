ALTER TABLE "appeals" ADD COLUMN "last_rating" varchar(24);--> statement-breakpoint
ALTER TABLE "appeals" ADD COLUMN "last_solved" boolean;--> statement-breakpoint
ALTER TABLE "appeals" ADD COLUMN "last_rated_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "appeals_rated_idx" ON "appeals" USING btree ("last_rated_at");