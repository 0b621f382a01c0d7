-- Hand-written (drizzle-kit generate --custom): cases opened from a visit before the visit kept its case
-- (0036) are linked back to it, the first case of each visit as the application itself does.
UPDATE "visits" AS v
SET "mediation_case_id" = c."id", "mediation_case_number" = c."number"
FROM (
  SELECT DISTINCT ON ("source_ref") "source_ref", "id", "number"
  FROM "mediation_cases"
  WHERE "source" = 'visit' AND "source_ref" IS NOT NULL
  ORDER BY "source_ref", "created_at", "id"
) AS c
WHERE v."id" = c."source_ref" AND v."mediation_case_id" IS NULL;
