"""Actuals import in the browser: a file with one bad line is refused with that line named and nothing stored;
a file larger than one request goes in parts of whole rows with a progress bar, the server's line numbers
mapped back to the file's; a GB18030 file (Excel on Chinese Windows) with Chinese e-mails imports correctly.
What was stored is checked through the API: the reconciliation's last-year column sums the actuals of the
12 months before the plan."""

from __future__ import annotations

import datetime as dt

from playwright.sync_api import expect

from conftest import DESKTOP, PHONE, shot, sign_in
from running_plan import month_add, running  # noqa: F401  (the fixture)
from test_tracking import sign_in_zh

expect.set_options(timeout=20_000)
PART_BYTES = 512 * 1024


def last_year(running):
    data = running["eve"].get(f"{running['path']}/reconciliation?unit_id={running['unit']['id']}&metric=revenue")
    return {r["name"]: r["last_year"] for r in data["rows"] if r["kind"] == "rep"}


def window(running):
    """The 12 months before the plan's start, as dates."""
    y, m = map(int, running["start"].split("-"))
    fy, fm = month_add(y, m, -12)
    first = dt.date(fy, fm, 1)
    return first, dt.date(y, m, 1) - dt.timedelta(days=1)


def open_import(page, base):
    page.get_by_role("link", name="Import actuals").click()
    page.get_by_role("heading", name="Import actuals", level=1).wait_for()


def upload(page, content: bytes, name="actuals.csv", button="Import actuals"):
    page.locator("input[type=file]").set_input_files(files=[{"name": name, "mimeType": "text/csv", "buffer": content}])
    page.get_by_role("button", name=button).click()


def test_a_file_with_one_bad_line_is_refused_with_that_line_and_nothing_is_stored(open_page, org, running):
    people = running["people"]
    first, _ = window(running)
    before = last_year(running)
    lines = ["user_email,metric,date,value",
             f"{people['tom']['email']},revenue,{first + dt.timedelta(days=3)},5000000",
             f"nobody@{org['domain']},revenue,{first + dt.timedelta(days=3)},100",
             f"{people['uma']['email']},revenue,{first + dt.timedelta(days=4)},7000000"]
    content = ("\n".join(lines) + "\n").encode()

    watched = open_page()
    page = watched.page
    sign_in(page, org["base"], people["eve"]["email"])
    open_import(page, org["base"])
    upload(page, content)
    result = page.locator(".import-result")
    expect(result).to_contain_text("The file was refused")
    expect(result).to_contain_text("Nothing was stored")
    problems = result.locator("table.import-problems tbody tr")
    expect(problems).to_have_count(1)
    expect(problems.nth(0)).to_have_attribute("data-line", "3")
    expect(problems.nth(0)).to_contain_text("no such user")
    assert last_year(running) == before
    shot(page, "import-refused-desktop-en")
    page.set_viewport_size(PHONE)
    shot(page, "import-refused-phone-en")
    page.set_viewport_size(DESKTOP)
    watched.assert_clean(allowed_statuses=(422,))

    zh = open_page(locale="zh-CN")
    sign_in_zh(zh.page, org["base"], people["eve"]["email"])
    zh.page.get_by_role("link", name="导入实际数据").click()
    upload(zh.page, content, button="导入实际数据")
    expect(zh.page.locator(".import-result")).to_contain_text("文件被拒绝")
    shot(zh.page, "import-refused-desktop-zh")
    zh.page.set_viewport_size(PHONE)
    shot(zh.page, "import-refused-phone-zh")
    zh.assert_clean(allowed_statuses=(422,))
    assert last_year(running) == before


def big_file(running, bad_line: int | None = None):
    people = running["people"]
    first, last = window(running)
    start = first - dt.timedelta(days=700)
    lines = ["user_email,metric,date,value"]
    revenue = {}
    day = start
    while day <= last:
        for key in ("tom", "uma"):
            for metric in ("revenue", "visits", "qualified_leads", "calls", "quotes", "demos"):
                value = (day.toordinal() % 97 + 1) * (1000 if metric == "revenue" else 1)
                lines.append(f"{people[key]['email']},{metric},{day},{value}")
                if metric == "revenue" and day >= first:
                    revenue[key] = revenue.get(key, 0) + value
        day += dt.timedelta(days=1)
    if bad_line is not None:
        bad_line = len(lines) + bad_line  # counted back from the end: a line of the last part
        lines[bad_line - 1] = lines[bad_line - 1].replace(people["uma"]["email"], "nobody@nowhere.test").replace(
            people["tom"]["email"], "nobody@nowhere.test")
    content = ("\n".join(lines) + "\n").encode()
    assert len(content) > PART_BYTES
    return content, revenue, len(lines) - 1, bad_line


def test_a_large_file_goes_in_parts_with_a_progress_bar_and_the_files_own_line_numbers(open_page, org, running):
    people = running["people"]
    watched = open_page()
    page = watched.page
    sign_in(page, org["base"], people["eve"]["email"])
    open_import(page, org["base"])

    # A bad line in the second part: the first part is stored, the second refused, named by the file's line.
    content, _, _, bad = big_file(running, bad_line=-5)
    upload(page, content)
    result = page.locator(".import-result")
    expect(result).to_contain_text("A part of the file was refused")
    expect(result.locator('li[data-outcome="stored"]')).to_have_count(1)
    expect(result.locator('li[data-outcome="refused"]')).to_have_count(1)
    expect(result.locator("table.import-problems tbody tr")).to_have_count(1)
    expect(result.locator("table.import-problems tbody tr").nth(0)).to_have_attribute("data-line", str(bad))

    # The corrected file: every part stored, the bar full.
    content, revenue, rows, _ = big_file(running)
    upload(page, content)
    expect(result).to_contain_text(f"{rows:,} rows imported")
    parts = result.locator("ol.import-parts li")
    expect(parts).to_have_count(2)
    expect(result.locator('li[data-outcome="stored"]')).to_have_count(2)
    bar = page.locator("progress.import-progress")
    expect(bar).to_be_visible()
    assert bar.evaluate("b => b.value === b.max && b.max > 0")
    expect(page.locator(".import-progress-label")).to_have_text("All parts sent.")
    stored = last_year(running)
    assert stored["Tom Track"] == revenue["tom"]
    assert stored["Uma Under"] == revenue["uma"]
    shot(page, "import-parts-desktop-en")
    watched.assert_clean(allowed_statuses=(422,))


def test_a_gb18030_file_with_chinese_emails_imports(open_page, org, running):
    people = running["people"]
    first, _ = window(running)
    text = "user_email,metric,date,value\r\n" + "".join(
        f"{people['wang']['email']},revenue,{first + dt.timedelta(days=d)},{(d + 1) * 100000}\r\n" for d in range(30))
    content = text.encode("gb18030")
    try:
        content.decode("utf-8")
        raise AssertionError("the test file must not be valid UTF-8")
    except UnicodeDecodeError:
        pass
    watched = open_page()
    page = watched.page
    sign_in(page, org["base"], people["eve"]["email"])
    open_import(page, org["base"])
    upload(page, content, name="实际数据.csv")
    result = page.locator(".import-result")
    expect(result).to_contain_text("30 rows imported")
    expect(result).to_contain_text("Read as GB18030")
    assert last_year(running)["王芳"] == sum((d + 1) * 100000 for d in range(30))
    watched.assert_clean()
