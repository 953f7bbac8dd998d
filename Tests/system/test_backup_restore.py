"""deploy/backup-restore.sh on the test cluster: pg_dump of a database with plans and events, pg_restore into a
fresh database, equal row counts and `parley audit verify` of every plan in the copy; and the same check fails
when the copy's audit chain is broken."""
import os
import secrets
import subprocess
import urllib.parse
import uuid

import requests

from parley_process import ROOT, Server, database_url, demo, fresh_database


def admin_psql(sql, database="postgres"):
    """psql as the cluster's superuser over its private Unix socket (peer authentication)."""
    command = [os.path.join(os.environ["PARLEY_PG_BIN"], "psql"), "-X", "-q", "-tA", "-v", "ON_ERROR_STOP=1",
               "-h", os.environ["PARLEY_PGDATA"], "-p", os.environ["PARLEY_PG_PORT"], "-d", database]
    if os.geteuid() == 0:  # deploy/postgres.sh: the superuser is `postgres`, and peer maps the OS user to it
        command = ["runuser", "-u", "postgres", "--", *command, "-U", "postgres"]
    return subprocess.run([*command, "-c", sql], check=True, capture_output=True, text=True).stdout.strip()


def backup_role():
    password = secrets.token_hex(16)
    name = "parley_backup_" + uuid.uuid4().hex[:6]
    admin_psql(f"CREATE ROLE {name} LOGIN BYPASSRLS PASSWORD '{password}'; GRANT pg_read_all_data TO {name}")
    return name, password


def with_user(url, user, password):
    parts = urllib.parse.urlsplit(url)
    netloc = f"{user}:{password}@{parts.hostname}:{parts.port}"
    return urllib.parse.urlunsplit(parts._replace(netloc=netloc))


def run_script(source, target, user, password):
    env = dict(os.environ, DATABASE_URL=database_url(source),
               PARLEY_BACKUP_URL=with_user(database_url(source), user, password))
    return subprocess.run(["bash", str(ROOT / "deploy/backup-restore.sh"), target], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)


def test_backup_restore_verifies_every_plan_and_row_count():
    source, env = fresh_database()
    plan, users = demo(env)
    second_plan, second_users = demo(env)  # two organizations, each with the demo's plans
    server = Server(env).start()
    try:
        token = users["leader"][0][1]
        for i in range(5):
            created = requests.post(f"{server.url}/v1/plans/{plan}/comments", json={"body": f"before backup {i}"},
                                    headers={"Authorization": f"Bearer {token}"}, timeout=15)
            assert created.status_code == 201
        plans = 0
        for leader in (token, second_users["leader"][0][1]):
            listed = requests.get(f"{server.url}/v1/plans?limit=500", headers={"Authorization": f"Bearer {leader}"},
                                  timeout=15)
            assert listed.status_code == 200
            plans += len(listed.json()["items"])
    finally:
        server.stop()
    user, password = backup_role()
    target = "parley_restored_" + uuid.uuid4().hex[:8]
    result = run_script(source, target, user, password)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "every table as in the original" in result.stdout
    assert plans >= 2
    assert f"{plans} plans verified" in result.stdout, result.stdout
    # The copy works for the server: its migrations are current and a token from before signs in.
    restored_env = dict(os.environ, DATABASE_URL=database_url(target))
    server = Server(restored_env).start()
    try:
        me = requests.get(f"{server.url}/v1/me", headers={"Authorization": f"Bearer {token}"}, timeout=15)
        assert me.status_code == 200
        comments = requests.get(f"{server.url}/v1/plans/{plan}/comments", params={"limit": 500},
                                headers={"Authorization": f"Bearer {token}"}, timeout=15).json()["items"]
        assert sum(c["body"].startswith("before backup") for c in comments) == 5
    finally:
        server.stop()


def test_backup_restore_fails_when_a_chain_is_broken():
    source, env = fresh_database()
    plan, _ = demo(env)
    # Tamper with the source as the superuser (the trigger refuses even the owner): one event's data changes.
    admin_psql("ALTER TABLE events DISABLE TRIGGER append_only; "
               f"UPDATE events SET data = '{{\"tampered\": true}}' WHERE plan_id = '{plan}' AND seq = 1; "
               "ALTER TABLE events ENABLE TRIGGER append_only", database=source)
    user, password = backup_role()
    result = run_script(source, "parley_restored_" + uuid.uuid4().hex[:8], user, password)
    assert result.returncode != 0
    assert f"audit verify failed for plan {plan}" in result.stderr, result.stdout + result.stderr
