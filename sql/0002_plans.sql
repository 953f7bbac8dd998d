-- Parley schema, part 2: plans and their negotiation, approvals, adjustments, revisions, the event log.
--
-- Metric values are stored per metric as JSON arrays of integers (one per plan month), in jsonb objects
-- such as {"revenue": [..12..], "visits": [..12..]}: a proposal is one row, and SQL can still sum them.

-- {"revenue": [..months..], ...} -> {"revenue": annual, ...}; used for stored annual sums.
CREATE FUNCTION parley_annuals(v jsonb) RETURNS jsonb
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT coalesce(jsonb_object_agg(key, (SELECT coalesce(sum(x::bigint), 0) FROM jsonb_array_elements_text(value) x)), '{}')
          FROM jsonb_each(v) $$;

CREATE TABLE plans (
    org_id              uuid NOT NULL REFERENCES organizations (org_id),
    plan_id             uuid NOT NULL,
    name                text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    unit_id             uuid NOT NULL,
    start_month         date NOT NULL CHECK (extract(day FROM start_month) = 1),
    months              integer NOT NULL CHECK (months BETWEEN 1 AND 36),
    currency            text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    metrics             jsonb NOT NULL,
    ramp_months         integer NOT NULL CHECK (ramp_months BETWEEN 0 AND 36),
    stretch_limit_bps   bigint NOT NULL CHECK (stretch_limit_bps >= 0),
    tolerance_bps       bigint NOT NULL CHECK (tolerance_bps >= 0),
    approver_ids        uuid[] NOT NULL,
    required_approvals  integer NOT NULL CHECK (required_approvals >= 1),
    state               text NOT NULL DEFAULT 'draft'
                        CHECK (state IN ('draft', 'proposed', 'in_discussion', 'pending_approval', 'locked', 'archived')),
    submitted_by        uuid,
    version             bigint NOT NULL DEFAULT 1,
    created_by          uuid NOT NULL,
    created_at          timestamptz NOT NULL DEFAULT now(),
    -- Head of the plan's event hash chain; appends lock the plan row, so the chain stays linear.
    event_seq           bigint NOT NULL DEFAULT 0,
    event_hash          text NOT NULL DEFAULT repeat('0', 64),
    PRIMARY KEY (org_id, plan_id),
    FOREIGN KEY (org_id, unit_id) REFERENCES units (org_id, unit_id),
    FOREIGN KEY (org_id, created_by) REFERENCES users (org_id, user_id)
);
CREATE INDEX plans_state ON plans (org_id, state);

CREATE TABLE goals (
    org_id      uuid NOT NULL,
    plan_id     uuid NOT NULL,
    unit_id     uuid NOT NULL,
    "values"    jsonb NOT NULL,
    capacity    jsonb NOT NULL DEFAULT '{}',
    version     bigint NOT NULL DEFAULT 1,
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (org_id, plan_id, unit_id),
    FOREIGN KEY (org_id, plan_id) REFERENCES plans (org_id, plan_id),
    FOREIGN KEY (org_id, unit_id) REFERENCES units (org_id, unit_id)
);

CREATE TABLE assignments (
    org_id               uuid NOT NULL,
    plan_id              uuid NOT NULL,
    rep_id               uuid NOT NULL,
    unit_id              uuid NOT NULL,
    ramp_months_in_plan  integer NOT NULL CHECK (ramp_months_in_plan >= 0),
    state                text NOT NULL DEFAULT 'awaiting_estimate'
                         CHECK (state IN ('awaiting_estimate', 'estimate_submitted', 'countered', 'agreed')),
    agreed               jsonb,
    -- Annual sums per metric, kept so reconciliation of 10,000 reps reads one row each.
    agreed_annuals       jsonb GENERATED ALWAYS AS (parley_annuals(agreed)) STORED,
    top_down_annuals     jsonb,
    bottom_up_annuals    jsonb,
    agreed_proposal_id   uuid,
    revision             integer NOT NULL DEFAULT 0,
    version              bigint NOT NULL DEFAULT 1,
    updated_at           timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (org_id, plan_id, rep_id),
    FOREIGN KEY (org_id, plan_id) REFERENCES plans (org_id, plan_id),
    FOREIGN KEY (org_id, rep_id) REFERENCES users (org_id, user_id),
    FOREIGN KEY (org_id, unit_id) REFERENCES units (org_id, unit_id)
);
CREATE INDEX assignments_unit ON assignments (org_id, plan_id, unit_id);

