#!/usr/bin/env bash
# The HTTP benchmarks of the read and write paths, each beside PostgreSQL alone in the same run:
#   GET /v1/plans/{id}                       vs  pgbench -S -M prepared (scale 1)
#   POST /v1/plans/{id}/comments, one plan   vs  pgbench -b tpcb-like (scale 1: one hot branch row)
#                                            and pgbench running the server's comment SQL (deploy/bench/comment.sql)
#   POST .../assignments/{rep}/proposals     vs  pgbench running the server's proposal SQL (deploy/bench/proposal.sql)
# all at the same concurrency, on one hot plan, release build, fsync on. It also prints the server's CPU time
# per request (user + system, from /proc), which depends far less on the machine's noise than throughput does.
#
# Usage: bash deploy/bench-http.sh [connections=32] [seconds=15]   (deploy/bench.sh runs it with the planning benchmarks)
#   PARLEY_BIN_DIR=dir   run the `parley` and `parley-bench` found there instead of building (to compare builds)
set -euo pipefail
cd "$(dirname "$0")/.."
source deploy/postgres.sh
connections="${1:-32}"
seconds="${2:-15}"
port=8097

parley_install_packages
missing=()
command -v wrk >/dev/null || missing+=(wrk)
ls "$(parley_pg_bin)/pgbench" >/dev/null 2>&1 || missing+=(postgresql-contrib)
parley_apt_install "${missing[@]}"
if [ -n "${PARLEY_BIN_DIR:-}" ]; then
    bin="$PARLEY_BIN_DIR"
else
    swift build -c release --product parley >/dev/null
    swift build -c release --product parley-bench >/dev/null
    bin="$(swift build -c release --show-bin-path)"
fi
data="$(pwd)/.build-pgbench-http"
rm -rf "$data"
parley_start_cluster "$data" 54337
server=""
trap 'kill $server 2>/dev/null || true; parley_stop_cluster "$data"' EXIT
pgbin="$(parley_pg_bin)"

