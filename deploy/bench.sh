#!/usr/bin/env bash
# Every benchmark of the README's Performance section in one run, on one release build:
#   1. the read path and one hot plan, each beside PostgreSQL alone in the same run (deploy/bench-http.sh):
#      GET vs pgbench -S, comment vs tpcb-like and vs its own SQL, proposal vs its own SQL, with ratios and the
#      server's CPU time per request;
#   2. planning at scale (deploy/bench-planning.sh): seeding N reps, reconciling the root and one region, the
#      server's memory while it answers, a 100,000-row upload and 1,000 open event streams.
# Usage: bash deploy/bench.sh [reps=100000] [connections=32] [seconds=15]
#   PARLEY_BIN_DIR=dir   use the `parley` and `parley-bench` found there instead of building
# Run it on an otherwise idle machine: server, PostgreSQL and load generator share its cores.
set -euo pipefail
cd "$(dirname "$0")/.."
reps="${1:-100000}"
connections="${2:-32}"
seconds="${3:-15}"
if [ -z "${PARLEY_BIN_DIR:-}" ]; then
    swift build -c release --product parley >/dev/null
    swift build -c release --product parley-bench >/dev/null
    PARLEY_BIN_DIR="$(swift build -c release --show-bin-path)"
fi
export PARLEY_BIN_DIR
echo "## Read path and one hot plan"
bash deploy/bench-http.sh "$connections" "$seconds"
echo
echo "## Planning at scale: $reps reps"
bash deploy/bench-planning.sh "$reps"
