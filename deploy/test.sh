#!/usr/bin/env bash
# Runs every test against a throwaway PostgreSQL cluster (installed when missing):
#   1. the Swift suites (swift test), through the real libpq client and the real router;
#   2. the system suites (pytest, in .venv): the real `parley` binary as a separate process, driven over
#      HTTP — browser tests in a real Chromium (Tests/e2e), schema-driven fuzzing and fault tests
#      (Tests/system).
# Extra arguments go to `swift test`. PARLEY_SKIP_SYSTEM=1 runs the Swift suites only.
set -euo pipefail
cd "$(dirname "$0")/.."
source deploy/postgres.sh

parley_install_packages
data="$(pwd)/.build-pgtest"
rm -rf "$data"
port="${PARLEY_TEST_PG_PORT:-54329}"
# A throwaway cluster: durability buys nothing here.
PARLEY_PG_FSYNC=off parley_start_cluster "$data" "$port"
trap 'parley_stop_cluster "$data"; rm -rf "$data"' EXIT

swift build --build-tests
swift test --skip-build "$@"

[ "${PARLEY_SKIP_SYSTEM:-0}" = "1" ] && exit 0
parley_install_system_test_packages
export PARLEY_BIN PARLEY_PGDATA="$data" PARLEY_PG_PORT="$port" PARLEY_PG_BIN
PARLEY_BIN="$(swift build --show-bin-path)/parley"
PARLEY_PG_BIN="$(parley_pg_bin)"
suites=()
for suite in Tests/e2e Tests/system; do [ -d "$suite" ] && suites+=("$suite"); done
[ ${#suites[@]} -eq 0 ] && exit 0
.venv/bin/python -m pytest -q -p no:cacheprovider "${suites[@]}"
