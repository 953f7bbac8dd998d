-- Every unique constraint of every tenant table includes org_id, so the tables can be distributed by
-- org_id (Citus refuses a unique constraint without the distribution column, since no shard could
-- enforce it).
--
-- The last exception was tokens' UNIQUE (token_hash): a token used to be looked up before its
-- organization was known. Tokens issued from now on carry their organization in clear,
-- `prl_<org id, 32 hex digits>_<64 hex digits>`, so they are looked up by (org_id, token_hash) inside
-- that organization, like any other row. The hash covers the whole token, prefix included: a token whose
-- prefix was changed matches nothing.
--
-- Tokens issued before this migration (`prl_<64 hex digits>`, no prefix) keep working: their rows are
-- marked `legacy`, and only legacy rows may still be found by hash alone (the app.token_hash policy below,
-- a partial index that holds only them). They leave as they are revoked; a user's tokens are rotated by
-- issuing a new one and signing the old one out, or by a new password, which revokes them all.
ALTER TABLE tokens DROP CONSTRAINT tokens_token_hash_key;
ALTER TABLE tokens ADD CONSTRAINT tokens_org_id_token_hash_key UNIQUE (org_id, token_hash);

-- Existing rows take the first default (true) without a rewrite; rows inserted later take false.
ALTER TABLE tokens ADD COLUMN legacy boolean NOT NULL DEFAULT true;
ALTER TABLE tokens ALTER COLUMN legacy SET DEFAULT false;
CREATE INDEX tokens_legacy_hash ON tokens (token_hash) WHERE legacy;

DROP POLICY tenant ON tokens;
CREATE POLICY tenant ON tokens
    USING (org_id = parley_current_org()
           OR (legacy AND token_hash = decode(nullif(current_setting('app.token_hash', true), ''), 'hex')))
    WITH CHECK (org_id = parley_current_org());

-- Dates as ISO text with a fixed format, IMMUTABLE. A date's own text output follows DateStyle, so casts
-- such as hired_on::text are STABLE, and Citus refuses anything but IMMUTABLE functions in a RETURNING
-- clause (it evaluates it on the workers). Rows that leave an INSERT or UPDATE through RETURNING use these.
CREATE FUNCTION parley_iso_date(d date) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT to_char(d, 'YYYY-MM-DD') $$;
CREATE FUNCTION parley_iso_month(d date) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT to_char(d, 'YYYY-MM') $$;
