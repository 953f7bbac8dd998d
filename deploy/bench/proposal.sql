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
WITH head AS (
    SELECT event_seq + 1 AS seq, event_hash AS prev, now.at,
           to_char(now.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24' || chr(58) || 'MI' || chr(58) || 'SS.US"Z"') AS at_text
    FROM plan_chain_heads, (SELECT statement_timestamp() AS at) AS now
    WHERE org_id = :org::uuid AND plan_id = :plan::uuid
    FOR NO KEY UPDATE OF plan_chain_heads
), event AS (
    INSERT INTO events (org_id, plan_id, seq, kind, actor_id, at, data, prev_hash, hash)
    SELECT :org::uuid, :plan::uuid, seq, 'proposal.created', :rep::uuid, at, '{"kind":"counter","side":"rep","values":{"qualified_leads":[40,40,40,40,40,40,40,40,40,40,40,40],"revenue":[1010000,1020000,1030000,1040000,1050000,1060000,1070000,1080000,1090000,1100000,1110000,1120000],"visits":[60,60,60,60,60,60,60,60,60,60,60,60]}}'::json, prev,
           encode(sha256(convert_to(prev || E'\n' || seq::text || E'\n' || 'proposal.created' || E'\n' || :rep::uuid::text
                                    || E'\n' || at_text || E'\n' || '{"kind":"counter","side":"rep","values":{"qualified_leads":[40,40,40,40,40,40,40,40,40,40,40,40],"revenue":[1010000,1020000,1030000,1040000,1050000,1060000,1070000,1080000,1090000,1100000,1110000,1120000],"visits":[60,60,60,60,60,60,60,60,60,60,60,60]}}', 'UTF8')), 'hex')
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
