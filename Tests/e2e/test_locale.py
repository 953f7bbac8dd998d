"""Simplified Chinese: chosen from the browser's language, with a switch; labels in Chinese and numbers
formatted for the locale."""

from playwright.sync_api import expect

from conftest import PASSWORD, PHONE, shot

expect.set_options(timeout=10_000)


def test_chinese_rep_screen(open_page, org):
    base = org["base"]
    people = org["people"]
    # Xu has an open top-down proposal of 1,500,000.00 to look at (the conflict test may have made it already).
    sol = org["api"].sign_in(people["manager2"]["email"])
    path = f"/v1/plans/{org['south']['id']}/assignments/{people['xu']['id']}"
    if not any(p["side"] == "manager" and p["status"] == "open" for p in sol.get(path)["proposals"]):
        sol.post(f"{path}/proposals", {"values": {"revenue": {"annual": 150_000_000, "distribution": "even"}}},
                 if_match=sol.version(path))
    watched = open_page(locale="zh-CN")
    page = watched.page
    page.goto(base + "/")
    expect(page.get_by_role("heading", name="登录")).to_be_visible()
    assert page.evaluate("document.documentElement.lang") == "zh-CN"
    shot(page, "signin-desktop-zh")
    page.get_by_label("电子邮箱").fill(people["xu"]["email"])
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", name="我的计划", level=1)).to_be_visible()
    page.get_by_role("link", name="FY south targets").click()
    expect(page.get_by_role("heading", name="我的目标")).to_be_visible()
    expect(page.get_by_role("heading", name="协商记录")).to_be_visible()
    expect(page.locator(".plan-meta")).to_contain_text("讨论中")
    expect(page.get_by_label("赢单率（%）")).to_be_visible()
    # zh-CN formats CNY as ¥1,500,000.00 (en-US would write CN¥).
    expect(page.locator(".status-panel")).to_contain_text("¥1,500,000.00")
    assert "CN¥" not in page.locator("main").inner_text()
    expect(page.locator("ol.timeline")).to_contain_text("自上而下的提案")
    shot(page, "rep-targets-desktop-zh")
    page.set_viewport_size(PHONE)
    shot(page, "rep-targets-phone-zh")

    # The switch goes to English and back, keeping the screen.
    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", name="My targets")).to_be_visible()
    expect(page.locator(".status-panel")).to_contain_text("CN¥1,500,000.00")
    page.get_by_role("button", name="中文").click()
    expect(page.get_by_role("heading", name="我的目标")).to_be_visible()
    watched.assert_clean()


def test_chinese_manager_screen(open_page, org):
    watched = open_page(locale="zh-CN")
    page = watched.page
    page.goto(org["base"] + "/")
    page.get_by_label("电子邮箱").fill(org["people"]["manager2"]["email"])
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.get_by_role("link", name="FY south targets").click()
    expect(page.get_by_role("heading", name="目标对账：South team")).to_be_visible()
    expect(page.locator("thead")).to_contain_text("自上而下")
    shot(page, "manager-team-desktop-zh")
    page.set_viewport_size(PHONE)
    shot(page, "manager-team-phone-zh")
    watched.assert_clean()