"$bin/parley" migrate >/dev/null
"$bin/parley" demo --reps 30 > "$data/demo.txt"
leader=$(awk '$1 == "leader" {print $3}' "$data/demo.txt")
plan=$(awk '/Plan in discussion/ {print $4}' "$data/demo.txt")
admin=$("$bin/parley" org create --name "Bench" --admin-email admin@bench.test | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
"$pgbin/pgbench" -q -i -s 1 "$DATABASE_URL" >/dev/null 2>&1

LOG_LEVEL=warning "$bin/parley" serve --port "$port" --pool-size "${POOL_SIZE:-32}" > "$data/server.log" 2>&1 &
server=$!
for _ in $(seq 300); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done
me=$(curl -sf -H "Authorization: Bearer $leader" "http://127.0.0.1:$port/v1/me")
org=$(echo "$me" | python3 -c 'import json,sys; print(json.load(sys.stdin)["org"]["id"])')
author=$(echo "$me" | python3 -c 'import json,sys; print(json.load(sys.stdin)["user"]["id"])')

cat > "$data/get.lua" <<LUA
wrk.headers["Authorization"] = "Bearer $leader"
LUA
cat > "$data/comment.lua" <<LUA
wrk.method = "POST"
wrk.body = '{"body": "benchmark comment"}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $leader"
LUA

# The server's CPU time so far, in clock ticks (utime + stime of every thread).
server_ticks() { awk '{print $14 + $15}' "/proc/$server/stat"; }
# cpu_per_request TICKS_BEFORE REQUESTS: microseconds of server CPU per request.
cpu_per_request() {
    python3 -c "print(f'{($(server_ticks) - $1) * 1e6 / $(getconf CLK_TCK) / max($2, 1):.0f}')"
}

# wrk_run NAME PATH SCRIPT: prints "rps p99_ms cpu_us_per_request"
wrk_run() {
    local before rps p99 requests non2xx
    before=$(server_ticks)
    wrk -t1 -c"$connections" -d"${seconds}s" --latency -s "$3" "http://127.0.0.1:$port$2" > "$data/wrk-$1.txt"
    requests=$(awk '/requests in/ {print $1}' "$data/wrk-$1.txt")
    rps=$(awk '/Requests\/sec/ {print $2}' "$data/wrk-$1.txt")
    p99=$(awk '$1 == "99%" {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v=v/1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v=v*1000}; print v}' "$data/wrk-$1.txt")
    non2xx=$(awk '/Non-2xx/ {print $4}' "$data/wrk-$1.txt")
    [ -z "$non2xx" ] || echo "warning: $non2xx non-2xx responses in $1" >&2
    echo "$rps $p99 $(cpu_per_request "$before" "$requests")"
}
# pgbench_run NAME ARGS...: prints "tps p99_ms"
pgbench_run() {
    local name="$1"; shift
    (cd "$data" && rm -f pgbench_log.* && "$pgbin/pgbench" -n -M prepared -c "$connections" -j 1 -T "$seconds" -l "$@" "$DATABASE_URL" > "pgbench-$name.txt" 2>&1)
    local tps p99
    tps=$(awk '/^tps/ {print $3}' "$data/pgbench-$name.txt")
    p99=$(cat "$data"/pgbench_log.* | awk '{print $3}' | sort -n | awk '{a[NR]=$1} END {printf "%.1f", a[int(NR*0.99)]/1000}')
    echo "$tps $p99"
}
# Proposals come from parley-bench: one rep per connection, each posting counter-estimates on its own
# assignment of one shared plan. Prints "rps p99_ms cpu_us_per_request".
proposal_run() {
    local before
    before=$(server_ticks)
    "$bin/parley-bench" --url "http://127.0.0.1:$port" --token "$admin" --clients "$connections" --duration "$seconds" \
        --reps-file "$data/reps.csv" > "$data/proposals.json"
    python3 - "$data/proposals.json" "$(cpu_per_request "$before" "$(python3 -c "import json; print(json.load(open('$data/proposals.json'))['requests'])")")" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
print(f"{r['throughput_rps']:.0f} {r['p99_ms']:.1f} {sys.argv[2]}")
PY
}

for _ in $(seq 200); do curl -sf -o /dev/null -H "Authorization: Bearer $leader" "http://127.0.0.1:$port/v1/plans/$plan"; done
read -r get_rps get_p99 get_cpu < <(wrk_run get "/v1/plans/$plan" "$data/get.lua")
read -r sel_tps sel_p99 < <(pgbench_run select -S)
read -r com_rps com_p99 com_cpu < <(wrk_run comment "/v1/plans/$plan/comments" "$data/comment.lua")
read -r tpcb_tps tpcb_p99 < <(pgbench_run tpcb -b tpcb-like)
read -r csql_tps csql_p99 < <(pgbench_run commentsql -D org="$org" -D plan="$plan" -D author="$author" -f "$(pwd)/deploy/bench/comment.sql")
read -r pro_rps pro_p99 pro_cpu < <(proposal_run)
kill "$server"; wait "$server" 2>/dev/null || true; server=""
"$pgbin/psql" -X -q "$DATABASE_URL" -v ON_ERROR_STOP=1 \
    -c "CREATE TABLE bench_reps (n int PRIMARY KEY, org uuid, plan uuid, rep uuid)" \
    -c "\\copy bench_reps FROM '$data/reps.csv' WITH (FORMAT csv)"
read -r psql_tps psql_p99 < <(pgbench_run proposalsql -D clients="$connections" -f "$(pwd)/deploy/bench/proposal.sql")

ratio() { python3 -c "print(f'{$1 / $2:.2f}')"; }
echo
echo "$connections connections, ${seconds} s each, one load-generator thread, fsync on"
echo
echo "| what | Parley | server CPU per request | PostgreSQL alone, same run | ratio |"
echo "|---|---|---|---|---|"
echo "| GET /v1/plans/{id} | $get_rps req/s, p99 $get_p99 ms | $get_cpu µs | pgbench -S -M prepared: $sel_tps tps, p99 $sel_p99 ms | $(ratio "$get_rps" "$sel_tps") |"
echo "| POST /v1/plans/{id}/comments, one plan | $com_rps req/s, p99 $com_p99 ms | $com_cpu µs | pgbench -b tpcb-like, scale 1: $tpcb_tps tps, p99 $tpcb_p99 ms | $(ratio "$com_rps" "$tpcb_tps") |"
echo "| the comment's SQL by pgbench (deploy/bench/comment.sql) | | | $csql_tps tps, p99 $csql_p99 ms | $(ratio "$com_rps" "$csql_tps") |"
echo "| POST .../proposals (12 months × 3 metrics), one plan | $pro_rps req/s, p99 $pro_p99 ms | $pro_cpu µs | the proposal's SQL by pgbench (deploy/bench/proposal.sql): $psql_tps tps, p99 $psql_p99 ms | $(ratio "$pro_rps" "$psql_tps") |"
