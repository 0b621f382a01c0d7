CREATE TABLE "appeal_affected" (
	"appeal_id" uuid NOT NULL,
	"phone_index" varchar(64) NOT NULL,
	"phone_enc" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "appeal_affected_appeal_id_phone_index_pk" PRIMARY KEY("appeal_id","phone_index")
);
