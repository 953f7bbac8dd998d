-- The SQL transaction the server runs for POST /v1/plans/{id}/assignments/{rep}/proposals by a rep
-- (Sources/ParleyStore/Assignments.swift `propose`, Repository.swift `planQuery`, Events.swift `append`), statement
-- for statement and round trip for round trip: two pipelines, as the server sends them. For pgbench -M prepared;
-- bench_reps maps a client number to an org, plan and rep. (The server supersedes the open proposals it read by
-- id; pgbench cannot carry results into a pipeline, so the same rows are named by their columns.)
\set n random(0, :clients - 1)
SELECT org, plan, rep FROM bench_reps WHERE n = :n \gset
\startpipeline
BEGIN;
SELECT set_config('app.org_id', :org, true);
SELECT plan_id, name, unit_id, parley_iso_month(start_month), months, currency, metrics::text, ramp_months,
    stretch_limit_bps, tolerance_bps, approver_ids, required_approvals, state, submitted_by, version, created_by, created_at
    FROM plans WHERE org_id = :org::uuid AND plan_id = :plan::uuid;
SELECT plan_id, rep_id, unit_id, ramp_months_in_plan, state, agreed::text, version FROM assignments
    WHERE org_id = :org::uuid AND plan_id = :plan::uuid AND rep_id = :rep::uuid FOR UPDATE;
(SELECT DISTINCT ON (side) proposal_id, side, status FROM proposals
 WHERE org_id = :org::uuid AND plan_id = :plan::uuid AND rep_id = :rep::uuid ORDER BY side, seq)
UNION
(SELECT proposal_id, side, status FROM proposals WHERE org_id = :org::uuid AND plan_id = :plan::uuid AND rep_id = :rep::uuid AND status = 'open');
\endpipeline
\startpipeline
SELECT parley_require(EXISTS (
    SELECT 1 FROM plans WHERE org_id = :org::uuid AND plan_id = :plan::uuid AND state = ANY('{in_discussion,proposed}'::text[])
    FOR KEY SHARE), 'the plan changed state meanwhile; nothing was recorded');
UPDATE proposals SET status = 'superseded'
    WHERE org_id = :org::uuid AND plan_id = :plan::uuid AND rep_id = :rep::uuid AND side = 'rep' AND status = 'open';
UPDATE assignments SET state = 'estimate_submitted', version = version + 1, updated_at = now(),
    top_down_annuals = CASE WHEN false THEN parley_annuals('{"qualified_leads":[40,40,40,40,40,40,40,40,40,40,40,40],"revenue":[1010000,1020000,1030000,1040000,1050000,1060000,1070000,1080000,1090000,1100000,1110000,1120000],"visits":[60,60,60,60,60,60,60,60,60,60,60,60]}'::jsonb) ELSE top_down_annuals END,
    bottom_up_annuals = CASE WHEN true THEN parley_annuals('{"qualified_leads":[40,40,40,40,40,40,40,40,40,40,40,40],"revenue":[1010000,1020000,1030000,1040000,1050000,1060000,1070000,1080000,1090000,1100000,1110000,1120000],"visits":[60,60,60,60,60,60,60,60,60,60,60,60]}'::jsonb) ELSE bottom_up_annuals END
    WHERE org_id = :org::uuid AND plan_id = :plan::uuid AND rep_id = :rep::uuid
    RETURNING version;
INSERT INTO proposals (org_id, proposal_id, plan_id, rep_id, author_id, side, kind, "values", assumptions, implied, consistent, rationale)
    VALUES (:org::uuid, gen_random_uuid(), :plan::uuid, :rep::uuid, :rep::uuid, 'rep', 'counter', '{"qualified_leads":[40,40,40,40,40,40,40,40,40,40,40,40],"revenue":[1010000,1020000,1030000,1040000,1050000,1060000,1070000,1080000,1090000,1100000,1110000,1120000],"visits":[60,60,60,60,60,60,60,60,60,60,60,60]}'::jsonb,
    '{"avg_deal_size":105000,"qualified_leads":480,"win_rate_bps":2500}'::jsonb, '{"revenue":12600000}'::jsonb, true, 'benchmark')
    RETURNING created_at;
SELECT first_seq, watched FROM parley_append_events(:org::uuid, :plan::uuid, ARRAY['proposal.created'], ARRAY[:rep::uuid],
    ARRAY['{"kind":"counter","side":"rep","values":{"qualified_leads":[40,40,40,40,40,40,40,40,40,40,40,40],"revenue":[1010000,1020000,1030000,1040000,1050000,1060000,1070000,1080000,1090000,1100000,1110000,1120000],"visits":[60,60,60,60,60,60,60,60,60,60,60,60]}}']);
COMMIT;
\endpipeline
