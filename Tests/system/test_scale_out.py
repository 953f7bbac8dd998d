"""Two `parley serve` instances behind haproxy, through pgbouncer in transaction pooling, on one PostgreSQL,
all started by deploy/scale-out.sh exactly as an operator would run it (with ports of their own)."""
import concurrent.futures
import json
import os
import shutil
import signal
import socket
import subprocess
import threading
import time
import uuid
from pathlib import Path

import pytest
import requests

from parley_process import ROOT, demo

TIMEOUT = 15
AUTH_CACHE_SECONDS = 5  # PARLEY_AUTH_CACHE_SECONDS' default, the documented bound for other instances


def free_ports(count):
    """`count` consecutive free ports on 127.0.0.1 (deploy/scale-out.sh numbers instances from a base)."""
    for _ in range(200):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            base = probe.getsockname()[1]
        if base + count >= 65535:
            continue
        try:
            for port in range(base, base + count):
                with socket.socket() as s:
                    s.bind(("127.0.0.1", port))
            return list(range(base, base + count))
        except OSError:
            continue
    raise RuntimeError("no free ports")


def script(*args, env):
    return subprocess.run(["bash", str(ROOT / "deploy/scale-out.sh"), *args], cwd=ROOT, env=env, check=True,
                          capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def cluster():
    folder = ROOT / f".build-scale-{uuid.uuid4().hex[:8]}"
    http, bouncer, pg, base, _, _ = free_ports(6)
    env = dict(os.environ, PARLEY_SCALE_HTTP_PORT=str(http), PARLEY_SCALE_BOUNCER_PORT=str(bouncer),
               PARLEY_SCALE_PG_PORT=str(pg), PARLEY_SCALE_INSTANCE_PORT=str(base), PARLEY_INSTANCES="2",
               PARLEY_PG_FSYNC="off", PARLEY_POOL_SIZE="8")
    env.pop("DATABASE_URL", None)
    try:
        script("start", str(folder), env=env)
        settings = dict(line.split("=", 1) for line in (folder / "scale-out.env").read_text().splitlines() if line)
        # The demo organization is created through pgbouncer, as every instance reaches the database.
        plan, users = demo(dict(os.environ, DATABASE_URL=settings["PARLEY_SCALE_BOUNCER_URL"],
                                PARLEY_PG_STATEMENTS="unnamed"))
        yield {
            "url": settings["PARLEY_SCALE_URL"], "folder": folder, "env": env, "plan": plan, "users": users,
            "instances": [f"http://127.0.0.1:{base + i}" for i in (1, 2)],
        }
    finally:
        subprocess.run(["bash", str(ROOT / "deploy/scale-out.sh"), "stop", str(folder)], cwd=ROOT, env=env,
                       capture_output=True, timeout=120)
        shutil.rmtree(folder, ignore_errors=True)


def auth(token, **extra):
    return {"Authorization": f"Bearer {token}", **extra}


class Client:
    """Requests through the balancer, remembering which instance answered each."""

    def __init__(self, url, token):
        self.url, self.token, self.backends = url, token, []
        self.session = requests.Session()

    def call(self, method, path, body=None, expect=None, **headers):
        response = self.session.request(method, self.url + path, json=body, headers=auth(self.token, **headers),
                                        timeout=TIMEOUT)
        self.backends.append(response.headers.get("X-Parley-Backend"))
        assert expect is None or response.status_code == expect, f"{method} {path}: {response.status_code} {response.text}"
        return response


def veteran_reps(cluster, count):
    """Reps (email, token, id) whose assignment can take an even revenue split and is not agreed yet."""
    plan, found = cluster["plan"], []
    for email, token in cluster["users"]["rep"]:
        me = requests.get(cluster["url"] + "/v1/me", headers=auth(token), timeout=TIMEOUT).json()["user"]
        assignment = requests.get(f"{cluster['url']}/v1/plans/{plan}/assignments/{me['id']}", headers=auth(token),
                                  timeout=TIMEOUT).json()
        if assignment["maturity"] == "veteran" and assignment["state"] != "agreed":
            found.append((email, token, me["id"]))
    assert len(found) >= count, "the demo has too few veteran reps left"
    return found[:count]


def proposal(annual, why):
    return {"values": {"revenue": {"annual": annual, "distribution": "even"}}, "rationale": why}


def test_negotiation_story_with_consecutive_requests_on_different_instances(cluster):
    (_, rep_token, rep_id), = veteran_reps(cluster, 1)
    leader_token = cluster["users"]["leader"][0][1]
    rep, leader = Client(cluster["url"], rep_token), Client(cluster["url"], leader_token)
    path = f"/v1/plans/{cluster['plan']}/assignments/{rep_id}"
    steps = []

    def step(client, method, suffix="", body=None, expect=200, **headers):
        response = client.call(method, path + suffix, body, expect=expect, **headers)
        steps.append(response.headers.get("X-Parley-Backend"))
        return response

    version = step(rep, "GET").headers["ETag"]
    estimate = step(rep, "POST", "/proposals", proposal(120_000_000, "my estimate"), 201, **{"If-Match": version})
    version = step(leader, "GET").headers["ETag"]
    counter = step(leader, "POST", "/proposals", proposal(132_000_000, "a counter"), 201, **{"If-Match": version})
    assert counter.json()["kind"] in ("top_down", "counter")
    version = step(rep, "GET").headers["ETag"]
    # The rep may not accept their own proposal, whichever instance is asked.
    step(rep, "POST", f"/proposals/{estimate.json()['id']}/accept", None, 403, **{"If-Match": version})
    accepted = step(rep, "POST", f"/proposals/{counter.json()['id']}/accept", None, 200, **{"If-Match": version})
    assert accepted.json()["state"] == "agreed"
    assert accepted.json()["agreed"]["revenue"]["annual"] == 132_000_000
    final = step(leader, "GET").json()
    assert final["state"] == "agreed"

    assert None not in steps and set(steps) == {"app1", "app2"}
    assert all(a != b for a, b in zip(steps, steps[1:])), f"consecutive requests on one instance: {steps}"


def test_an_event_written_through_one_instance_reaches_a_stream_on_the_other_within_a_second(cluster):
    first, second = cluster["instances"]
    leader_token = cluster["users"]["leader"][0][1]
    plan = cluster["plan"]
    arrivals, opened = [], threading.Event()
    stop = threading.Event()

    def read():
        with requests.get(f"{second}/v1/plans/{plan}/stream", headers=auth(leader_token), stream=True,
                          timeout=TIMEOUT) as response:
            assert response.status_code == 200
            opened.set()
            for line in response.iter_lines(decode_unicode=True):
                if line and line.startswith("data:"):
                    arrivals.append((time.monotonic(), line))
                if stop.is_set():
                    return

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    assert opened.wait(TIMEOUT)
    time.sleep(1.0)  # the backlog has been sent by now
    body = f"written on instance 1, read on instance 2 ({uuid.uuid4().hex})"
    created = requests.post(f"{first}/v1/plans/{plan}/comments", json={"body": body}, headers=auth(leader_token),
                            timeout=TIMEOUT)
    assert created.status_code == 201, created.text
    written = time.monotonic()
    comment_id = created.json()["id"]
    deadline = written + 3
    seen = None
    while time.monotonic() < deadline and seen is None:
        seen = next((at for at, line in list(arrivals) if comment_id in line), None)
        time.sleep(0.01)
    stop.set()
    assert seen is not None, "the event never reached the other instance's stream"
    assert seen - written < 1.0, f"took {seen - written:.3f} s"


def test_sixteen_clients_racing_to_accept_one_proposal_through_the_balancer_make_one_winner(cluster):
    (_, rep_token, rep_id), = veteran_reps(cluster, 1)
    leader = Client(cluster["url"], cluster["users"]["leader"][0][1])
    path = f"/v1/plans/{cluster['plan']}/assignments/{rep_id}"
    version = leader.call("GET", path, expect=200).headers["ETag"]
    counter = leader.call("POST", path + "/proposals", proposal(99_000_000, "take it"), expect=201,
                          **{"If-Match": version}).json()
    version = leader.call("GET", path, expect=200).headers["ETag"]
    barrier = threading.Barrier(16)

    def accept(_):
        session = requests.Session()
        barrier.wait()
        response = session.post(f"{cluster['url']}{path}/proposals/{counter['id']}/accept",
                                headers=auth(rep_token, **{"If-Match": version}), timeout=TIMEOUT)
        return response.status_code, response.headers.get("X-Parley-Backend")

    with concurrent.futures.ThreadPoolExecutor(16) as pool:
        results = list(pool.map(accept, range(16)))
    statuses = sorted(status for status, _ in results)
    assert statuses.count(200) == 1, statuses
    assert set(statuses) <= {200, 409, 412}, statuses
    assert {backend for _, backend in results} == {"app1", "app2"}
    final = leader.call("GET", path, expect=200).json()
    assert final["state"] == "agreed" and final["agreed"]["revenue"]["annual"] == 99_000_000
    assert [p["status"] for p in final["proposals"] if p["id"] == counter["id"]] == ["accepted"]


def test_a_sign_out_on_one_instance_is_honoured_by_the_other_within_the_cache_time(cluster):
    first, second = cluster["instances"]
    email = cluster["users"]["manager"][0][0]
    signed_in = requests.post(cluster["url"] + "/v1/sessions", json={"email": email, "password": "parley-demo"},
                              timeout=TIMEOUT)
    assert signed_in.status_code == 201, signed_in.text
    token = signed_in.json()["token"]
    for instance in (first, second):  # both instances now remember the token
        assert requests.get(instance + "/v1/me", headers=auth(token), timeout=TIMEOUT).status_code == 200
    assert requests.delete(first + "/v1/sessions/current", headers=auth(token), timeout=TIMEOUT).status_code == 204
    signed_out = time.monotonic()
    assert requests.get(first + "/v1/me", headers=auth(token), timeout=TIMEOUT).status_code == 401
    while requests.get(second + "/v1/me", headers=auth(token), timeout=TIMEOUT).status_code == 200:
        assert time.monotonic() - signed_out < AUTH_CACHE_SECONDS + 1, "the other instance kept the token"
        time.sleep(0.1)
    assert requests.get(cluster["url"] + "/v1/me", headers=auth(token), timeout=TIMEOUT).status_code == 401


def test_metrics_and_json_logs(cluster):
    metrics = requests.get(cluster["url"] + "/metrics", timeout=TIMEOUT)
    assert metrics.status_code == 200
    for series in ("parley_db_pool_connections", "hb_requests", "http_server_request_duration"):
        assert series in metrics.text, series
    for i in (1, 2):
        lines = (cluster["folder"] / f"app{i}.log").read_text().splitlines()
        assert len(lines) > 5
        for line in lines:
            entry = json.loads(line)  # every line is one JSON object
            assert {"ts", "level", "label", "message"} <= entry.keys(), line
        assert any(entry.get("metadata", {}).get("hb.request.method") for entry in map(json.loads, lines))


def test_sigterm_of_one_instance_under_load_loses_nothing_and_answers_no_5xx(cluster):
    """Last in this module: instance 2 stays stopped."""
    url, plan = cluster["url"], cluster["plan"]
    token = cluster["users"]["leader"][0][1]
    acknowledged, failures, lock = {}, [], threading.Lock()
    stop = threading.Event()
    run = uuid.uuid4().hex[:8]

    def worker(number):
        session = requests.Session()
        sent = 0
        while not stop.is_set() and sent < 400:
            key = f"sigterm-{run}-{number}-{sent}"
            sent += 1
            try:
                response = session.post(f"{url}/v1/plans/{plan}/comments", json={"body": key},
                                        headers=auth(token, **{"Idempotency-Key": key}), timeout=TIMEOUT)
            except requests.RequestException as error:
                with lock:
                    failures.append(f"{key}: {error}")
                continue
            with lock:
                if response.status_code == 201:
                    acknowledged[key] = (response.json()["id"], response.headers.get("X-Parley-Backend"))
                else:
                    failures.append(f"{key}: {response.status_code} {response.text[:200]}")

    pid = int((cluster["folder"] / "app2.pid").read_text())
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        futures = [pool.submit(worker, n) for n in range(8)]
        time.sleep(1.5)
        os.kill(pid, signal.SIGTERM)
        time.sleep(4)
        stop.set()
        for future in futures:
            future.result()
    assert not failures, failures[:10]
    backends = {backend for _, backend in acknowledged.values()}
    assert backends == {"app1", "app2"}, "the load did not reach both instances"
    assert len(acknowledged) > 50

    # The stopped instance exited by itself, cleanly.
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and Path(f"/proc/{pid}").exists():
        time.sleep(0.1)
    assert not Path(f"/proc/{pid}").exists() or "zombie" in Path(f"/proc/{pid}/status").read_text()

    # Every acknowledged write is there, through the instance that is left.
    stored, cursor = set(), None
    while True:
        query = {"limit": 500, **({"cursor": cursor} if cursor else {})}
        page = requests.get(f"{url}/v1/plans/{plan}/comments", params=query, headers=auth(token), timeout=TIMEOUT)
        assert page.status_code == 200
        stored |= {item["id"] for item in page.json()["items"]}
        cursor = page.json()["next_cursor"]
        if not cursor:
            break
    missing = [key for key, (comment, _) in acknowledged.items() if comment not in stored]
    assert not missing, missing[:10]
    verify = requests.get(f"{url}/v1/plans/{plan}/audit/verify", headers=auth(token), timeout=TIMEOUT)
    assert verify.status_code == 200 and verify.json()["ok"] is True, verify.text
