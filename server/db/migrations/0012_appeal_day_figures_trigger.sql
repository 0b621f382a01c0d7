-- appeal_day_figures follows every appeal: a change takes the row's old contribution away and adds its
-- new one, in the same transaction. The definitions are those of server/modules/appeals/appeals.metrics.ts
-- (field channels: 入户走访 visit, 巡查 patrol, 随手拍 photo); days are China dates.
CREATE OR REPLACE FUNCTION tingsu_appeal_day_figures_add(r appeals, sign integer) RETURNS void AS $$
DECLARE
  county varchar(6) := substr(r.region_code, 1, 6);
  handled boolean := r.handled_at IS NOT NULL;
  field boolean := r.channel IN ('visit', 'patrol', 'photo');
BEGIN
  IF r.accepted_at IS NOT NULL AND r.status <> 'merged' THEN
    INSERT INTO appeal_day_figures AS f (county_code, day, accepted, handled, handled_on_time, response_valid, responded_on_time,
        field_collected, on_spot, handling_minutes_sum, handling_count)
    VALUES (county, (r.accepted_at AT TIME ZONE 'Asia/Shanghai')::date, sign,
        sign * handled::int,
        sign * (handled AND (r.on_spot OR r.handled_at <= r.handling_due_at) IS TRUE)::int,
        sign * (r.dispatched_at IS NOT NULL OR r.on_spot)::int,
        sign * (r.on_spot OR (r.signed_at IS NOT NULL AND r.signed_at <= r.response_due_at) IS TRUE)::int,
        sign * field::int,
        sign * (field AND r.on_spot)::int,
        sign * CASE WHEN handled THEN coalesce(r.handling_minutes, 0) ELSE 0 END,
        sign * (handled AND r.handling_minutes IS NOT NULL)::int)
    ON CONFLICT (county_code, day) DO UPDATE SET
      accepted = f.accepted + excluded.accepted,
      handled = f.handled + excluded.handled,
      handled_on_time = f.handled_on_time + excluded.handled_on_time,
      response_valid = f.response_valid + excluded.response_valid,
      responded_on_time = f.responded_on_time + excluded.responded_on_time,
      field_collected = f.field_collected + excluded.field_collected,
      on_spot = f.on_spot + excluded.on_spot,
      handling_minutes_sum = f.handling_minutes_sum + excluded.handling_minutes_sum,
      handling_count = f.handling_count + excluded.handling_count;
  END IF;
  IF r.status = 'closed' AND r.closed_at IS NOT NULL THEN
    INSERT INTO appeal_day_figures AS f (county_code, day, closed, closed_reworked)
    VALUES (county, (r.closed_at AT TIME ZONE 'Asia/Shanghai')::date, sign, sign * (r.rework_count > 0)::int)
    ON CONFLICT (county_code, day) DO UPDATE SET
      closed = f.closed + excluded.closed,
      closed_reworked = f.closed_reworked + excluded.closed_reworked;
  END IF;
  IF r.last_rated_at IS NOT NULL THEN
    INSERT INTO appeal_day_figures AS f (county_code, day, rated, evaluations, solved, satisfied, basically_satisfied, dissatisfied)
    VALUES (county, (r.last_rated_at AT TIME ZONE 'Asia/Shanghai')::date, sign,
        sign * (r.last_rating <> 'unreachable' IS TRUE)::int,
        sign * ((r.last_rating <> 'unreachable' AND r.last_solved) IS TRUE)::int,
        sign * (r.last_rating = 'satisfied' IS TRUE)::int,
        sign * (r.last_rating = 'basically_satisfied' IS TRUE)::int,
        sign * (r.last_rating = 'dissatisfied' IS TRUE)::int)
    ON CONFLICT (county_code, day) DO UPDATE SET
      rated = f.rated + excluded.rated,
      evaluations = f.evaluations + excluded.evaluations,
      solved = f.solved + excluded.solved,
      satisfied = f.satisfied + excluded.satisfied,
      basically_satisfied = f.basically_satisfied + excluded.basically_satisfied,
      dissatisfied = f.dissatisfied + excluded.dissatisfied;
  END IF;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION tingsu_appeal_day_figures() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    PERFORM tingsu_appeal_day_figures_add(OLD, -1);
  END IF;
  PERFORM tingsu_appeal_day_figures_add(NEW, 1);
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
-- A new appeal counts only when it arrives accepted, closed or rated (generated or imported history):
-- registering one does not call the function at all.
CREATE TRIGGER appeals_day_figures_insert AFTER INSERT ON appeals
  FOR EACH ROW WHEN (NEW.accepted_at IS NOT NULL OR NEW.closed_at IS NOT NULL OR NEW.last_rated_at IS NOT NULL)
  EXECUTE FUNCTION tingsu_appeal_day_figures();
