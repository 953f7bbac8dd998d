-- Derived rows cost less to keep.
--
-- actuals_monthly: the store writes its rows only from `actuals`, in the same transaction
-- (Sources/ParleyStore/Planning.swift), and `actuals` keeps its foreign key to `users`. A second key checked
-- every monthly sum against `users` again: 4.4 million checks when a 100,000-rep demo is seeded, and one per
-- month touched by every upload, for no fact of its own (assignment_figures, 0009, has none either).
ALTER TABLE actuals_monthly DROP CONSTRAINT actuals_monthly_org_id_user_id_fkey;

-- assignment_figures: a refresh rewrites only the rows whose figures changed. An upload changes last year's
-- figure of the metrics it carries, a proposal one side's figures; rewriting the other rows anyway left a dead
-- row and new entries in both indexes for each (the body is 0009's, plus the WHERE of DO UPDATE).
CREATE OR REPLACE FUNCTION parley_refresh_assignment_figures(org uuid, plan uuid, reps uuid[]) RETURNS void
    LANGUAGE sql
    AS $$ INSERT INTO assignment_figures AS f (org_id, plan_id, rep_id, metric, unit_id, top_down, bottom_up, agreed, last_year)
          SELECT a.org_id, a.plan_id, a.rep_id, m.key, a.unit_id, (a.top_down_annuals ->> m.key)::bigint,
                 (a.bottom_up_annuals ->> m.key)::bigint, (a.agreed_annuals ->> m.key)::bigint,
                 coalesce((a.last_year_annuals ->> m.key)::bigint, 0)
          FROM assignments a
          JOIN plans p ON p.org_id = a.org_id AND p.plan_id = a.plan_id
          CROSS JOIN LATERAL (SELECT d ->> 'key' AS key FROM jsonb_array_elements(p.metrics) AS d) AS m
          WHERE a.org_id = org AND a.plan_id = plan AND (reps IS NULL OR a.rep_id = ANY(reps))
          ON CONFLICT (org_id, plan_id, rep_id, metric) DO UPDATE
          SET unit_id = excluded.unit_id, top_down = excluded.top_down, bottom_up = excluded.bottom_up,
              agreed = excluded.agreed, last_year = excluded.last_year
          WHERE (f.unit_id, f.top_down, f.bottom_up, f.agreed, f.last_year)
                IS DISTINCT FROM (excluded.unit_id, excluded.top_down, excluded.bottom_up, excluded.agreed, excluded.last_year) $$;
