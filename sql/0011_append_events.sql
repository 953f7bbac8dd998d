-- Appending to a plan's event chain, as one function: the one definition of a link, used by every use case for
-- its event (Sources/ParleyStore/Events.swift) and by a group commit for the events of all its members.
--
-- Takes the chain head FOR NO KEY UPDATE (held to the end of the transaction, which the caller commits in the
-- same round trip, so the head is the last lock a writer takes), links each event to the one before under the
-- canonical encoding (Events.swift), stores them, moves the head, and returns the first new seq and whether a
-- live stream watches the plan. A plan without a head raises, so a COMMIT sent after the call does not run and
-- a use case's writes are never committed unrecorded. One reading of the clock serves the stored time and the
-- hashed text of every event.
CREATE FUNCTION parley_append_events(org uuid, plan uuid, kinds text[], actors uuid[], data text[])
    RETURNS TABLE (first_seq bigint, watched boolean)
    LANGUAGE plpgsql
    AS $$
DECLARE
    v_at timestamptz := statement_timestamp();
    v_at_text text := to_char(v_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"');
    v_seq bigint;
    v_prev text;
    v_hash text;
BEGIN
    IF coalesce(cardinality(kinds), 0) = 0 OR cardinality(actors) <> cardinality(kinds)
       OR cardinality(data) <> cardinality(kinds) THEN
        RAISE EXCEPTION 'parley_append_events needs one kind, actor and data per event' USING ERRCODE = '22023';
    END IF;
    SELECT h.event_seq, h.event_hash INTO v_seq, v_prev FROM plan_chain_heads h
    WHERE h.org_id = org AND h.plan_id = plan
    FOR NO KEY UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'plan % has no event chain', plan USING ERRCODE = 'P0002';
    END IF;
    first_seq := v_seq + 1;
    FOR i IN 1 .. cardinality(kinds) LOOP
        v_seq := v_seq + 1;
        v_hash := encode(sha256(convert_to(v_prev || E'\n' || v_seq::text || E'\n' || kinds[i] || E'\n'
                                           || actors[i]::text || E'\n' || v_at_text || E'\n' || data[i], 'UTF8')), 'hex');
        INSERT INTO events (org_id, plan_id, seq, kind, actor_id, at, data, prev_hash, hash)
        VALUES (org, plan, v_seq, kinds[i], actors[i], v_at, data[i]::json, v_prev, v_hash);
        v_prev := v_hash;
    END LOOP;
    UPDATE plan_chain_heads h SET event_seq = v_seq, event_hash = v_prev WHERE h.org_id = org AND h.plan_id = plan;
    watched := EXISTS (SELECT 1 FROM stream_watchers w
                       WHERE w.org_id = org AND w.plan_id = plan AND w.expires_at > now());
    RETURN NEXT;
END $$;
