"""Browser tests of the web UI: a real Chromium (playwright) against the real `parley` binary and a real
PostgreSQL database of the session's own.

Environment (set by deploy/test.sh): PARLEY_BIN (the parley executable), DATABASE_URL (a role with
CREATEDB), PARLEY_PG_BIN (PostgreSQL's bin folder, for createdb/dropdb). Optional: CHROMIUM (default
/usr/bin/chromium), PARLEY_E2E_SCREENSHOTS=0 to skip writing screenshots.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import socket
import subprocess
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
import requests

REPO = Path(__file__).resolve().parents[2]
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
PASSWORD = "parley-e2e-pass"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 812}


def _pg_tool(name: str) -> str:
    folder = os.environ.get("PARLEY_PG_BIN")
    if folder and (Path(folder) / name).exists():
        return str(Path(folder) / name)
    found = shutil.which(name)
    if found:
        return found
    for candidate in sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), reverse=True):
        return str(candidate)
    raise RuntimeError(f"{name} not found: set PARLEY_PG_BIN")


def _with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, parts.fragment))


def _pg_args(url: str) -> list[str]:
    parts = urlsplit(url)
    args = ["-h", parts.hostname or "127.0.0.1", "-p", str(parts.port or 5432)]
    if parts.username:
        args += ["-U", parts.username]
    return args


@pytest.fixture(scope="session")
def database_url():
    base = os.environ.get("DATABASE_URL")
    if not base:
        pytest.fail("DATABASE_URL is not set (run through deploy/test.sh)")
    name = f"parley_e2e_{uuid.uuid4().hex[:10]}"
    env = {**os.environ, "PGPASSWORD": urlsplit(base).password or ""}
    subprocess.run([_pg_tool("createdb"), *_pg_args(base), name], check=True, env=env)
    yield _with_database(base, name)
    subprocess.run([_pg_tool("dropdb"), *_pg_args(base), "--if-exists", "--force", name], env=env, check=False)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def parley_bin() -> str:
    binary = os.environ.get("PARLEY_BIN")
    if not binary or not Path(binary).exists():
        pytest.fail("PARLEY_BIN does not name the parley executable (run through deploy/test.sh)")
    return binary


def start_server(parley_bin: str, env: dict, port: int, log_path: Path) -> subprocess.Popen:
    """Starts `parley serve` (cwd = the repository, so it finds sql/) and waits until /readyz answers 200."""
    log = log_path.open("a")
    process = subprocess.Popen(
        [parley_bin, "serve", "--port", str(port), "--pool-size", "8"], cwd=REPO, env=env, stdout=log, stderr=log)
    log.close()
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while True:
        try:
            if requests.get(f"{base}/readyz", timeout=2).status_code == 200:
                return process
        except requests.RequestException:
            pass
        if process.poll() is not None or time.time() > deadline:
            process.kill()
            pytest.fail(f"parley serve did not become ready; see {log_path}")
        time.sleep(0.2)


def stop_server(process: subprocess.Popen):
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()


@pytest.fixture(scope="session")
def server(database_url, parley_bin, tmp_path_factory):
    env = {**os.environ, "DATABASE_URL": database_url, "LOG_LEVEL": "warning"}
    subprocess.run([parley_bin, "migrate"], cwd=REPO, env=env, check=True, capture_output=True)
    port = free_port()
    logs = tmp_path_factory.mktemp("server")
    process = start_server(parley_bin, env, port, logs / "server.log")
    yield {"base": f"http://127.0.0.1:{port}", "database_url": database_url, "env": env, "logs": logs,
           "bin": parley_bin}
    stop_server(process)


class Api:
    """A small client of the JSON API for setting up fixtures (never for the UI steps under test)."""

    def __init__(self, base: str, token: str | None = None):
        self.base = base
        self.token = token

    def call(self, method: str, path: str, body=None, if_match=None, if_none_match=None, expect=None):
        headers = {}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        if if_match is not None:
            headers["If-Match"] = f'"{if_match}"'
        if if_none_match:
            headers["If-None-Match"] = if_none_match
        response = requests.request(method, self.base + path, json=body, headers=headers, timeout=30)
        if expect is not None:
            assert response.status_code == expect, f"{method} {path}: {response.status_code} {response.text}"
        elif response.status_code >= 400:
            raise AssertionError(f"{method} {path}: {response.status_code} {response.text}")
        return response

    def get(self, path, **kw):
        return self.call("GET", path, **kw).json()

    def post(self, path, body=None, **kw):
        return self.call("POST", path, body, **kw).json()

    def version(self, path) -> int:
        return int(self.call("GET", path).headers["ETag"].strip('"'))

    def sign_in(self, email: str) -> "Api":
        token = self.call("POST", "/v1/sessions", {"email": email, "password": PASSWORD}, expect=201).json()["token"]
        return Api(self.base, token)


def _months(annual: int, count: int = 12) -> list[int]:
    base, extra = divmod(annual, count)
    return [base + (1 if i < extra else 0) for i in range(count)]


@pytest.fixture(scope="session")
def org(server, parley_bin):
    """An organization with two teams and two plans in discussion.

    Plan "north" (scope: North team, manager Mia): reps Ruby (the UI negotiation) and Sam (agreed here, through
    the API, so that Ruby's agreement completes the plan). Plan "south" (scope: South team, manager Sol): reps
    Rao (ramping) and Xu, for the security, conflict and language tests.
    """
    base = server["base"]
    domain = f"e2e-{uuid.uuid4().hex[:6]}.parley.test"
    created = subprocess.run(
        [parley_bin, "org", "create", "--name", "E2E Trading", "--admin-email", f"admin@{domain}",
         "--admin-password", PASSWORD],
        cwd=REPO, env=server["env"], check=True, capture_output=True, text=True)
    admin = Api(base, json.loads(created.stdout)["token"])
    root = admin.get("/v1/units")["items"][0]["id"]
    start_year = dt.date.today().year + 1
    start = f"{start_year}-01"

    def user(key, name, role, unit, hired):
        return admin.post("/v1/users", {"email": f"{key}@{domain}", "name": name, "role": role, "unit_id": unit,
                                        "hired_on": hired, "password": PASSWORD})

    people = {}
    people["leader"] = user("leader", "Lin Leader", "leader", root, "2019-03-01")
    people["approver"] = user("approver", "Ada Approver", "leader", root, "2018-05-01")
    north = admin.post("/v1/units", {"name": "North team", "parent_id": root})
    south = admin.post("/v1/units", {"name": "South team", "parent_id": root})
    people["manager"] = user("mia", "Mia Manager", "manager", north["id"], "2020-02-01")
    people["manager2"] = user("sol", "Sol Manager", "manager", south["id"], "2020-02-01")
    admin.call("PATCH", f"/v1/units/{north['id']}", {"manager_id": people["manager"]["id"]}, if_match=north["version"])
    admin.call("PATCH", f"/v1/units/{south['id']}", {"manager_id": people["manager2"]["id"]}, if_match=south["version"])
    people["ruby"] = user("ruby", "Ruby Rep", "rep", north["id"], "2022-04-01")
    people["sam"] = user("sam", "Sam Rep", "rep", north["id"], "2021-09-01")
    people["rao"] = user("rao", "Rao Ramp", "rep", south["id"], f"{start_year - 1}-12-01")
    people["xu"] = user("xu", "Xu Rep", "rep", south["id"], "2021-01-10")
    people["admin"] = {"email": f"admin@{domain}"}

    leader = admin.sign_in(people["leader"]["email"])
    approvers = [people["leader"]["id"], people["approver"]["id"]]

    def plan(name, unit, goal, actions=("publish", "open_discussion")):
        p = leader.post("/v1/plans", {"name": name, "unit_id": unit, "start_month": start, "currency": "CNY",
                                      "approver_ids": approvers, "required_approvals": 1})
        leader.call("PUT", f"/v1/plans/{p['id']}/goals/{unit}", {
            "values": {"revenue": {"annual": goal, "distribution": "even"}, "visits": {"months": [40] * 12}},
            "capacity": {"revenue": goal * 13 // 10}}, if_none_match="*")
        for action in actions:
            version = leader.version(f"/v1/plans/{p['id']}")
            leader.post(f"/v1/plans/{p['id']}/transitions", {"action": action}, if_match=version)
        return p

    north_plan = plan("FY north targets", north["id"], 240_000_000)
    south_plan = plan("FY south targets", south["id"], 300_000_000)
    draft_plan = plan("FY south stretch draft", south["id"], 330_000_000, actions=())

    # Sam is agreed before the UI negotiation starts: an estimate, accepted by the manager.
    sam = admin.sign_in(people["sam"]["email"])
    path = f"/v1/plans/{north_plan['id']}/assignments/{people['sam']['id']}"
    proposal = sam.post(f"{path}/proposals", {
        "values": {"revenue": {"months": _months(115_000_000)}, "qualified_leads": {"months": [20] * 12},
                   "visits": {"months": [40] * 12}},
        "assumptions": {"qualified_leads": 240, "win_rate_bps": 2000, "avg_deal_size": 2_395_834},
        "rationale": "Same accounts as last year, two renewals in Q3."}, if_match=sam.version(path))
    mia = admin.sign_in(people["manager"]["email"])
    mia.post(f"{path}/proposals/{proposal['id']}/accept", if_match=mia.version(path))

    return {
        "base": base, "domain": domain, "people": people, "north": north_plan, "south": south_plan, "draft": draft_plan,
        "units": {"root": root, "north": north["id"], "south": south["id"]}, "api": Api(base), "admin": admin,
        "start": start,
    }


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    executable = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=["--no-sandbox", "--disable-dev-shm-usage"])
        yield browser
        browser.close()


class Watched:
    """A page with what it did that it should not: console errors, page errors, dialogs, requests to other
    origins."""

    def __init__(self, context, page, base):
        self.context = context
        self.page = page
        self.base = base
        self.console_errors: list[str] = []
        self.page_errors: list[str] = []
        self.dialogs: list[str] = []
        self.foreign_requests: list[str] = []
        page.on("console", lambda m: self.console_errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.page_errors.append(str(e)))
        page.on("dialog", self._dialog)
        context.on("request", self._request)

    def _dialog(self, dialog):
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def _request(self, request):
        url = request.url
        if not (url.startswith(self.base + "/") or url == self.base or url.startswith(("data:", "blob:", "about:"))):
            self.foreign_requests.append(url)

    def assert_clean(self, allowed_statuses: tuple[int, ...] = (), allowed_messages: tuple[str, ...] = ()):
        """No page error, dialog or foreign request; console errors only for what the test provoked (the
        browser logs every HTTP error status a fetch receives)."""
        assert not self.page_errors, self.page_errors
        assert not self.dialogs, self.dialogs
        assert not self.foreign_requests, self.foreign_requests
        unexpected = [e for e in self.console_errors
                      if not any(f"status of {status}" in e for status in allowed_statuses)
                      and not any(m in e for m in allowed_messages)]
        assert not unexpected, unexpected


@pytest.fixture
def open_page(browser, org):
    opened: list[Watched] = []

    def open_(viewport=DESKTOP, locale="en-US"):
        context = browser.new_context(viewport=viewport, locale=locale, device_scale_factor=1)
        context.set_default_timeout(10_000)
        page = context.new_page()
        watched = Watched(context, page, org["base"])
        opened.append(watched)
        return watched

    yield open_
    for watched in opened:
        watched.context.close()


def sign_in(page, base: str, email: str, password: str = PASSWORD, *, expect_home: bool = True):
    """Signs in through the sign-in screen, like a person."""
    page.goto(base + "/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    if expect_home:
        page.get_by_role("heading", name="Your plans", level=1).wait_for()


def shot(page, name: str):
    """Writes Tests/e2e/screenshots/<name>.png (the README shows them)."""
    if os.environ.get("PARLEY_E2E_SCREENSHOTS", "1") == "0":
        return
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.wait_for_timeout(150)  # let the last render settle
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
