#!/usr/bin/env bash
# Parley as in production, on one machine: PostgreSQL, pgbouncer in transaction pooling, several
# `parley serve` instances, haproxy in front with /readyz health checks.
#
#   bash deploy/scale-out.sh start [DIR]             start everything (DIR: .parley/scale-out)
#   bash deploy/scale-out.sh stop [DIR]              drain and stop every instance, then the rest
#   bash deploy/scale-out.sh stop-instance DIR N     drain instance N in haproxy, then SIGTERM it
#   bash deploy/scale-out.sh start-instance DIR N    start instance N again and put it back in rotation
#
# Layout (ports from the environment, defaults in brackets):
#   clients → haproxy :PARLEY_SCALE_HTTP_PORT [8080], deploy/haproxy.cfg
#           → instance i on :PARLEY_SCALE_INSTANCE_PORT+i [8081, 8082, ...], PARLEY_INSTANCES [2] of them
#           → pgbouncer :PARLEY_SCALE_BOUNCER_PORT [55433], deploy/pgbouncer.ini, transaction pooling
#           → PostgreSQL :PARLEY_SCALE_PG_PORT [55432], data in DIR/pgdata
#   and each instance's LISTEN connection goes to PostgreSQL directly.
#
# PARLEY_BIN is the binary (default: the release build, built when missing). DIR/scale-out.env records the
# URLs (sourced by the system test); DIR/app<i>.log holds each instance's JSON log lines.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
source deploy/postgres.sh

command="${1:-}"
dir="${2:-$root/.parley/scale-out}"
mkdir -p "$dir"
dir="$(cd "$dir" && pwd)"

http_port="${PARLEY_SCALE_HTTP_PORT:-8080}"
instance_port="${PARLEY_SCALE_INSTANCE_PORT:-8080}"
bouncer_port="${PARLEY_SCALE_BOUNCER_PORT:-55433}"
pg_port="${PARLEY_SCALE_PG_PORT:-55432}"
instances="${PARLEY_INSTANCES:-2}"

# haproxy's runtime API over its Unix socket (no socat needed).
haproxy_command() {
    python3 - "$dir/haproxy.sock" "$1" <<'PY'
import socket, sys
with socket.socket(socket.AF_UNIX) as s:
    s.connect(sys.argv[1])
    s.sendall(sys.argv[2].encode() + b"\n")
    out = b""
    while chunk := s.recv(65536):
        out += chunk
sys.stdout.write(out.decode())
PY
}

# Current sessions of server appN in haproxy's statistics (CSV: pxname, svname, qcur, qmax, scur, ...).
haproxy_sessions() {
    haproxy_command "show stat" | awk -F, -v name="app$1" '$1 == "parley" && $2 == name { print $5 }'
}

wait_for_http() {
    local url="$1" deadline=$((SECONDS + 60))
    until [ "$(curl -s -o /dev/null -w '%{http_code}' "$url" || true)" = "200" ]; do
        [ $SECONDS -lt $deadline ] || { echo "no answer from $url" >&2; return 1; }
        sleep 0.2
    done
}

start_instance() {
    local i="$1" port=$((instance_port + $1))
    # shellcheck disable=SC1091
    source "$dir/scale-out.env"
    # Each instance: the pool goes through pgbouncer (so no named statements), LISTEN goes direct.
    env DATABASE_URL="$PARLEY_SCALE_BOUNCER_URL" PARLEY_PG_STATEMENTS=unnamed \
        PARLEY_LISTEN_DATABASE_URL="$PARLEY_SCALE_DIRECT_URL" PARLEY_TRUST_FORWARDED_FOR=1 \
        LOG_FORMAT="${LOG_FORMAT:-json}" PARLEY_SQL_DIR="$root/sql" \
        nohup "$PARLEY_SCALE_BIN" serve --host 127.0.0.1 --port "$port" --pool-size "${PARLEY_POOL_SIZE:-16}" \
        >>"$dir/app$i.log" 2>&1 </dev/null &
    echo $! >"$dir/app$i.pid"
    wait_for_http "http://127.0.0.1:$port/readyz"
}

# Drain first (haproxy sends it nothing new and waits for what it sent), then SIGTERM: the server finishes
# what is in flight, ends its streams and exits 0.
stop_instance() {
    local i="$1" pid deadline
    [ -s "$dir/app$i.pid" ] || return 0
    pid="$(cat "$dir/app$i.pid")"
    if [ -S "$dir/haproxy.sock" ]; then
        haproxy_command "set server parley/app$i state drain" >/dev/null || true
        deadline=$((SECONDS + 15))
        while [ "$(haproxy_sessions "$i" || echo 0)" != "0" ] && [ $SECONDS -lt $deadline ]; do sleep 0.2; done
    fi
    if kill -TERM "$pid" 2>/dev/null; then
        deadline=$((SECONDS + 30))
        while kill -0 "$pid" 2>/dev/null && [ $SECONDS -lt $deadline ]; do sleep 0.1; done
        kill -KILL "$pid" 2>/dev/null || true
    fi
    rm -f "$dir/app$i.pid"
}

