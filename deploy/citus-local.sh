#!/usr/bin/env bash
# A local Citus cluster for trying Parley distributed: a coordinator and two workers on this machine, each a
# PostgreSQL cluster of deploy/postgres.sh with citus preloaded. Needs Citus installed for the newest
# PostgreSQL here (citus.so in its lib folder); this script does not install or build it.
#
#   bash deploy/citus-local.sh start [DIR] [PORT]   DIR: .parley/citus, PORT: the coordinator's (55470);
#                                                   the workers take PORT+1 and PORT+2
#   bash deploy/citus-local.sh stop [DIR]
#
# `start` migrates the schema, runs deploy/citus.sql as the server's role and prints the variables for the
# server or the test suite (DATABASE_URL of the coordinator, and deploy/citus.env). Exit 3: no Citus here.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
source deploy/postgres.sh

command="${1:-}"
dir="${2:-$root/.parley/citus}"
port="${3:-55470}"
nodes=(coordinator worker1 worker2)

citus_installed() {
    [ -f "$(parley_pg_bin)/../lib/citus.so" ]
}

start() {
    parley_install_packages
    citus_installed || { echo "Citus is not installed for $(parley_pg_bin)" >&2; exit 3; }
    mkdir -p "$dir"
    dir="$(cd "$dir" && pwd)"
    # One password for the role on every node: the coordinator connects to the workers as the same role.
    local password_file="$dir/parley.password" password i node
    [ -s "$password_file" ] || (umask 077 && od -An -N24 -tx1 /dev/urandom | tr -d ' \n' >"$password_file")
    password="$(cat "$password_file")"
    for i in 0 1 2; do
        node="$dir/${nodes[$i]}"
        PARLEY_PG_OPTIONS="-c shared_preload_libraries=citus -c max_prepared_transactions=100 -c wal_level=logical" \
            parley_start_cluster "$node" $((port + i))
        parley_as_owner sh -c "umask 077; cat > '$node/parley.password'" <"$password_file"
        # Node-to-node connections authenticate like any other (scram on TCP): the superuser gets the same
        # password on every node, and pg_dist_authinfo tells Citus which to use.
        parley_psql_admin "$node" $((port + i)) -d parley <<SQL
ALTER ROLE $(parley_pg_superuser) PASSWORD '$password';
ALTER ROLE parley PASSWORD '$password';
CREATE EXTENSION IF NOT EXISTS citus;
INSERT INTO pg_dist_authinfo (nodeid, rolename, authinfo)
VALUES (0, '$(parley_pg_superuser)', 'password=$password'), (0, 'parley', 'password=$password')
ON CONFLICT DO NOTHING;
SQL
    done
    parley_psql_admin "$dir/coordinator" "$port" -d parley <<SQL
SELECT citus_set_coordinator_host('127.0.0.1', $port);
SELECT citus_add_node('127.0.0.1', $((port + 1))) WHERE NOT EXISTS (SELECT 1 FROM pg_dist_node WHERE nodeport = $((port + 1)));
SELECT citus_add_node('127.0.0.1', $((port + 2))) WHERE NOT EXISTS (SELECT 1 FROM pg_dist_node WHERE nodeport = $((port + 2)));
SQL
    local url="postgresql://parley:$password@127.0.0.1:$port/parley"
    local bin="${PARLEY_BIN:-$(swift build --show-bin-path)/parley}"
    DATABASE_URL="$url" "$bin" migrate --sql-dir "$root/sql"
    "$(parley_pg_bin)/psql" -X -q -d "$url" -v ON_ERROR_STOP=1 -f deploy/citus.sql
    {
        echo "DATABASE_URL=$url"
        grep -v '^#' deploy/citus.env | grep .
    } >"$dir/citus.env"
    chmod 600 "$dir/citus.env"
    echo "Citus: coordinator 127.0.0.1:$port, workers :$((port + 1)) :$((port + 2)); variables in $dir/citus.env"
}

stop() {
    local node
    for node in "${nodes[@]}"; do parley_stop_cluster "$dir/$node"; done
}

case "$command" in
start) start ;;
stop) stop ;;
*)
    sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
    ;;
esac
