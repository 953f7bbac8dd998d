"""Tracking a locked plan of the running year: a manager's team sorted by who is furthest behind pace, the
summary, the week view and the weekly charts, whose numbers the test reads off the page and compares with what
the API answers; a rep sees only their own tracking. And the budget: the tracking screen of a 200-rep team
(from `parley demo`), timed and printed, never asserted."""

from __future__ import annotations

import json
import re
import statistics
import subprocess
import time
from decimal import Decimal

from playwright.sync_api import expect

from conftest import DESKTOP, PHONE, REPO, shot, sign_in
from running_plan import running  # noqa: F401  (the fixture)

expect.set_options(timeout=15_000)

FIGURES = ("target", "target_to_date", "actual_to_date", "attainment_bps", "pace_bps", "forecast")


def number(text: str, unit: str) -> int:
    """The exact integer a cell shows: money in minor units, ratios in bps, counts as they are."""
    clean = text.replace(",", "").replace("%", "").strip()
    if unit == "currency":
        return int(Decimal(clean) * 100)
    if unit == "ratio":
        return int(Decimal(clean) * 100)
    return int(clean)


def progress(api, path, as_of=None, unit=None):
    query = "?limit=500" + (f"&as_of={as_of}" if as_of else "") + (f"&unit_id={unit}" if unit else "")
    data = api.get(f"{path}/progress{query}")
    assert data["next_cursor"] is None
    return data


def sums(items, metric):
    out = {k: 0 for k in ("target", "target_to_date", "actual_to_date", "forecast")}
    for item in items:
        for k in out:
            out[k] += item["metrics"][metric][k] or 0
    return out


def bps(a, b):
    return None if b == 0 else (a * 20000 + b) // (2 * b)


UNITS = {"revenue": "currency", "qualified_leads": "count", "visits": "count"}


def open_tracking(page, base, plan_id, suffix=""):
    page.goto(f"{base}/#/plans/{plan_id}/tracking{suffix}")
    page.locator('div[data-ready="true"]').wait_for()


