# Shared shell functions: install what is missing, run a PostgreSQL cluster in a folder of the project.
# Sourced by deploy/test.sh and deploy/quickstart.sh.

# Installs Debian packages (apt-get update first: a new machine's lists may be empty), with sudo unless root.
# Does nothing without arguments, so callers pass what they found missing.
parley_apt_install() {
    [ $# -gt 0 ] || return 0
    echo "==> installing $*"
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    # On a machine with systemd, packages such as pgbouncer and haproxy also start their own services with
    # Debian's configs; the scripts start their own instances on ports of their own.
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >/dev/null
}

# Installs the Debian packages Parley needs to build and run, when missing.
parley_install_packages() {
    local missing=()
    [ -f /usr/include/postgresql/libpq-fe.h ] || missing+=(libpq-dev)
    ls -d /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
    command -v pkg-config >/dev/null 2>&1 || missing+=(pkg-config)
    parley_apt_install "${missing[@]}"
}

# Installs what deploy/scale-out.sh runs (pgbouncer and haproxy, Debian's; curl) and systemd-analyze.
parley_install_scale_out_packages() {
    local missing=()
    command -v pgbouncer >/dev/null 2>&1 || missing+=(pgbouncer)
    command -v haproxy >/dev/null 2>&1 || missing+=(haproxy)
    command -v curl >/dev/null 2>&1 || missing+=(curl)
    # systemd-analyze, for deploy/verify-systemd-unit.sh.
    command -v systemd-analyze >/dev/null 2>&1 || missing+=(systemd)
    parley_apt_install "${missing[@]}"
}

# Installs what the system test suites need: Chromium (Debian's, for playwright), pgbouncer and haproxy
# (Tests/system/test_scale_out.py) and a virtual environment in .venv with Tests/requirements.txt.
parley_install_system_test_packages() {
    parley_install_scale_out_packages
    command -v chromium >/dev/null 2>&1 || parley_apt_install chromium fonts-noto-cjk
    if [ ! -x .venv/bin/python ]; then
        python3 -m venv .venv
    fi
    .venv/bin/python -m pip install -q --disable-pip-version-check -r Tests/requirements.txt
}

parley_pg_bin() {
    ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1
}

# Runs a PostgreSQL command as the cluster's owner (initdb refuses to run as root).
parley_as_owner() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

# The cluster's superuser: `postgres` when run as root (initdb then runs as the postgres OS user), else
# the invoking user, so that peer authentication on the cluster's Unix socket maps the OS user to it.
parley_pg_superuser() {
    if [ "$(id -u)" -eq 0 ]; then echo postgres; else id -un; fi
}

# parley_start_cluster DATADIR PORT: creates (once) and starts a cluster listening on 127.0.0.1:PORT with
# an ordinary role and database `parley` (owner of the schema, neither superuser nor BYPASSRLS), and
# exports DATABASE_URL for it. PARLEY_PG_OPTIONS adds server options (e.g. -c shared_preload_libraries=citus).
#
# Nothing is trusted: the Unix socket (in DATADIR, mode 0700) takes peer authentication, TCP takes
# scram-sha-256. The `parley` role's password is generated once and kept in DATADIR/parley.password
# (mode 0600); DATABASE_URL carries it.
parley_start_cluster() {
    local data="$1" port="$2" bin superuser
    bin="$(parley_pg_bin)"
    superuser="$(parley_pg_superuser)"
    mkdir -p "$data"
    if [ "$(id -u)" -eq 0 ]; then chown postgres:postgres "$data"; chmod 700 "$data"; fi
    if [ ! -f "$data/PG_VERSION" ]; then
        parley_as_owner "$bin/initdb" -D "$data" -U "$superuser" --auth-local=peer --auth-host=scram-sha-256 \
            --encoding=UTF8 --locale=C.UTF-8 >/dev/null
    fi
    if ! parley_as_owner "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
        parley_as_owner "$bin/pg_ctl" -D "$data" -l "$data/server.log" -w -t 60 \
            -o "-p $port -c listen_addresses=127.0.0.1 -c unix_socket_directories=$data -c unix_socket_permissions=0700 -c max_connections=200 -c fsync=${PARLEY_PG_FSYNC:-on} ${PARLEY_PG_OPTIONS:-}" \
            start >/dev/null
    fi
    local psql=(parley_as_owner "$bin/psql" -X -q -h "$data" -p "$port" -U "$superuser" -d postgres -v ON_ERROR_STOP=1)
    local password_file="$data/parley.password"
    if [ ! -s "$password_file" ]; then
        parley_as_owner sh -c "umask 077; od -An -N24 -tx1 /dev/urandom | tr -d ' \n' > '$password_file'"
    fi
    local password
    password="$(parley_as_owner cat "$password_file")"
    if [ "$("${psql[@]}" -tAc "SELECT 1 FROM pg_roles WHERE rolname = 'parley'")" != "1" ]; then
        "${psql[@]}" -c "CREATE ROLE parley LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEROLE CREATEDB PASSWORD '$password'"
    else
        "${psql[@]}" -c "ALTER ROLE parley PASSWORD '$password'"
    fi
    if [ "$("${psql[@]}" -tAc "SELECT 1 FROM pg_database WHERE datname = 'parley'")" != "1" ]; then
        "${psql[@]}" -c "CREATE DATABASE parley OWNER parley"
    fi
    export DATABASE_URL="postgresql://parley:$password@127.0.0.1:$port/parley"
}

# parley_psql_admin DATADIR PORT ARGS...: psql as the cluster's superuser over its Unix socket (peer).
parley_psql_admin() {
    local data="$1" port="$2"
    shift 2
    parley_as_owner "$(parley_pg_bin)/psql" -X -q -h "$data" -p "$port" -U "$(parley_pg_superuser)" -v ON_ERROR_STOP=1 "$@"
}

# parley_stop_cluster DATADIR
parley_stop_cluster() {
    local data="$1"
    parley_as_owner "$(parley_pg_bin)/pg_ctl" -D "$data" -m fast -w stop >/dev/null 2>&1 || true
}
