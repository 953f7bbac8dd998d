#!/usr/bin/env bash
# One command from a fresh checkout to a running server with demo data:
# installs what is missing, builds, starts PostgreSQL in .parley/pgdata, migrates, creates a demo
# organization (printing how to sign in) and serves the API and the web application on
# http://127.0.0.1:${PORT:-8080}/.
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
demo="$(mktemp)"
"$bin" demo | tee "$demo"
url="http://127.0.0.1:${PORT:-8080}/"
# One user of each screen, from what `parley demo` printed (role, e-mail, token per line).
pick() { awk -v role="$1" -v pattern="$2" '$1 == role && $2 ~ pattern { print $2; exit }' "$demo"; }
cat <<EOT

==> Open $url in a browser and sign in (password: parley-demo) as, for example:
      a sales rep ("My targets"):          $(pick rep '^rep')
      a team lead ("My team"):             $(pick manager '^lead')
      a regional manager ("My team"):      $(pick manager '^manager')
      the leader ("Workflow and approval"): $(pick leader '')
    Every e-mail printed above works the same way; the API stays under ${url}v1/.
EOT
rm -f "$demo"
echo "==> serving on $url (Ctrl-C stops); DATABASE_URL=$DATABASE_URL"
exec "$bin" serve --port "${PORT:-8080}"
