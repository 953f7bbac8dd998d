"""Plan setup through the UI: a leader creates a plan, previews (the server's split, saved nowhere) and saves a
`last_year` goal with last year's months beside it, does the arithmetic of doubling revenue by leads alone in the
calculator (prefilled from the unit's actuals, in the draft already), and publishes; a rep's "why this target" shows the API's
explanation; the export downloads the API's targets.csv and the audit chain's status reads as the API says.

Every number the test checks is read off the page and compared with the API's own answer."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import uuid
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from conftest import DESKTOP, PASSWORD, PHONE, REPO, Api, shot, sign_in

expect.set_options(timeout=10_000)

HOME_ZH = "我的计划"
SEASON = [80, 85, 95, 100, 100, 105, 95, 90, 105, 110, 115, 125]


def money(minor: int) -> str:
    """CN¥1,234.56 as en-US formats CNY minor units."""
    return f"CN¥{Decimal(minor) / 100:,.2f}"


def count(n: int) -> str:
    return f"{n:,}"


def column(table, kind: str) -> list[str]:
    """One series of a months table: twelve months, then the year."""
    return [c.strip() for c in table.locator(f'td[data-series="{kind}"]').all_inner_texts()]


def plain(minor: int) -> str:
    return f"{Decimal(minor) / 100:,.2f}"


def money_row(values: list[int]) -> list[str]:
    """A money row of a months table: 12 months and the year; a row of whole yuan drops the decimals."""
    whole = all(v % 100 == 0 for v in values) and sum(values) % 100 == 0
    fmt = (lambda v: f"{v // 100:,}") if whole else plain
    return [fmt(v) for v in values] + [fmt(sum(values))]


def sign_in_zh(page, base: str, email: str):
    page.goto(base + "/")
    page.get_by_label("电子邮箱").fill(email)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.get_by_role("heading", name=HOME_ZH, level=1).wait_for()


@pytest.fixture(scope="module")
def setup_org(server, parley_bin):
    """An organization of its own: a leader and a second approver at the root, one team with its manager and
    two reps, and last year's monthly actuals for both reps (seasonal revenue, leads and visits)."""
    base = server["base"]
    domain = f"setup-{uuid.uuid4().hex[:6]}.parley.test"
    created = subprocess.run(
        [parley_bin, "org", "create", "--name", "Setup Trading", "--admin-email", f"admin@{domain}",
         "--admin-password", PASSWORD],
        cwd=REPO, env=server["env"], check=True, capture_output=True, text=True)
    admin = Api(base, json.loads(created.stdout)["token"])
    root = admin.get("/v1/units")["items"][0]["id"]
    start_year = dt.date.today().year + 1

    def user(key, name, role, unit, hired):
        return admin.post("/v1/users", {"email": f"{key}@{domain}", "name": name, "role": role, "unit_id": unit,
                                        "hired_on": hired, "password": PASSWORD})

    people = {
        "leader": user("leader", "Lena Leader", "leader", root, "2019-03-01"),
        "approver": user("approver", "Abe Approver", "leader", root, "2018-05-01"),
    }
    team = admin.post("/v1/units", {"name": "East team", "parent_id": root})
    people["manager"] = user("mgr", "Max Manager", "manager", team["id"], "2020-02-01")
    admin.call("PATCH", f"/v1/units/{team['id']}", {"manager_id": people["manager"]["id"]}, if_match=team["version"])
    people["rep"] = user("rita", "Rita Rep", "rep", team["id"], "2021-04-01")
    people["rep2"] = user("rob", "Rob Rep", "rep", team["id"], "2020-09-01")
    rows = []
    for rep, base_revenue in ((people["rep"], 50_000_00), (people["rep2"], 70_000_00)):
        for month in range(12):
            day = f"{start_year - 1}-{month + 1:02d}-15"
            rows.append({"user_id": rep["id"], "metric": "revenue", "date": day, "value": base_revenue * SEASON[month] // 100})
            rows.append({"user_id": rep["id"], "metric": "qualified_leads", "date": day, "value": 10 + month})
            rows.append({"user_id": rep["id"], "metric": "visits", "date": day, "value": 20})
    admin.call("POST", "/v1/actuals", {"rows": rows}, expect=201)
    return {"base": base, "people": people, "root": root, "team": team["id"], "start": f"{start_year}-01",
            "admin": admin, "domain": domain}


def test_leader_creates_previews_calculates_and_publishes(open_page, setup_org):
    base = setup_org["base"]
    people = setup_org["people"]
    leader_api = setup_org["admin"].sign_in(people["leader"]["email"])

    watched = open_page()
    page = watched.page
    sign_in(page, base, people["leader"]["email"])
    page.get_by_role("link", name="New plan").click()
    expect(page.get_by_role("heading", name="New plan", level=1)).to_be_visible()
    page.get_by_label("Name").fill("FY setup e2e")
    page.get_by_label("Scope").select_option(label="Setup Trading")
    page.get_by_label("First month").fill(setup_org["start"])
    expect(page.get_by_label("Lena Leader · Leader")).to_be_checked()
    expect(page.get_by_label("Abe Approver · Leader")).to_be_checked()
    # A bad key is refused in the browser, under its field, before anything is sent.
    page.locator('fieldset[data-metric-index="2"]').get_by_label("Key").fill("Visits!")
    page.get_by_role("button", name="Create plan").click()
    expect(page.locator(".error-summary")).to_contain_text("Metric 3")
    page.locator('fieldset[data-metric-index="2"]').get_by_label("Key").fill("visits")
    shot(page, "new-plan-desktop-en")
    page.set_viewport_size(PHONE)
    shot(page, "new-plan-phone-en")
    page.set_viewport_size(DESKTOP)
    page.get_by_role("button", name="Create plan").click()
    expect(page.get_by_role("heading", name="Plan setup")).to_be_visible()
    plan_id = re.search(r"#/plans/([^/]+)/setup", page.url).group(1)
    plan = leader_api.get(f"/v1/plans/{plan_id}")
    assert plan["state"] == "draft" and plan["name"] == "FY setup e2e" and plan["start_month"] == setup_org["start"]
    assert sorted(plan["approver_ids"]) == sorted([people["leader"]["id"], people["approver"]["id"]])
    assert [m["applies"] for m in plan["metrics"]] == ["post_ramp", "all", "all"]
    expect(page.locator("section", has=page.get_by_role("heading", name="Publish"))).to_contain_text("needs a goal first")

    # The scope's goal: revenue like last year, visits evenly, and the revenue capacity.
    editor = page.locator(".goal-editor")
    revenue = editor.locator('fieldset[data-metric="revenue"]')
    revenue.get_by_label("Split over the months").select_option("last_year")
    revenue.get_by_label("Revenue (CNY) for the year").fill("2,400,000.00")
    revenue.get_by_label("Market capacity: Revenue (CNY)").fill("3,000,000")
    visits = editor.locator('fieldset[data-metric="visits"]')
    visits.get_by_label("Split over the months").select_option("even")
    visits.get_by_label("Visits for the year").fill("490")
    events_before = leader_api.get(f"/v1/plans/{plan_id}/events?limit=500")["items"]
    page.get_by_role("button", name="Preview the split").click()
    preview = page.locator(".goal-preview")
    expect(preview).to_contain_text("Preview: Setup Trading")
    expect(preview).to_contain_text("Nothing is saved yet")
    # The page shows the server's split: what its preview of the same body answers.
    body = {"values": {"revenue": {"annual": 240_000_000, "distribution": "last_year"},
                       "visits": {"annual": 490, "distribution": "even"}},
            "capacity": {"revenue": 300_000_000}}
    answered = leader_api.post(f"/v1/plans/{plan_id}/goals/{setup_org['root']}/preview", body)
    months = answered["values"]["revenue"]["months"]
    assert sum(months) == 240_000_000 and len(set(months)) > 1  # seasonal, not flat
    assert column(preview, "goal-revenue") == money_row(months)
    assert answered["values"]["visits"]["months"] == [41] * 10 + [40] * 2
    assert column(preview, "goal-visits") == [count(v) for v in answered["values"]["visits"]["months"]] + ["490"]
    # Last year's months stand beside it in the draft already, as GET .../last-year sums them.
    last_year = leader_api.get(f"/v1/plans/{plan_id}/last-year")
    assert last_year["unit_id"] == setup_org["root"] and last_year["start_month"] == f"{int(setup_org['start'][:4]) - 1}-01"
    expected_revenue = [(50_000_00 * s // 100) + (70_000_00 * s // 100) for s in SEASON]
    assert last_year["values"]["revenue"]["months"] == expected_revenue == answered["last_year"]["revenue"]["months"]
    assert column(preview, "last-revenue") == money_row(expected_revenue)
    assert column(preview, "last-visits") == [count(v) for v in last_year["values"]["visits"]["months"]] + [count(480)]
    # ... and the preview saved nothing: no goal, no event, and publishing still needs the scope's goal.
    assert leader_api.get(f"/v1/plans/{plan_id}/goals")["items"] == []
    assert leader_api.get(f"/v1/plans/{plan_id}/events?limit=500")["items"] == events_before
    expect(page.locator("section", has=page.get_by_role("heading", name="Publish"))).to_contain_text("needs a goal first")
    shot(page, "setup-goal-preview-desktop-en")

    page.get_by_role("button", name="Save goal").click()
    saved = page.locator(".goal-saved")
    expect(saved).to_contain_text("Goal of Setup Trading saved")
    expect(saved).to_contain_text("exactly the months of the preview")
    stored = leader_api.get(f"/v1/plans/{plan_id}/goals")["items"][0]
    assert stored["version"] == 1 and stored["values"] == answered["values"]
    assert stored["capacity"] == answered["capacity"] == {"revenue": 300_000_000}
    assert column(saved, "goal-revenue") == money_row(months)
    assert column(saved, "last-revenue") == money_row(expected_revenue)
    assert len(leader_api.get(f"/v1/plans/{plan_id}/events?limit=500")["items"]) == len(events_before) + 1
    expect(page.locator("section", has=page.get_by_role("heading", name="Publish"))).to_contain_text("The scope unit has a goal")
    row = page.locator(".goals-table tr", has_text="Setup Trading")
    expect(row).to_contain_text("2,400,000.00")
    expect(row).to_contain_text("capacity 3,000,000.00")

    # "Double": what doubling last year's revenue by leads alone needs, as the API computes it.
    revenue.get_by_role("button", name="Do the arithmetic first").click()
    calc = page.locator(".calc-panel")
    expect(calc.get_by_role("heading", name="Do the arithmetic first")).to_be_visible()
    # Prefilled from the unit's actuals in the draft: revenue and qualified leads (the plan has no deals metric).
    ly = last_year["values"]
    expect(calc.get_by_label("Last year's revenue (CNY)")).to_have_value(f"{Decimal(ly['revenue']['annual']) / 100:.2f}")
    expect(calc.get_by_label("Qualified leads last year")).to_have_value(str(ly["qualified_leads"]["annual"]))
    assert ly["qualified_leads"]["annual"] == 2 * sum(10 + m for m in range(12))
    expect(calc.get_by_label("Deals won last year")).to_have_value("")
    expect(calc.locator(".calc-prefill")).to_contain_text("come from its actuals")
    calc.get_by_label("Last year's revenue (CNY)").fill("1,200,000.00")
    calc.get_by_label("Deals won last year").fill("48")
    calc.get_by_label("Qualified leads last year").fill("240")
    calc.get_by_label("Cost of one qualified lead (CNY)").fill("350")
    # The leader types "double": the calculator turns it into twice last year's revenue.
    calc.get_by_label("Target revenue (CNY)").fill("double")
    calc.get_by_role("button", name="Calculate").click()
    expect(calc.get_by_label("Target revenue (CNY)")).to_have_value("2400000.00")
    solved = leader_api.post("/v1/funnel/solve", {
        "baseline": {"revenue": 120_000_000, "deals": 48, "qualified_leads": 240, "lead_cost": 35_000},
        "target_revenue": 240_000_000})
    leads_row = calc.locator('tr[data-lever="leads"]')
    expect(leads_row.locator('[data-figure="needed"]')).to_have_text(count(solved["levers"]["leads"]["needed"]))
    assert leads_row.locator('[data-figure="baseline"]').inner_text() == count(solved["levers"]["leads"]["baseline"])
    assert leads_row.locator('[data-figure="growth"]').inner_text() == f"+{solved['levers']['leads']['growth_bps'] // 100}%"
    expect(calc.locator('[data-value="budget"]')).to_have_text(money(solved["marketing_budget"]))
    deal_row = calc.locator('tr[data-lever="deal_size"]')
    assert deal_row.locator('[data-figure="needed"]').inner_text() == money(solved["levers"]["deal_size"]["needed"])
    assert calc.locator('[data-figure="needed_deals"]').inner_text() == count(solved["needed_deals"])
    assert calc.locator('[data-figure="avg_deal_size"]').inner_text() == money(solved["avg_deal_size"])
    # The flags in words: doubling is beyond every lever's realistic range.
    assert set(solved["flags"]) >= {"deal_size_growth_unrealistic", "win_rate_growth_unrealistic"}
    expect(deal_row).to_contain_text("Unrealistic")
    expect(calc.locator('tr[data-lever="win_rate"]')).to_contain_text("Unrealistic")
    shot(page, "calculator-desktop-en")
    page.set_viewport_size(PHONE)
    shot(page, "setup-phone-en")
    page.set_viewport_size(DESKTOP)
    # The calculator's target goes back into the goal when asked.
    calc.get_by_role("button", name="Use CN¥2,400,000.00 as the goal").click()
    expect(revenue.get_by_label("Revenue (CNY) for the year")).to_have_value("2400000.00")

    # Publish: the plan goes to the reps.
    page.get_by_role("button", name="Publish the plan").click()
    expect(page.locator(".notices .banner--success")).to_contain_text("The plan is published")
    assert leader_api.get(f"/v1/plans/{plan_id}")["state"] == "proposed"
    assignments = leader_api.get(f"/v1/plans/{plan_id}/assignments")["items"]
    assert {a["rep_id"] for a in assignments} == {people["rep"]["id"], people["rep2"]["id"]}
    shot(page, "setup-leader-desktop-en")

    # Published, the unit's last year is known here: the calculator fills it in from the actuals.
    page.reload()
    expect(page.get_by_role("heading", name="Plan setup")).to_be_visible()
    page.locator('.goal-editor fieldset[data-metric="revenue"]').get_by_role("button", name="Do the arithmetic first").click()
    calc = page.locator(".calc-panel")
    recon = leader_api.get(f"/v1/plans/{plan_id}/reconciliation?unit_id={setup_org['root']}&metric=revenue")
    annual = sum(r["last_year"] for r in recon["rows"])
    assert annual == (50_000_00 + 70_000_00) * sum(SEASON) // 100 == sum(expected_revenue)
    expect(calc.get_by_label("Last year's revenue (CNY)")).to_have_value(f"{Decimal(annual) / 100:.2f}")
    expect(calc.locator(".calc-prefill")).to_contain_text("come from its actuals")
    # ... and the preview shows last year's months beside the goal.
    page.get_by_role("button", name="Preview the split").click()
    last_row = page.locator('.goal-preview')
    expect(last_row.locator('td[data-series="last-revenue"]').last).to_have_text(money_row(expected_revenue)[12])
    assert column(last_row, "last-revenue") == money_row(expected_revenue)
    watched.assert_clean()

    setup_org["plan"] = plan_id


def test_setup_and_calculator_in_chinese_and_on_a_phone(open_page, setup_org):
    plan_id = setup_org.get("plan")
    if not plan_id:
        pytest.skip("needs the plan of the previous test")
    watched = open_page(locale="zh-CN")
    page = watched.page
    sign_in_zh(page, setup_org["base"], setup_org["people"]["leader"]["email"])
    page.goto(f"{setup_org['base']}/#/plans/{plan_id}/setup")
    expect(page.get_by_role("heading", name="计划设置")).to_be_visible()
    expect(page.locator(".goal-editor")).to_contain_text("按月拆分方式")
    page.locator('.goal-editor fieldset[data-metric="revenue"]').get_by_role("button", name="先算一算").click()
    calc = page.locator(".calc-panel")
    calc.get_by_label("去年成交单数").fill("48")
    calc.get_by_label("去年合格线索").fill("240")
    calc.get_by_label("每条合格线索的成本（CNY）").fill("350")
    calc.get_by_role("button", name="翻倍").click()
    expect(calc.locator('tr[data-lever="deal_size"]')).to_contain_text("不现实")
    expect(calc.locator('tr[data-lever="leads"]')).to_contain_text("可行")
    expect(calc.locator(".calc-budget")).to_contain_text("线索杠杆所需的市场预算")
    shot(page, "setup-calculator-desktop-zh")
    page.set_viewport_size(PHONE)
    shot(page, "setup-calculator-phone-zh")
    page.goto(f"{setup_org['base']}/#/new-plan")
    expect(page.get_by_role("heading", name="新建计划", level=1)).to_be_visible()
    shot(page, "new-plan-phone-zh")
    watched.assert_clean()


def test_explain_shows_the_apis_numbers(open_page, setup_org):
    plan_id = setup_org.get("plan")
    if not plan_id:
        pytest.skip("needs the plan of the previous test")
    people = setup_org["people"]
    rep_api = setup_org["admin"].sign_in(people["rep"]["email"])
    path = f"/v1/plans/{plan_id}/assignments/{people['rep']['id']}"
    rep_api.post(f"{path}/proposals", {
        "values": {"revenue": {"annual": 66_000_000, "distribution": "last_year"}, "qualified_leads": {"annual": 300},
                   "visits": {"annual": 240}},
        "assumptions": {"qualified_leads": 300, "win_rate_bps": 2200, "avg_deal_size": 1_000_000},
        "rationale": "Two new distributors."}, if_match=rep_api.version(path))
    explained = rep_api.get(f"{path}/explain")

    for locale, viewport, suffix in (("en-US", DESKTOP, "desktop-en"), ("en-US", PHONE, "phone-en"),
                                     ("zh-CN", DESKTOP, "desktop-zh"), ("zh-CN", PHONE, "phone-zh")):
        watched = open_page(viewport=viewport, locale=locale)
        page = watched.page
        if locale == "en-US":
            sign_in(page, setup_org["base"], people["rep"]["email"])
            page.get_by_role("link", name="FY setup e2e").click()
            page.get_by_role("link", name="Why this target").click()
            expect(page.get_by_role("heading", name="Why is my target this number?")).to_be_visible()
            short = page.locator(".explain-short")
            expect(short.locator('[data-figure="target-revenue"]')).to_have_text(money(explained["targets"]["revenue"]["annual"]))
            share = explained["goal_share"]
            expect(short).to_contain_text(f"{Decimal(share['target_share_bps']['revenue']) / 100:g}% of the goal of Setup Trading")
            expect(short).to_contain_text(f"shared by {share['reps']} reps")
            expect(short).to_contain_text(money(share["even_share"]["revenue"]))
            expect(short).to_contain_text(money(explained["last_year"]["revenue"]["annual"]))
            weights = explained["seasonality"]["weights"]
            assert column(page.locator(".weights-table"), "weights") == [count(w) for w in weights] + [count(sum(weights))]
            assert explained["seasonality"]["source"] == "last_year"
            expect(page.locator(".section", has_text="Seasonality")).to_contain_text("follow last year's revenue")
            history = page.locator(".explain-history")
            assert column(history, "last-revenue") == money_row(explained["last_year"]["revenue"]["months"])
            assert column(history, "target-revenue") == money_row(explained["targets"]["revenue"]["months"])
            funnel = explained["funnel"][0]
            expect(page.locator(".explain-funnel")).to_contain_text(money(funnel["implied_revenue"]))
            expect(page.locator(".explain-funnel")).to_contain_text("Consistent" if funnel["consistent"] else "Inconsistent")
            expect(page.locator("figure.chart-figure")).to_contain_text("Revenue (CNY) by month: target and last year")
        else:
            sign_in_zh(page, setup_org["base"], people["rep"]["email"])
            page.goto(f"{setup_org['base']}/#/plans/{plan_id}/explain/{people['rep']['id']}")
            expect(page.get_by_role("heading", name="我的目标为什么是这个数？")).to_be_visible()
            expect(page.locator(".explain-short")).to_contain_text("Setup Trading")
        shot(page, f"explain-rep-{suffix}")
        watched.assert_clean()

    # Another rep's explanation stays hidden from this rep.
    other = open_page()
    sign_in(other.page, setup_org["base"], people["rep"]["email"])
    other.page.goto(f"{setup_org['base']}/#/plans/{plan_id}/explain/{people['rep2']['id']}")
    expect(other.page.get_by_role("heading", name="Page not found")).to_be_visible()
    other.assert_clean(allowed_statuses=(404,))


def test_export_and_audit_status(open_page, setup_org):
    plan_id = setup_org.get("plan")
    if not plan_id:
        pytest.skip("needs the plan of the previous test")
    people = setup_org["people"]
    leader_api = setup_org["admin"].sign_in(people["leader"]["email"])
    verified = leader_api.get(f"/v1/plans/{plan_id}/audit/verify")
    assert verified["ok"] is True
    csv = leader_api.call("GET", f"/v1/plans/{plan_id}/targets.csv").content

    watched = open_page()
    page = watched.page
    sign_in(page, setup_org["base"], people["leader"]["email"])
    page.goto(f"{setup_org['base']}/#/plans/{plan_id}/setup")
    page.get_by_role("link", name="Export & audit").click()
    status = page.locator(".status-box")
    expect(status).to_contain_text(f"Chain intact, {verified['events']} events")
    assert status.get_attribute("data-events") == str(verified["events"])
    with page.expect_download() as download:
        page.get_by_role("button", name="Download targets.csv").click()
    assert download.value.suggested_filename == "FY-setup-e2e-targets.csv"
    assert open(download.value.path(), "rb").read() == csv
    lines = len([line for line in csv.decode().split("\r\n") if line]) - 1
    expect(page.locator(".banner--success")).to_contain_text(f"{lines} lines")
    shot(page, "audit-leader-desktop-en")
    page.set_viewport_size(PHONE)
    shot(page, "audit-leader-phone-en")
    page.set_viewport_size(DESKTOP)

    # A broken chain reads as broken, at the event the server names.
    page.route(f"**/v1/plans/{plan_id}/audit/verify",
               lambda route: route.fulfill(status=200, content_type="application/json",
                                           body=json.dumps({"ok": False, "broken_at": 7})))
    page.get_by_role("button", name="Verify again").click()
    expect(page.locator(".status-box--bad")).to_contain_text("Broken at event 7")
    watched.assert_clean()

    zh = open_page(locale="zh-CN")
    sign_in_zh(zh.page, setup_org["base"], people["leader"]["email"])
    zh.page.goto(f"{setup_org['base']}/#/plans/{plan_id}/audit")
    expect(zh.page.locator(".status-box")).to_contain_text(f"链完整，共 {verified['events']} 条事件")
    shot(zh.page, "audit-leader-desktop-zh")
    zh.page.set_viewport_size(PHONE)
    shot(zh.page, "audit-leader-phone-zh")
    zh.assert_clean()


def largest_remainder(total: int, weights: list[int]) -> list[int]:
    """The server's split: floors, then one unit each to the largest remainders, ties to the earlier month."""
    if sum(weights) == 0:
        weights = [1] * len(weights)
    base = [total * w // sum(weights) for w in weights]
    order = sorted(range(len(weights)), key=lambda i: (-(total * weights[i] % sum(weights)), i))
    for i in order[: total - sum(base)]:
        base[i] += 1
    return base


def test_weights_preview_is_what_the_server_stores(open_page, setup_org):
    plan_id = setup_org.get("plan")
    if not plan_id:
        pytest.skip("needs the plan of the first test")
    people = setup_org["people"]
    leader_api = setup_org["admin"].sign_in(people["leader"]["email"])
    watched = open_page()
    page = watched.page
    sign_in(page, setup_org["base"], people["leader"]["email"])
    page.goto(f"{setup_org['base']}/#/plans/{plan_id}/setup")
    page.get_by_role("button", name="Set the goal of East team").click()
    expect(page.get_by_role("heading", name="Goal of East team")).to_be_focused()
    revenue = page.locator('.goal-editor fieldset[data-metric="revenue"]')
    revenue.get_by_label("Split over the months").select_option("weights")
    revenue.get_by_label("Revenue (CNY) for the year").fill("1,000,000.01")
    weights = [1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 3]
    for i, w in enumerate(weights):
        revenue.locator(".goal-weights input").nth(i).fill(str(w))
    # A weight that is not a whole number is refused in the browser, under its month.
    revenue.locator(".goal-weights input").nth(3).fill("1.5")
    page.get_by_role("button", name="Preview the split").click()
    expect(page.locator(".error-summary")).to_contain_text("Revenue, Apr 2027")
    revenue.locator(".goal-weights input").nth(3).fill("1")
    page.get_by_role("button", name="Preview the split").click()
    expected = largest_remainder(100_000_001, weights)
    preview = page.locator(".goal-preview")
    expect(preview).to_contain_text("Nothing is saved yet")
    assert column(preview, "goal-revenue") == money_row(expected)
    answered = leader_api.post(f"/v1/plans/{plan_id}/goals/{setup_org['team']}/preview", {
        "values": {"revenue": {"annual": 100_000_001, "distribution": {"weights": weights}}}})
    assert answered["values"]["revenue"]["months"] == expected
    # Last year's months of the team stand beside it, as the API sums them.
    team_year = leader_api.get(f"/v1/plans/{plan_id}/last-year?unit_id={setup_org['team']}")["values"]["revenue"]["months"]
    assert team_year == answered["last_year"]["revenue"]["months"]
    assert column(preview, "last-revenue") == money_row(team_year)
    page.get_by_role("button", name="Save goal").press("Enter")
    expect(page.locator(".goal-saved")).to_contain_text("exactly the months of the preview")
    goal = next(g for g in leader_api.get(f"/v1/plans/{plan_id}/goals")["items"] if g["unit_id"] == setup_org["team"])
    assert goal["values"]["revenue"]["months"] == expected
    watched.assert_clean()
