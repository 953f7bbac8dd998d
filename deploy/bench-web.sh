#!/usr/bin/env bash
# Web UI budgets: the size of every HTML, CSS and JavaScript file served, and how fast the manager screen of a
# 10,000-rep demo organization shows its first view in a real Chromium (median of several loads).
#   bash deploy/bench-web.sh [reps]      (default 10000; needs .venv from deploy/test.sh and /usr/bin/chromium)
# Uses a PostgreSQL cluster of its own in .build-pgbench-web (port PARLEY_BENCH_PG_PORT, default 54399).
set -euo pipefail
cd "$(dirname "$0")/.."
source deploy/postgres.sh
reps="${1:-10000}"

echo "==> asset sizes (uncompressed)"
find Sources/ParleyWeb/Public -type f \( -name '*.html' -o -name '*.css' -o -name '*.js' \) -printf '%s %p\n' | sort -n
find Sources/ParleyWeb/Public -type f \( -name '*.html' -o -name '*.css' -o -name '*.js' \) -printf '%s\n' \
    | awk '{ total += $1 } END { printf "total: %d bytes (%.1f KB)\n", total, total / 1024 }'

config="${PARLEY_BENCH_CONFIG:-release}"
swift build -c "$config" --product parley
bin="$(swift build -c "$config" --show-bin-path)/parley"
data="$(pwd)/.build-pgbench-web"
port="${PARLEY_BENCH_PG_PORT:-54399}"
PARLEY_PG_FSYNC=off parley_start_cluster "$data" "$port"
db="parley_webbench_$$"
cleanup() {
    if [ -n "${server:-}" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
    "$(parley_pg_bin)/dropdb" -h 127.0.0.1 -p "$port" -U parley --if-exists --force "$db" >/dev/null 2>&1 || true
    parley_stop_cluster "$data"
}
trap cleanup EXIT
"$(parley_pg_bin)/createdb" -h 127.0.0.1 -p "$port" -U parley "$db"
export DATABASE_URL="postgresql://parley@127.0.0.1:$port/$db"
"$bin" migrate >/dev/null
demo="$(mktemp)"
started=$(date +%s)
"$bin" demo --reps "$reps" > "$demo"
echo "==> demo organization with $reps reps seeded in $(( $(date +%s) - started )) s"
plan="$(awk '/^Plan in discussion:/ { print $4 }' "$demo")"
lead="$(awk '$1 == "manager" && $2 ~ /^lead/ { print $2; exit }' "$demo")"
regional="$(awk '$1 == "manager" && $2 ~ /^manager/ { print $2; exit }' "$demo")"
leader="$(awk '$1 == "leader" { print $2; exit }' "$demo")"
web_port=$((port + 1))
LOG_LEVEL=warning "$bin" serve --port "$web_port" & server=$!
until curl -sf "http://127.0.0.1:$web_port/readyz" >/dev/null; do sleep 0.2; done
.venv/bin/python deploy/bench/web_first_view.py "http://127.0.0.1:$web_port" "$plan" \
    "team lead (one team, $((reps / 4)) reps)=$lead" "regional manager=$regional" "leader (root)=$leader"
