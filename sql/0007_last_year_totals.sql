-- Last year's actuals per assignment, kept instead of summed per request.
--
-- Reconciliation shows, beside every rep and unit, the actuals of the twelve months before the plan. Summing
-- them per request read every monthly row of every rep in scope (665,000 rows for 100,000 reps), so they are
-- kept on the assignment, per metric, as `assignments.last_year_annuals`: computed when the assignment is
-- created and recomputed by every upload of actuals that touches a month of its plan's last year, in the
-- upload's own transaction (Sources/ParleyStore/Planning.swift, `recordActuals`).
--
-- A rep's yearly total is clamped just outside ±(2^53 - 1), as the per-request sum was, so that the domain
-- still sees it out of range and names it.

-- The last-year totals of `reps` for a plan starting in `start_month`: one row per rep with any actuals then,
-- {"metric": total, ...}.
CREATE FUNCTION parley_last_year(org uuid, reps uuid[], start_month date) RETURNS TABLE (rep_id uuid, totals jsonb)
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT user_id, jsonb_object_agg(metric, total)
          FROM (SELECT user_id, metric, least(greatest(sum(value), -9007199254740992), 9007199254740992)::bigint AS total
                FROM actuals_monthly
                WHERE org_id = org AND user_id = ANY(reps)
                  AND month >= (start_month - interval '12 months')::date AND month < start_month
                GROUP BY user_id, metric) AS per_metric
          GROUP BY user_id $$;

ALTER TABLE assignments ADD COLUMN last_year_annuals jsonb NOT NULL DEFAULT '{}';

-- The migration runs as the tables' owner, whom FORCE ROW LEVEL SECURITY binds too: lift it for the backfill.
ALTER TABLE assignments NO FORCE ROW LEVEL SECURITY;
ALTER TABLE plans NO FORCE ROW LEVEL SECURITY;
ALTER TABLE actuals_monthly NO FORCE ROW LEVEL SECURITY;
UPDATE assignments a
SET last_year_annuals = coalesce((SELECT totals FROM parley_last_year(a.org_id, ARRAY[a.rep_id], p.start_month)), '{}')
FROM plans p
WHERE p.org_id = a.org_id AND p.plan_id = a.plan_id;
ALTER TABLE assignments FORCE ROW LEVEL SECURITY;
ALTER TABLE plans FORCE ROW LEVEL SECURITY;
ALTER TABLE actuals_monthly FORCE ROW LEVEL SECURITY;
