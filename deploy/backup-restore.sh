#!/usr/bin/env bash
# Backs up one Parley database with pg_dump, restores it into a fresh database, and proves the copy:
# every table has as many rows as the original, and `parley audit verify` passes for every plan there.
#
#   PARLEY_BACKUP_URL=postgresql://parley_backup:...@host:5432/parley \
#   DATABASE_URL=postgresql://parley:...@host:5432/parley \
#   bash deploy/backup-restore.sh TARGET_DATABASE [DUMP_FILE]
#
# PARLEY_BACKUP_URL: a role that reads every row despite the forced row-level security, which binds even the
#   tables' owner (pg_dump refuses a table whose policies would hide rows):
#     CREATE ROLE parley_backup LOGIN BYPASSRLS PASSWORD '...'; GRANT pg_read_all_data TO parley_backup;
# DATABASE_URL: the server's own role (owner of the schema, CREATEDB); it creates TARGET_DATABASE, owns what
#   is restored, and runs the audit. pg_restore loads the rows before it enables row-level security and the
#   append-only triggers, so the owner can restore without any privilege beyond its own.
# Both are URIs (postgresql://...); the target's URIs are theirs with the database name replaced.
# PARLEY_BIN: the parley binary (default: the release build, else the debug build).
# DUMP_FILE (default: a temporary file, removed at the end) is pg_dump's custom format.
set -euo pipefail
cd "$(dirname "$0")/.."

target="${1:?target database name}"
dump="${2:-}"
: "${PARLEY_BACKUP_URL:?a role with BYPASSRLS and pg_read_all_data}"
: "${DATABASE_URL:?the URI of the server role}"
[[ "$target" =~ ^[a-z_][a-z0-9_]{0,62}$ ]] || { echo "target must be a plain lower-case name" >&2; exit 2; }
bin="${PARLEY_BIN:-}"
if [ -z "$bin" ]; then
    for candidate in .build/release/parley .build/debug/parley; do
        [ -x "$candidate" ] && { bin="$candidate"; break; }
    done
fi
[ -x "$bin" ] || { echo "no parley binary: build it or set PARLEY_BIN" >&2; exit 2; }
pg_bin="${PARLEY_PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)}"

# postgresql://user:pw@host:port/db?query → the same with another database.
with_database() {
    local url="$1" name="$2" base query
    base="${url%%\?*}"
    query="${url#"$base"}"
    printf '%s/%s%s' "${base%/*}" "$name" "$query"
}
psql_at() { "$pg_bin/psql" -X -q -tA -v ON_ERROR_STOP=1 -d "$1" -c "$2"; }

if [ -z "$dump" ]; then
    dump="$(mktemp)"
    trap 'rm -f "$dump"' EXIT
fi
echo "==> pg_dump"
"$pg_bin/pg_dump" --format=custom --no-owner --file="$dump" -d "$PARLEY_BACKUP_URL"

echo "==> pg_restore into $target"
psql_at "$DATABASE_URL" "CREATE DATABASE $target"
target_url="$(with_database "$DATABASE_URL" "$target")"
"$pg_bin/pg_restore" --exit-on-error --no-owner -d "$target_url" "$dump"

echo "==> row counts"
tables="$(psql_at "$PARLEY_BACKUP_URL" \
    "SELECT string_agg(format('%I', tablename), ' ' ORDER BY tablename) FROM pg_tables WHERE schemaname = 'public'")"
target_reader="$(with_database "$PARLEY_BACKUP_URL" "$target")"
for table in $tables; do
    before="$(psql_at "$PARLEY_BACKUP_URL" "SELECT count(*) FROM $table")"
    after="$(psql_at "$target_reader" "SELECT count(*) FROM $table")"
    if [ "$before" != "$after" ]; then
        echo "$table: $before rows in the original, $after in the copy" >&2
        exit 1
    fi
done
echo "every table as in the original ($(wc -w <<<"$tables") tables)"

echo "==> audit verify, every plan"
plans="$(psql_at "$target_reader" "SELECT plan_id FROM plans ORDER BY plan_id")"
count=0
for plan in $plans; do
    DATABASE_URL="$target_url" "$bin" audit verify --plan "$plan" >/dev/null ||
        { echo "audit verify failed for plan $plan" >&2; exit 1; }
    count=$((count + 1))
done
echo "restored $target: $count plans verified"