CREATE TABLE proposals (
    org_id       uuid NOT NULL,
    proposal_id  uuid NOT NULL,
    plan_id      uuid NOT NULL,
    rep_id       uuid NOT NULL,
    seq          bigint GENERATED ALWAYS AS IDENTITY,
    author_id    uuid NOT NULL,
    side         text NOT NULL CHECK (side IN ('rep', 'manager')),
    kind         text NOT NULL CHECK (kind IN ('estimate', 'top_down', 'counter')),
    "values"     jsonb NOT NULL,
    assumptions  jsonb,
    implied      jsonb NOT NULL DEFAULT '{}',
    consistent   boolean NOT NULL,
    rationale    text,
    status       text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'accepted', 'superseded')),
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (org_id, proposal_id),
    FOREIGN KEY (org_id, plan_id, rep_id) REFERENCES assignments (org_id, plan_id, rep_id),
    FOREIGN KEY (org_id, author_id) REFERENCES users (org_id, user_id)
);
CREATE INDEX proposals_assignment ON proposals (org_id, plan_id, rep_id, seq);
CREATE INDEX proposals_side ON proposals (org_id, plan_id, rep_id, side, seq);
CREATE INDEX proposals_open ON proposals (org_id, plan_id, rep_id) WHERE status = 'open';

CREATE TABLE comments (
    org_id       uuid NOT NULL,
    comment_id   uuid NOT NULL,
    plan_id      uuid NOT NULL,
    seq          bigint GENERATED ALWAYS AS IDENTITY,
    author_id    uuid NOT NULL,
    body         text NOT NULL CHECK (length(body) BETWEEN 1 AND 10000),
    rep_id       uuid,
    proposal_id  uuid,
    parent_id    uuid,
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (org_id, comment_id),
    FOREIGN KEY (org_id, plan_id) REFERENCES plans (org_id, plan_id),
    FOREIGN KEY (org_id, author_id) REFERENCES users (org_id, user_id),
    FOREIGN KEY (org_id, proposal_id) REFERENCES proposals (org_id, proposal_id),
    FOREIGN KEY (org_id, parent_id) REFERENCES comments (org_id, comment_id)
);
CREATE INDEX comments_plan ON comments (org_id, plan_id, seq);

CREATE TABLE approvals (
    org_id       uuid NOT NULL,
    approval_id  uuid NOT NULL,
    plan_id      uuid NOT NULL,
    seq          bigint GENERATED ALWAYS AS IDENTITY,
    subject      text NOT NULL CHECK (subject IN ('plan', 'adjustment')),
    subject_id   uuid NOT NULL,
    decision     text NOT NULL CHECK (decision IN ('submitted', 'approved', 'rejected', 'withdrawn')),
    actor_id     uuid NOT NULL,
    comment      text,
    at           timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (org_id, approval_id),
    FOREIGN KEY (org_id, plan_id) REFERENCES plans (org_id, plan_id),
    FOREIGN KEY (org_id, actor_id) REFERENCES users (org_id, user_id)
);
CREATE INDEX approvals_plan ON approvals (org_id, plan_id, seq);

CREATE TABLE adjustments (
    org_id         uuid NOT NULL,
    adjustment_id  uuid NOT NULL,
    plan_id        uuid NOT NULL,
    seq            bigint GENERATED ALWAYS AS IDENTITY,
    state          text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'approved', 'rejected', 'withdrawn')),
    requested_by   uuid NOT NULL,
    reason         text NOT NULL CHECK (length(reason) BETWEEN 1 AND 10000),
    changes        jsonb NOT NULL,
    impact         jsonb NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    decided_at     timestamptz,
    PRIMARY KEY (org_id, adjustment_id),
    FOREIGN KEY (org_id, plan_id) REFERENCES plans (org_id, plan_id),
    FOREIGN KEY (org_id, requested_by) REFERENCES users (org_id, user_id)
);
CREATE INDEX adjustments_plan ON adjustments (org_id, plan_id, seq);

