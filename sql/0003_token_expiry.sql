-- Session tokens expire; API tokens do not.
--
-- POST /v1/sessions issues tokens with expires_at = issue time + the server's session lifetime
-- (PARLEY_SESSION_HOURS). Tokens from POST /v1/users/{id}/tokens, `parley org create` and `parley demo`
-- keep expires_at NULL and work until revoked. Rows that exist before this migration keep NULL too, so
-- every token that worked before still works.
ALTER TABLE tokens ADD COLUMN expires_at timestamptz;

-- A password change revokes every live token of the user; this finds them without a scan.
CREATE INDEX tokens_live_of_user ON tokens (org_id, user_id) WHERE revoked_at IS NULL;