def test_manager_sees_the_team_furthest_behind_first_and_the_charts_show_the_api_numbers(open_page, org, running):
    base = org["base"]
    eve = running["eve"]
    path = running["path"]
    people = running["people"]
    watched = open_page()
    page = watched.page
    sign_in(page, base, people["eve"]["email"])
    page.locator("li.card", has_text="FY running targets").get_by_role("link").click()
    page.get_by_role("link", name="Tracking").click()
    page.locator('div[data-ready="true"]').wait_for()
    expect(page.get_by_role("heading", name="Tracking: your team")).to_be_visible()

    today = progress(eve, path)
    items = today["items"]
    assert len(items) == 3

    # The team table starts with whoever is furthest behind pace, with their lagging stage.
    def worst(item):
        stage = item["lagging_stage"]
        return item["metrics"][stage]["pace_bps"]
    expected_order = [i["name"] for i in sorted(items, key=lambda i: (worst(i), i["name"]))]
    rows = page.locator("table.track-team tbody tr")
    expect(rows).to_have_count(3)
    assert [rows.nth(k).locator("th").inner_text() for k in range(3)] == expected_order
    assert expected_order[0] == "Uma Under"
    uma = next(i for i in items if i["name"] == "Uma Under")
    assert uma["lagging_stage"] == "qualified_leads"
    expect(rows.nth(0).locator("td").nth(0)).to_have_text("Qualified leads")
    expect(rows.nth(0)).to_contain_text("behind")

    # The summary: the team's sums of what the API answered, per metric and figure.
    for metric, unit in UNITS.items():
        row = page.locator(f'table.track-summary tr[data-metric="{metric}"]')
        s = sums(items, metric)
        for figure in ("target", "target_to_date", "actual_to_date", "forecast"):
            assert number(row.locator(f'td[data-figure="{figure}"]').inner_text(), unit) == s[figure], (metric, figure)
        assert number(row.locator('td[data-figure="pace_bps"]').inner_text(), "ratio") == bps(s["actual_to_date"], s["target_to_date"])
        assert number(row.locator('td[data-figure="attainment_bps"]').inner_text(), "ratio") == bps(s["actual_to_date"], s["target"])

    shot(page, "tracking-manager-desktop-en")
    page.set_viewport_size(PHONE)
    page.wait_for_timeout(300)
    shot(page, "tracking-manager-phone-en")
    page.set_viewport_size(DESKTOP)

    # The charts: every week's point is progress as of that week's end, summed over the team.
    for metric, unit in UNITS.items():
        block = page.locator(f'div.track-chart[data-metric="{metric}"]')
        expect(block.locator("svg polyline")).to_have_count(3)
        page.wait_for_timeout(300)
        block.locator("summary").click()
        week_rows = block.locator("table.track-weeks tbody tr")
        count = week_rows.count()
        assert count >= 52
        points = {int(c.get_attribute("data-index")): int(c.get_attribute("data-value"))
                  for c in block.locator('circle[data-series="actual"]').all()}
        assert len(points) >= 30
        for k in list(range(0, count, 9)) + [max(points)]:
            tr = week_rows.nth(k)
            as_of = tr.get_attribute("data-as-of")
            index = int(tr.get_attribute("data-index"))
            s = sums(progress(eve, path, as_of=as_of)["items"], metric)
            # text_content: a re-render on resize may have closed the details again; the numbers are the same.
            assert number(tr.locator('td[data-figure="target_to_date"]').text_content(), unit) == s["target_to_date"], as_of
            if index in points:
                # This week's actual is today's (the row says so); earlier weeks' are at their end.
                actual_as_of = tr.get_attribute("data-actual-as-of")
                a = s if actual_as_of == as_of else sums(progress(eve, path, as_of=actual_as_of)["items"], metric)
                assert number(tr.locator('td[data-figure="actual_to_date"]').text_content(), unit) == a["actual_to_date"], as_of
                assert points[index] == a["actual_to_date"], as_of
        forecast_end = block.locator('circle[data-series="forecast"]')
        assert int(forecast_end.get_attribute("data-value")) == sums(items, metric)["forecast"]

    # The week view: this week's targets are the weekly breakdown's rows of the week, summed over the team.
    week = re.search(r"\d{4}-W\d{2}", page.locator("#track-week").inner_text()).group(0)
    for metric, unit in UNITS.items():
        expected = 0
        for key in ("tom", "uma", "wang"):
            rows_ = eve.get(f"{path}/breakdown?rep_id={people[key]['id']}&grain=week")["items"]
            expected += sum(r["values"][metric] for r in rows_ if r["week"] == week)
        cell = page.locator(f'table.track-week tr[data-metric="{metric}"] td[data-figure="week_target"]')
        assert number(cell.inner_text(), unit) == expected, metric

    # A rep's own page from the team table.
    page.get_by_role("link", name="Uma Under").click()
    page.locator('div[data-ready="true"]').wait_for()
    expect(page.get_by_role("heading", name="Tracking: Uma Under")).to_be_visible()
    row = page.locator('table.track-summary tr[data-metric="revenue"]')
    assert number(row.locator('td[data-figure="actual_to_date"]').inner_text(), "currency") == uma["metrics"]["revenue"]["actual_to_date"]
    expect(page.locator(".lagging")).to_contain_text("Qualified leads")
    watched.assert_clean()

    zh = open_page(locale="zh-CN")
    sign_in_zh(zh.page, base, people["eve"]["email"])
    open_tracking(zh.page, base, running["plan"]["id"])
    expect(zh.page.get_by_role("heading", name="进度跟踪：你的团队")).to_be_visible()
    shot(zh.page, "tracking-manager-desktop-zh")
    zh.page.set_viewport_size(PHONE)
    zh.page.wait_for_timeout(300)
    shot(zh.page, "tracking-manager-phone-zh")
    zh.assert_clean()


def sign_in_zh(page, base, email):
    from conftest import PASSWORD
    page.goto(base + "/")
    page.get_by_label("电子邮箱").fill(email)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.get_by_role("heading", name="我的计划", level=1).wait_for()


