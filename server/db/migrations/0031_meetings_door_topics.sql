ALTER TABLE "meeting_participants" ADD COLUMN "person_id" uuid;--> statement-breakpoint
ALTER TABLE "meeting_topics" ADD COLUMN "proposer_person_id" uuid;--> statement-breakpoint
ALTER TABLE "meeting_topics" ADD COLUMN "proposer_name_masked" varchar(40);--> statement-breakpoint
ALTER TABLE "meeting_topics" ADD COLUMN "visit_id" uuid;