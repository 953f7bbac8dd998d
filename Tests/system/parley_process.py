"""Runs the real `parley` binary against a database of its own on the test cluster (see deploy/test.sh).

Environment (set by deploy/test.sh): PARLEY_BIN, DATABASE_URL (the cluster's ordinary role `parley`,
which may create databases), PARLEY_PGDATA, PARLEY_PG_PORT, PARLEY_PG_BIN.
"""
import json
import os
import re
import shlex
import signal
import socket
import subprocess
import time
import urllib.parse
import uuid
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[2]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def database_url(name):
    """DATABASE_URL with its database replaced by `name`."""
    parts = urllib.parse.urlsplit(os.environ["DATABASE_URL"])
    return urllib.parse.urlunsplit(parts._replace(path="/" + name))


def psql(sql, database="parley"):
    """Runs SQL as the ordinary role `parley` (what the server itself may do)."""
    out = subprocess.run(
        [os.path.join(os.environ["PARLEY_PG_BIN"], "psql"), "-X", "-q", "-tA", "-v", "ON_ERROR_STOP=1",
         "-d", database_url(database), "-c", sql],
        check=True, capture_output=True, text=True)
    return out.stdout.strip()


def pg_ctl(*args):
    """pg_ctl on the test cluster, as the cluster's owner (initdb and the server refuse root)."""
    command = [os.path.join(os.environ["PARLEY_PG_BIN"], "pg_ctl"), "-D", os.environ["PARLEY_PGDATA"], *args]
    if os.geteuid() == 0:
        command = ["runuser", "-u", "postgres", "--", *command]
    subprocess.run(command, check=True, capture_output=True, text=True, timeout=120)


def postgres_stop():
    """Stops the test cluster (fast: open sessions are terminated) and returns what restarts it as it was."""
    opts = shlex.split(Path(os.environ["PARLEY_PGDATA"], "postmaster.opts").read_text())
    options = []
    skip = False
    for arg in opts[1:]:  # the postgres binary, then its arguments
        if skip:
            skip = False
        elif arg == "-D":
            skip = True
        else:
            options.append(arg)
    pg_ctl("stop", "-m", "fast", "-w")
    return lambda: pg_ctl("start", "-w", "-t", "60", "-l", os.path.join(os.environ["PARLEY_PGDATA"], "server.log"),
                          "-o", " ".join(shlex.quote(option) for option in options))


def fresh_database():
    name = "parley_sys_" + uuid.uuid4().hex[:10]
    psql(f"CREATE DATABASE {name}")
    env = dict(os.environ, DATABASE_URL=database_url(name))
    subprocess.run([os.environ["PARLEY_BIN"], "migrate"], check=True, cwd=ROOT, env=env, capture_output=True)
    return name, env


class Server:
    """One `parley serve` process on a free port."""

    def __init__(self, env, pool_size=8, extra_env=None):
        self.env = dict(env, **(extra_env or {}))
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.pool_size = pool_size
        self.process = None
        self.log = None

    def start(self):
        self.log = open(ROOT / f".build-pgtest-server-{self.port}.log", "ab")
        self.process = subprocess.Popen(
            [os.environ["PARLEY_BIN"], "serve", "--port", str(self.port), "--pool-size", str(self.pool_size)],
            cwd=ROOT, env=self.env, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"parley serve exited with {self.process.returncode}")
            try:
                if requests.get(self.url + "/readyz", timeout=2).status_code == 200:
                    return self
            except requests.RequestException:
                pass
            time.sleep(0.1)
        raise RuntimeError("parley serve did not become ready")

    def kill(self):
        """SIGKILL: no draining, no goodbye."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()
        if self.log:
            self.log.close()


def demo(env):
    """`parley demo`: returns the plan in discussion and {role: [(email, token)]}."""
    out = subprocess.run([os.environ["PARLEY_BIN"], "demo", "--reps", "6"], check=True, cwd=ROOT, env=env,
                         capture_output=True, text=True).stdout
    plan = re.search(r"Plan in discussion: ([0-9a-f-]{36})", out).group(1)
    users = {}
    for role, email, token in re.findall(r"^(\w+)\s+(\S+@\S+)\s+(\S+)$", out, re.M):
        users.setdefault(role, []).append((email, token))
    return plan, users


def org_admin(env):
    """`parley org create`: a fresh organization and its admin's token."""
    out = subprocess.run(
        [os.environ["PARLEY_BIN"], "org", "create", "--name", "Fuzz Org", "--admin-email",
         f"admin-{uuid.uuid4().hex[:8]}@fuzz.test", "--admin-password", "fuzz-password-1"],
        check=True, cwd=ROOT, env=env, capture_output=True, text=True).stdout
    return json.loads(out)
