-- The head of each plan's event chain moves off the plans row.
--
-- Every event moves the head. While it lived on `plans`, the row seven foreign keys reference, every
-- writer first took FOR KEY SHARE on that row (its own insert's foreign-key check) and then updated it,
-- so with many writers on one plan the row's lockers became a multixact that every writer had to
-- resolve, and throughput fell as concurrency rose. No foreign key references this table, so appending
-- an event locks only its narrow row, for the rest of the appending transaction (the chain stays linear).
CREATE TABLE plan_chain_heads (
    org_id      uuid NOT NULL,
    plan_id     uuid NOT NULL,
    event_seq   bigint NOT NULL CHECK (event_seq >= 0),
    event_hash  text NOT NULL CHECK (event_hash ~ '^[0-9a-f]{64}$'),
    PRIMARY KEY (org_id, plan_id),
    FOREIGN KEY (org_id, plan_id) REFERENCES plans (org_id, plan_id)
);

-- The migration runs as the tables' owner, whom FORCE ROW LEVEL SECURITY binds too: lift it for the copy.
ALTER TABLE plans NO FORCE ROW LEVEL SECURITY;
INSERT INTO plan_chain_heads (org_id, plan_id, event_seq, event_hash)
SELECT org_id, plan_id, event_seq, event_hash FROM plans;
ALTER TABLE plans FORCE ROW LEVEL SECURITY;
ALTER TABLE plans DROP COLUMN event_seq, DROP COLUMN event_hash;

ALTER TABLE plan_chain_heads ENABLE ROW LEVEL SECURITY;
ALTER TABLE plan_chain_heads FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON plan_chain_heads USING (org_id = parley_current_org());
