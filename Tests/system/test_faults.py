"""Fault tests against the real binary and the real PostgreSQL: a killed server, a restarted database,
terminated connections. Nothing acknowledged may be lost, nothing may be done twice, and no request may
get a 500 or hang."""
import concurrent.futures
import threading
import time

import pytest
import requests

from parley_process import Server, demo, fresh_database, postgres_stop, psql

TIMEOUT = 15  # seconds: a request that takes longer than this counts as hung


@pytest.fixture
def organization():
    name, env = fresh_database()
    plan, users = demo(env)
    server = Server(env).start()
    yield server, env, plan, users
    server.stop()


def auth(token):
    return {"Authorization": f"Bearer {token}"}


def all_comments(url, plan, token):
    items, cursor = [], None
    while True:
        query = {"limit": 500, **({"cursor": cursor} if cursor else {})}
        page = requests.get(f"{url}/v1/plans/{plan}/comments", params=query, headers=auth(token), timeout=TIMEOUT)
        assert page.status_code == 200, page.text
        body = page.json()
        items += body["items"]
        cursor = body["next_cursor"]
        if not cursor:
            return items


def test_kill_9_mid_burst_loses_no_acknowledged_write_and_retries_apply_once(organization):
    server, env, plan, users = organization
    token = users["leader"][0][1]
    burst = [(f"burst-{i}", f"burst comment {i}") for i in range(400)]
    acknowledged = {}
    lock = threading.Lock()
    stop = threading.Event()

    def send(item):
        key, body = item
        if stop.is_set():
            return
        try:
            response = requests.post(
                f"{server.url}/v1/plans/{plan}/comments", json={"body": body},
                headers={**auth(token), "Idempotency-Key": key}, timeout=TIMEOUT)
        except requests.RequestException:
            return  # the server died under it: not acknowledged
        if response.status_code == 201:
            with lock:
                acknowledged[key] = response.json()

    with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
        futures = [pool.submit(send, item) for item in burst]
        while len(acknowledged) < 60:
            time.sleep(0.01)
        server.kill()
        stop.set()
        concurrent.futures.wait(futures)
    assert 60 <= len(acknowledged) < len(burst), "the kill did not land mid-burst"

    server.start()
    stored = {c["body"]: c for c in all_comments(server.url, plan, token)}
    for key, comment in acknowledged.items():
        assert stored[comment["body"]]["id"] == comment["id"], f"acknowledged {key} was lost"

    verify = requests.get(f"{server.url}/v1/plans/{plan}/audit/verify", headers=auth(token), timeout=TIMEOUT)
    assert verify.json()["ok"] is True, verify.text

    for key, body in burst:
        retry = requests.post(
            f"{server.url}/v1/plans/{plan}/comments", json={"body": body},
            headers={**auth(token), "Idempotency-Key": key}, timeout=TIMEOUT)
        assert retry.status_code == 201, retry.text
        if key in acknowledged:
            assert retry.json() == acknowledged[key], "a retry of an acknowledged write did not replay it"
            assert retry.headers.get("Idempotent-Replayed") == "true"
    bodies = [c["body"] for c in all_comments(server.url, plan, token) if c["body"].startswith("burst comment ")]
    assert sorted(bodies) == sorted(body for _, body in burst), "some write is missing or was applied twice"
    verify = requests.get(f"{server.url}/v1/plans/{plan}/audit/verify", headers=auth(token), timeout=TIMEOUT)
    assert verify.json()["ok"] is True, verify.text


def load(server, plan, token, stop, results):
    """Reads and writes until `stop`, recording (status, seconds) for every request."""
    n = 0
    while not stop.is_set():
        n += 1
        started = time.monotonic()
        try:
            if n % 3:
                response = requests.get(f"{server.url}/v1/plans/{plan}", headers=auth(token), timeout=TIMEOUT)
            else:
                response = requests.post(
                    f"{server.url}/v1/plans/{plan}/comments", json={"body": f"load {threading.get_ident()} {n}"},
                    headers=auth(token), timeout=TIMEOUT)
            status = response.status_code
            if status == 503:
                assert response.headers.get("Retry-After"), "503 without Retry-After"
        except requests.Timeout:
            status = "timeout"
        results.append((status, time.monotonic() - started))
        time.sleep(0.005)


def test_postgres_restart_under_load_gives_503_never_500_and_recovers(organization):
    server, env, plan, users = organization
    token = users["leader"][0][1]
    stop, results = threading.Event(), []
    workers = [threading.Thread(target=load, args=(server, plan, token, stop, results)) for _ in range(4)]
    for worker in workers:
        worker.start()
    time.sleep(1.0)
    restart = postgres_stop()
    time.sleep(2.0)
    during = len(results)
    ready = requests.get(f"{server.url}/readyz", timeout=TIMEOUT)
    assert ready.status_code == 503
    restart()
    time.sleep(1.0)
    stop.set()
    for worker in workers:
        worker.join()
    statuses = [status for status, _ in results]
    assert "timeout" not in statuses, "a request hung past the timeout"
    assert 500 not in statuses, f"a request failed with 500 during the outage: {statuses.count(500)}"
    assert 503 in statuses[:during + 1] or 503 in statuses, "no request saw the outage"
    assert all(status in (200, 201, 503) for status in statuses), set(statuses)
    # Back: the next requests all succeed.
    for _ in range(20):
        assert requests.get(f"{server.url}/v1/plans/{plan}", headers=auth(token), timeout=TIMEOUT).status_code == 200
        created = requests.post(f"{server.url}/v1/plans/{plan}/comments", json={"body": "after restart"},
                                headers=auth(token), timeout=TIMEOUT)
        assert created.status_code == 201, created.text
    assert requests.get(f"{server.url}/readyz", timeout=TIMEOUT).status_code == 200


def test_terminated_connections_are_replaced_without_failing_requests(organization):
    server, env, plan, users = organization
    token = users["leader"][0][1]
    database = env["DATABASE_URL"].rsplit("/", 1)[1]
    for _ in range(20):  # open the pool's connections
        assert requests.get(f"{server.url}/v1/plans/{plan}", headers=auth(token), timeout=TIMEOUT).status_code == 200
    killed = psql("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                  f"WHERE datname = '{database}' AND pid <> pg_backend_pid()", database)
    assert int(killed) >= 1
    time.sleep(0.2)
    for i in range(30):
        response = requests.get(f"{server.url}/v1/plans/{plan}", headers=auth(token), timeout=TIMEOUT)
        assert response.status_code == 200, (i, response.status_code, response.text)
        created = requests.post(f"{server.url}/v1/plans/{plan}/comments", json={"body": f"after terminate {i}"},
                                headers=auth(token), timeout=TIMEOUT)
        assert created.status_code == 201, (i, created.status_code, created.text)
