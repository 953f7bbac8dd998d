-- Parley schema, part 1: tenants, the org tree, users, tokens, idempotency records.
--
-- Every tenant table has org_id leading its primary key and every foreign key (so it can be
-- distributed by org_id), and row-level security ENABLEd and FORCEd with a policy on app.org_id, which
-- the server sets per transaction with set_config(..., true). The server's role owns these tables and
-- is neither superuser nor BYPASSRLS, so FORCE makes the policies bind it too.

CREATE FUNCTION parley_current_org() RETURNS uuid
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT nullif(current_setting('app.org_id', true), '')::uuid $$;

CREATE TABLE organizations (
    org_id      uuid PRIMARY KEY,
    name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE units (
    org_id      uuid NOT NULL REFERENCES organizations (org_id),
    unit_id     uuid NOT NULL,
    name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    parent_id   uuid,
    manager_id  uuid,
    version     bigint NOT NULL DEFAULT 1,
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (org_id, unit_id),
    FOREIGN KEY (org_id, parent_id) REFERENCES units (org_id, unit_id),
    CHECK (parent_id IS DISTINCT FROM unit_id)
);
CREATE INDEX units_parent ON units (org_id, parent_id);

CREATE TABLE users (
    org_id         uuid NOT NULL REFERENCES organizations (org_id),
    user_id        uuid NOT NULL,
    email          text NOT NULL CHECK (length(email) BETWEEN 3 AND 254),
    name           text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    role           text NOT NULL CHECK (role IN ('admin', 'leader', 'manager', 'rep', 'viewer')),
    unit_id        uuid NOT NULL,
    hired_on       date NOT NULL,
    password_hash  text,
    version        bigint NOT NULL DEFAULT 1,
    created_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (org_id, user_id),
    FOREIGN KEY (org_id, unit_id) REFERENCES units (org_id, unit_id)
);
CREATE UNIQUE INDEX users_email ON users (org_id, lower(email));
CREATE INDEX users_login_email ON users (lower(email));
CREATE INDEX users_unit ON users (org_id, unit_id);

ALTER TABLE units ADD FOREIGN KEY (org_id, manager_id) REFERENCES users (org_id, user_id);

CREATE TABLE tokens (
    org_id      uuid NOT NULL REFERENCES organizations (org_id),
    token_id    uuid NOT NULL,
    user_id     uuid NOT NULL,
    token_hash  bytea NOT NULL UNIQUE CHECK (length(token_hash) = 32),
    created_at  timestamptz NOT NULL DEFAULT now(),
    revoked_at  timestamptz,
    PRIMARY KEY (org_id, token_id),
    FOREIGN KEY (org_id, user_id) REFERENCES users (org_id, user_id)
);

CREATE TABLE idempotency_keys (
    org_id        uuid NOT NULL REFERENCES organizations (org_id),
    user_id       uuid NOT NULL,
    key           text NOT NULL CHECK (length(key) BETWEEN 1 AND 255),
    request_hash  bytea NOT NULL,
    status        integer NOT NULL,
    headers       jsonb NOT NULL DEFAULT '{}',
    body          bytea NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (org_id, user_id, key),
    FOREIGN KEY (org_id, user_id) REFERENCES users (org_id, user_id)
);
CREATE INDEX idempotency_keys_age ON idempotency_keys (created_at);

ALTER TABLE organizations ENABLE ROW LEVEL SECURITY;
ALTER TABLE organizations FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON organizations USING (org_id = parley_current_org());

ALTER TABLE units ENABLE ROW LEVEL SECURITY;
ALTER TABLE units FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON units USING (org_id = parley_current_org());

-- Signing in happens before the org is known: a transaction that names the e-mail being signed in with
-- (app.login_email) may read the users with that e-mail, in whatever org.
ALTER TABLE users ENABLE ROW LEVEL SECURITY;
ALTER TABLE users FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON users
    USING (org_id = parley_current_org()
           OR lower(email) = nullif(current_setting('app.login_email', true), ''))
    WITH CHECK (org_id = parley_current_org());

-- A bearer token is looked up before the org is known: whoever holds the secret may read its row
-- (app.token_hash is the SHA-256 of the presented token, hex).
ALTER TABLE tokens ENABLE ROW LEVEL SECURITY;
ALTER TABLE tokens FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON tokens
    USING (org_id = parley_current_org()
           OR token_hash = decode(nullif(current_setting('app.token_hash', true), ''), 'hex'))
    WITH CHECK (org_id = parley_current_org());

ALTER TABLE idempotency_keys ENABLE ROW LEVEL SECURITY;
ALTER TABLE idempotency_keys FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON idempotency_keys USING (org_id = parley_current_org());