def test_a_rep_sees_only_their_own_tracking(open_page, org, running):
    base = org["base"]
    people = running["people"]
    tom_api = org["admin"].sign_in(people["tom"]["email"])
    mine = progress(tom_api, running["path"])["items"]
    assert [i["name"] for i in mine] == ["Tom Track"]

    watched = open_page()
    page = watched.page
    sign_in(page, base, people["tom"]["email"])
    open_tracking(page, base, running["plan"]["id"])
    expect(page.get_by_role("heading", name="My tracking")).to_be_visible()
    expect(page.locator("table.track-team")).to_have_count(0)
    for metric, unit in UNITS.items():
        row = page.locator(f'table.track-summary tr[data-metric="{metric}"]')
        for figure in ("target", "target_to_date", "actual_to_date", "forecast"):
            assert number(row.locator(f'td[data-figure="{figure}"]').inner_text(), unit) == mine[0]["metrics"][metric][figure]
    expect(page.get_by_text("Uma Under")).to_have_count(0)
    expect(page.get_by_text("王芳")).to_have_count(0)
    # The week view from Tom's own weekly breakdown.
    week = re.search(r"\d{4}-W\d{2}", page.locator("#track-week").inner_text()).group(0)
    rows = tom_api.get(f"{running['path']}/breakdown?rep_id={people['tom']['id']}&grain=week")["items"]
    cell = page.locator('table.track-week tr[data-metric="visits"] td[data-figure="week_target"]')
    assert int(cell.inner_text()) == sum(r["values"]["visits"] for r in rows if r["week"] == week)
    shot(page, "tracking-rep-desktop-en")
    page.set_viewport_size(PHONE)
    page.wait_for_timeout(300)
    shot(page, "tracking-rep-phone-en")
    page.set_viewport_size(DESKTOP)

    # Another rep's tracking by URL: nothing to see.
    page.goto(f"{base}/#/plans/{running['plan']['id']}/tracking/rep/{people['uma']['id']}")
    expect(page.get_by_role("heading", name="Page not found")).to_be_visible()
    expect(page.get_by_text("Uma Under")).to_have_count(0)
    watched.assert_clean(allowed_statuses=(404,))


def test_budget_tracking_screen_of_a_200_rep_team_prints_its_render_time(open_page, org, server, capsys):
    """`parley demo --reps 800`: four teams of 200; a team lead opens the running plan's tracking. Printed only."""
    started = time.perf_counter()
    out = subprocess.run([server["bin"], "demo", "--reps", "800"], cwd=REPO, env=server["env"], check=True,
                         capture_output=True, text=True).stdout
    seeded = time.perf_counter() - started
    plan = re.search(r"Locked plan of the running year: ([0-9a-f-]{36})", out).group(1)
    token = re.search(r"^manager\s+lead\.north-key-accounts@\S+\s+(\S+)$", out, re.M).group(1)
    table, charts = [], []
    for _ in range(5):
        watched = open_page()
        page = watched.page
        page.add_init_script(f"sessionStorage.setItem('parley.session', {json.dumps(json.dumps({'token': token}))})")
        # A first visit loads the assets into the cache; the timed one is a full page load of the screen.
        page.goto(f"{org['base']}/#/plans/{plan}/tracking")
        page.locator('div[data-ready="true"]').wait_for(timeout=60_000)
        begin = time.perf_counter()
        page.reload()
        page.locator("table.track-team tbody tr").nth(49).wait_for()
        table.append(time.perf_counter() - begin)
        page.locator("div.track-chart svg polyline").first.wait_for(timeout=60_000)
        charts.append(time.perf_counter() - begin)
        assert page.locator("table.track-team tbody tr").count() == 50
        assert "200 reps" in page.locator("main").inner_text()
        watched.context.close()
    with capsys.disabled():
        print(f"\n[budget] demo --reps 800 seeded in {seeded:.1f} s; tracking of a 200-rep team, full page load to"
              f" table: median {statistics.median(table) * 1000:.0f} ms (min {min(table) * 1000:.0f}, max"
              f" {max(table) * 1000:.0f}); to the charts: median {statistics.median(charts) * 1000:.0f} ms")
