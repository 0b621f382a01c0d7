CREATE TABLE "visit_area_figures" (
	"code" varchar(15) PRIMARY KEY NOT NULL,
	"households" integer NOT NULL,
	"vulnerable" integer NOT NULL,
	"vulnerable_overdue" integer NOT NULL,
	"never_visited" integer NOT NULL,
	"workers" integer NOT NULL,
	"counted_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "visit_grid_firsts" (
	"code" varchar(15) NOT NULL,
	"month" varchar(7) NOT NULL,
	"since" varchar(7) NOT NULL,
	"households" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "visit_grid_firsts_code_month_since_pk" PRIMARY KEY("code","month","since")
);
--> statement-breakpoint
CREATE TABLE "visit_grid_months" (
	"code" varchar(15) NOT NULL,
	"month" varchar(7) NOT NULL,
	"met" integer DEFAULT 0 NOT NULL,
	"nobody_home" integer DEFAULT 0 NOT NULL,
	"worker_visits" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "visit_grid_months_code_month_pk" PRIMARY KEY("code","month")
);
--> statement-breakpoint
INSERT INTO "visit_grid_months" ("code", "month", "met", "nobody_home", "worker_visits")
SELECT l.code, g.month, sum(g.met), sum(g.nobody_home), sum(g.worker_visits)
FROM (SELECT grid_code, to_char(check_in_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM') AS month,
             count(*) FILTER (WHERE outcome = 'met') AS met, count(*) FILTER (WHERE outcome = 'nobody_home') AS nobody_home,
             count(*) FILTER (WHERE NOT by_cadre) AS worker_visits
      FROM visits GROUP BY 1, 2) g
CROSS JOIN LATERAL (VALUES (g.grid_code), (substr(g.grid_code, 1, 9))) AS l(code)
GROUP BY 1, 2;--> statement-breakpoint
INSERT INTO "visit_grid_firsts" ("code", "month", "since", "households")
SELECT l.code, f.month, f.since, count(*)
FROM (SELECT grid_code, month,
             CASE WHEN previous >= to_char(to_date(month || '-01', 'YYYY-MM-DD') - interval '12 months', 'YYYY-MM') THEN previous ELSE '' END AS since
      FROM (SELECT grid_code, month, lag(month) OVER (PARTITION BY household_id ORDER BY month) AS previous
            FROM (SELECT household_id, grid_code, month,
                         row_number() OVER (PARTITION BY household_id, month ORDER BY check_in_at, id) AS n
                  FROM (SELECT household_id, grid_code, check_in_at, id::text AS id,
                               to_char(check_in_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM') AS month
                        FROM visits WHERE outcome = 'met') v) r
            WHERE n = 1) p) f
CROSS JOIN LATERAL (VALUES (f.grid_code), (substr(f.grid_code, 1, 9))) AS l(code)
GROUP BY 1, 2, 3;
