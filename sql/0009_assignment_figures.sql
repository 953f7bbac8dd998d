-- Each assignment's annual figures, one narrow row per plan metric, for reconciliation at scale.
--
-- Reconciling a unit sums, per unit below it, every rep's top-down, bottom-up, agreed and last-year figure of one
-- metric. Read out of the assignments' jsonb columns, that was 60 ms for 50,000 reps even from a covering index
-- (the jsonb extraction, per row and figure); from these rows, through the index below, it is a third of that.
--
-- The rows are derived: the store rewrites an assignment's rows (parley_refresh_assignment_figures, below) in the
-- statement after every write to its figures, in the same transaction (Sources/ParleyStore/AssignmentFigures.swift),
-- so they are never behind a committed assignment. No foreign key: nothing else writes them, and they carry no fact of their own.
CREATE TABLE assignment_figures (
    org_id     uuid NOT NULL,
    plan_id    uuid NOT NULL,
    rep_id     uuid NOT NULL,
    metric     text NOT NULL,
    unit_id    uuid NOT NULL,
    top_down   bigint,
    bottom_up  bigint,
    agreed     bigint,
    last_year  bigint NOT NULL,
    PRIMARY KEY (org_id, plan_id, rep_id, metric)
);
CREATE INDEX assignment_figures_unit ON assignment_figures (org_id, plan_id, metric, unit_id)
    INCLUDE (bottom_up, agreed, last_year);

ALTER TABLE assignment_figures ENABLE ROW LEVEL SECURITY;
ALTER TABLE assignment_figures FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON assignment_figures USING (org_id = parley_current_org());

-- Rewrites the rows of `reps`' assignments in `plan` (all of its assignments when `reps` is NULL) from what the
-- assignments say: one row per plan metric.
CREATE FUNCTION parley_refresh_assignment_figures(org uuid, plan uuid, reps uuid[]) RETURNS void
    LANGUAGE sql
    AS $$ INSERT INTO assignment_figures (org_id, plan_id, rep_id, metric, unit_id, top_down, bottom_up, agreed, last_year)
          SELECT a.org_id, a.plan_id, a.rep_id, m.key, a.unit_id, (a.top_down_annuals ->> m.key)::bigint,
                 (a.bottom_up_annuals ->> m.key)::bigint, (a.agreed_annuals ->> m.key)::bigint,
                 coalesce((a.last_year_annuals ->> m.key)::bigint, 0)
          FROM assignments a
          JOIN plans p ON p.org_id = a.org_id AND p.plan_id = a.plan_id
          CROSS JOIN LATERAL (SELECT d ->> 'key' AS key FROM jsonb_array_elements(p.metrics) AS d) AS m
          WHERE a.org_id = org AND a.plan_id = plan AND (reps IS NULL OR a.rep_id = ANY(reps))
          ON CONFLICT (org_id, plan_id, rep_id, metric) DO UPDATE
          SET unit_id = excluded.unit_id, top_down = excluded.top_down, bottom_up = excluded.bottom_up,
              agreed = excluded.agreed, last_year = excluded.last_year $$;

-- The existing assignments' rows (the migration runs as the tables' owner, whom FORCE binds too).
ALTER TABLE assignments NO FORCE ROW LEVEL SECURITY;
ALTER TABLE plans NO FORCE ROW LEVEL SECURITY;
ALTER TABLE assignment_figures NO FORCE ROW LEVEL SECURITY;
SELECT parley_refresh_assignment_figures(org_id, plan_id, NULL) FROM plans;
ALTER TABLE assignments FORCE ROW LEVEL SECURITY;
ALTER TABLE plans FORCE ROW LEVEL SECURITY;
ALTER TABLE assignment_figures FORCE ROW LEVEL SECURITY;
