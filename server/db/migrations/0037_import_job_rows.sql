CREATE TABLE "import_job_rows" (
	"job_id" uuid NOT NULL,
	"row" integer NOT NULL,
	"ok" boolean NOT NULL,
	"household_key" text,
	"id_number_bidx" text,
	"data" jsonb,
	CONSTRAINT "import_job_rows_job_id_row_pk" PRIMARY KEY("job_id","row")
);
--> statement-breakpoint
CREATE INDEX "import_job_rows_household_idx" ON "import_job_rows" USING btree ("job_id","household_key","row");--> statement-breakpoint
CREATE INDEX "import_job_rows_id_number_idx" ON "import_job_rows" USING btree ("job_id","id_number_bidx","row");