-- A check that fails the statement, so that it can travel in a pipeline with the statements it guards.
--
-- A use case whose writes depend on a condition used to read the condition, decide, and then send the writes: one
-- round trip more, with its locks held across it. `parley_require(condition, message)` raises SQLSTATE PR001
-- when the condition is false, so the check can be sent ahead of the writes and the COMMIT in one pipeline: a
-- failed check skips the rest, and the transaction rolls back (Sources/ParleyStore/Events.swift).
CREATE FUNCTION parley_require(condition boolean, message text) RETURNS boolean
    LANGUAGE plpgsql
    AS $$ BEGIN
        IF condition IS NOT TRUE THEN
            RAISE EXCEPTION '%', message USING ERRCODE = 'PR001';
        END IF;
        RETURN true;
    END $$;
