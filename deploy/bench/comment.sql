-- The SQL transaction the server runs for POST /v1/plans/{id}/comments by a leader on the plan as a whole
-- (Sources/ParleyStore/Comments.swift `comment`, Repository.swift `plan`, Events.swift `append`), statement
-- for statement and round trip for round trip (two pipelines), for pgbench -M prepared. Variables: org, plan, author (pgbench -D).
-- This is what one comment alone sends. Comments that arrive together on one plan share a transaction instead
-- (Sources/Postgres/GroupCommit.swift): each member's read and insert in a savepoint, then one append of all
-- their events with the COMMIT. pgbench, one transaction per comment, is the baseline that grouping beats.
\startpipeline
BEGIN;
SELECT set_config('app.org_id', :org, true);
SELECT plan_id, name, unit_id, parley_iso_month(start_month), months, currency, metrics::text, ramp_months,
    stretch_limit_bps, tolerance_bps, approver_ids, required_approvals, state, submitted_by, version, created_by, created_at
    FROM plans WHERE org_id = :org::uuid AND plan_id = :plan::uuid;
\endpipeline
\startpipeline
INSERT INTO comments AS c (org_id, comment_id, plan_id, author_id, body, rep_id, proposal_id, parent_id)
    VALUES (:org::uuid, gen_random_uuid(), :plan::uuid, :author::uuid, 'benchmark comment', NULL, NULL, NULL)
    RETURNING c.comment_id, c.author_id, c.body, c.rep_id, c.proposal_id, c.parent_id, c.created_at;
SELECT first_seq, watched FROM parley_append_events(:org::uuid, :plan::uuid, ARRAY['comment.created'], ARRAY[:author::uuid],
    ARRAY['{"comment_id":"x","rep_id":""}']);
COMMIT;
\endpipeline
