-- Distributes Parley's tenant tables over a Citus cluster by org_id, all colocated with `organizations`, so
-- that each organization's rows of every table live in one shard group and every transaction of a request
-- (which names one organization) is routed to one worker.
--
-- Run once, on the coordinator, as the server's own role (the tables' owner) after `parley migrate`:
--   psql "$DATABASE_URL" -v ON_ERROR_STOP=1 -f deploy/citus.sql
-- The citus extension must exist in the database (CREATE EXTENSION citus, by a superuser, on every node) and
-- the role must exist on every node with the same password (deploy/citus-local.sh does both).
-- Migrations after this one run on the coordinator as before; Citus propagates their DDL to the shards.
--
-- What this decides:
-- * Every table but schema_migrations has org_id in every unique key and foreign key (the catalog test
--   TenantKeysCatalogTests proves it), so every table is distributed, none is a reference table.
-- * Foreign keys are dropped, the tables distributed, and every foreign key restored as it was: Citus
--   distributes one table at a time and refuses a table with a foreign key to a table that is not
--   distributed yet, and units.manager_id → users with users.unit_id → units is a cycle no order resolves.
--   Between colocated tables, keys that include the distribution column are enforced on each shard.
-- * Triggers: approvals, comments and events refuse UPDATE, DELETE and TRUNCATE by a statement-level trigger
--   (parley_refuse_change). Citus refuses tables with triggers unless citus.enable_unsafe_triggers is on,
--   because a trigger on a shard runs on the worker and sees only that shard: one that reads or writes
--   other tables can miss rows or deadlock across nodes. This one reads nothing and writes nothing, it only
--   raises, so on each shard it does exactly what it did on the table. The setting is on only in this
--   session, while the tables are distributed; nothing at run time needs it.
-- * Row-level security: the policies are propagated to the shards. They read app.org_id (and the sign-in
--   and legacy-token settings), which the server sets with SET LOCAL; a worker sees those only with
--   citus.propagate_set_commands = 'local', set below for the database (and in deploy/citus.env).

\set ON_ERROR_STOP on

SET citus.enable_unsafe_triggers = on;
SET citus.shard_replication_factor = 1;

-- The server's sessions propagate SET LOCAL (app.org_id) to the workers.
DO $$ BEGIN
    EXECUTE format('ALTER DATABASE %I SET citus.propagate_set_commands = %L', current_database(), 'local');
END $$;

-- Setting up runs as the owner, whom FORCE ROW LEVEL SECURITY binds: distributing copies existing rows, which
-- the policies would hide (no app.org_id is set), so the copy is made with the policies lifted.
CREATE TEMPORARY TABLE parley_citus_keys ON COMMIT PRESERVE ROWS AS
SELECT c.relname AS table_name, k.conname AS name, pg_get_constraintdef(k.oid) AS definition
FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = 'public' AND k.contype = 'f';

CREATE TEMPORARY TABLE parley_citus_tables ON COMMIT PRESERVE ROWS AS
SELECT c.relname AS table_name, c.relforcerowsecurity AS forced
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relname <> 'schema_migrations'
  AND NOT EXISTS (SELECT 1 FROM pg_dist_partition p WHERE p.logicalrelid = c.oid);

DO $$
DECLARE
    key record;
    t record;
BEGIN
    FOR key IN SELECT * FROM parley_citus_keys LOOP
        EXECUTE format('ALTER TABLE %I DROP CONSTRAINT %I', key.table_name, key.name);
    END LOOP;
    FOR t IN SELECT * FROM parley_citus_tables WHERE forced LOOP
        EXECUTE format('ALTER TABLE %I NO FORCE ROW LEVEL SECURITY', t.table_name);
    END LOOP;
END $$;

SELECT create_distributed_table('organizations', 'org_id')
WHERE EXISTS (SELECT 1 FROM parley_citus_tables WHERE table_name = 'organizations');

SELECT create_distributed_table(table_name::text::regclass, 'org_id', colocate_with => 'organizations')
FROM parley_citus_tables WHERE table_name <> 'organizations' ORDER BY table_name;

DO $$
DECLARE
    key record;
    t record;
BEGIN
    FOR key IN SELECT * FROM parley_citus_keys ORDER BY table_name, name LOOP
        EXECUTE format('ALTER TABLE %I ADD CONSTRAINT %I %s', key.table_name, key.name, key.definition);
    END LOOP;
    FOR t IN SELECT * FROM parley_citus_tables WHERE forced LOOP
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t.table_name);
    END LOOP;
END $$;

-- What is distributed now, for the operator's log.
SELECT logicalrelid::regclass AS "table", colocationid AS colocation
FROM pg_dist_partition ORDER BY 1::text;
