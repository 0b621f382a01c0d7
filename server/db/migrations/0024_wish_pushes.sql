CREATE TABLE "wish_pushes" (
	"campaign_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	"waiting" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "wish_pushes_uq" ON "wish_pushes" USING btree ("campaign_id","unit_id");