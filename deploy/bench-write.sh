#!/usr/bin/env bash
# Write-path benchmark: POST proposals (12 months × 3 metrics) from N concurrent clients through the HTTP
# server, then pgbench running the same SQL transaction at the same concurrency against the same database.
# Usage: bash deploy/bench-write.sh [clients=32] [seconds=20]
set -euo pipefail
cd "$(dirname "$0")/.."
source deploy/postgres.sh
clients="${1:-32}"
seconds="${2:-20}"
port=8099

parley_install_packages
command -v pgbench >/dev/null || { apt-get install -y -qq postgresql-contrib >/dev/null; }
swift build -c release --product parley >/dev/null
swift build -c release --product parley-bench >/dev/null
bin="$(swift build -c release --show-bin-path)"
data="$(pwd)/.build-pgbench"
rm -rf "$data"
parley_start_cluster "$data" 54339
trap 'kill $server 2>/dev/null || true; parley_stop_cluster "$data"' EXIT

"$bin/parley" migrate >/dev/null
token=$("$bin/parley" org create --name "Bench" --admin-email admin@bench.test | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
LOG_LEVEL=warning "$bin/parley" serve --port "$port" --pool-size "${POOL_SIZE:-32}" &
server=$!
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done

echo "== HTTP: $clients clients, ${seconds}s"
"$bin/parley-bench" --url "http://127.0.0.1:$port" --token "$token" --clients "$clients" --duration "$seconds" \
    --reps-file "$data/reps.csv" | tee "$data/http.json"

psql=("$(parley_pg_bin)/psql" -X -q "$DATABASE_URL" -v ON_ERROR_STOP=1)
"${psql[@]}" -c "CREATE TABLE bench_reps (n int PRIMARY KEY, org uuid, plan uuid, rep uuid)" \
    -c "\\copy bench_reps FROM '$data/reps.csv' WITH (FORMAT csv)"
[ -n "${SKIP_PGBENCH:-}" ] && exit 0
echo "== pgbench: $clients clients, ${seconds}s, same transaction"
(cd "$data" && "$(parley_pg_bin)/pgbench" -n -M prepared -c "$clients" -j 2 -T "$seconds" -D clients="$clients" -l \
    -f "$OLDPWD/deploy/bench/proposal.sql" "$DATABASE_URL" | grep -E "tps|latency average")
p99=$(cat "$data"/pgbench_log.* | awk '{print $3}' | sort -n | awk '{a[NR]=$1} END {print a[int(NR*0.99)]/1000}')
echo "pgbench p99_ms: $p99"