CREATE TABLE revisions (
    org_id         uuid NOT NULL,
    plan_id        uuid NOT NULL,
    rep_id         uuid NOT NULL,
    revision       integer NOT NULL CHECK (revision >= 1),
    adjustment_id  uuid,
    at             timestamptz NOT NULL DEFAULT now(),
    "values"       jsonb NOT NULL,
    PRIMARY KEY (org_id, plan_id, rep_id, revision),
    FOREIGN KEY (org_id, plan_id, rep_id) REFERENCES assignments (org_id, plan_id, rep_id),
    FOREIGN KEY (org_id, adjustment_id) REFERENCES adjustments (org_id, adjustment_id)
);

-- data is json, not jsonb: the hash covers its exact text, which json keeps verbatim.
CREATE TABLE events (
    org_id     uuid NOT NULL,
    plan_id    uuid NOT NULL,
    seq        bigint NOT NULL CHECK (seq >= 1),
    kind       text NOT NULL,
    actor_id   uuid NOT NULL,
    at         timestamptz NOT NULL,
    data       json NOT NULL,
    prev_hash  text NOT NULL CHECK (prev_hash ~ '^[0-9a-f]{64}$'),
    hash       text NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$'),
    PRIMARY KEY (org_id, plan_id, seq),
    FOREIGN KEY (org_id, plan_id) REFERENCES plans (org_id, plan_id)
);

-- Actuals: one value per user, metric and day.
CREATE TABLE actuals (
    org_id   uuid NOT NULL,
    user_id  uuid NOT NULL,
    metric   text NOT NULL CHECK (metric ~ '^[a-z][a-z0-9_]{0,62}$'),
    day      date NOT NULL,
    value    bigint NOT NULL CHECK (value BETWEEN -9007199254740991 AND 9007199254740991),
    PRIMARY KEY (org_id, user_id, metric, day),
    FOREIGN KEY (org_id, user_id) REFERENCES users (org_id, user_id)
);

-- Monthly sums of actuals, maintained by the store with every upload (for last year's figures at scale).
CREATE TABLE actuals_monthly (
    org_id   uuid NOT NULL,
    user_id  uuid NOT NULL,
    metric   text NOT NULL,
    month    date NOT NULL,
    value    bigint NOT NULL,
    PRIMARY KEY (org_id, user_id, metric, month),
    FOREIGN KEY (org_id, user_id) REFERENCES users (org_id, user_id)
);
CREATE INDEX actuals_monthly_period ON actuals_monthly (org_id, metric, month) INCLUDE (user_id, value);

-- The operator's `parley audit verify --plan ID` knows a plan's id but not its org: a transaction that
-- names the plan in app.plan_lookup may read that one plan row.
CREATE POLICY plan_lookup ON plans FOR SELECT
    USING (plan_id = nullif(current_setting('app.plan_lookup', true), '')::uuid);

-- Which server instances have live event streams open on which plans. An event is announced with NOTIFY
-- only while its plan is watched: NOTIFY serializes committing transactions database-wide, a cost the
-- write path should pay only when someone listens. Instances renew their rows while streams stay open.
CREATE TABLE stream_watchers (
    org_id       uuid NOT NULL,
    plan_id      uuid NOT NULL,
    instance_id  uuid NOT NULL,
    expires_at   timestamptz NOT NULL,
    PRIMARY KEY (org_id, plan_id, instance_id),
    FOREIGN KEY (org_id, plan_id) REFERENCES plans (org_id, plan_id)
);

-- Approvals, comments and events are append-only, even for the tables' owner.
CREATE FUNCTION parley_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = '42501';
END $$;

CREATE TRIGGER append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON approvals
    FOR EACH STATEMENT EXECUTE FUNCTION parley_refuse_change();
CREATE TRIGGER append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON events
    FOR EACH STATEMENT EXECUTE FUNCTION parley_refuse_change();
CREATE TRIGGER append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON comments
    FOR EACH STATEMENT EXECUTE FUNCTION parley_refuse_change();

DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['plans', 'goals', 'assignments', 'proposals', 'comments', 'approvals', 'adjustments',
                             'revisions', 'events', 'actuals', 'actuals_monthly', 'stream_watchers'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY tenant ON %I USING (org_id = parley_current_org())', t);
    END LOOP;
END $$;
