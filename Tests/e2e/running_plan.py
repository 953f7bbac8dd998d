"""A locked plan of the running year for the tracking, import and review tests (imported by them as a fixture).

The East team (manager Eve) with three veteran reps, one of them with a Chinese name and e-mail, negotiated and
locked through the API: the plan started eight months ago, so eight months of actuals are in and the three
months after the current one may still change. Weekly actuals (Fridays) make Tom ahead of pace, Uma behind and
Wang Fang in between."""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import PASSWORD

REVENUE_MONTH = 20_000_000  # CN¥200,000.00 a month
VISITS_MONTH = 40
LEADS_MONTH = 20
PACE = {"tom": 120, "uma": 70, "wang": 95}  # percent of the plan's weekly share


def month_add(year: int, month: int, count: int) -> tuple[int, int]:
    total = year * 12 + month - 1 + count
    return total // 12, total % 12 + 1


def utc_today() -> dt.date:
    return dt.datetime.now(dt.timezone.utc).date()


# Each test module that imports the fixture gets a definition of its own; the plan is made once per session.
_made: dict = {}


@pytest.fixture(scope="session")
def running(org):
    if org["domain"] not in _made:
        _made[org["domain"]] = _make(org)
    return _made[org["domain"]]


def _make(org):
    admin = org["admin"]
    domain = org["domain"]
    root = org["units"]["root"]
    today = utc_today()
    year, month = month_add(today.year, today.month, -8)
    start = f"{year}-{month:02d}"
    months = [f"{y}-{m:02d}" for y, m in (month_add(year, month, i) for i in range(12))]

    east = admin.post("/v1/units", {"name": "East team", "parent_id": root})

    def user(key, email, name, role):
        return admin.post("/v1/users", {"email": email, "name": name, "role": role, "unit_id": east["id"],
                                        "hired_on": "2020-01-06", "password": PASSWORD})

    people = {
        "eve": user("eve", f"eve@{domain}", "Eve East", "manager"),
        "tom": user("tom", f"tom@{domain}", "Tom Track", "rep"),
        "uma": user("uma", f"uma@{domain}", "Uma Under", "rep"),
        "wang": user("wang", f"王芳@{domain}", "王芳", "rep"),
    }
    admin.call("PATCH", f"/v1/units/{east['id']}", {"manager_id": people["eve"]["id"]}, if_match=east["version"])
    leader = admin.sign_in(org["people"]["leader"]["email"])
    approver = admin.sign_in(org["people"]["approver"]["email"])
    eve = admin.sign_in(people["eve"]["email"])
    reps = ["tom", "uma", "wang"]

    plan = leader.post("/v1/plans", {
        "name": "FY running targets", "unit_id": east["id"], "start_month": start, "currency": "CNY",
        "approver_ids": [org["people"]["leader"]["id"], org["people"]["approver"]["id"]], "required_approvals": 1})
    path = f"/v1/plans/{plan['id']}"
    leader.call("PUT", f"{path}/goals/{east['id']}", {
        "values": {"revenue": {"months": [REVENUE_MONTH * 3] * 12}, "visits": {"months": [VISITS_MONTH * 3] * 12},
                   "qualified_leads": {"months": [LEADS_MONTH * 3] * 12}},
        "capacity": {"revenue": REVENUE_MONTH * 3 * 12 * 13 // 10}}, if_none_match="*")
    for action in ("publish", "open_discussion"):
        leader.post(f"{path}/transitions", {"action": action}, if_match=leader.version(path))
    for key in reps:
        rep = admin.sign_in(people[key]["email"])
        a = f"{path}/assignments/{people[key]['id']}"
        proposal = rep.post(f"{a}/proposals", {
            "values": {"revenue": {"months": [REVENUE_MONTH] * 12}, "visits": {"months": [VISITS_MONTH] * 12},
                       "qualified_leads": {"months": [LEADS_MONTH] * 12}},
            "rationale": "Same territory as last year."}, if_match=rep.version(a))
        eve.post(f"{a}/proposals/{proposal['id']}/accept", if_match=eve.version(a))
    leader.post(f"{path}/transitions", {"action": "submit_for_approval"}, if_match=leader.version(path))
    approver.post(f"{path}/transitions", {"action": "approve"}, if_match=approver.version(path))

    # Fridays from the plan's start to today: a fifth of a month's target a week, times the rep's pace.
    rows = []
    day = dt.date(year, month, 1)
    while day.weekday() != 4:
        day += dt.timedelta(days=1)
    week = 0
    while day <= today:
        for key in reps:
            pct = PACE[key] + (week % 3) * 5
            for metric, base in (("revenue", REVENUE_MONTH), ("visits", VISITS_MONTH), ("qualified_leads", LEADS_MONTH)):
                # Uma's leads lag the most: her funnel's weakest stage.
                extra = 80 if key == "uma" and metric == "qualified_leads" else 100
                rows.append({"user_id": people[key]["id"], "metric": metric, "date": day.isoformat(),
                             "value": base * 12 // 52 * pct * extra // 10000})
        day += dt.timedelta(days=7)
        week += 1
    eve.call("POST", "/v1/actuals", {"rows": rows}, expect=201)

    return {"plan": plan, "path": path, "unit": east, "people": people, "start": start, "months": months,
            "today": today, "leader": leader, "approver": approver, "eve": eve,
            "editable": [m for m in months if m > today.strftime("%Y-%m")]}
