#!/usr/bin/env bash
# Runs the whole test suite against a throwaway PostgreSQL cluster (installed when missing).
set -euo pipefail
cd "$(dirname "$0")/.."
source deploy/postgres.sh

parley_install_packages
data="$(pwd)/.build-pgtest"
rm -rf "$data"
# A throwaway cluster: durability buys nothing here.
PARLEY_PG_FSYNC=off parley_start_cluster "$data" "${PARLEY_TEST_PG_PORT:-54329}"
trap 'parley_stop_cluster "$data"; rm -rf "$data"' EXIT

swift build --build-tests
swift test --skip-build "$@"