start() {
    parley_install_packages
    parley_install_scale_out_packages
    local bin="${PARLEY_BIN:-}"
    if [ -z "$bin" ]; then
        swift build -c release --product parley
        bin="$(swift build -c release --show-bin-path)/parley"
    fi

    parley_start_cluster "$dir/pgdata" "$pg_port"
    local direct="$DATABASE_URL" password
    password="$(parley_as_owner cat "$dir/pgdata/parley.password")"
    local bouncer="postgresql://parley:$password@127.0.0.1:$bouncer_port/parley"

    # pgbouncer refuses to run as root: it runs as the cluster's owner, from a folder of its own.
    mkdir -p "$dir/pgbouncer"
    sed -e "s|^parley = .*|parley = host=127.0.0.1 port=$pg_port dbname=parley|" \
        -e "s|^listen_port = .*|listen_port = $bouncer_port|" \
        -e "s|^auth_file = .*|auth_file = $dir/pgbouncer/userlist.txt|" \
        -e "s|^logfile = .*|logfile = $dir/pgbouncer/pgbouncer.log|" \
        -e "s|^pidfile = .*|pidfile = $dir/pgbouncer/pgbouncer.pid|" \
        deploy/pgbouncer.ini >"$dir/pgbouncer/pgbouncer.ini"
    # The userlist holds the role's SCRAM secret (not its password), readable only by pgbouncer's user.
    local secret
    secret="$(parley_psql_admin "$dir/pgdata" "$pg_port" -d postgres -tAc \
        "SELECT rolpassword FROM pg_authid WHERE rolname = 'parley'")"
    (umask 077 && printf '"parley" "%s"\n' "$secret" >"$dir/pgbouncer/userlist.txt")
    if [ "$(id -u)" -eq 0 ]; then chown -R postgres:postgres "$dir/pgbouncer"; fi
    if [ -s "$dir/pgbouncer/pgbouncer.pid" ] && kill -0 "$(cat "$dir/pgbouncer/pgbouncer.pid")" 2>/dev/null; then
        kill -HUP "$(cat "$dir/pgbouncer/pgbouncer.pid")"  # reload the userlist and settings
    else
        parley_as_owner pgbouncer -d "$dir/pgbouncer/pgbouncer.ini"
    fi

    cat >"$dir/scale-out.env" <<EOF
PARLEY_SCALE_URL=http://127.0.0.1:$http_port
PARLEY_SCALE_DIRECT_URL=$direct
PARLEY_SCALE_BOUNCER_URL=$bouncer
PARLEY_SCALE_BIN=$bin
PARLEY_SCALE_INSTANCES=$instances
PARLEY_SCALE_INSTANCE_PORT=$instance_port
PARLEY_SCALE_PGDATA=$dir/pgdata
PARLEY_SCALE_PG_PORT=$pg_port
EOF
    chmod 600 "$dir/scale-out.env"

    # Migrations go through pgbouncer as well: each is one transaction under a transaction-level lock.
    local deadline=$((SECONDS + 30))
    until DATABASE_URL="$bouncer" PARLEY_PG_STATEMENTS=unnamed "$bin" migrate --sql-dir "$root/sql"; do
        [ $SECONDS -lt $deadline ] || { echo "cannot migrate through pgbouncer" >&2; return 1; }
        sleep 0.5
    done

    local i servers=""
    for i in $(seq 1 "$instances"); do
        [ -s "$dir/app$i.pid" ] && kill -0 "$(cat "$dir/app$i.pid")" 2>/dev/null && continue
        start_instance "$i"
    done
    for i in $(seq 1 "$instances"); do
        servers+="    server app$i 127.0.0.1:$((instance_port + i)) check\n"
    done
    sed -e "s|^    bind .*|    bind 127.0.0.1:$http_port|" \
        -e "s|^    stats socket .*|    stats socket $dir/haproxy.sock mode 600 level admin|" \
        -e '/^    server app/d' deploy/haproxy.cfg >"$dir/haproxy.cfg"
    printf '%b' "$servers" >>"$dir/haproxy.cfg"
    haproxy -c -q -f "$dir/haproxy.cfg"
    if [ -s "$dir/haproxy.pid" ] && kill -0 "$(cat "$dir/haproxy.pid")" 2>/dev/null; then
        kill -TERM "$(cat "$dir/haproxy.pid")"
        sleep 0.5
    fi
    nohup haproxy -f "$dir/haproxy.cfg" >>"$dir/haproxy.log" 2>&1 </dev/null &
    echo $! >"$dir/haproxy.pid"
    # Ready once every instance has answered through the balancer (health checks need `rise` passes).
    deadline=$((SECONDS + 60))
    local seen
    while true; do
        seen="$(for _ in $(seq 1 $((instances * 3))); do
            curl -s -D - -o /dev/null "http://127.0.0.1:$http_port/readyz" | tr -d '\r' |
                awk -F': ' 'tolower($1) == "x-parley-backend" { print $2 }'
        done | sort -u | wc -l)"
        [ "$seen" -ge "$instances" ] && break
        [ $SECONDS -lt $deadline ] || { echo "haproxy does not reach every instance" >&2; return 1; }
        sleep 0.3
    done
    echo "parley: http://127.0.0.1:$http_port ($instances instances through pgbouncer :$bouncer_port)"
}

stop() {
    local i pid
    for pidfile in "$dir"/app*.pid; do
        [ -e "$pidfile" ] || continue
        i="${pidfile##*/app}"
        stop_instance "${i%.pid}"
    done
    if [ -s "$dir/haproxy.pid" ]; then
        pid="$(cat "$dir/haproxy.pid")"
        kill -TERM "$pid" 2>/dev/null || true
        rm -f "$dir/haproxy.pid"
    fi
    if [ -s "$dir/pgbouncer/pgbouncer.pid" ]; then
        pid="$(cat "$dir/pgbouncer/pgbouncer.pid")"
        kill -INT "$pid" 2>/dev/null || true
    fi
    parley_stop_cluster "$dir/pgdata"
}

case "$command" in
start) start ;;
stop) stop ;;
stop-instance) stop_instance "${3:?instance number}" ;;
start-instance)
    start_instance "${3:?instance number}"
    haproxy_command "set server parley/app$3 state ready" >/dev/null
    ;;
*)
    sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
    ;;
esac
