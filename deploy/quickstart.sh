#!/usr/bin/env bash
# One command from a fresh checkout to a running server with demo data:
# installs what is missing, builds, starts PostgreSQL in .parley/pgdata, migrates, creates a demo
# organization (printing how to sign in) and serves on http://127.0.0.1:${PORT:-8080}.
set -euo pipefail
cd "$(dirname "$0")/.."
source deploy/postgres.sh

parley_install_packages
swift build -c release --product parley
bin="$(swift build -c release --show-bin-path)/parley"
data="$(pwd)/.parley/pgdata"
parley_start_cluster "$data" "${PARLEY_PG_PORT:-54320}"
echo "==> PostgreSQL running in $data (stop it with: $(parley_pg_bin)/pg_ctl -D $data stop)"
"$bin" migrate
"$bin" demo
echo "==> serving on http://127.0.0.1:${PORT:-8080} (Ctrl-C stops); DATABASE_URL=$DATABASE_URL"
exec "$bin" serve --port "${PORT:-8080}"
