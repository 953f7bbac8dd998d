#!/usr/bin/env bash
# Planning benchmarks at scale: seed a 10,000-rep demo organization (timed), reconcile its root unit and one
# region (timed at the client on loopback, 20 runs each, with the server's memory before and after), and
# upload 100,000 rows of actuals as CSV in 1 MiB-bounded requests (timed).
# Usage: bash deploy/bench-planning.sh [reps=10000]   (PARLEY_BIN_DIR=dir: use the binaries there, no build)
set -euo pipefail
cd "$(dirname "$0")/.."
source deploy/postgres.sh
reps="${1:-10000}"
port=8098

parley_install_packages
if [ -n "${PARLEY_BIN_DIR:-}" ]; then
    bin="$PARLEY_BIN_DIR"
else
    swift build -c release --product parley >/dev/null
    bin="$(swift build -c release --show-bin-path)"
fi
data="$(pwd)/.build-pgplanning"
rm -rf "$data"
parley_start_cluster "$data" 54338
trap 'kill $server 2>/dev/null || true; parley_stop_cluster "$data"' EXIT
"$bin/parley" migrate >/dev/null

start=$(date +%s.%N)
"$bin/parley" demo --reps "$reps" > "$data/demo.txt"
end=$(date +%s.%N)
echo "demo --reps $reps: $(echo "$end - $start" | bc) s (wall clock, including process start)"

PARLEY_STREAMS_PER_USER=0 LOG_LEVEL=warning "$bin/parley" serve --port "$port" &
server=$!
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done
leader=$(awk '$1 == "leader" {print $3}' "$data/demo.txt")
admin=$(awk '$1 == "admin" {print $3}' "$data/demo.txt")
plan=$(awk '/Plan in discussion/ {print $4}' "$data/demo.txt")
domain=$(awk '$1 == "admin" {print $2}' "$data/demo.txt" | cut -d@ -f2)

region=$(curl -sf -H "Authorization: Bearer $leader" "http://127.0.0.1:$port/v1/units?limit=500" |
    python3 -c 'import json,sys; print(next(u["id"] for u in json.load(sys.stdin)["items"] if u["name"] == "North region"))')
rss() { ps -o rss= -p "$server" | awk '{printf "%.0f MiB", $1/1024}'; }
# reconcile LABEL QUERY: 3 warm-up requests, then 20 timed ones.
reconcile() {
    local url="http://127.0.0.1:$port/v1/plans/$plan/reconciliation$2"
    for _ in 1 2 3; do curl -sf -o /dev/null -H "Authorization: Bearer $leader" "$url"; done
    for _ in $(seq 20); do curl -sf -o /dev/null -w "%{time_total}\n" -H "Authorization: Bearer $leader" "$url"; done |
        sort -n | awk '{t[NR]=$1*1000} END {printf "reconciliation of '"$1"': median %.1f ms, p95 %.1f ms, max %.1f ms\n", t[int(NR/2)], t[int(NR*0.95)], t[NR]}'
}
echo "server RSS before reconciling: $(rss)"
reconcile "the root unit ($reps reps)" ""
reconcile "the North region (about half of them)" "?unit_id=$region"
echo "server RSS after 46 reconciliations: $(rss)"

# 100,000 rows: every rep, visits on 10 working days; batches of 12,500 rows (~0.7 MB each).
python3 - "$domain" "$reps" "$data" <<'PY'
import sys
domain, reps, folder = sys.argv[1], int(sys.argv[2]), sys.argv[3]
days = ["2027-01-%02d" % d for d in (4, 5, 6, 7, 8, 11, 12, 13, 14, 15)]
rows = [f"rep{r}@{domain},visits,{day},{(r * 7 + i) % 9}" for r in range(1, reps + 1) for i, day in enumerate(days)]
rows = rows[:100000]
for b in range(0, len(rows), 12500):
    with open(f"{folder}/actuals-{b // 12500:02d}.csv", "w") as f:
        f.write("user_email,metric,date,value\n" + "\n".join(rows[b:b + 12500]) + "\n")
PY
start=$(date +%s.%N)
for file in "$data"/actuals-*.csv; do
    curl -sf -o /dev/null -H "Authorization: Bearer $admin" -H "Content-Type: text/csv" --data-binary "@$file" \
        "http://127.0.0.1:$port/v1/actuals"
done
end=$(date +%s.%N)
echo "POST /v1/actuals, $(cat "$data"/actuals-*.csv | grep -vc user_email) rows in $(ls "$data"/actuals-*.csv | wc -l) CSV requests: $(echo "$end - $start" | bc) s"
echo "server RSS after the above: $(ps -o rss= -p $server | awk '{printf "%.0f MiB", $1/1024}')"

# 1,000 open event streams on the plan, held while the server's memory is read.
python3 - "$port" "$leader" "$plan" "$server" <<'PY'
import asyncio, sys, subprocess
port, token, plan, pid = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
async def open_stream():
    reader, writer = await asyncio.open_connection("127.0.0.1", int(port))
    writer.write(f"GET /v1/plans/{plan}/stream HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {token}\r\n\r\n".encode())
    await writer.drain()
    status = await reader.readline()
    return reader, writer, status
async def main():
    streams = []
    for batch in range(10):
        streams += await asyncio.gather(*[open_stream() for _ in range(100)])
    ok = sum(1 for s in streams if b" 200 " in s[2])
    await asyncio.sleep(2)
    rss = int(subprocess.check_output(["ps", "-o", "rss=", "-p", pid]).decode()) / 1024
    print(f"{ok} open event streams: server RSS {rss:.0f} MiB")
    for _, writer, _ in streams:
        writer.close()
asyncio.run(main())
PY
