-- The SQL transaction the server runs for POST /v1/plans/{id}/comments by a leader on the plan as a whole
-- (Sources/ParleyStore/Comments.swift `comment`, Repository.swift `plan`, Events.swift `append`), statement
-- for statement and round trip for round trip (two pipelines), for pgbench -M prepared. Variables: org, plan, author (pgbench -D).
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
WITH head AS (
    SELECT event_seq + 1 AS seq, event_hash AS prev, now.at,
           to_char(now.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24' || chr(58) || 'MI' || chr(58) || 'SS.US"Z"') AS at_text
    FROM plan_chain_heads, (SELECT statement_timestamp() AS at) AS now
    WHERE org_id = :org::uuid AND plan_id = :plan::uuid
    FOR NO KEY UPDATE OF plan_chain_heads
), event AS (
    INSERT INTO events (org_id, plan_id, seq, kind, actor_id, at, data, prev_hash, hash)
    SELECT :org::uuid, :plan::uuid, seq, 'comment.created', :author::uuid, at, '{"comment_id":"x","rep_id":""}'::json, prev,
           encode(sha256(convert_to(prev || E'\n' || seq::text || E'\n' || 'comment.created' || E'\n' || :author::uuid::text
                                    || E'\n' || at_text || E'\n' || '{"comment_id":"x","rep_id":""}', 'UTF8')), 'hex')
    FROM (VALUES (1)) AS one LEFT JOIN head ON true
    RETURNING seq, hash
), watched AS (
    SELECT EXISTS (
        SELECT 1 FROM stream_watchers w WHERE w.org_id = :org::uuid AND w.plan_id = :plan::uuid AND w.expires_at > now()
    ) AS watched
)
UPDATE plan_chain_heads h SET event_seq = event.seq, event_hash = event.hash FROM event, watched
WHERE h.org_id = :org::uuid AND h.plan_id = :plan::uuid
RETURNING event.seq, watched.watched;
COMMIT;
\endpipeline