--> statement-breakpoint
-- Only changes to what the figures read touch them (reminder flags, notes and versions do not).
CREATE TRIGGER appeals_day_figures_update AFTER UPDATE ON appeals
  FOR EACH ROW WHEN (
    OLD.region_code IS DISTINCT FROM NEW.region_code OR OLD.status IS DISTINCT FROM NEW.status
    OR OLD.channel IS DISTINCT FROM NEW.channel OR OLD.on_spot IS DISTINCT FROM NEW.on_spot
    OR OLD.accepted_at IS DISTINCT FROM NEW.accepted_at OR OLD.dispatched_at IS DISTINCT FROM NEW.dispatched_at
    OR OLD.signed_at IS DISTINCT FROM NEW.signed_at OR OLD.handled_at IS DISTINCT FROM NEW.handled_at
    OR OLD.closed_at IS DISTINCT FROM NEW.closed_at OR OLD.response_due_at IS DISTINCT FROM NEW.response_due_at
    OR OLD.handling_due_at IS DISTINCT FROM NEW.handling_due_at OR OLD.handling_minutes IS DISTINCT FROM NEW.handling_minutes
    OR OLD.rework_count IS DISTINCT FROM NEW.rework_count OR OLD.last_rating IS DISTINCT FROM NEW.last_rating
    OR OLD.last_solved IS DISTINCT FROM NEW.last_solved OR OLD.last_rated_at IS DISTINCT FROM NEW.last_rated_at)
  EXECUTE FUNCTION tingsu_appeal_day_figures();
--> statement-breakpoint
-- The figures of the appeals already there.
INSERT INTO appeal_day_figures (county_code, day, accepted, handled, handled_on_time, response_valid, responded_on_time,
    field_collected, on_spot, handling_minutes_sum, handling_count, closed, closed_reworked, rated, evaluations, solved,
    satisfied, basically_satisfied, dissatisfied)
SELECT county_code, day, sum(accepted), sum(handled), sum(handled_on_time), sum(response_valid), sum(responded_on_time),
    sum(field_collected), sum(on_spot), sum(handling_minutes_sum), sum(handling_count), sum(closed), sum(closed_reworked),
    sum(rated), sum(evaluations), sum(solved), sum(satisfied), sum(basically_satisfied), sum(dissatisfied)
FROM (
  SELECT substr(region_code, 1, 6) AS county_code, (accepted_at AT TIME ZONE 'Asia/Shanghai')::date AS day,
      1 AS accepted,
      (handled_at IS NOT NULL)::int AS handled,
      (handled_at IS NOT NULL AND (on_spot OR handled_at <= handling_due_at) IS TRUE)::int AS handled_on_time,
      (dispatched_at IS NOT NULL OR on_spot)::int AS response_valid,
      (on_spot OR (signed_at IS NOT NULL AND signed_at <= response_due_at) IS TRUE)::int AS responded_on_time,
      (channel IN ('visit', 'patrol', 'photo'))::int AS field_collected,
      (channel IN ('visit', 'patrol', 'photo') AND on_spot)::int AS on_spot,
      CASE WHEN handled_at IS NOT NULL THEN coalesce(handling_minutes, 0) ELSE 0 END::bigint AS handling_minutes_sum,
      (handled_at IS NOT NULL AND handling_minutes IS NOT NULL)::int AS handling_count,
      0 AS closed, 0 AS closed_reworked, 0 AS rated, 0 AS evaluations, 0 AS solved, 0 AS satisfied, 0 AS basically_satisfied, 0 AS dissatisfied
  FROM appeals WHERE accepted_at IS NOT NULL AND status <> 'merged'
  UNION ALL
  SELECT substr(region_code, 1, 6), (closed_at AT TIME ZONE 'Asia/Shanghai')::date,
      0, 0, 0, 0, 0, 0, 0, 0, 0, 1, (rework_count > 0)::int, 0, 0, 0, 0, 0, 0
  FROM appeals WHERE status = 'closed' AND closed_at IS NOT NULL
  UNION ALL
  SELECT substr(region_code, 1, 6), (last_rated_at AT TIME ZONE 'Asia/Shanghai')::date,
      0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
      (last_rating <> 'unreachable' IS TRUE)::int, ((last_rating <> 'unreachable' AND last_solved) IS TRUE)::int,
      (last_rating = 'satisfied' IS TRUE)::int, (last_rating = 'basically_satisfied' IS TRUE)::int, (last_rating = 'dissatisfied' IS TRUE)::int
  FROM appeals WHERE last_rated_at IS NOT NULL
) AS contributions
GROUP BY county_code, day;
