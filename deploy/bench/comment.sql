-- The SQL transaction the server runs for POST /v1/plans/{id}/comments by a leader on the plan as a whole
-- (Sources/ParleyStore/Comments.swift `comment`, Plans.swift `loadPlan`, Events.swift `append`), statement
-- for statement, for pgbench -M prepared. Variables: org, plan, author (pgbench -D).
BEGIN;
SELECT set_config('app.org_id', :org, true);
SELECT plan_id, name, unit_id, to_char(start_month, 'YYYY-MM'), months, currency, metrics::text, ramp_months,
    stretch_limit_bps, tolerance_bps, approver_ids, required_approvals, state, submitted_by, version, created_by, created_at
    FROM plans WHERE org_id = :org::uuid AND plan_id = :plan::uuid;
INSERT INTO comments AS c (org_id, comment_id, plan_id, author_id, body, rep_id, proposal_id, parent_id)
    VALUES (:org::uuid, gen_random_uuid(), :plan::uuid, :author::uuid, 'benchmark comment', NULL, NULL, NULL)
    RETURNING c.comment_id, c.author_id, c.body, c.rep_id, c.proposal_id, c.parent_id, c.created_at;
WITH head AS (
    SELECT event_seq + 1 AS seq, event_hash AS prev,
           to_char(statement_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24' || chr(58) || 'MI' || chr(58) || 'SS.US"Z"') AS at_text
    FROM plan_chain_heads WHERE org_id = :org::uuid AND plan_id = :plan::uuid
    FOR NO KEY UPDATE
), event AS (
    INSERT INTO events (org_id, plan_id, seq, kind, actor_id, at, data, prev_hash, hash)
    SELECT :org::uuid, :plan::uuid, seq, 'comment.created', :author::uuid, statement_timestamp(), '{"comment_id":"x","rep_id":""}'::json, prev,
           encode(sha256(convert_to(prev || E'\n' || seq::text || E'\n' || 'comment.created' || E'\n' || :author::uuid::text
                                    || E'\n' || at_text || E'\n' || '{"comment_id":"x","rep_id":""}', 'UTF8')), 'hex')
    FROM head
    RETURNING seq, hash
)
UPDATE plan_chain_heads h SET event_seq = event.seq, event_hash = event.hash FROM event
WHERE h.org_id = :org::uuid AND h.plan_id = :plan::uuid
RETURNING CASE WHEN EXISTS (
    SELECT 1 FROM stream_watchers w WHERE w.org_id = h.org_id AND w.plan_id = h.plan_id AND w.expires_at > now()
) THEN pg_notify('parley_events', h.plan_id::text || chr(58) || event.seq) END;
COMMIT;
